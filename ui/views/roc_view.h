#pragma once
// ROC and PR curves of every OOD set under one auxiliary model, the metrics table with the
// bootstrap interval and the health AUROC, and the threshold control: the OOD-score
// histogram with a movable threshold, presets at a target inlier TPR, and live counts.
#include <QWidget>
#include <set>
#include <string>

#include "export/chart_export.h"
#include "metrics/metrics.h"
#include "models/linked_state.h"

class QChart;
class QChartView;
class QComboBox;
class QLabel;
class QSlider;
class QTableWidget;
class QLineSeries;
class QToolButton;

namespace msma::ui {

class RocView : public QWidget, public Exportable {
  Q_OBJECT
 public:
  explicit RocView(LinkedState* state, QWidget* parent = nullptr);
  QChart* rocChart() const { return roc_; }
  QTableWidget* table() const { return table_; }
  QString countsText() const;
  // Threshold at which `tpr` of the inlier test set is kept (not flagged).
  double thresholdForInlierTpr(double tpr) const;
  void applyPreset(double inlierTpr);
  // The OOD-score histogram's range: around the inliers (default) or over every set.
  void setScoreRangeAllSets(bool all);
  QChart* scoreChart() const { return hist_; }
  // A checked ("new data") set gets a ROC curve and a table row only when counted as OOD.
  void setCountedAsOod(const QString& name, bool counted);
  QWidget* exportWidget() override;
  QString exportCsv() const override;
  QString exportName() const override;

 private:
  void rebuild();
  void updateThreshold();
  void rebuildNewDataMenu();
  LinkedState* state_;
  QComboBox* aux_;
  QComboBox* preset_;
  QComboBox* range_;
  QChart *roc_, *pr_, *hist_;
  QChartView *rocView_, *prView_, *histView_;
  QWidget* curves_;
  QTableWidget* table_;
  QLabel *health_, *counts_;
  QSlider* slider_;
  QLineSeries* thresholdLine_ = nullptr;
  double lo_ = 0, hi_ = 1;
  QToolButton* newData_;
  std::set<std::string> counted_;     // checked sets counted as OOD
  std::vector<std::size_t> evaluated_;  // the table's rows and curves (indices into RunResults::sets)
};

}  // namespace msma::ui
