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

const std::vector<AuxModelKind>& aux_models() {
  static const std::vector<AuxModelKind> models = {
      {"ensemble", "sum of its members' scores as distances (default GMM + kNN), each divided by its spread on the fit set",
       make_ensemble, ensemble_run_options},
      {"gmm", "Gaussian mixture, k by cross-validated held-out log-likelihood; score −log p", make_gmm,
       with_run_seed},
      {"knn", "distance to the k-th nearest fit vector", make_knn, knn_run_options},
      {"flow", "masked autoregressive flow; score −log p", make_flow, with_run_seed},
  };
  return models;
}

nlohmann::json with_run_seed(nlohmann::json settings, const AuxRunContext& run) {
  if (!settings.contains("seed")) settings["seed"] = run.seed;
  return settings;
}

const std::vector<std::string>& aux_kinds() {
  static const std::vector<std::string> kinds = [] {
    std::vector<std::string> k;
    for (const auto& m : aux_models()) k.push_back(m.kind);
    return k;
  }();
  return kinds;
}

std::string aux_kinds_text() {
  std::string s;
  for (const auto& k : aux_kinds()) s += (s.empty() ? "" : ", ") + k;
  return s;
}

const AuxModelKind& aux_model(const std::string& kind) {
  for (const auto& m : aux_models())
    if (m.kind == kind) return m;
  throw Error("unknown auxiliary model '" + kind + "' (" + aux_kinds_text() + ")");
}

std::unique_ptr<DensityModel> make_density_model(const std::string& kind, const nlohmann::json& options) {
  return aux_model(kind).make(options.is_object() ? options : nlohmann::json::object());
}

std::vector<std::shared_ptr<const DensityModel>> fit_density_models(
    const std::vector<std::string>& kinds, const std::function<nlohmann::json(const std::string&)>& options_of,
    const Eigen::MatrixXd& fit, const ProgressFn& progress, const CancelToken* cancel) {
  std::vector<std::shared_ptr<const DensityModel>> models;
  for (const auto& kind : kinds) {
    const nlohmann::json given = options_of(kind);
    const nlohmann::json options = given.is_object() ? given : nlohmann::json::object();
    std::shared_ptr<const DensityModel> same;
    for (const auto& m : models)
      if (const DensityModel* member = m->fitted_member(kind, options)) {
        same = std::shared_ptr<const DensityModel>(m, member);  // shares the holder's lifetime
        break;
      }
    if (!same) {
      auto model = make_density_model(kind, options);
      model->fit(fit, progress, cancel);
      same = std::move(model);
    }
    models.push_back(std::move(same));
  }
  return models;
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
