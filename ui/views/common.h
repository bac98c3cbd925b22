#pragma once
// What several views draw alike: one colour and one name per dataset, image thumbnails,
// filled step histograms, chart axes. Views include this, never each other.
#include <QColor>
#include <QImage>
#include <QString>
#include <vector>

#include "models/run_results.h"

class QAreaSeries;
class QChart;
class QValueAxis;

namespace msma::ui {

// One colour per dataset, the same in every view: Paul Tol's "muted" qualitative scheme
// (distinguishable with the common colour-vision deficiencies) and a grey, ten in all; sets
// past the tenth reuse them darker.
QColor setColour(int set);
QString setName(const ScoredSet& s);  // its name as every view shows it ("… (new data)")
QImage imageOf(const ImageSet& s, qint64 row);
// A filled step outline of bin heights from `lo` in bins of `width`, in dataset `set`'s
// colour (shared by the score-norm and OOD-score histograms).
QAreaSeries* stepArea(const std::vector<double>& heights, double lo, double width, int set);

// Axes added to `chart`. A rate (FPR, TPR, precision, recall) always spans [0, 1] with a
// tick every 0.2; other values get Qt's nice numbers around [lo, hi].
QValueAxis* rateAxis(QChart* chart, Qt::Alignment side, const QString& title);
QValueAxis* valueAxis(QChart* chart, Qt::Alignment side, const QString& title, double lo, double hi);
void clearChart(QChart* chart);  // every series and axis removed and deleted
// The legend above the plot for a few entries, as a list on its right for more (a row of
// many long set names would be cut to "fashion-…").
void placeLegend(QChart* chart, int entries);

}  // namespace msma::ui
