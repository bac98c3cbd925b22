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

namespace msma::ui {

QColor setColour(int set) {
  static const QColor palette[] = {QColor(31, 119, 180), QColor(214, 39, 40),  QColor(255, 127, 14),
                                   QColor(44, 160, 44),  QColor(148, 103, 189), QColor(140, 86, 75),
                                   QColor(227, 119, 194), QColor(127, 127, 127)};
  return palette[set % 8];
}

QString setName(const ScoredSet& s) {
  return QString::fromStdString(s.name) + (s.checked ? ProjectionView::tr(" (new data)") : QString());
}

std::vector<QLineF> contourLines(const Eigen::MatrixXd& g, double level, double x0, double x1, double y0, double y1) {
  std::vector<QLineF> out;
  const Eigen::Index ny = g.rows(), nx = g.cols();
  if (nx < 2 || ny < 2) return out;
  auto px = [&](double i) { return x0 + (x1 - x0) * i / (nx - 1); };
  auto py = [&](double j) { return y0 + (y1 - y0) * j / (ny - 1); };
  for (Eigen::Index j = 0; j + 1 < ny; ++j) {
    for (Eigen::Index i = 0; i + 1 < nx; ++i) {
      // Corners counter-clockwise from bottom-left; the edge crossings by linear interpolation.
      const double v[4] = {g(j, i), g(j, i + 1), g(j + 1, i + 1), g(j + 1, i)};
      const double cx[4] = {double(i), double(i + 1), double(i + 1), double(i)};
      const double cy[4] = {double(j), double(j), double(j + 1), double(j + 1)};
      std::vector<QPointF> cross;
      for (int e = 0; e < 4; ++e) {
        const int a = e, b = (e + 1) % 4;
        if ((v[a] < level) != (v[b] < level)) {
          const double t = (level - v[a]) / (v[b] - v[a]);
          cross.emplace_back(px(cx[a] + t * (cx[b] - cx[a])), py(cy[a] + t * (cy[b] - cy[a])));
        }
      }
      if (cross.size() == 2) out.emplace_back(cross[0], cross[1]);
      if (cross.size() == 4) out.emplace_back(cross[0], cross[1]), out.emplace_back(cross[2], cross[3]);
    }
  }
  return out;
}

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
  watcher_.setFuture(QtConcurrent::run([results, method, aux]() -> Computed {
    Computed c;
    try {
      auto p = std::make_shared<Projection>(project(*results, method));
      c.projection = p;
      if (p->invertible() && results->models.count(aux)) {
        // The aux model's OOD score over a 64×64 grid of the visible plane, lifted back to
        // score-norm space; contours at the inlier test set's 50/90/99 % score quantiles.
        const int n = 64;
        std::vector<double> xs(p->points.col(0).data(), p->points.col(0).data() + p->points.rows());
        std::vector<double> ys(p->points.col(1).data(), p->points.col(1).data() + p->points.rows());
        const double x0 = quantile(xs, 0.005), x1 = quantile(xs, 0.995), y0 = quantile(ys, 0.005),
                     y1 = quantile(ys, 0.995);
        Eigen::MatrixX2d plane(n * n, 2);
        for (int j = 0; j < n; ++j)
          for (int i = 0; i < n; ++i) plane.row(j * n + i) << x0 + (x1 - x0) * i / (n - 1), y0 + (y1 - y0) * j / (n - 1);
        const Eigen::VectorXd s = results->models.at(aux)->score(p->lift(plane));
        Eigen::MatrixXd grid(n, n);
        for (int j = 0; j < n; ++j)
          for (int i = 0; i < n; ++i) grid(j, i) = s[j * n + i];
        const auto& in = results->inlier().ood_score.at(aux);
        const std::vector<double> inv(in.data(), in.data() + in.size());
        for (double q : {0.5, 0.9, 0.99}) {
          c.levels.push_back(quantile(inv, q));
          c.contours.push_back(contourLines(grid, c.levels.back(), x0, x1, y0, y1));
        }
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
