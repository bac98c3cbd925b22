#include "views/projection_view.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QPushButton>
#include <QVBoxLayout>
#include <QtConcurrent>

#include "views/common.h"

namespace msma::ui {

ProjectionCanvas::ProjectionCanvas(LinkedState* state, QWidget* parent) : QWidget(parent), state_(state) {
  setMinimumSize(320, 240);
  setMouseTracking(false);
  connect(state_, &LinkedState::currentChanged, this, qOverload<>(&QWidget::update));
  connect(state_, &LinkedState::selectionChanged, this, qOverload<>(&QWidget::update));
}

void ProjectionCanvas::setProjection(std::shared_ptr<const Projection> p, std::vector<std::vector<QLineF>> contours,
                                     std::vector<double> levels) {
  proj_ = std::move(p);
  contours_ = std::move(contours);
  contourLevels_ = std::move(levels);
  if (proj_ && proj_->points.rows() > 0) {
    // Bounds from the 0.5–99.5 % range of each axis, so a few extreme outliers do not
    // squeeze everything else into a corner (they are drawn on the border).
    for (int a = 0; a < 2; ++a) {
      std::vector<double> v(proj_->points.col(a).data(), proj_->points.col(a).data() + proj_->points.rows());
      double lo = quantile(v, 0.005), hi = quantile(v, 0.995);
      const double pad = 0.08 * std::max(hi - lo, 1e-9);
      (a == 0 ? x0_ : y0_) = lo - pad;
      (a == 0 ? x1_ : y1_) = hi + pad;
    }
  }
  dirty_ = true;
  update();
}

QRectF ProjectionCanvas::plotRect() const { return QRectF(rect()).adjusted(40, 10, -10, -30); }

QPointF ProjectionCanvas::toScreen(double x, double y) const {
  const QRectF r = plotRect();
  return {r.left() + (x - x0_) / (x1_ - x0_) * r.width(), r.bottom() - (y - y0_) / (y1_ - y0_) * r.height()};
}

void ProjectionCanvas::rebuildPoints() {
  const qreal dpr = devicePixelRatioF();
  points_ = QImage(size() * dpr, QImage::Format_ARGB32_Premultiplied);
  points_.setDevicePixelRatio(dpr);
  points_.fill(Qt::transparent);
  dirty_ = false;
  if (!proj_) return;
  const QRectF r = plotRect();
  const int w = points_.width(), h = points_.height();
  // Direct pixel writes: 2×2 device-pixel dots, later sets over earlier ones.
  for (std::size_t s = 0; s + 1 < proj_->offsets.size(); ++s) {
    const QRgb c = setColour(static_cast<int>(s)).rgba();
    for (Eigen::Index i = proj_->offsets[s]; i < proj_->offsets[s + 1]; ++i) {
      const double fx = (proj_->points(i, 0) - x0_) / (x1_ - x0_), fy = (proj_->points(i, 1) - y0_) / (y1_ - y0_);
      int px = static_cast<int>((r.left() + std::clamp(fx, 0.0, 1.0) * r.width()) * dpr);
      int py = static_cast<int>((r.bottom() - std::clamp(fy, 0.0, 1.0) * r.height()) * dpr);
      px = std::clamp(px, 0, w - 2), py = std::clamp(py, 0, h - 2);
      auto* row0 = reinterpret_cast<QRgb*>(points_.scanLine(py));
      auto* row1 = reinterpret_cast<QRgb*>(points_.scanLine(py + 1));
      row0[px] = row0[px + 1] = row1[px] = row1[px + 1] = c;
    }
  }
}

void ProjectionCanvas::resizeEvent(QResizeEvent*) { dirty_ = true; }

void ProjectionCanvas::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.fillRect(rect(), Qt::white);
  const QRectF r = plotRect();
  p.setPen(QColor(180, 180, 180));
  p.drawRect(r);
  if (!proj_) {
    p.setPen(Qt::gray);
    p.drawText(rect(), Qt::AlignCenter, tr("No run loaded"));
    return;
  }
  if (dirty_ || points_.size() != size() * devicePixelRatioF()) rebuildPoints();
  p.drawImage(QPointF(0, 0), points_);
  p.setRenderHint(QPainter::Antialiasing);
  // Contours of the auxiliary model's OOD score (inlier quantiles), darker = stricter.
  for (std::size_t k = 0; k < contours_.size(); ++k) {
    p.setPen(QPen(QColor(0, 0, 0, 90 + 50 * static_cast<int>(k)), 1.2));
    for (const QLineF& l : contours_[k]) p.drawLine(toScreen(l.x1(), l.y1()), toScreen(l.x2(), l.y2()));
  }
  // Selected points get an outline; the inspected image a ring.
  if (state_->hasSelection() && state_->selection().size() < 20000) {
    p.setPen(QPen(Qt::black, 1));
    p.setBrush(Qt::NoBrush);
    for (quint64 key : state_->selection()) {
      const int s = static_cast<int>(key >> 40);
      const qint64 row = static_cast<qint64>(key & ((quint64(1) << 40) - 1));
      if (s + 1 >= static_cast<int>(proj_->offsets.size())) continue;
      const Eigen::Index i = proj_->offsets[s] + row;
      p.drawEllipse(toScreen(proj_->points(i, 0), proj_->points(i, 1)), 2.5, 2.5);
    }
  }
  const ImageRef cur = state_->current();
  if (cur.valid() && cur.set + 1 < static_cast<int>(proj_->offsets.size())) {
    const Eigen::Index i = proj_->offsets[cur.set] + cur.row;
    p.setPen(QPen(Qt::black, 2));
    p.setBrush(Qt::NoBrush);
    p.drawEllipse(toScreen(proj_->points(i, 0), proj_->points(i, 1)), 7, 7);
  }
  if (dragging_ && drag_.size() > 1) {
    p.setPen(QPen(QColor(0, 0, 0), 1, Qt::DashLine));
    p.setBrush(QColor(0, 0, 0, 25));
    p.drawPolygon(drag_);
  }
  // Legend and axis names.
  const auto& sets = state_->results()->sets;
  int y = static_cast<int>(r.top()) + 6;
  for (std::size_t s = 0; s < sets.size(); ++s, y += 16) {
    p.setPen(Qt::NoPen);
    p.setBrush(setColour(static_cast<int>(s)));
    p.drawEllipse(QPointF(r.left() + 12, y + 6), 4, 4);
    p.setPen(Qt::black);
    p.drawText(QPointF(r.left() + 22, y + 11),
               setName(sets[s]) + (sets[s].inlier ? tr(" (inlier test)") : QString()));
  }
  p.setPen(Qt::darkGray);
  const QString method = proj_->invertible() ? tr("PC") : tr("kPC");
  p.drawText(QRectF(r.left(), r.bottom() + 4, r.width(), 20), Qt::AlignCenter, method + " 1");
  p.save();
  p.translate(14, r.center().y());
  p.rotate(-90);
  p.drawText(QRectF(-60, -10, 120, 20), Qt::AlignCenter, method + " 2");
  p.restore();
}

void ProjectionCanvas::mousePressEvent(QMouseEvent* e) {
  if (e->button() != Qt::LeftButton || !proj_) return;
  dragging_ = true;
  lasso_ = e->modifiers() & Qt::ShiftModifier;
  anchor_ = e->position();
  drag_.clear();
  drag_ << anchor_;
}

void ProjectionCanvas::mouseMoveEvent(QMouseEvent* e) {
  if (!dragging_) return;
  if (lasso_) {
    drag_ << e->position();
  } else {
    drag_ = QPolygonF(QRectF(anchor_, e->position()).normalized());
  }
  update();
}

void ProjectionCanvas::mouseReleaseEvent(QMouseEvent* e) {
  if (!dragging_) return;
  dragging_ = false;
  QPolygonF shape = lasso_ ? drag_ : QPolygonF(QRectF(anchor_, e->position()).normalized());
  if (QRectF bounds = shape.boundingRect(); bounds.width() < 3 && bounds.height() < 3) {
    state_->clearSelection();  // a click clears the selection
  } else {
    selectInside(shape);
  }
  update();
}

void ProjectionCanvas::selectInside(const QPolygonF& shape) {
  if (!proj_) return;
  QSet<quint64> keys;
  const QRectF bounds = shape.boundingRect();
  const bool isRect = shape.size() <= 5 && QPolygonF(bounds) == shape;
  for (std::size_t s = 0; s + 1 < proj_->offsets.size(); ++s) {
    for (Eigen::Index i = proj_->offsets[s]; i < proj_->offsets[s + 1]; ++i) {
      const QPointF q = toScreen(proj_->points(i, 0), proj_->points(i, 1));
      if (!bounds.contains(q)) continue;
      if (isRect || shape.containsPoint(q, Qt::OddEvenFill))
        keys.insert(ImageRef{static_cast<int>(s), i - proj_->offsets[s]}.key());
    }
  }
  state_->setSelection(keys);
}

ProjectionView::ProjectionView(LinkedState* state, QWidget* parent) : QWidget(parent), state_(state) {
  pool_.setMaxThreadCount(1);
  auto* bar = new QHBoxLayout;
  method_ = new QComboBox;
  method_->addItem(tr("PCA (with OOD-score contours)"));
  method_->addItem(tr("Kernel PCA (RBF, non-linear)"));
  auto* clear = new QPushButton(tr("Clear selection"));
  info_ = new QLabel;
  bar->addWidget(new QLabel(tr("Projection:")));
  bar->addWidget(method_);
  bar->addWidget(clear);
  bar->addWidget(new QLabel(tr("Drag: rectangle · Shift+drag: lasso · click: clear")));
  bar->addStretch();
  bar->addWidget(info_);
  canvas_ = new ProjectionCanvas(state_);
  auto* lay = new QVBoxLayout(this);
  lay->addLayout(bar);
  lay->addWidget(canvas_, 1);
  connect(method_, &QComboBox::currentIndexChanged, this, &ProjectionView::recompute);
  connect(clear, &QPushButton::clicked, state_, &LinkedState::clearSelection);
  connect(state_, &LinkedState::resultsChanged, this, &ProjectionView::recompute);
  connect(state_, &LinkedState::auxKindChanged, this, &ProjectionView::recompute);
  connect(state_, &LinkedState::selectionChanged, this, [this] {
    info_->setText(state_->hasSelection() ? tr("%n point(s) selected", "", state_->selection().size()) : QString());
  });
  connect(&watcher_, &QFutureWatcher<Computed>::finished, this, [this] {
    if (again_) {  // the data or the method changed meanwhile
      again_ = false;
      recompute();
      return;
    }
    const Computed c = watcher_.result();
    if (!c.error.isEmpty()) {
      info_->setText(c.error);
      return;
    }
    canvas_->setProjection(c.projection, c.contours, c.levels);
    if (c.projection->invertible())
      info_->setText(tr("PCA: %1 % of the variance on two axes").arg(100 * c.projection->explained, 0, 'f', 1));
    else
      info_->setText(tr("Kernel PCA: contours need an invertible projection"));
    Q_EMIT projectionReady();
  });
}

void ProjectionView::recompute() {
  auto results = state_->results();
  if (!results) return;
  if (watcher_.isRunning()) {  // never wait on the GUI thread: redo it when this one ends
    again_ = true;
    return;
  }
  const auto method = method_->currentIndex() == 0 ? ProjectionMethod::Pca : ProjectionMethod::KernelPca;
  const std::string aux = state_->auxKind().toStdString();
  info_->setText(tr("Projecting…"));
  // In the view's own pool (one thread): a long projection never takes the threads that
  // other views' background work (dataset previews) runs on.
  watcher_.setFuture(QtConcurrent::run(&pool_, [results, method, aux]() -> Computed {
    Computed c;
    try {
      auto p = std::make_shared<Projection>(project(*results, method));
      c.projection = p;
      if (p->invertible() && results->models.count(aux)) {
        ScoreContours sc = score_contours(*p, *results->models.at(aux), results->inlier().ood_score.at(aux));
        c.levels = std::move(sc.levels);
        c.contours = std::move(sc.lines);
      }
    } catch (const std::exception& e) {
      c.error = QString::fromUtf8(e.what());
    }
    return c;
  }));
}

QWidget* ProjectionView::exportWidget() { return canvas_; }

QString ProjectionView::exportCsv() const {
  QString out = "dataset,index,x,y\n";
  const Projection* p = canvas_->projection();
  if (!p || !state_->results()) return out;
  const auto& sets = state_->results()->sets;
  for (std::size_t s = 0; s + 1 < p->offsets.size(); ++s)
    for (Eigen::Index i = p->offsets[s]; i < p->offsets[s + 1]; ++i)
      out += QString("%1,%2,%3,%4\n")
                 .arg(QString::fromStdString(sets[s].name))
                 .arg(i - p->offsets[s])
                 .arg(p->points(i, 0), 0, 'g', 8)
                 .arg(p->points(i, 1), 0, 'g', 8);
  return out;
}

}  // namespace msma::ui
