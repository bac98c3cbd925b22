#pragma once
// The run directory: the contract between the CLI and the GUI.
//   config.json          the RunConfig, seed and versions
//   manifest.json        datasets as loaded (hash, size, geometry, conversions), training summary
//   checkpoints/         step-NNNNNNNN.pt (weights, Adam state, config)
//   train_log.csv        step, loss, smoothed loss, images/s, seconds (appended per step)
//   scores/              fit.npy, test.npy, ood-<name>.npy (N×L float32) + cache.json
//   aux/                 <kind>.json fitted auxiliary models
//   metrics.json, curves/*.csv, per_image_scores.csv
//   run.lock             held by the process working on the run
//   checks/              msma detect's checked sets (run/detect.h): outside the run's results,
//                        written without run.lock, under checks/.lock
#include <filesystem>
#include <vector>
#include <nlohmann/json.hpp>

#include "run/run_config.h"

namespace msma {

class RunDir {
 public:
  explicit RunDir(std::filesystem::path root);
  const std::filesystem::path& root() const { return root_; }
  std::filesystem::path file(const std::string& name) const { return root_ / name; }
  std::filesystem::path checkpoints() const { return root_ / "checkpoints"; }
  std::filesystem::path scores() const { return root_ / "scores"; }
  std::filesystem::path aux() const { return root_ / "aux"; }
  std::filesystem::path curves() const { return root_ / "curves"; }

  bool has_config() const;
  RunConfig load_config() const;
  void save_config(const RunConfig& c) const;
  // JSON files in the run (missing → empty object).
  nlohmann::json read_json(const std::string& name) const;
  void write_json(const std::string& name, const nlohmann::json& j) const;

 private:
  std::filesystem::path root_;
};

// One step of train_log.csv. A line cut short by a crash (fewer fields, or a field that
// does not parse) is skipped; a missing log reads as no steps.
struct TrainLogPoint {
  double step = 0, loss = 0, smoothed_loss = 0;
};
std::vector<TrainLogPoint> read_train_log(const RunDir& run);

// An exclusive lock on the run directory (flock on run.lock), released on destruction or
// when the process dies. A second process on the same run gets a clear error.
class RunLock {
 public:
  explicit RunLock(const RunDir& run);
  ~RunLock();
  RunLock(const RunLock&) = delete;
  RunLock& operator=(const RunLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace msma
