#pragma once
// k-nearest-neighbour distance (Euclidean, exact) on raw vectors, as the MSMA authors did, or
// on standardised ones (features of mixed units). Search: a KD-tree (nanoflann) up to
// kTreeMaxFeatures columns; above, one matrix product per block of queries screens the
// points and the few that could be nearest are measured as the tree measures them. As
// the authors did, score() of a fit point finds the point itself as its first neighbour;
// score_fit_vectors() leaves it out (the k-th neighbour among the other fit points).
#include "density/density_model.h"

namespace msma {

constexpr int kTreeMaxFeatures = 15;

class Knn : public DensityModel {
 public:
  explicit Knn(int k = 5, bool standardise = false);
  ~Knn() override;
  std::string kind() const override { return "knn"; }
  void fit(const Eigen::MatrixXd& x, const ProgressFn& progress, const CancelToken* cancel) override;
  Eigen::VectorXd score(const Eigen::MatrixXd& x) const override;  // distance to the k-th neighbour
  Eigen::VectorXd score_fit_vectors(const Eigen::MatrixXd& fit) const override;  // leave-one-out
  nlohmann::json to_json() const override;
  void from_json(const nlohmann::json& j) override;
  std::string summary() const override;

 private:
  void build();
  // Distance of each row to its (k + skip)-th neighbour; with skip = 1 every row must be a
  // fit point (its nearest neighbour at distance 0), else the row's number is in the error.
  Eigen::VectorXd kth_distance(const Eigen::MatrixXd& x, int skip) const;
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
