#pragma once
// One run directory's life cycle, written once: create or resume (one set of rules), load
// the datasets, train, score, fit, evaluate. The CLI and MSMA Studio's worker are thin
// adapters over it; neither orders the stages on its own. A session holds the run's lock
// for its lifetime (a second process on the same run gets a clear error).
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "common/progress.h"
#include "run/pipeline.h"
#include "run/run_config.h"
#include "run/run_dir.h"
#include "train/train_config.h"

namespace msma {

class Communicator;

// What a resumed run may change; everything else comes from its stored config.json.
struct ResumeBudget {
  std::optional<std::int64_t> steps;
  std::optional<double> minutes;
  std::optional<int> threads;  // training and scoring threads (0: LibTorch's default)
};

// How a front end follows the run. Every member may be empty.
struct SessionHooks {
  ProgressFn progress;                              // loading, scoring, fitting, evaluating
  TrainProgressFn train_progress;                   // every training step (the front end throttles)
  std::function<void()> stage_end;                  // after each stage (a terminal bar ends its line)
  std::function<void(const TrainResult&)> trained;  // after training, before scoring
};

class RunSession {
 public:
  // A new run in `dir`: refuses a directory that already holds a trained run before any
  // file is touched, then records cfg (a run given no budget trains for 10 minutes).
  static RunSession create(const std::filesystem::path& dir, RunConfig cfg);
  // A run continued from its last checkpoint, with its stored config and the new budget.
  static RunSession resume(const std::filesystem::path& dir, const ResumeBudget& budget);
  // An existing run as it is: for scoring, fitting and evaluating it again.
  static RunSession open(const std::filesystem::path& dir);

  const RunDir& dir() const { return run_; }
  const RunConfig& config() const { return cfg_; }
  // The device to train and score on (cpu, cuda, cuda:K, auto): this machine's choice, not
  // recorded in config.json.
  void use_device(const std::string& device);

  // Loads and converts every dataset (once; later calls return the same data).
  const RunData& load(const ProgressFn& progress);
  // The whole run in data-flow order: load, train; then, unless train_only or the training
  // stopped early (cancelled, diverged), score, fit and evaluate. Data-parallel training
  // when comm is given (this process is rank 0).
  struct Outcome {
    TrainResult training;
    std::optional<Evaluation> evaluation;  // empty when the analysis did not run
  };
  Outcome run(const SessionHooks& hooks, const CancelToken& cancel, bool train_only = false,
              Communicator* comm = nullptr);
  // Score, fit and evaluate a trained run (loading its datasets if needed).
  Evaluation analyse(const SessionHooks& hooks, const CancelToken& cancel);
  // The stages one by one, for the CLI's subcommands.
  TrainResult train(const SessionHooks& hooks, const CancelToken& cancel, Communicator* comm = nullptr);
  void score(const SessionHooks& hooks, const CancelToken& cancel, Communicator* comm = nullptr);
  void fit(const SessionHooks& hooks, const CancelToken& cancel);
  Evaluation evaluate(const SessionHooks& hooks, const CancelToken& cancel);

  // The loaded datasets, handed over (e.g. to the GUI's gallery); the session forgets them.
  RunData take_data();

 private:
  RunSession(const std::filesystem::path& dir, bool resume);
  RunDir run_;
  std::unique_ptr<RunLock> lock_;
  RunConfig cfg_;
  bool resume_ = false;
  std::optional<RunData> data_;
};

// The other ranks of a data-parallel job: they have no run directory and follow rank 0's
// config (shared over comm); they load only what their stage needs.
TrainResult train_on_follower_rank(const RunConfig& cfg, bool resume, const CancelToken& cancel, Communicator& comm);
void score_on_follower_rank(const RunConfig& cfg, const CancelToken& cancel, Communicator& comm);

}  // namespace msma
