#pragma once
// Score-norm distributions per noise level: the inlier test set against every OOD set,
// one scale at a time (selector) or all L as small multiples, each with its per-scale
// AUROC. The inspected image's value is marked.
#include <QWidget>

#include "export/chart_export.h"
#include "models/linked_state.h"

class QAreaSeries;
class QChart;
class QChartView;
class QComboBox;
class QCheckBox;
class QGridLayout;
class QStackedWidget;

namespace msma::ui {

class HistogramView : public QWidget, public Exportable {
  Q_OBJECT
 public:
  explicit HistogramView(LinkedState* state, QWidget* parent = nullptr);
  int level() const;
  void setLevel(int level);
  void setSmallMultiples(bool on);
  QChart* chart() const { return chart_; }
  int smallMultipleCount() const;
  QWidget* exportWidget() override;
  QString exportCsv() const override;
  QString exportName() const override;

 private:
  void rebuild();
  void fillChart(QChart* chart, int level, bool compact);
  LinkedState* state_;
  QComboBox* scale_;
  QCheckBox* multiples_;
  QStackedWidget* stack_;
  QChartView* view_;
  QChart* chart_;
  QWidget* grid_;
  QGridLayout* gridLayout_;
};

}  // namespace msma::ui
