#include "views/histogram_view.h"

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QStackedWidget>
#include <QVBoxLayout>
#include <QValueAxis>

#include "views/common.h"

namespace msma::ui {

namespace {
QString sigmaLabel(const RunResults& r, int level) {
  return QString("σ%1 = %2").arg(level + 1).arg(r.sigmas[level], 0, 'g', 3);
}
}  // namespace

HistogramView::HistogramView(LinkedState* state, QWidget* parent) : QWidget(parent), state_(state) {
  scale_ = new QComboBox;
  multiples_ = new QCheckBox(tr("All scales (small multiples)"));
  auto* bar = new QHBoxLayout;
  bar->addWidget(new QLabel(tr("Noise level:")));
  bar->addWidget(scale_);
  bar->addWidget(multiples_);
  bar->addStretch();
  chart_ = new QChart;
  view_ = new QChartView(chart_);
  view_->setRenderHint(QPainter::Antialiasing);
  grid_ = new QWidget;
  gridLayout_ = new QGridLayout(grid_);
  gridLayout_->setSpacing(2);
  stack_ = new QStackedWidget;
  stack_->addWidget(view_);
  stack_->addWidget(grid_);
  auto* lay = new QVBoxLayout(this);
  lay->addLayout(bar);
  lay->addWidget(stack_, 1);
  connect(state_, &LinkedState::resultsChanged, this, [this] {
    QSignalBlocker block(scale_);
    scale_->clear();
    if (auto r = state_->results())
      for (int l = 0; l < r->levels(); ++l) scale_->addItem(sigmaLabel(*r, l));
    scale_->setCurrentIndex(0);
    rebuild();
  });
  connect(scale_, &QComboBox::currentIndexChanged, this, &HistogramView::rebuild);
  connect(multiples_, &QCheckBox::toggled, this, &HistogramView::rebuild);
  connect(state_, &LinkedState::currentChanged, this, &HistogramView::rebuild);
}

int HistogramView::level() const { return std::max(0, scale_->currentIndex()); }
void HistogramView::setLevel(int level) { scale_->setCurrentIndex(level); }
void HistogramView::setSmallMultiples(bool on) { multiples_->setChecked(on); }
int HistogramView::smallMultipleCount() const { return gridLayout_->count(); }

void HistogramView::fillChart(QChart* chart, int level, bool compact) {
  chart->removeAllSeries();
  const auto r = state_->results();
  if (!r) return;
  const Histogram& h = r->evidence.norms[static_cast<std::size_t>(level)];
  const double width = h.width();
  // The chart keeps its two axes across redraws: axes removed and deleted while Qt Charts
  // lays the chart out again left their labels drawn small in the plot's top-left corner.
  auto axis = [chart](Qt::Orientation o, Qt::Alignment side) {
    const QList<QAbstractAxis*> existing = chart->axes(o);
    if (!existing.isEmpty()) return static_cast<QValueAxis*>(existing.front());
    auto* a = new QValueAxis;
    chart->addAxis(a, side);
    return a;
  };
  auto* ax = axis(Qt::Horizontal, Qt::AlignBottom);
  auto* ay = axis(Qt::Vertical, Qt::AlignLeft);
  ax->setTitleText(compact ? QString() : tr("‖σ·s(x)‖ at %1").arg(sigmaLabel(*r, level)));
  ay->setTitleText(compact ? QString() : tr("density"));
  double ymax = 0;
  for (std::size_t s = 0; s < r->sets.size(); ++s) {
    auto* area = stepArea(h.heights[s], h.lo, width, static_cast<int>(s));
    ymax = std::max(ymax, *std::max_element(h.heights[s].begin(), h.heights[s].end()));
    QString name = setName(r->sets[s]);
    if (!r->sets[s].inlier) {
      const double a = r->evidence.level_auroc[s][static_cast<std::size_t>(level)];
      name += tr(" (AUROC %1 %)").arg(100 * a, 0, 'f', 1);
    } else {
      name += tr(" (inlier test)");
    }
    area->setName(name);
    chart->addSeries(area);
    area->attachAxis(ax);
    area->attachAxis(ay);
  }
  const ImageRef cur = state_->current();
  if (cur.valid()) {
    auto* mark = new QLineSeries;
    const double v = r->sets[cur.set].norms(cur.row, level);
    mark->append(v, 0);
    mark->append(v, ymax * 1.05);
    mark->setPen(QPen(Qt::black, 2, Qt::DashLine));
    mark->setName(tr("inspected image"));
    chart->addSeries(mark);
    mark->attachAxis(ax);
    mark->attachAxis(ay);
  }
  ax->setRange(h.lo, h.hi);
  ax->applyNiceNumbers();
  ay->setRange(0, ymax * 1.05);
  ay->applyNiceNumbers();
  chart->legend()->setVisible(!compact);
  placeLegend(chart, static_cast<int>(r->sets.size()) + (cur.valid() ? 1 : 0));
  // Small multiples: σ only in the title; the per-set AUROCs go in a wrapping line below
  // (a title cuts them off after two sets).
  chart->setTitle(compact ? sigmaLabel(*r, level) : tr("Score norms at %1").arg(sigmaLabel(*r, level)));
  if (compact) {
    QFont f = chart->titleFont();
    f.setPointSizeF(std::max(6.0, f.pointSizeF() * 0.75));
    chart->setTitleFont(f);
    ax->setLabelsVisible(false);
    ay->setLabelsVisible(false);
    chart->setMargins(QMargins(2, 2, 2, 2));
  }
}

void HistogramView::rebuild() {
  const auto r = state_->results();
  if (!r) return;
  if (!multiples_->isChecked()) {
    fillChart(chart_, level(), false);
    stack_->setCurrentWidget(view_);
    return;
  }
  while (QLayoutItem* it = gridLayout_->takeAt(0)) {
    delete it->widget();
    delete it;
  }
  const int L = r->levels();
  const int cols = L <= 4 ? L : (L <= 12 ? (L + 1) / 2 : 5);
  for (int l = 0; l < L; ++l) {
    auto* c = new QChart;
    fillChart(c, l, true);
    auto* v = new QChartView(c);
    v->setRenderHint(QPainter::Antialiasing);
    v->setMinimumSize(120, 100);
    QStringList aurocs;
    for (std::size_t s = 0; s < r->sets.size(); ++s)
      if (!r->sets[s].inlier)
        aurocs << QString("%1 %2").arg(setName(r->sets[s])).arg(100 * r->evidence.level_auroc[s][static_cast<std::size_t>(l)], 0, 'f', 1);
    auto* label = new QLabel(tr("AUROC %: %1").arg(aurocs.join(" · ")));
    label->setWordWrap(true);
    QFont f = label->font();
    f.setPointSizeF(std::max(6.0, f.pointSizeF() * 0.8));
    label->setFont(f);
    auto* cell = new QWidget;
    auto* cellLayout = new QVBoxLayout(cell);
    cellLayout->setContentsMargins(0, 0, 0, 0);
    cellLayout->setSpacing(0);
    cellLayout->addWidget(v, 1);
    cellLayout->addWidget(label);
    gridLayout_->addWidget(cell, l / cols, l % cols);
  }
  stack_->setCurrentWidget(grid_);
}

QWidget* HistogramView::exportWidget() { return stack_->currentWidget(); }

QString HistogramView::exportName() const {
  return multiples_->isChecked() ? QString("histograms-all-scales") : QString("histogram-level-%1").arg(level() + 1);
}

QString HistogramView::exportCsv() const {
  const auto r = state_->results();
  QString out = "level,sigma,bin_low,bin_high";
  if (!r) return out + "\n";
  for (const auto& s : r->sets) out += ",density_" + QString::fromStdString(s.name);
  out += "\n";
  std::vector<int> levels;
  if (multiples_->isChecked())
    for (int l = 0; l < r->levels(); ++l) levels.push_back(l);
  else
    levels.push_back(level());
  for (int l : levels) {
    const Histogram& h = r->evidence.norms[static_cast<std::size_t>(l)];
    const double width = h.width();
    for (int b = 0; b < kNormBins; ++b) {
      out += QString("%1,%2,%3,%4").arg(l + 1).arg(r->sigmas[l], 0, 'g', 8).arg(h.lo + b * width, 0, 'g', 8).arg(
          h.lo + (b + 1) * width, 0, 'g', 8);
      for (const auto& d : h.heights) out += QString(",%1").arg(d[static_cast<std::size_t>(b)], 0, 'g', 8);
      out += "\n";
    }
  }
  return out;
}

}  // namespace msma::ui
