#pragma once
// An ensemble of auxiliary models: each member is fitted on the same vectors and its OOD
// score divided by the spread (standard deviation) of its scores on those vectors, and the
// ensemble's score is the sum. A likelihood (GMM) and a distance (kNN) fail on different
// images, so the sum is steadier than either (README: "Detection quality"). Centring is left
// out on purpose: it would not change any ranking, and the members' in-sample scores are
// optimistic in location more than in spread.
#include <vector>

#include "density/density_model.h"

namespace msma {

class Ensemble : public DensityModel {
 public:
  // options: {"members": ["gmm", "knn"], "gmm": {…}, "knn": {…}} (each member's own options).
  explicit Ensemble(nlohmann::json options);
  std::string kind() const override { return "ensemble"; }
  void fit(const Eigen::MatrixXd& x, const ProgressFn& progress, const CancelToken* cancel) override;
  Eigen::VectorXd score(const Eigen::MatrixXd& x) const override;
  Eigen::VectorXd score_fit_vectors(const Eigen::MatrixXd& fit) const override;  // members' own, same scales
  nlohmann::json to_json() const override;
  void from_json(const nlohmann::json& j) override;
  std::string summary() const override;

 private:
  // The sum of each member's scores of x (member_score) over its spread.
  Eigen::VectorXd combine(const Eigen::MatrixXd& x,
                          const std::function<Eigen::VectorXd(const DensityModel&)>& member_score) const;
  nlohmann::json options_;
  std::vector<std::unique_ptr<DensityModel>> members_;
  std::vector<double> scales_;  // spread of each member's scores on the fit vectors
};

// The registry's entry (density_model.h). A run's ensemble takes its members' options from
// the run (each member's own settings and rules), unless its settings give them.
std::unique_ptr<DensityModel> make_ensemble(const nlohmann::json& options);
nlohmann::json ensemble_run_options(nlohmann::json settings, const AuxRunContext& run);

}  // namespace msma
