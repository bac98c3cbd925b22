#pragma once
// Gaussian mixture on standardised vectors, full covariances, EM with k-means++ seeding.
// The number of components is chosen by K-fold cross-validated mean held-out
// log-likelihood over a grid (the MSMA authors: k ∈ {2,4,…,20}, 10 unshuffled folds).
#include <vector>

#include "density/density_model.h"

namespace msma {

struct GmmOptions {
  std::vector<int> k_grid = {2, 4, 6, 8, 10, 12, 14, 16, 18, 20};
  int folds = 10;
  bool shuffle_folds = false;
  double reg_covar = 1e-6;
  int n_init = 1;
  int max_iter = 100;
  double tol = 1e-3;
  std::uint64_t seed = 0;
  int threads = 0;  // folds run in parallel; 0: all cores
};

struct GmmFit {  // one fitted mixture in standardised space
  Eigen::VectorXd weights;
  std::vector<Eigen::VectorXd> means;
  std::vector<Eigen::MatrixXd> covariances;
  std::vector<Eigen::MatrixXd> chol;  // lower Cholesky factors of the covariances
  double lower_bound = 0;             // mean log-likelihood at convergence
  int iterations = 0;
  bool converged = false;
};

// EM for a fixed k on already standardised rows; best of n_init starts by lower bound.
GmmFit fit_gmm_em(const Eigen::MatrixXd& x, int k, const GmmOptions& opt, std::uint64_t seed);
Eigen::VectorXd gmm_log_likelihood(const GmmFit& g, const Eigen::MatrixXd& x);

class Gmm : public DensityModel {
 public:
  explicit Gmm(GmmOptions opt = {}) : opt_(std::move(opt)) {}
  std::string kind() const override { return "gmm"; }
  void fit(const Eigen::MatrixXd& x, const ProgressFn& progress, const CancelToken* cancel) override;
  Eigen::VectorXd score(const Eigen::MatrixXd& x) const override;  // −log p(x)
  bool scores_neg_log_likelihood() const override { return true; }
  nlohmann::json to_json() const override;
  void from_json(const nlohmann::json& j) override;
  std::string summary() const override;

  int chosen_k() const { return static_cast<int>(fit_.weights.size()); }
  const std::vector<std::pair<int, double>>& cv_scores() const { return cv_; }
  const GmmFit& mixture() const { return fit_; }

 private:
  GmmOptions opt_;
  Eigen::RowVectorXd mean_, scale_;
  GmmFit fit_;
  std::vector<std::pair<int, double>> cv_;  // (k, mean held-out log-likelihood)
};

// The registry's entry (density_model.h): options {k_grid, folds, shuffle_folds, reg_covar,
// n_init, max_iter, tol, seed, threads}, checked; a run's options take the run's seed
// (with_run_seed).
std::unique_ptr<DensityModel> make_gmm(const nlohmann::json& options);

}  // namespace msma
