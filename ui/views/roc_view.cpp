#include "views/roc_view.h"

#include <QCoreApplication>
#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineSeries>
#include <QSlider>
#include <QMenu>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>
#include <QValueAxis>

#include "views/common.h"

namespace msma::ui {

namespace {
std::vector<double> toStd(const Eigen::VectorXd& v) { return {v.data(), v.data() + v.size()}; }
constexpr int kSteps = 1000;

}  // namespace

RocView::RocView(LinkedState* state, QWidget* parent) : QWidget(parent), state_(state) {
  aux_ = new QComboBox;
  preset_ = new QComboBox;
  preset_->addItem(tr("Custom"), -1.0);
  for (double t : {0.99, 0.95, 0.90, 0.80}) preset_->addItem(tr("Keep %1 % of inliers").arg(100 * t), t);
  slider_ = new QSlider(Qt::Horizontal);
  slider_->setRange(0, kSteps);
  // Both list every set: they wrap rather than widen the window past the screen.
  health_ = new QLabel;
  health_->setWordWrap(true);
  counts_ = new QLabel;
  counts_->setWordWrap(true);
  counts_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  table_ = new QTableWidget;
  // The set, the AUROC with its interval, then the core's other metric columns (%).
  QStringList headers = {tr("OOD set"), tr("AUROC % [95 % CI]")};
  for (std::size_t c = 1; c < metric_columns().size(); ++c)
    headers << QCoreApplication::translate("msma::MetricColumn", metric_columns()[c].header) + " %";
  table_->setColumnCount(static_cast<int>(headers.size()));
  table_->setHorizontalHeaderLabels(headers);
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  table_->verticalHeader()->hide();
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  roc_ = new QChart;
  pr_ = new QChart;
  hist_ = new QChart;
  rocView_ = new QChartView(roc_);
  prView_ = new QChartView(pr_);
  histView_ = new QChartView(hist_);
  for (auto* v : {rocView_, prView_, histView_}) v->setRenderHint(QPainter::Antialiasing);
  // Drag to zoom into the scores, right-click to zoom out (Qt Charts' rubber band).
  histView_->setRubberBand(QChartView::HorizontalRubberBand);
  range_ = new QComboBox;
  range_->addItem(tr("Around the inliers"), false);
  range_->addItem(tr("All sets"), true);
  range_->setToolTip(tr("Around the inliers: their 0.5–99.5 % score range widened by a quarter on each side; scores "
                        "beyond it are not drawn. Drag on the chart to zoom, right-click to zoom out."));
  auto* resetZoom = new QToolButton;
  resetZoom->setText(tr("Reset zoom"));
  connect(resetZoom, &QToolButton::clicked, this, [this] { hist_->zoomReset(); });
  curves_ = new QWidget;
  auto* grid = new QGridLayout(curves_);
  grid->addWidget(rocView_, 0, 0);
  grid->addWidget(prView_, 0, 1);
  auto* top = new QHBoxLayout;
  top->addWidget(new QLabel(tr("Auxiliary model:")));
  top->addWidget(aux_);
  top->addWidget(health_);
  top->addStretch();
  newData_ = new QToolButton;
  newData_->setText(tr("New data as OOD"));
  newData_->setToolTip(tr("Checked sets (new data dropped on the run) that get a ROC curve and a table row"));
  newData_->setPopupMode(QToolButton::InstantPopup);
  newData_->setMenu(new QMenu(newData_));
  top->addWidget(newData_);
  auto* thr = new QHBoxLayout;
  thr->addWidget(new QLabel(tr("Threshold:")));
  thr->addWidget(slider_, 1);
  thr->addWidget(preset_);
  thr->addWidget(new QLabel(tr("Score range:")));
  thr->addWidget(range_);
  thr->addWidget(resetZoom);
  auto* lay = new QVBoxLayout(this);
  lay->addLayout(top);
  lay->addWidget(curves_, 3);
  lay->addWidget(table_, 1);
  lay->addWidget(histView_, 2);
  lay->addLayout(thr);
  lay->addWidget(counts_);
  connect(state_, &LinkedState::resultsChanged, this, [this] {
    QSignalBlocker b(aux_);
    aux_->clear();
    if (auto r = state_->results())
      for (const auto& k : r->aux_kinds) aux_->addItem(QString::fromStdString(k));
    aux_->setCurrentText(state_->auxKind());
    rebuildNewDataMenu();
    rebuild();
  });
  connect(aux_, &QComboBox::currentTextChanged, state_, &LinkedState::setAuxKind);
  connect(state_, &LinkedState::auxKindChanged, this, &RocView::rebuild);
  connect(slider_, &QSlider::valueChanged, this, [this](int v) {
    if (!state_->results()) return;
    state_->setThreshold(lo_ + (hi_ - lo_) * v / kSteps);
  });
  connect(preset_, &QComboBox::activated, this, [this](int i) {
    const double t = preset_->itemData(i).toDouble();
    if (t > 0) applyPreset(t);
  });
  connect(state_, &LinkedState::thresholdChanged, this, &RocView::updateThreshold);
  connect(range_, &QComboBox::currentIndexChanged, this, &RocView::rebuild);
}

void RocView::setScoreRangeAllSets(bool all) { range_->setCurrentIndex(all ? 1 : 0); }

double RocView::thresholdForInlierTpr(double tpr) const {
  const auto& s = state_->scores(0);
  return quantile(toStd(s), tpr);
}

void RocView::applyPreset(double inlierTpr) { state_->setThreshold(thresholdForInlierTpr(inlierTpr)); }

void RocView::setCountedAsOod(const QString& name, bool counted) {
  if (counted) counted_.insert(name.toStdString());
  else counted_.erase(name.toStdString());
  for (QAction* a : newData_->menu()->actions()) {
    QSignalBlocker b(a);
    a->setChecked(counted_.count(a->data().toString().toStdString()) > 0);
  }
  rebuild();
}

void RocView::rebuildNewDataMenu() {
  QMenu* menu = newData_->menu();
  menu->clear();
  const auto r = state_->results();
  bool any = false;
  for (std::size_t k = 0; r && k < r->sets.size(); ++k) {
    const ScoredSet& s = r->sets[k];
    if (!s.checked) continue;
    any = true;
    QAction* a = menu->addAction(QString::fromStdString(s.name));
    a->setCheckable(true);
    a->setData(QString::fromStdString(s.name));
    a->setChecked(counted_.count(s.name) > 0);
    const QString name = QString::fromStdString(s.name);
    connect(a, &QAction::toggled, this, [this, name](bool on) { setCountedAsOod(name, on); });
  }
  newData_->setVisible(any);
}

void RocView::rebuild() {
  const auto r = state_->results();
  if (!r) return;
  const std::string kind = state_->auxKind().toStdString();
  clearChart(roc_);
  clearChart(pr_);
  clearChart(hist_);
  thresholdLine_ = nullptr;
  auto* rx = rateAxis(roc_, Qt::AlignBottom, tr("false positive rate (inliers flagged)"));
  auto* ry = rateAxis(roc_, Qt::AlignLeft, tr("TPR (OOD flagged)"));
  auto* px = rateAxis(pr_, Qt::AlignBottom, tr("recall (inliers)"));
  auto* py = rateAxis(pr_, Qt::AlignLeft, tr("precision (inliers)"));
  roc_->setTitle(tr("ROC, %1").arg(state_->auxKind()));
  placeLegend(roc_, static_cast<int>(r->sets.size()) - 1);
  placeLegend(pr_, static_cast<int>(r->sets.size()) - 1);
  pr_->setTitle(tr("Precision–recall, inliers positive"));
  const AuxEvidence& ev = r->evidence.aux.at(kind);
  evaluated_.clear();
  for (std::size_t s = 1; s < r->sets.size(); ++s)
    if (!r->sets[s].checked || counted_.count(r->sets[s].name)) evaluated_.push_back(s);
  table_->setRowCount(static_cast<int>(evaluated_.size()));
  for (std::size_t k = 0; k < evaluated_.size(); ++k) {
    const std::size_t s = evaluated_[k];
    const OodMetrics& m = *ev.ood[s];
    const QColor c = setColour(static_cast<int>(s));
    auto* roc = new QLineSeries;
    roc->setName(setName(r->sets[s]));
    roc->setPen(QPen(c, 2));
    const std::size_t stride = std::max<std::size_t>(1, m.roc.size() / 2000);  // ≤ 2,000 drawn points
    for (std::size_t i = 0; i < m.roc.size(); i += stride) roc->append(m.roc[i].fpr, m.roc[i].tpr);
    roc->append(m.roc.back().fpr, m.roc.back().tpr);
    roc_->addSeries(roc);
    roc->attachAxis(rx);
    roc->attachAxis(ry);
    auto* pr = new QLineSeries;
    pr->setName(roc->name());
    pr->setPen(QPen(c, 2));
    const std::size_t pstride = std::max<std::size_t>(1, m.pr_in.size() / 2000);
    for (std::size_t i = 0; i < m.pr_in.size(); i += pstride) pr->append(m.pr_in[i].recall, m.pr_in[i].precision);
    pr_->addSeries(pr);
    pr->attachAxis(px);
    pr->attachAxis(py);
    const int row = static_cast<int>(k);
    auto cell = [&](int col, const QString& text) { table_->setItem(row, col, new QTableWidgetItem(text)); };
    cell(0, setName(r->sets[s]));
    cell(1, QString::fromStdString(auroc_text(m)));
    for (std::size_t c = 1; c < metric_columns().size(); ++c)
      cell(static_cast<int>(c) + 1, QString::number(metric_columns()[c].percent(m), 'f', 2));
  }
  // Health: can the model tell its own fit vectors from unseen inlier test vectors?
  health_->setText(tr("Features: %1 · health AUROC (fit vs inlier test, ≈ 50 % is healthy): %2 %")
                       .arg(QString::fromStdString(r->feature_set))
                       .arg(100 * ev.health, 0, 'f', 1));
  // OOD-score histogram of every set with the threshold line.
  const bool allSets = range_->currentData().toBool();
  const Histogram& scores = allSets ? ev.scores : ev.scores_near_inliers;
  lo_ = scores.lo;
  hi_ = scores.hi;
  const double w = scores.width();
  auto* hx = valueAxis(hist_, Qt::AlignBottom, tr("OOD score (%1)").arg(state_->auxKind()), lo_, hi_);
  auto* hy = valueAxis(hist_, Qt::AlignLeft, tr("share"), 0, 1);
  double ymax = 0;
  for (std::size_t s = 0; s < r->sets.size(); ++s) {
    const std::vector<double>& d = scores.heights[s];
    auto* area = stepArea(d, lo_, w, static_cast<int>(s));
    ymax = std::max(ymax, *std::max_element(d.begin(), d.end()));
    area->setName(setName(r->sets[s]));
    hist_->addSeries(area);
    area->attachAxis(hx);
    area->attachAxis(hy);
  }
  hy->setRange(0, ymax * 1.1);
  hy->applyNiceNumbers();
  thresholdLine_ = new QLineSeries;
  thresholdLine_->setName(tr("threshold"));
  thresholdLine_->setPen(QPen(Qt::black, 2, Qt::DashLine));
  hist_->addSeries(thresholdLine_);
  thresholdLine_->attachAxis(hx);
  thresholdLine_->attachAxis(hy);
  hist_->setTitle(allSets ? tr("OOD scores: images right of the threshold are flagged")
                          : tr("OOD scores near the inliers (scores beyond not drawn); right of the threshold: flagged"));
  updateThreshold();
}

QString RocView::countsText() const { return counts_->text(); }

void RocView::updateThreshold() {
  const auto r = state_->results();
  if (!r || !thresholdLine_) return;
  const double t = state_->threshold();
  {
    QSignalBlocker b(slider_);
    slider_->setValue(static_cast<int>(std::lround(std::clamp((t - lo_) / (hi_ - lo_), 0.0, 1.0) * kSteps)));
  }
  const auto ymax = static_cast<QValueAxis*>(hist_->axes(Qt::Vertical).front())->max();
  thresholdLine_->replace(QList<QPointF>{{t, 0}, {t, ymax}});
  QStringList parts;
  for (std::size_t s = 0; s < r->sets.size(); ++s) {
    const auto& v = state_->scores(static_cast<int>(s));
    const auto flagged = (v.array() >= t).count();
    parts << tr("%1: %2 of %3 flagged (%4 %)")
                 .arg(setName(r->sets[s]) + (r->sets[s].inlier    ? tr(" (inliers)")
                                              : r->sets[s].checked ? QString()
                                                                   : tr(" (outliers)")))
                 .arg(flagged)
                 .arg(v.size())
                 .arg(100.0 * flagged / std::max<Eigen::Index>(1, v.size()), 0, 'f', 1);
  }
  counts_->setText(tr("Threshold %1 — ").arg(t, 0, 'g', 5) + parts.join("; "));
}

QWidget* RocView::exportWidget() { return curves_; }
QString RocView::exportName() const { return "roc-pr-" + state_->auxKind(); }

QString RocView::exportCsv() const {
  QString out = "ood_set,curve,threshold_or_recall,x,y\n";
  const auto r = state_->results();
  if (!r || !r->evidence.aux.count(state_->auxKind().toStdString())) return out;
  const AuxEvidence& ev = r->evidence.aux.at(state_->auxKind().toStdString());
  for (std::size_t s : evaluated_) {
    const QString name = QString::fromStdString(r->sets[s].name);
    const OodMetrics& m = *ev.ood[s];
    for (const auto& p : m.roc)
      out += QString("%1,roc,%2,%3,%4\n").arg(name).arg(p.threshold, 0, 'g', 10).arg(p.fpr, 0, 'g', 10).arg(p.tpr, 0, 'g', 10);
    for (const auto& p : m.pr_in)
      out += QString("%1,pr_in,,%2,%3\n").arg(name).arg(p.recall, 0, 'g', 10).arg(p.precision, 0, 'g', 10);
  }
  return out;
}

}  // namespace msma::ui
