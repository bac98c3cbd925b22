#include "density/density_model.h"

#include <cmath>

#include "common/atomic_file.h"
#include "common/error.h"
#include "density/gmm.h"
#include "density/knn.h"

namespace msma {

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
    return std::make_unique<Knn>(k);
  }
  throw Error("unknown auxiliary model '" + kind + "' (gmm or knn)");
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
