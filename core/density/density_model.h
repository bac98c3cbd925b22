#pragma once
// Stage 2: auxiliary density models on N×L score-norm vectors. One interface for all:
// a constructor never fits; fit() learns; score() returns the OOD score (higher = more
// out-of-distribution: −log p, or a distance); to_json()/from_json() save and load.
#include <Eigen/Core>
#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/progress.h"

namespace msma {

class DensityModel {
 public:
  virtual ~DensityModel() = default;
  virtual std::string kind() const = 0;
  virtual void fit(const Eigen::MatrixXd& x, const ProgressFn& progress, const CancelToken* cancel) = 0;
  virtual Eigen::VectorXd score(const Eigen::MatrixXd& x) const = 0;
  // OOD scores of the very vectors fit() saw, each scored as an unseen vector would be where
  // the model can do that exactly (kNN: without the point itself among its neighbours);
  // otherwise as score(). The health AUROC compares these with unseen inlier test vectors,
  // so a fit point's distance of zero to itself does not read as memorisation.
  virtual Eigen::VectorXd score_fit_vectors(const Eigen::MatrixXd& fit) const { return score(fit); }
  // True where score() is a negative log-likelihood (GMM, flow): it grows with the square of
  // how far a vector lies from the fit vectors (−log N(x) = d²/2 + const), where a distance
  // (kNN) grows linearly. The ensemble puts such members on the distance scale before adding.
  virtual bool scores_neg_log_likelihood() const { return false; }
  virtual nlohmann::json to_json() const = 0;
  virtual void from_json(const nlohmann::json& j) = 0;
  virtual std::string summary() const = 0;  // one line for reports ("GMM k=8 chosen by 10-fold CV")
  // A fitted model this one holds that is make_density_model(kind, options) fitted on the
  // same vectors (an ensemble's member), or null.
  virtual const DensityModel* fitted_member(const std::string& /*kind*/, const nlohmann::json& /*options*/) const {
    return nullptr;
  }
};

// What a run gives every auxiliary model beyond its own settings.
struct AuxRunContext {
  std::uint64_t seed = 0;
  bool plain_norms = true;  // the feature set is the paper's N×L norms (one unit, no standardising)
  // The completed options of another kind (an ensemble's members).
  std::function<nlohmann::json(const std::string& kind)> options_of;
};

// The registry of auxiliary models: adding one is its own file (a DensityModel, a factory
// that checks its options, a rule for a run's options) plus one row in aux_models().
// The CLI's --aux and MSMA Studio's choices list what is registered here.
struct AuxModelKind {
  std::string kind;         // "gmm": the name in --aux, config.json, aux/<kind>.json
  std::string description;  // one line for help texts and tooltips
  std::unique_ptr<DensityModel> (*make)(const nlohmann::json& options);
  // A run's options for this kind from its own settings in config.json (may be empty).
  nlohmann::json (*run_options)(nlohmann::json settings, const AuxRunContext& run);
};
const std::vector<AuxModelKind>& aux_models();
// The run rule of the seeded models (GMM, flow): the run's seed unless the settings give one.
nlohmann::json with_run_seed(nlohmann::json settings, const AuxRunContext& run);
const AuxModelKind& aux_model(const std::string& kind);  // throws for an unknown kind, listing the known
const std::vector<std::string>& aux_kinds();
std::string aux_kinds_text();  // "ensemble, gmm, knn, flow", for help and errors
std::unique_ptr<DensityModel> make_density_model(const std::string& kind, const nlohmann::json& options = {});
std::unique_ptr<DensityModel> load_density_model(const std::string& path);
// Every kind fitted on `fit`, in order, with options_of(kind). A kind an earlier model
// already holds with the same options (an ensemble's member) is that very model, fitted once:
// the GMM's cross-validation is most of the fit stage, and the run lists the ensemble's GMM
// and kNN beside it.
std::vector<std::shared_ptr<const DensityModel>> fit_density_models(
    const std::vector<std::string>& kinds, const std::function<nlohmann::json(const std::string&)>& options_of,
    const Eigen::MatrixXd& fit, const ProgressFn& progress, const CancelToken* cancel);
void save_density_model(const DensityModel& model, const std::string& path);

// Column standardisation as scikit-learn's StandardScaler (population std; a constant
// column keeps scale 1). Used by the GMM and the flow.
struct Standardiser {
  Eigen::RowVectorXd mean, scale;
  explicit Standardiser(const Eigen::MatrixXd& x);
  Eigen::MatrixXd apply(const Eigen::MatrixXd& x) const;
};

// Rejects NaN/inf input with a message naming the row and column.
void require_finite(const Eigen::MatrixXd& x, const std::string& what);

}  // namespace msma
