#pragma once
// Training: the configuration with sensible defaults, start / pause / resume / cancel, the
// live loss chart (raw, the trainer's EMA, and a moving average of user-chosen width),
// steps/s and ETA, the checkpoints of the run, and the progress of the later stages
// (scoring each dataset, the auxiliary fits) with their ETA.
#include <QElapsedTimer>
#include <QWidget>

#include "export/chart_export.h"
#include "run/run_config.h"

class QCheckBox;
class QChart;
class QChartView;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QLineSeries;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QValueAxis;

namespace msma::ui {

class DatasetsPanel;
class PipelineWorker;
struct OpenedRun;

class TrainingView : public QWidget, public Exportable {
  Q_OBJECT
 public:
  TrainingView(PipelineWorker* worker, DatasetsPanel* datasets, QWidget* parent = nullptr);
  // The configuration as the form shows it (datasets from the panel).
  RunConfig config() const;
  void setConfig(const RunConfig& c);
  // The method preset the form's fields match: "default", "paper", or "" (custom).
  QString preset() const;
  QString runDir() const;
  void setRunDir(const QString& dir);
  bool running() const { return running_; }
  qint64 lastStep() const { return lastStep_; }
  int lossPoints() const;
  QString statusText() const;
  QString stageText() const;  // the current stage line ("" when no job runs)
  bool stageBarShown() const;
  QWidget* exportWidget() override;
  QString exportCsv() const override;  // every step: raw loss, EMA, moving average
  QString exportName() const override { return "training-loss"; }
  // Shows a run opened from disk (read by the worker): its config, its loss history (e.g. of
  // a run trained with the CLI) and its checkpoints. Ignored while a run is training here.
  void showRun(const OpenedRun& run);

 public Q_SLOTS:
  void start();   // a new run in runDir()
  void resume();  // continue runDir() from its latest checkpoint
  void cancel();
  void setPaused(bool paused);

 Q_SIGNALS:
  void runStarted(const QString& dir);
  void runFinished(const QString& dir, bool ok);

 private:
  void onTrainProgress(qint64 step, qint64 total, double loss, double smoothed, double ips, double eta);
  void onStage(const QString& stage, qint64 done, qint64 total, double eta);
  void onFinished(bool ok, bool cancelled, const QString& message);
  void requestCheckpoints();  // the worker lists them (checkpointsChanged)
  void onCheckpoints(const QString& dir, const QStringList& names);
  void redrawLoss();
  std::vector<double> movingAverage() const;  // per loss point, over the window spin box's steps
  void launch(bool resume);
  void setAuxChecks(const std::vector<std::string>& kinds);
  void showPreset();
  PipelineWorker* worker_;
  DatasetsPanel* datasets_;
  RunConfig base_;  // the config last set (core defaults at first); config() starts from it
  QComboBox *preset_, *arch_, *parameterisation_, *upsample_, *lrSchedule_, *precision_, *features_;
  QSpinBox *width_, *depth_, *levels_, *batch_, *steps_, *threads_, *checkpointEvery_, *window_, *warmupSteps_;
  QDoubleSpinBox *sigmaHigh_, *sigmaLow_, *lr_, *minutes_, *emaDecay_;
  QLineEdit *seed_, *dir_;
  QCheckBox *analyse_, *emaWarmup_;
  std::vector<std::pair<std::string, QCheckBox*>> auxChecks_;  // registry order
  QPushButton *start_, *pause_, *cancel_, *resume_;
  QProgressBar *bar_, *stageBar_;
  QLabel *status_, *stage_;
  QListWidget* checkpoints_;
  QChart* chart_;
  QChartView* chartView_;
  QLineSeries *raw_, *ema_, *avg_;
  QValueAxis *ax_, *ay_;
  std::vector<QPointF> losses_, emas_;
  QElapsedTimer sinceRedraw_;
  bool running_ = false;
  qint64 lastStep_ = 0;
};

}  // namespace msma::ui
