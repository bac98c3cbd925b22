#include "views/gallery_view.h"

#include <QAreaSeries>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QListView>
#include <QScrollArea>
#include <QSlider>
#include <QSplitter>
#include <QVBoxLayout>
#include <QValueAxis>
#include <numeric>

#include "views/common.h"

namespace msma::ui {

GalleryModel::GalleryModel(LinkedState* state, QObject* parent) : QAbstractListModel(parent), state_(state) {}

int GalleryModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(entries_.size());
}

QVariant GalleryModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= static_cast<int>(entries_.size())) return {};
  const ImageRef r = entries_[index.row()];
  const auto& set = state_->results()->sets[r.set];
  if (role == Qt::DecorationRole && set.images) {
    if (const QPixmap* cached = thumbnails_.object(r.key())) return *cached;
    auto* thumb = new QPixmap(
        QPixmap::fromImage(imageOf(*set.images, r.row).scaled(56, 56, Qt::KeepAspectRatio, Qt::FastTransformation)));
    const QPixmap copy = *thumb;
    thumbnails_.insert(r.key(), thumb);
    return copy;
  }
  if (role == Qt::DisplayRole) return QString::number(state_->score(r), 'f', 1);
  if (role == Qt::ToolTipRole)
    return tr("%1 #%2\nOOD score %3 (rank %4)")
        .arg(QString::fromStdString(set.name))
        .arg(r.row)
        .arg(state_->score(r), 0, 'g', 6)
        .arg(index.row() + 1);
  if (role == Qt::ForegroundRole) return setColour(r.set);
  return {};
}

void GalleryModel::refresh(int dataset, bool onlySelection, bool onlyFlagged) {
  beginResetModel();
  entries_.clear();
  const auto r = state_->results();
  if (r) {
    const double t = state_->threshold();
    // Each entry's score is looked up once, not in every comparison of the sort.
    std::vector<std::pair<double, ImageRef>> scored;
    for (int s = 0; s < static_cast<int>(r->sets.size()); ++s) {
      if (dataset >= 0 && s != dataset) continue;
      const auto& sc = state_->scores(s);
      for (qint64 i = 0; i < sc.size(); ++i) {
        const ImageRef ref{s, i};
        if (onlyFlagged && sc[i] < t) continue;
        if (onlySelection && !state_->selection().contains(ref.key())) continue;
        scored.emplace_back(sc[i], ref);
      }
    }
    std::stable_sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    entries_.reserve(scored.size());
    for (const auto& e : scored) entries_.push_back(e.second);
  }
  endResetModel();
}

InspectorView::InspectorView(LinkedState* state, QWidget* parent) : QWidget(parent), state_(state) {
  image_ = new QLabel;
  image_->setAlignment(Qt::AlignCenter);
  auto* scroll = new QScrollArea;
  scroll->setWidget(image_);
  scroll->setWidgetResizable(true);
  scroll->setMinimumSize(160, 160);
  zoom_ = new QSlider(Qt::Horizontal);
  zoom_->setRange(1, 16);
  zoom_->setValue(6);
  text_ = new QLabel(tr("Click an image to inspect it."));
  text_->setWordWrap(true);
  text_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  chart_ = new QChart;
  chartView_ = new QChartView(chart_);
  chartView_->setRenderHint(QPainter::Antialiasing);
  chartView_->setMinimumHeight(220);
  auto* zl = new QHBoxLayout;
  zl->addWidget(new QLabel(tr("Zoom:")));
  zl->addWidget(zoom_);
  auto* lay = new QVBoxLayout(this);
  lay->addWidget(scroll, 1);
  lay->addLayout(zl);
  lay->addWidget(text_);
  lay->addWidget(chartView_, 2);
  connect(state_, &LinkedState::currentChanged, this, &InspectorView::show);
  connect(zoom_, &QSlider::valueChanged, this, [this] { show(state_->current()); });
}

void InspectorView::show(const ImageRef& r) {
  chart_->removeAllSeries();
  for (QAbstractAxis* a : chart_->axes()) chart_->removeAxis(a), delete a;
  const auto res = state_->results();
  if (!res || !r.valid()) {
    image_->clear();
    text_->setText(tr("Click an image to inspect it."));
    return;
  }
  const auto& set = res->sets[r.set];
  if (set.images) {
    const QImage img = imageOf(*set.images, r.row);
    image_->setPixmap(QPixmap::fromImage(img.scaled(img.size() * zoom_->value(), Qt::KeepAspectRatio, Qt::FastTransformation)));
  }
  text_->setText(summary());
  // The image's L-vector against the inlier test set's 5–95 % band at each scale.
  const auto [lo, hi] = res->inlier_band();
  auto* lower = new QLineSeries, *upper = new QLineSeries, *mine = new QLineSeries;
  double ymax = 0;
  for (int l = 0; l < res->levels(); ++l) {
    lower->append(l + 1, lo[l]);
    upper->append(l + 1, hi[l]);
    mine->append(l + 1, set.norms(r.row, l));
    ymax = std::max({ymax, hi[l], set.norms(r.row, l)});
  }
  auto* band = new QAreaSeries(upper, lower);
  upper->setParent(band);  // an area series does not own its boundary lines
  lower->setParent(band);
  band->setName(tr("inlier 5–95 %"));
  band->setBrush(QColor(31, 119, 180, 50));
  band->setPen(QPen(QColor(31, 119, 180, 120)));
  mine->setName(tr("this image"));
  mine->setPen(QPen(setColour(r.set), 2.5));
  mine->setPointsVisible(true);
  chart_->addSeries(band);
  chart_->addSeries(mine);
  // One short label under each level's point (long "σk = …" labels were elided to "…").
  auto* ax = new QCategoryAxis;
  ax->setStartValue(0.5);
  for (int l = 0; l < res->levels(); ++l) ax->append(QString::number(res->sigmas[l], 'g', 2), l + 1);
  ax->setRange(0.5, res->levels() + 0.5);
  ax->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
  ax->setTitleText(tr("σ"));
  auto* ay = new QValueAxis;
  ay->setRange(0, ymax * 1.1);
  ay->setTitleText(tr("‖σ·s(x)‖"));
  chart_->addAxis(ax, Qt::AlignBottom);
  chart_->addAxis(ay, Qt::AlignLeft);
  for (auto* s : QList<QAbstractSeries*>{band, mine}) s->attachAxis(ax), s->attachAxis(ay);
  chart_->setTitle(tr("Score norms per noise level"));
}

QString InspectorView::summary() const {
  const auto res = state_->results();
  const ImageRef r = state_->current();
  if (!res || !r.valid()) return {};
  const double score = state_->score(r);
  // Rank among every image of every set, and the share of inliers scoring lower.
  qint64 above = 0, total = 0;
  for (int s = 0; s < static_cast<int>(res->sets.size()); ++s) {
    const auto& v = state_->scores(s);
    above += (v.array() > score).count();
    total += v.size();
  }
  const auto& in = state_->scores(0);
  const double pct = 100.0 * (in.array() < score).count() / std::max<Eigen::Index>(1, in.size());
  return tr("%1 #%2 — OOD score (%3) %4, rank %5 of %6; higher than %7 % of inlier test images; %8")
      .arg(QString::fromStdString(res->sets[r.set].name))
      .arg(r.row)
      .arg(state_->auxKind())
      .arg(score, 0, 'g', 6)
      .arg(above + 1)
      .arg(total)
      .arg(pct, 0, 'f', 1)
      .arg(score >= state_->threshold() ? tr("flagged") : tr("not flagged"));
}

QWidget* InspectorView::exportWidget() { return chartView_; }

QString InspectorView::exportCsv() const {
  const auto res = state_->results();
  const ImageRef r = state_->current();
  QString out = "level,sigma,norm,inlier_p05,inlier_p95\n";
  if (!res || !r.valid()) return out;
  const auto [lo, hi] = res->inlier_band();
  for (int l = 0; l < res->levels(); ++l)
    out += QString("%1,%2,%3,%4,%5\n").arg(l + 1).arg(res->sigmas[l], 0, 'g', 8).arg(res->sets[r.set].norms(r.row, l), 0, 'g', 8)
               .arg(lo[l], 0, 'g', 8).arg(hi[l], 0, 'g', 8);
  return out;
}

GalleryView::GalleryView(LinkedState* state, QWidget* parent) : QWidget(parent), state_(state) {
  model_ = new GalleryModel(state_, this);
  list_ = new QListView;
  list_->setViewMode(QListView::IconMode);
  list_->setResizeMode(QListView::Adjust);
  list_->setUniformItemSizes(true);
  list_->setIconSize(QSize(56, 56));
  list_->setGridSize(QSize(72, 84));
  list_->setMovement(QListView::Static);
  list_->setLayoutMode(QListView::Batched);  // lays out 100k items without stalling
  list_->setBatchSize(500);
  list_->setModel(model_);
  dataset_ = new QComboBox;
  onlySelection_ = new QCheckBox(tr("Only the projection's selection"));
  onlyFlagged_ = new QCheckBox(tr("Only flagged (above the threshold)"));
  count_ = new QLabel;
  inspector_ = new InspectorView(state_);
  auto* bar = new QHBoxLayout;
  bar->addWidget(new QLabel(tr("Dataset:")));
  bar->addWidget(dataset_);
  bar->addWidget(onlySelection_);
  bar->addWidget(onlyFlagged_);
  bar->addStretch();
  bar->addWidget(count_);
  auto* left = new QWidget;
  auto* ll = new QVBoxLayout(left);
  ll->setContentsMargins(0, 0, 0, 0);
  ll->addLayout(bar);
  ll->addWidget(list_, 1);
  auto* split = new QSplitter;
  split->addWidget(left);
  split->addWidget(inspector_);
  split->setStretchFactor(0, 1);
  split->setStretchFactor(1, 1);
  auto* lay = new QVBoxLayout(this);
  lay->addWidget(split);
  connect(state_, &LinkedState::resultsChanged, this, [this] {
    model_->forgetThumbnails();
    QSignalBlocker b(dataset_);
    dataset_->clear();
    dataset_->addItem(tr("All datasets"), -1);
    if (auto r = state_->results())
      for (int s = 0; s < static_cast<int>(r->sets.size()); ++s) dataset_->addItem(setName(r->sets[s]), s);
    refresh();
  });
  connect(state_, &LinkedState::selectionChanged, this, [this] {
    if (state_->hasSelection() && !onlySelection_->isChecked()) onlySelection_->setChecked(true);  // refreshes
    else refresh();
  });
  connect(state_, &LinkedState::auxKindChanged, this, &GalleryView::refresh);
  connect(state_, &LinkedState::thresholdChanged, this, [this] {
    if (onlyFlagged_->isChecked()) refresh();
  });
  connect(dataset_, &QComboBox::currentIndexChanged, this, &GalleryView::refresh);
  connect(onlySelection_, &QCheckBox::toggled, this, &GalleryView::refresh);
  connect(onlyFlagged_, &QCheckBox::toggled, this, &GalleryView::refresh);
  connect(list_, &QListView::clicked, this, [this](const QModelIndex& i) { state_->setCurrent(model_->entry(i.row())); });
  connect(list_->selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex& i) {
    if (i.isValid()) state_->setCurrent(model_->entry(i.row()));
  });
}

void GalleryView::setOnlySelection(bool on) { onlySelection_->setChecked(on); }
void GalleryView::setDataset(int set) { dataset_->setCurrentIndex(std::max(0, dataset_->findData(set))); }

void GalleryView::refresh() {
  model_->refresh(dataset_->currentData().isValid() ? dataset_->currentData().toInt() : -1,
                  onlySelection_->isChecked(), onlyFlagged_->isChecked());
  count_->setText(tr("%n image(s)", "", model_->rowCount()));
}

}  // namespace msma::ui
