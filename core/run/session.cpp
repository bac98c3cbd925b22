#include "run/session.h"

#include "common/error.h"
#include "distributed/communicator.h"

namespace msma {

RunSession::RunSession(const std::filesystem::path& dir, bool resume)
    : run_(dir), lock_(std::make_unique<RunLock>(run_)), resume_(resume) {}

RunSession RunSession::create(const std::filesystem::path& dir, RunConfig cfg) {
  RunSession s(dir, false);
  require_fresh_run(s.run_);  // before config.json or manifest.json is written
  if (cfg.train.steps <= 0 && cfg.train.minutes <= 0) cfg.train.minutes = 10;
  s.run_.save_config(cfg);
  s.cfg_ = std::move(cfg);
  return s;
}

RunSession RunSession::resume(const std::filesystem::path& dir, const ResumeBudget& budget) {
  RunSession s(dir, true);
  RunConfig c = s.run_.load_config();
  if (budget.steps) c.train.steps = *budget.steps;
  if (budget.minutes) c.train.minutes = *budget.minutes;
  if (budget.threads) c.train.threads = c.score.threads = *budget.threads;
  s.run_.save_config(c);
  s.cfg_ = std::move(c);
  return s;
}

RunSession RunSession::open(const std::filesystem::path& dir) {
  RunSession s(dir, false);
  s.cfg_ = s.run_.load_config();
  return s;
}

void RunSession::use_device(const std::string& device) { cfg_.train.device = cfg_.score.device = device; }

const RunData& RunSession::load(const ProgressFn& progress) {
  if (!data_) data_ = load_run_data(run_, cfg_, progress);
  return *data_;
}

RunData RunSession::take_data() {
  if (!data_) throw Error(run_.root().string() + ": no datasets loaded to hand over");
  RunData d = std::move(*data_);
  data_.reset();
  return d;
}

namespace {
void end_stage(const SessionHooks& hooks) {
  if (hooks.stage_end) hooks.stage_end();
}
}  // namespace

TrainResult RunSession::train(const SessionHooks& hooks, const CancelToken& cancel, Communicator* comm) {
  load(hooks.progress);
  end_stage(hooks);
  auto single = Communicator::single();
  const TrainResult r =
      train_stage(&run_, cfg_, data_->train, resume_, hooks.train_progress, cancel, comm ? *comm : *single);
  end_stage(hooks);
  // A second train() on this session continues from the checkpoint just written.
  resume_ = true;
  if (hooks.trained) hooks.trained(r);
  return r;
}

void RunSession::score(const SessionHooks& hooks, const CancelToken& cancel, Communicator* comm) {
  load(hooks.progress);
  end_stage(hooks);
  auto single = Communicator::single();
  score_stage(&run_, cfg_, *data_, hooks.progress, cancel, comm ? *comm : *single);
  end_stage(hooks);
}

void RunSession::fit(const SessionHooks& hooks, const CancelToken& cancel) {
  fit_stage(run_, cfg_, hooks.progress, cancel);
  end_stage(hooks);
}

Evaluation RunSession::evaluate(const SessionHooks& hooks, const CancelToken& cancel) {
  Evaluation e = evaluate_stage(run_, cfg_, hooks.progress, cancel);
  end_stage(hooks);
  return e;
}

Evaluation RunSession::analyse(const SessionHooks& hooks, const CancelToken& cancel) {
  score(hooks, cancel);
  fit(hooks, cancel);
  return evaluate(hooks, cancel);
}

RunSession::Outcome RunSession::run(const SessionHooks& hooks, const CancelToken& cancel, bool train_only,
                                    Communicator* comm) {
  Outcome o;
  o.training = train(hooks, cancel, comm);
  if (train_only || o.training.cancelled || o.training.diverged) return o;
  o.evaluation = analyse(hooks, cancel);
  return o;
}

TrainResult train_on_follower_rank(const RunConfig& cfg, bool resume, const CancelToken& cancel, Communicator& comm) {
  const RunData data = load_datasets(cfg, nullptr, nullptr, /*train_only=*/true);
  return train_stage(nullptr, cfg, data.train, resume, nullptr, cancel, comm);
}

void score_on_follower_rank(const RunConfig& cfg, const CancelToken& cancel, Communicator& comm) {
  const RunData data = load_datasets(cfg, nullptr, nullptr);
  score_stage(nullptr, cfg, data, nullptr, cancel, comm);
}

}  // namespace msma
