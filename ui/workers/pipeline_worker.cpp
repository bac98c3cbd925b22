#include "workers/pipeline_worker.h"

#include <QElapsedTimer>

#include "common/error.h"
#include "run/detect.h"
#include "run/pipeline.h"
#include "run/run_dir.h"
#include "run/session.h"
#include "train/checkpoint_files.h"

namespace msma::ui {

PipelineWorker::PipelineWorker() {
  qRegisterMetaType<msma::RunConfig>();
  qRegisterMetaType<std::shared_ptr<msma::ui::RunResults>>();
  qRegisterMetaType<msma::ui::OpenedRun>();
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
  } catch (const std::exception& e) {  // LibTorch's without its C++ backtrace (error_text)
    busy_ = false;
    Q_EMIT finished(false, false, tr("%1 failed: %2").arg(what, QString::fromUtf8(error_text(e).c_str())));
  }
}

namespace {
QStringList checkpointNames(const QString& dir) {
  QStringList names;
  for (const auto& p : list_checkpoints(std::filesystem::path(dir.toStdString()) / "checkpoints"))
    names << QString::fromStdString(p.filename().string());
  return names;
}

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
    // A resumed run keeps its stored config and takes the Training tab's budget and threads.
    RunSession session = resume ? RunSession::resume(dir.toStdString(), ResumeBudget{config.train.steps,
                                                                                     config.train.minutes,
                                                                                     config.train.threads})
                                : RunSession::create(dir.toStdString(), config);
    const std::int64_t every = session.config().train.checkpoint_every;
    // At most ~20 updates a second reach the GUI (small networks take a step in
    // milliseconds); the last step always does.
    Throttle throttle;
    std::optional<TrainProgress> pending;
    auto emitProgress = [this](const TrainProgress& p) {
      Q_EMIT trainProgress(p.step, p.total_steps, p.loss, p.smoothed_loss, p.images_per_second, p.eta_seconds);
    };
    SessionHooks hooks;
    hooks.progress = bridge(this);
    hooks.train_progress = [&, every, dir](const TrainProgress& p) {
      pending = p;
      if (throttle.due(p.step == p.total_steps)) {
        emitProgress(p);
        pending.reset();
      }
      if (every > 0 && p.step % every == 0) Q_EMIT checkpointsChanged(dir, checkpointNames(dir));
    };
    hooks.trained = [&](const TrainResult&) {
      if (pending) emitProgress(*pending);
      Q_EMIT checkpointsChanged(dir, checkpointNames(dir));
    };
    const RunSession::Outcome outcome = session.run(hooks, token_, trainOnly);
    if (outcome.training.diverged) throw Error(outcome.training.message);
    if (outcome.training.cancelled) throw Cancelled();
    if (!trainOnly) emitResults(session);
  });
}

void PipelineWorker::emitResults(RunSession& session) {
  auto results = RunResults::load(session.dir().root(), false);
  results->attach_images(session.take_data());
  Q_EMIT resultsReady(results);
}

void PipelineWorker::analyse(const QString& dir) {
  run(tr("Analysis"), [&] {
    RunSession session = RunSession::open(dir.toStdString());
    SessionHooks hooks;
    hooks.progress = bridge(this);
    session.analyse(hooks, token_);
    emitResults(session);
  });
}

void PipelineWorker::openRun(const QString& dir) {
  run(tr("Loading results"), [&] {
    const RunDir runDir(dir.toStdString());
    OpenedRun opened;
    opened.dir = dir;
    try {
      opened.config = runDir.load_config();
    } catch (const std::exception&) {
      // Not a run (yet), or unreadable: the results load below names the problem.
    }
    opened.log = read_train_log(runDir);
    opened.checkpoints = checkpointNames(dir);
    Q_EMIT runOpened(opened);
    Q_EMIT resultsReady(RunResults::load(runDir.root(), true, bridge(this), &token_));
  });
}

void PipelineWorker::listCheckpoints(const QString& dir) { Q_EMIT checkpointsChanged(dir, checkpointNames(dir)); }

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
