#pragma once
// Runs the pipeline stages off the GUI thread. The worker lives in its own QThread; the
// GUI calls its slots through queued connections (or QMetaObject::invokeMethod) and gets
// progress back as queued signals. Cancel and pause act at once (an atomic token), not
// after the worker's event queue.
#include <QObject>
#include <QString>
#include <QStringList>
#include <QThread>
#include <memory>
#include <optional>

#include "common/progress.h"
#include "models/run_results.h"
#include "run/pipeline.h"
#include "run/run_config.h"
#include "run/run_dir.h"
#include "run/session.h"

namespace msma::ui {

// What the Training tab shows of a run opened from disk, read off the GUI thread.
struct OpenedRun {
  QString dir;
  std::optional<msma::RunConfig> config;  // empty: no readable config.json (the results load says why)
  std::vector<msma::TrainLogPoint> log;   // train_log.csv
  QStringList checkpoints;                // file names, by step
};

class PipelineWorker : public QObject {
  Q_OBJECT
 public:
  PipelineWorker();
  static constexpr qint64 kProgressIntervalMs = 50;  // training updates: ≤ 20 a second
  // Any thread: take effect at the next step or batch.
  void cancel() { token_.cancel(); }
  void setPaused(bool paused) { token_.set_paused(paused); }
  bool busy() const { return busy_.load(); }

 public Q_SLOTS:
  // A new run (resume = false) or a continued one, in `dir`; then, unless trainOnly,
  // scoring, the auxiliary fits, evaluation and loading of the results.
  void train(const msma::RunConfig& config, const QString& dir, bool resume, bool trainOnly);
  // Score, fit and evaluate an already trained run, then load its results.
  void analyse(const QString& dir);
  // Open a run from disk: its config, training log and checkpoints (runOpened), then its
  // results and images for the evidence views (resultsReady).
  void openRun(const QString& dir);
  // The checkpoint file names of the run in `dir` (checkpointsChanged); no job of its own.
  void listCheckpoints(const QString& dir);
  // Score new data against a finished run (core/run/detect: results under RUN_DIR/checks/,
  // the run's own files untouched), then load the results with the new sets.
  void checkNewData(const QString& dir, const QStringList& specs);

 Q_SIGNALS:
  void started(const QString& what);
  void trainProgress(qint64 step, qint64 totalSteps, double loss, double smoothedLoss, double imagesPerSecond,
                     double etaSeconds);
  void stageProgress(const QString& stage, qint64 done, qint64 total, double etaSeconds);
  void checkpointsChanged(const QString& dir, const QStringList& names);
  void runOpened(const msma::ui::OpenedRun& run);
  void resultsReady(std::shared_ptr<msma::ui::RunResults> results);
  // ok false: message says why (error, cancelled, diverged).
  void finished(bool ok, bool cancelled, const QString& message);

 private:
  void run(const QString& what, const std::function<void()>& body);
  // Loads the session's evaluated results (with its datasets' images) and hands them over.
  void emitResults(RunSession& session);
  CancelToken token_;
  std::atomic<bool> busy_{false};
};

// A worker in its own thread, stopped and joined on destruction (cancelling its work).
class WorkerThread {
 public:
  WorkerThread();
  ~WorkerThread();
  PipelineWorker* worker() const { return worker_; }

 private:
  QThread thread_;
  PipelineWorker* worker_;
};

}  // namespace msma::ui

Q_DECLARE_METATYPE(msma::RunConfig)
Q_DECLARE_METATYPE(std::shared_ptr<msma::ui::RunResults>)
Q_DECLARE_METATYPE(msma::ui::OpenedRun)
