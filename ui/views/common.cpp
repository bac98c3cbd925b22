#include "views/common.h"

#include <QAreaSeries>
#include <QChart>
#include <QCoreApplication>
#include <QLineSeries>
#include <QPen>
#include <QValueAxis>
#include <algorithm>

namespace msma::ui {

QColor setColour(int set) {
  // Tol muted, reordered so that neighbouring sets (the inliers first) contrast most.
  static const QColor palette[] = {QColor(0x33, 0x22, 0x88), QColor(0xCC, 0x66, 0x77), QColor(0x11, 0x77, 0x33),
                                   QColor(0xDD, 0xCC, 0x77), QColor(0x88, 0xCC, 0xEE), QColor(0x88, 0x22, 0x55),
                                   QColor(0x44, 0xAA, 0x99), QColor(0x99, 0x99, 0x33), QColor(0xAA, 0x44, 0x99),
                                   QColor(0x77, 0x77, 0x77)};
  constexpr int n = static_cast<int>(sizeof palette / sizeof palette[0]);
  const int k = std::max(0, set);
  return k < n ? palette[k] : palette[k % n].darker(100 + 40 * (k / n));
}

QString setName(const ScoredSet& s) {
  return QString::fromStdString(s.name) +
         (s.checked ? QCoreApplication::translate("msma::ui::ProjectionView", " (new data)") : QString());
}

QImage imageOf(const ImageSet& s, qint64 row) {
  const std::uint8_t* p = s.image(row);
  QImage img(s.w, s.h, s.c == 1 ? QImage::Format_Grayscale8 : QImage::Format_RGB888);
  for (int y = 0; y < s.h; ++y) {
    uchar* line = img.scanLine(y);
    for (int x = 0; x < s.w; ++x) {
      if (s.c == 1) {
        line[x] = p[y * s.w + x];
      } else {
        for (int ch = 0; ch < 3; ++ch) line[3 * x + ch] = p[(std::min(ch, s.c - 1) * s.h + y) * s.w + x];
      }
    }
  }
  return img;
}

QAreaSeries* stepArea(const std::vector<double>& heights, double lo, double width, int set) {
  auto* upper = new QLineSeries;
  for (std::size_t b = 0; b < heights.size(); ++b) {
    upper->append(lo + b * width, heights[b]);
    upper->append(lo + (b + 1) * width, heights[b]);
  }
  auto* area = new QAreaSeries(upper);
  upper->setParent(area);  // an area series does not own its boundary line
  QColor c = setColour(set);
  area->setPen(QPen(c, 1.5));
  c.setAlpha(60);
  area->setBrush(c);
  return area;
}

QValueAxis* rateAxis(QChart* chart, Qt::Alignment side, const QString& title) {
  auto* ax = new QValueAxis;
  ax->setTitleText(title);
  ax->setRange(0, 1);
  ax->setTickType(QValueAxis::TicksFixed);
  ax->setTickCount(6);
  ax->setLabelFormat("%.1f");
  chart->addAxis(ax, side);
  return ax;
}

QValueAxis* valueAxis(QChart* chart, Qt::Alignment side, const QString& title, double lo, double hi) {
  auto* ax = new QValueAxis;
  ax->setTitleText(title);
  ax->setRange(lo, hi > lo ? hi : lo + 1);
  ax->applyNiceNumbers();
  chart->addAxis(ax, side);
  return ax;
}

void clearChart(QChart* chart) {
  chart->removeAllSeries();
  for (QAbstractAxis* a : chart->axes()) {
    chart->removeAxis(a);
    delete a;
  }
}

void placeLegend(QChart* chart, int entries) {
  chart->legend()->setAlignment(entries > 4 ? Qt::AlignRight : Qt::AlignTop);
}

}  // namespace msma::ui
