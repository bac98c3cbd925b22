#pragma once
// Everything the evidence views show about one run directory, loaded once (off the GUI
// thread): the score matrices, each auxiliary model's OOD score per image, the metrics,
// and optionally the images themselves for the gallery and the inspector.
#include <Eigen/Core>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/progress.h"
#include "data/image_set.h"
#include "density/density_model.h"
#include "metrics/metrics.h"
#include "models/evidence.h"
#include "run/pipeline.h"
#include "run/run_config.h"

namespace msma::ui {

struct ScoredSet {
  std::string name;    // "test" (inlier test) or the OOD set's name
  bool inlier = false;
  Eigen::MatrixXd norms;                             // N×L score norms (what the views show per σ)
  Eigen::MatrixXd features;                          // the aux models' input (the run's feature set)
  std::map<std::string, Eigen::VectorXd> ood_score;  // aux kind → N scores (higher = more OOD)
  std::shared_ptr<const ImageSet> images;            // null when loaded without images
  // New data checked against the finished run (msma detect, or a drop on MSMA Studio's
  // window): shown in every view, but in the ROC table only when the user counts it as OOD.
  bool checked = false;
  std::string input;  // a checked set's dataset spec or path
};

class RunResults {
 public:
  // Throws msma::Error naming the file when the run is incomplete (no scores or aux models).
  static std::shared_ptr<RunResults> load(const std::filesystem::path& dir, bool with_images,
                                          const ProgressFn& progress = nullptr, const CancelToken* cancel = nullptr);

  std::filesystem::path dir;
  RunConfig config;
  nlohmann::json metrics;       // metrics.json
  std::vector<double> sigmas;
  std::vector<std::string> aux_kinds;  // fitted models present in aux/
  Eigen::MatrixXd fit;                 // the aux model's fit vectors (features)
  std::string feature_set = "norms";
  std::vector<std::string> feature_names;
  std::vector<ScoredSet> sets;         // [0] the inlier test set, every OOD set, then checked sets
  std::map<std::string, std::shared_ptr<DensityModel>> models;
  Evidence evidence;  // what the views draw (models/evidence.h), computed by load()

  // Gives each set its images (the run's datasets as loaded for scoring), and the checked
  // sets theirs (read again in the run's geometry); checks sizes.
  void attach_images(RunData&& data);

  int levels() const { return static_cast<int>(sigmas.size()); }
  const ScoredSet& inlier() const { return sets.front(); }
  // 5 % and 95 % quantiles of each column of the inlier test norms (the inspector's band).
  std::pair<Eigen::VectorXd, Eigen::VectorXd> inlier_band() const;
};

using msma::quantile;  // metrics/metrics.h: one rule for the views, detect and the core

}  // namespace msma::ui
