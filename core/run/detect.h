#pragma once
// msma detect: scores new images with a finished run (the checkpoint its score stage used,
// its feature set, a fitted auxiliary model) and flags those at or above a threshold taken
// from the run's inlier test set.
//
// Read-only on the run: it never takes run.lock (the GUI or another msma may hold it) and
// never writes outside RUN_DIR/checks/. There, one folder per input dataset
// (checks/<name>/: scores.npy + cache.json, dataset.json, detect.csv); concurrent detects
// on one run are serialised by an exclusive flock on checks/.lock (a second one waits).
#include <Eigen/Core>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/progress.h"
#include "run/run_dir.h"

namespace msma {

struct DetectOptions {
  std::vector<std::string> inputs;  // dataset specs or paths, as `msma run --ood` takes them
  std::string aux;                  // auxiliary model kind; empty: the run's first
  double keep = 95;                 // % of the run's inlier test set the default threshold keeps
  std::optional<double> threshold;  // given directly instead
  std::string device = "cpu";
};

struct DetectedSet {
  std::string input;                  // as given
  std::string name;                   // its folder under checks/
  std::filesystem::path dir;
  std::vector<std::string> conversions;
  bool cached = false;                // score matrix reused from an earlier detect
  Eigen::MatrixXd features;           // what the auxiliary model saw, one row per image
  Eigen::VectorXd scores;             // OOD scores (higher = more OOD)
  Eigen::VectorXd inlier_percentile;  // % of the run's inlier test scores below each score
  std::int64_t flagged = 0;
};

struct DetectResult {
  std::string aux_kind;
  std::filesystem::path checkpoint;
  double threshold = 0;
  std::string threshold_origin;
  std::vector<std::string> feature_names;
  std::vector<DetectedSet> sets;
  std::int64_t images = 0, flagged = 0;
};

// Also writes each set's checks/<name>/detect.csv. Errors name the file and the problem, or
// the stage to run when the run is not finished.
DetectResult detect(const RunDir& run, const DetectOptions& opt, const ProgressFn& progress,
                    const CancelToken& cancel);

// New data checked against the run earlier (checks/<name>/), as the views show it beside the
// run's own sets. Only folders scored with the checkpoint the run's own scores come from;
// older ones (the run was scored again since) are left out.
struct CheckedSet {
  std::string name;   // its folder under checks/
  std::string input;  // as given to detect
  Eigen::MatrixXd norms, features;
};
std::vector<CheckedSet> load_checked_sets(const RunDir& run, const RunConfig& cfg);

// One row per image: source,index,ood_score,inlier_percentile,flagged, then the features.
std::string detect_csv(const DetectResult& r, const std::vector<DetectedSet>& sets);
nlohmann::json detect_summary(const DetectResult& r);

}  // namespace msma
