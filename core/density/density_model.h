#pragma once
// Stage 2: auxiliary density models on N×L score-norm vectors. One interface for all:
// a constructor never fits; fit() learns; score() returns the OOD score (higher = more
// out-of-distribution: −log p, or a distance); to_json()/from_json() save and load.
#include <Eigen/Core>
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
  virtual nlohmann::json to_json() const = 0;
  virtual void from_json(const nlohmann::json& j) = 0;
  virtual std::string summary() const = 0;  // one line for reports ("GMM k=8 chosen by 10-fold CV")
};

// kind: one of aux_kinds(); options: the model's own settings (see gmm.h, knn.h, flow.h,
// ensemble.h).
const std::vector<std::string>& aux_kinds();
std::string aux_kinds_text();  // "gmm, knn, flow, ensemble", for help and errors
std::unique_ptr<DensityModel> make_density_model(const std::string& kind, const nlohmann::json& options = {});
std::unique_ptr<DensityModel> load_density_model(const std::string& path);
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
