#pragma once
// k-nearest-neighbour distance (Euclidean, exact KD-tree search with nanoflann) on raw
// vectors, as the MSMA authors did, or on standardised ones (features of mixed units). As
// the authors did, a fit point scored against the fit set finds itself as its first neighbour.
#include "density/density_model.h"

namespace msma {

class Knn : public DensityModel {
 public:
  explicit Knn(int k = 5, bool standardise = false);
  ~Knn() override;
  std::string kind() const override { return "knn"; }
  void fit(const Eigen::MatrixXd& x, const ProgressFn& progress, const CancelToken* cancel) override;
  Eigen::VectorXd score(const Eigen::MatrixXd& x) const override;  // distance to the k-th neighbour
  nlohmann::json to_json() const override;
  void from_json(const nlohmann::json& j) override;
  std::string summary() const override;

 private:
  void build();
  int k_;
  bool standardise_;
  Eigen::RowVectorXd mean_, scale_;  // identity when not standardising
  Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> points_;
  struct Index;
  std::unique_ptr<Index> index_;
};

// The registry's entry (density_model.h): options {k, standardise}; a run standardises
// richer feature sets (mixed units: log norms, means, cosines) unless told otherwise.
std::unique_ptr<DensityModel> make_knn(const nlohmann::json& options);
nlohmann::json knn_run_options(nlohmann::json settings, const AuxRunContext& run);

}  // namespace msma
