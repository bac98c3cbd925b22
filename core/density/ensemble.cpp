#include "density/ensemble.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "common/error.h"

namespace msma {

namespace {
const nlohmann::json kDefaultMembers = {"gmm", "knn"};  // a likelihood and a distance

// A combine rule, given (options) or saved (from_json): true for "distance", false for "sum".
bool is_distance_form(const nlohmann::json& rule) {
  if (rule.is_string() && (rule == "distance" || rule == "sum")) return rule == "distance";
  throw Error("ensemble: 'combine' must be \"distance\" or \"sum\", got " + rule.dump());
}

// One weight per member from {"kind": weight, …}: positive and finite; a member not named weighs 1.
std::vector<double> member_weights(const nlohmann::json& members, const nlohmann::json& weights) {
  if (!weights.is_object()) throw Error("ensemble: 'weights' must map member kinds to weights, got " + weights.dump());
  std::vector<double> out;
  for (const auto& m : members) {
    const std::string kind = m.get<std::string>();
    const nlohmann::json& w = weights.contains(kind) ? weights[kind] : nlohmann::json(1.0);
    if (!w.is_number() || !(w.get<double>() > 0) || !std::isfinite(w.get<double>()))
      throw Error("ensemble: the weight of '" + kind + "' must be a positive number, got " + w.dump());
    out.push_back(w.get<double>());
  }
  for (const auto& [kind, w] : weights.items()) {
    if (std::find(members.begin(), members.end(), kind) == members.end())
      throw Error("ensemble: 'weights' names '" + kind + "', which is not a member");
  }
  return out;
}
}  // namespace

Ensemble::Ensemble(nlohmann::json options) : options_(std::move(options)) {
  if (!options_.is_object()) options_ = nlohmann::json::object();
  if (!options_.contains("members")) options_["members"] = kDefaultMembers;
  if (!options_.contains("combine")) options_["combine"] = "distance";
  distance_form_ = is_distance_form(options_["combine"]);
  if (!options_["members"].is_array() || options_["members"].empty())
    throw Error("ensemble: 'members' must list at least one auxiliary model");
  for (const auto& m : options_["members"]) {
    const std::string kind = m.get<std::string>();
    if (kind == "ensemble") throw Error("ensemble: an ensemble cannot be its own member");
    members_.push_back(make_density_model(kind, options_.value(kind, nlohmann::json::object())));
  }
  weights_ = member_weights(options_["members"], options_.value("weights", nlohmann::json::object()));
}

void Ensemble::fit(const Eigen::MatrixXd& x, const ProgressFn& progress, const CancelToken* cancel) {
  scales_.clear();
  floors_.clear();
  for (std::size_t i = 0; i < members_.size(); ++i) {
    auto& m = members_[i];
    m->fit(x, progress, cancel);
    const Eigen::VectorXd raw = m->score(x);
    floors_.push_back(distance_form_ && m->scores_neg_log_likelihood() ? raw.minCoeff() : 0.0);
    const Eigen::VectorXd s = common_scale(i, raw);
    const double mean = s.mean();
    const double sd = std::sqrt((s.array() - mean).square().mean());
    // A member that scores every fit vector alike carries no ranking; weight 1 keeps it finite.
    scales_.push_back(sd > 0 && std::isfinite(sd) ? sd : 1.0);
  }
}

Eigen::VectorXd Ensemble::score(const Eigen::MatrixXd& x) const {
  return combine(x, [&](const DensityModel& m) { return m.score(x); });
}

Eigen::VectorXd Ensemble::score_fit_vectors(const Eigen::MatrixXd& fit) const {
  return combine(fit, [&](const DensityModel& m) { return m.score_fit_vectors(fit); });
}

Eigen::VectorXd Ensemble::common_scale(std::size_t i, const Eigen::VectorXd& member_scores) const {
  if (!distance_form_ || !members_[i]->scores_neg_log_likelihood()) return member_scores;
  // Below the floor (a vector likelier than every fit vector) the distance is 0.
  return (2 * (member_scores.array() - floors_[i]).max(0.0)).sqrt().matrix();
}

Eigen::VectorXd Ensemble::combine(const Eigen::MatrixXd& x,
                                  const std::function<Eigen::VectorXd(const DensityModel&)>& member_score) const {
  note_core_computation();
  if (scales_.size() != members_.size() || floors_.size() != members_.size())
    throw Error("ensemble: score() before fit()");
  Eigen::VectorXd out = Eigen::VectorXd::Zero(x.rows());
  for (std::size_t i = 0; i < members_.size(); ++i)
    out += weights_[i] * common_scale(i, member_score(*members_[i])) / scales_[i];
  return out;
}

nlohmann::json Ensemble::to_json() const {
  nlohmann::json j;
  j["options"] = options_;
  j["combine"] = distance_form_ ? "distance" : "sum";
  j["floors"] = floors_;
  j["scales"] = scales_;
  j["weights"] = weights_;
  j["members"] = nlohmann::json::array();
  for (const auto& m : members_) j["members"].push_back(m->to_json());
  return j;
}

void Ensemble::from_json(const nlohmann::json& j) {
  const auto& saved = j.at("members");
  scales_ = j.at("scales").get<std::vector<double>>();
  if (saved.size() != members_.size() || scales_.size() != members_.size())
    throw Error("ensemble: saved members disagree with its options");
  // Saved without a combine rule: an ensemble from before the distance form, which summed
  // its members' raw scores; it keeps scoring as it was fitted.
  const nlohmann::json rule = j.value("combine", nlohmann::json("sum"));
  distance_form_ = is_distance_form(rule);
  options_["combine"] = rule;
  // Saved without weights: an ensemble from before them, which weighed its members alike.
  weights_ = j.value("weights", std::vector<double>(members_.size(), 1.0));
  if (weights_.size() != members_.size()) throw Error("ensemble: saved member weights disagree with its members");
  nlohmann::json by_kind = nlohmann::json::object();
  for (std::size_t i = 0; i < members_.size(); ++i) by_kind[options_["members"][i].get<std::string>()] = weights_[i];
  options_["weights"] = by_kind;
  floors_ = distance_form_ ? j.at("floors").get<std::vector<double>>() : std::vector<double>(members_.size(), 0.0);
  if (floors_.size() != members_.size()) throw Error("ensemble: saved member floors disagree with its members");
  for (std::size_t i = 0; i < members_.size(); ++i) {
    if (!(scales_[i] > 0) || !std::isfinite(scales_[i])) throw Error("ensemble: saved member scale is invalid");
    if (!std::isfinite(floors_[i])) throw Error("ensemble: saved member floor is invalid");
    if (!(weights_[i] > 0) || !std::isfinite(weights_[i])) throw Error("ensemble: saved member weight is invalid");
    members_[i]->from_json(saved[i]);
  }
}

const DensityModel* Ensemble::fitted_member(const std::string& kind, const nlohmann::json& options) const {
  if (scales_.size() != members_.size()) return nullptr;  // not fitted
  for (std::size_t i = 0; i < members_.size(); ++i)
    if (options_["members"][i] == kind && options_.value(kind, nlohmann::json::object()) == options)
      return members_[i].get();
  return nullptr;
}

std::string Ensemble::summary() const {
  std::string s = distance_form_ ? "Ensemble: weighted sum of member scores as distances (a likelihood's "
                                   "sqrt(2(NLL - lowest fit NLL))), each divided by its spread on the fit vectors:"
                                 : "Ensemble: weighted sum of member scores, each divided by its spread on the fit vectors:";
  for (std::size_t i = 0; i < members_.size(); ++i) {
    char weight[32];
    std::snprintf(weight, sizeof weight, "weight %g × ", weights_[i]);
    s += (i ? "; " : " ") + std::string(weight) + members_[i]->summary();
  }
  return s;
}

std::unique_ptr<DensityModel> make_ensemble(const nlohmann::json& options) {
  return std::make_unique<Ensemble>(options);
}

nlohmann::json ensemble_run_options(nlohmann::json settings, const AuxRunContext& run) {
  if (!settings.contains("members")) settings["members"] = kDefaultMembers;
  if (!settings["members"].is_array()) return settings;  // the constructor says what is wrong
  for (const auto& m : settings["members"]) {
    if (!m.is_string() || m == "ensemble") continue;
    const std::string kind = m.get<std::string>();
    // A member's settings given here follow that member's own run rule (seed, standardising);
    // otherwise the run's settings for that kind.
    if (settings.contains(kind)) settings[kind] = aux_model(kind).run_options(settings[kind], run);
    else if (run.options_of) settings[kind] = run.options_of(kind);
  }
  return settings;
}

}  // namespace msma
