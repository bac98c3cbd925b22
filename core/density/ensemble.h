#pragma once
// An ensemble of auxiliary models: each member is fitted on the same vectors, its OOD score
// put on a distance scale and divided by the spread (standard deviation) of those values on
// the fit vectors, and the ensemble's score is the sum. A likelihood (GMM) and a distance
// (kNN) fail on different images, so the sum is steadier than either (README: "Detection
// quality"). A negative log-likelihood grows with the square of a vector's distance from the
// data, so summed raw it lets one far inlier outrank every noise image the distance sees as
// farther; as √(2·(NLL − the lowest NLL of a fit vector)) it grows linearly, as a Gaussian's
// Mahalanobis distance does ("combine": "distance", the default; "sum" adds the raw scores,
// as every ensemble saved before 2026-12-03 did). Centring is left out on purpose: it would
// not change any ranking, and the members' in-sample scores are optimistic in location more
// than in spread. "weights" multiplies each member's part (a member not named weighs 1; an
// ensemble saved before 2026-12-05 has none and weighs its members alike): the run's default
// leans on the kNN (README, 2026-12-06: the weights' A/B).
#include <vector>

#include "density/density_model.h"

namespace msma {

class Ensemble : public DensityModel {
 public:
  // options: {"members": ["gmm", "knn"], "combine": "distance" | "sum", "weights": {"gmm": 0.6, …},
  // "gmm": {…}, "knn": {…}} (each member's own options).
  explicit Ensemble(nlohmann::json options);
  std::string kind() const override { return "ensemble"; }
  void fit(const Eigen::MatrixXd& x, const ProgressFn& progress, const CancelToken* cancel) override;
  Eigen::VectorXd score(const Eigen::MatrixXd& x) const override;
  Eigen::VectorXd score_fit_vectors(const Eigen::MatrixXd& fit) const override;  // members' own, same scales
  nlohmann::json to_json() const override;
  void from_json(const nlohmann::json& j) override;
  std::string summary() const override;
  const DensityModel* fitted_member(const std::string& kind, const nlohmann::json& options) const override;

 private:
  // Member i's scores on the common scale (the distance form, or as they are for "sum").
  Eigen::VectorXd common_scale(std::size_t i, const Eigen::VectorXd& member_scores) const;
  // The weighted sum of each member's scores of x (member_score) on the common scale over its spread.
  Eigen::VectorXd combine(const Eigen::MatrixXd& x,
                          const std::function<Eigen::VectorXd(const DensityModel&)>& member_score) const;
  nlohmann::json options_;
  bool distance_form_ = true;  // "combine": "distance"
  std::vector<std::unique_ptr<DensityModel>> members_;
  std::vector<double> floors_;  // per member: the lowest score of a fit vector (likelihoods; 0 otherwise)
  std::vector<double> scales_;  // spread of each member's common-scale scores on the fit vectors
  std::vector<double> weights_;  // per member: its part's weight in the sum
};

// The registry's entry (density_model.h). A run's ensemble takes its members' options from
// the run (each member's own settings and rules), unless its settings give them.
std::unique_ptr<DensityModel> make_ensemble(const nlohmann::json& options);
nlohmann::json ensemble_run_options(nlohmann::json settings, const AuxRunContext& run);

}  // namespace msma
