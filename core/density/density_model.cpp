#include "density/density_model.h"

#include <cmath>

#include "common/atomic_file.h"
#include "common/error.h"
#include "density/ensemble.h"
#include "density/flow.h"
#include "density/gmm.h"
#include "density/knn.h"

namespace msma {

Standardiser::Standardiser(const Eigen::MatrixXd& x) {
  mean = x.colwise().mean();
  scale = ((x.rowwise() - mean).array().square().colwise().sum() / static_cast<double>(x.rows())).sqrt();
  for (Eigen::Index c = 0; c < scale.size(); ++c)
    if (scale(c) == 0) scale(c) = 1;
}

Eigen::MatrixXd Standardiser::apply(const Eigen::MatrixXd& x) const {
  return (x.rowwise() - mean).array().rowwise() / scale.array();
}

void require_finite(const Eigen::MatrixXd& x, const std::string& what) {
  for (Eigen::Index r = 0; r < x.rows(); ++r)
    for (Eigen::Index c = 0; c < x.cols(); ++c)
      if (!std::isfinite(x(r, c)))
        throw Error(what + ": value at row " + std::to_string(r) + ", column " + std::to_string(c) + " is " +
                    (std::isnan(x(r, c)) ? "NaN" : "infinite") + "; refusing to fit or score it");
}

std::unique_ptr<DensityModel> make_density_model(const std::string& kind, const nlohmann::json& options) {
  const nlohmann::json o = options.is_object() ? options : nlohmann::json::object();
  if (kind == "gmm") {
    GmmOptions g;
    g.k_grid = o.value("k_grid", g.k_grid);
    g.folds = o.value("folds", g.folds);
    g.shuffle_folds = o.value("shuffle_folds", g.shuffle_folds);
    g.reg_covar = o.value("reg_covar", g.reg_covar);
    g.n_init = o.value("n_init", g.n_init);
    g.max_iter = o.value("max_iter", g.max_iter);
    g.tol = o.value("tol", g.tol);
    g.seed = o.value("seed", g.seed);
    g.threads = o.value("threads", g.threads);
    if (g.k_grid.empty()) throw Error("gmm: k_grid is empty");
    for (int k : g.k_grid)
      if (k < 1) throw Error("gmm: every k must be at least 1");
    if (g.folds < 2 && g.k_grid.size() > 1) throw Error("gmm: need at least 2 folds to choose k");
    return std::make_unique<Gmm>(g);
  }
  if (kind == "knn") {
    const int k = o.value("k", 5);
    if (k < 1) throw Error("knn: k must be at least 1");
    return std::make_unique<Knn>(k, o.value("standardise", false));
  }
  if (kind == "flow") {
    FlowOptions f;
    f.layers = o.value("layers", f.layers);
    f.hidden = o.value("hidden", f.hidden);
    f.epochs = o.value("epochs", f.epochs);
    f.batch_size = o.value("batch_size", f.batch_size);
    f.optimizer = o.value("optimizer", f.optimizer);
    f.learning_rate = o.value("learning_rate", f.learning_rate);
    f.standardise = o.value("standardise", f.standardise);
    f.seed = o.value("seed", f.seed);
    f.threads = o.value("threads", f.threads);
    if (f.optimizer != "adam" && f.optimizer != "adadelta") throw Error("flow: optimizer must be 'adam' or 'adadelta'");
    return std::make_unique<Flow>(f);
  }
  if (kind == "ensemble") return std::make_unique<Ensemble>(o);
  throw Error("unknown auxiliary model '" + kind + "' (" + aux_kinds_text() + ")");
}

const std::vector<std::string>& aux_kinds() {
  static const std::vector<std::string> kinds = {"gmm", "knn", "flow", "ensemble"};
  return kinds;
}

std::string aux_kinds_text() {
  std::string s;
  for (const auto& k : aux_kinds()) s += (s.empty() ? "" : ", ") + k;
  return s;
}

void save_density_model(const DensityModel& model, const std::string& path) {
  nlohmann::json j = model.to_json();
  j["kind"] = model.kind();
  write_file_atomic(path, j.dump());
}

std::unique_ptr<DensityModel> load_density_model(const std::string& path) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(read_file(path));
    auto m = make_density_model(j.at("kind").get<std::string>(), j.value("options", nlohmann::json::object()));
    m->from_json(j);
    return m;
  } catch (const nlohmann::json::exception& e) {
    throw Error(path + ": not a valid saved auxiliary model (" + e.what() + ")");
  }
}

}  // namespace msma
