#pragma once
// Masked autoregressive flow (MAF, Papamakarios et al. 2017) as the MSMA authors used it:
// each layer is a MADE (Germain et al. 2015) with two hidden layers of 128 ELU units that
// outputs a shift and a log-scale per dimension; the base is a standard normal; OOD score
// = −log p(x). Several layers can be stacked, with the dimension order reversed between them.
#include "density/density_model.h"

namespace msma {

struct FlowOptions {
  int layers = 1;
  int hidden = 128;
  int epochs = 100;
  int batch_size = 128;
  std::string optimizer = "adam";  // "adam" or "adadelta" (the authors': lr 0.01, 1000 epochs)
  double learning_rate = 1e-3;
  bool standardise = true;         // the authors fed raw vectors (false)
  std::uint64_t seed = 0;
  int threads = 0;
};

class Flow : public DensityModel {
 public:
  explicit Flow(FlowOptions opt = {});
  ~Flow() override;
  std::string kind() const override { return "flow"; }
  void fit(const Eigen::MatrixXd& x, const ProgressFn& progress, const CancelToken* cancel) override;
  Eigen::VectorXd score(const Eigen::MatrixXd& x) const override;  // −log p(x)
  bool scores_neg_log_likelihood() const override { return true; }
  nlohmann::json to_json() const override;
  void from_json(const nlohmann::json& j) override;
  std::string summary() const override;
  const std::vector<double>& epoch_losses() const { return losses_; }

 private:
  struct Net;
  FlowOptions opt_;
  Eigen::RowVectorXd mean_, scale_;
  std::shared_ptr<Net> net_;
  std::vector<double> losses_;
};

// The registry's entry (density_model.h): options as FlowOptions' fields, checked; a run's
// options take the run's seed (with_run_seed).
std::unique_ptr<DensityModel> make_flow(const nlohmann::json& options);

}  // namespace msma
