#pragma once
// Everything that defines a run, saved as config.json in the run directory. The CLI and
// the GUI both read and write it; each stage takes what it needs from here.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "model/noise_schedule.h"
#include "model/score_network.h"
#include "score/score_norms.h"
#include "train/trainer.h"

namespace msma {

struct RunConfig {
  std::uint64_t seed = 0;
  std::string inlier_train = "fashion-mnist:train";
  std::string inlier_test = "fashion-mnist:test";
  std::vector<std::string> ood = {"mnist-digits", "uniform-noise:5000"};
  bool skip_bad_files = false;
  // The auxiliary model is fitted on a held-out part of the inlier training set that the
  // network never sees ("holdout", default), or on the training images ("train", as the paper).
  std::string fit_on = "holdout";
  double holdout_fraction = 0.1;
  std::int64_t max_train_images = 0;  // 0: all
  NoiseSchedule schedule;
  ModelConfig model;
  TrainConfig train;
  ScoreOptions score;
  std::vector<std::string> aux = {"gmm", "knn", "flow"};
  nlohmann::json gmm = nlohmann::json::object();
  nlohmann::json knn = nlohmann::json::object();
  nlohmann::json flow = nlohmann::json::object();
  int bootstrap_rounds = 1000;

  nlohmann::json to_json() const;
  // Throws a clear error naming `what` for a missing field or a wrong type.
  static RunConfig from_json(const nlohmann::json& j, const std::string& what);
};

std::string versions_string();
nlohmann::json versions_json();

}  // namespace msma
