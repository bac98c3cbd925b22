#include "workers/pipeline_worker.h"

#include <QElapsedTimer>
#include <c10/util/Exception.h>

#include "common/error.h"
#include "run/detect.h"
#include "run/pipeline.h"
#include "run/run_dir.h"
#include "train/checkpoint.h"

namespace msma::ui {

PipelineWorker::PipelineWorker() {
  qRegisterMetaType<msma::RunConfig>();
  qRegisterMetaType<std::shared_ptr<msma::ui::RunResults>>();
}

void PipelineWorker::run(const QString& what, const std::function<void()>& body) {
  token_.reset();
  busy_ = true;
  Q_EMIT started(what);
  try {
    body();
    busy_ = false;
    Q_EMIT finished(true, false, tr("%1: done").arg(what));
  } catch (const Cancelled&) {
    busy_ = false;
    Q_EMIT finished(false, true, tr("%1: cancelled").arg(what));
  } catch (const c10::Error& e) {  // LibTorch's own message, without its C++ backtrace
    busy_ = false;
    Q_EMIT finished(false, false, tr("%1 failed: %2").arg(what, QString::fromUtf8(e.what_without_backtrace())));
  } catch (const std::exception& e) {
    busy_ = false;
    Q_EMIT finished(false, false, tr("%1 failed: %2").arg(what, QString::fromUtf8(e.what())));
  }
}

namespace {
// At most one update per kProgressIntervalMs reaches the GUI, except the ones marked `edge`.
class Throttle {
 public:
  Throttle() { clock_.start(); }
  bool due(bool edge) {
    if (!edge && clock_.elapsed() < PipelineWorker::kProgressIntervalMs) return false;
    clock_.restart();
    return true;
  }

 private:
  QElapsedTimer clock_;
};

// Stage progress for the GUI, at most ~20 updates a second per stage (decoding a folder
// reports every image); a new stage and a stage's end always get through.
ProgressFn bridge(PipelineWorker* w) {
  auto throttle = std::make_shared<Throttle>();
  auto last = std::make_shared<std::string>();
  return [w, throttle, last](const Progress& p) {
    if (!throttle->due(p.stage != *last || p.done >= p.total)) return;
    *last = p.stage;
    Q_EMIT w->stageProgress(QString::fromStdString(p.stage), p.done, p.total, p.eta_seconds);
  };
}
}  // namespace

void PipelineWorker::train(const msma::RunConfig& config, const QString& dir, bool resume, bool trainOnly) {
  run(tr("Training"), [&] {
    const RunDir runDir(dir.toStdString());
    RunLock lock(runDir);
    RunConfig cfg = config;
    if (!resume) require_fresh_run(runDir);  // before config.json or manifest.json is written
    if (resume) {
      RunConfig stored = runDir.load_config();
      stored.train.steps = cfg.train.steps;
      stored.train.minutes = cfg.train.minutes;
      cfg = stored;
    }
    runDir.save_config(cfg);
    RunData data = load_run_data(runDir, cfg, bridge(this));
    const CancelToken& token = token_;
    const std::int64_t every = cfg.train.checkpoint_every;
    // At most ~20 updates a second reach the GUI (small networks take a step in
    // milliseconds); the last step always does.
    Throttle throttle;
    std::optional<TrainProgress> pending;
    auto emitProgress = [this](const TrainProgress& p) {
      Q_EMIT trainProgress(p.step, p.total_steps, p.loss, p.smoothed_loss, p.images_per_second, p.eta_seconds);
    };
    auto progress = [&, every, dir](const TrainProgress& p) {
      pending = p;
      if (throttle.due(p.step == p.total_steps)) {
        emitProgress(p);
        pending.reset();
      }
      if (every > 0 && p.step % every == 0) Q_EMIT checkpointsChanged(dir);
    };
    const TrainResult r = train_stage(runDir, cfg, data.train, resume, progress, token);
    if (pending) emitProgress(*pending);
    Q_EMIT checkpointsChanged(dir);
    if (r.diverged) throw Error(r.message);
    if (r.cancelled) throw Cancelled();
    if (!trainOnly) analyseLoaded(runDir, cfg, std::move(data));
  });
}

void PipelineWorker::analyseLoaded(const RunDir& runDir, const RunConfig& cfg, RunData&& data) {
  score_stage(runDir, cfg, data, bridge(this), token_);
  fit_stage(runDir, cfg, bridge(this), token_);
  evaluate_stage(runDir, cfg, bridge(this), token_);
  auto results = RunResults::load(runDir.root(), false);
  results->attach_images(std::move(data));
  Q_EMIT resultsReady(results);
}

void PipelineWorker::analyse(const QString& dir) {
  run(tr("Analysis"), [&] {
    const RunDir runDir(dir.toStdString());
    RunLock lock(runDir);
    const RunConfig cfg = runDir.load_config();
    analyseLoaded(runDir, cfg, load_run_data(runDir, cfg, bridge(this)));
  });
}

void PipelineWorker::loadResults(const QString& dir) {
  run(tr("Loading results"), [&] {
    Q_EMIT resultsReady(RunResults::load(dir.toStdString(), true, bridge(this), &token_));
  });
}

void PipelineWorker::checkNewData(const QString& dir, const QStringList& specs) {
  run(tr("Checking new data"), [&] {
    const RunDir runDir(dir.toStdString());
    DetectOptions opt;
    for (const QString& s : specs) opt.inputs.push_back(s.toStdString());
    detect(runDir, opt, bridge(this), token_);
    Q_EMIT resultsReady(RunResults::load(dir.toStdString(), true, bridge(this), &token_));
  });
}

WorkerThread::WorkerThread() : worker_(new PipelineWorker) {
  thread_.setObjectName("msma-worker");
  worker_->moveToThread(&thread_);
  QObject::connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
  thread_.start();
}

WorkerThread::~WorkerThread() {
  worker_->cancel();
  thread_.quit();
  thread_.wait();
}

}  // namespace msma::ui
