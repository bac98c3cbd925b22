#include "models/evidence.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "models/run_results.h"

namespace msma::ui {

namespace {
std::vector<double> toStd(const Eigen::VectorXd& v) { return {v.data(), v.data() + v.size()}; }
std::vector<double> column(const Eigen::MatrixXd& m, Eigen::Index c) {
  return {m.col(c).data(), m.col(c).data() + m.rows()};
}
}  // namespace

Histogram bin_columns(const std::vector<std::vector<double>>& columns, int bins, double q_lo, double q_hi,
                      bool as_density) {
  std::vector<double> all;
  for (const auto& c : columns) all.insert(all.end(), c.begin(), c.end());
  return bin_columns_in(columns, bins, quantile(all, q_lo), quantile(all, q_hi), as_density);
}

Histogram bin_columns_in(const std::vector<std::vector<double>>& columns, int bins, double lo, double hi,
                         bool as_density, bool outside_in_end_bins) {
  Histogram h;
  h.lo = lo;
  h.hi = hi > lo ? hi : lo + 1;
  const double width = (h.hi - h.lo) / bins;
  for (const auto& c : columns) {
    std::vector<double> d(static_cast<std::size_t>(bins), 0.0);
    for (double v : c) {
      // Clamped as a double: a far score (noise under a narrow range) would overflow an int.
      const double b = std::floor((v - h.lo) / width);
      if (!outside_in_end_bins && !(b >= 0 && b < bins)) continue;
      d[static_cast<std::size_t>(!(b > 0) ? 0 : b >= bins - 1 ? bins - 1 : static_cast<int>(b))] += 1.0;
    }
    const double scale = std::max<double>(1, c.size()) * (as_density ? width : 1.0);
    for (double& v : d) v /= scale;
    h.heights.push_back(std::move(d));
  }
  return h;
}

Evidence compute_evidence(const RunResults& r) {
  Evidence e;
  const nlohmann::json saved_aux = r.metrics.value("aux", nlohmann::json::object());
  for (const auto& kind : r.aux_kinds) {
    AuxEvidence a;
    const auto in = toStd(r.inlier().ood_score.at(kind));
    const nlohmann::json saved = saved_aux.value(kind, nlohmann::json::object()).value("ood", nlohmann::json::object());
    a.ood.resize(r.sets.size());
    std::vector<std::vector<double>> all;
    for (std::size_t s = 0; s < r.sets.size(); ++s) {
      all.push_back(toStd(r.sets[s].ood_score.at(kind)));
      if (r.sets[s].inlier) continue;
      OodMetrics m = evaluate_ood(in, all.back(), 0);
      // The bootstrap interval (1,000 rounds) is the evaluation stage's, when it ran one.
      const auto j = r.sets[s].checked ? nlohmann::json::object() : saved.value(r.sets[s].name, nlohmann::json::object());
      if (j.contains("auroc_ci95") && j["auroc_ci95"].is_array() && j["auroc_ci95"].size() == 2) {
        m.auroc_ci_low = j["auroc_ci95"][0];
        m.auroc_ci_high = j["auroc_ci95"][1];
        m.bootstrap_rounds = j.value("bootstrap_rounds", 1);  // an interval implies rounds
      }
      a.ood[s] = std::move(m);
    }
    // The evaluation's health AUROC when it computed one (it scored the fit vectors).
    const nlohmann::json health = saved_aux.value(kind, nlohmann::json::object()).value("health_auroc", nlohmann::json());
    a.health = health.is_number() ? health.get<double>() : auroc(toStd(r.models.at(kind)->score_fit_vectors(r.fit)), in);
    a.scores = bin_columns(all, kScoreBins, 0.001, 0.999, false);
    const double in_lo = quantile(in, 0.005), in_hi = quantile(in, 0.995), margin = 0.25 * (in_hi - in_lo);
    a.scores_near_inliers = bin_columns_in(all, kScoreBins, in_lo - margin, in_hi + margin, false, false);
    e.aux[kind] = std::move(a);
  }
  const int L = r.levels();
  e.level_auroc.assign(r.sets.size(), std::vector<double>(static_cast<std::size_t>(L), std::numeric_limits<double>::quiet_NaN()));
  // The run's own sets: the per-scale AUROC the evaluation wrote (any aux model's: it is of
  // the norms alone); checked sets get theirs below.
  if (!r.aux_kinds.empty()) {
    const nlohmann::json saved =
        saved_aux.value(r.aux_kinds.front(), nlohmann::json::object()).value("ood", nlohmann::json::object());
    for (std::size_t s = 0; s < r.sets.size(); ++s) {
      if (r.sets[s].inlier || r.sets[s].checked) continue;
      const nlohmann::json per_scale = saved.value(r.sets[s].name, nlohmann::json::object()).value("per_scale_auroc", nlohmann::json());
      if (per_scale.is_array() && per_scale.size() == static_cast<std::size_t>(L))
        for (int l = 0; l < L; ++l)
          if (per_scale[static_cast<std::size_t>(l)].is_number())
            e.level_auroc[s][static_cast<std::size_t>(l)] = per_scale[static_cast<std::size_t>(l)].get<double>();
    }
  }
  for (int l = 0; l < L; ++l) {
    std::vector<std::vector<double>> cols;
    for (const auto& s : r.sets) cols.push_back(column(s.norms, l));
    for (std::size_t s = 0; s < r.sets.size(); ++s)
      if (!r.sets[s].inlier && std::isnan(e.level_auroc[s][static_cast<std::size_t>(l)]))
        e.level_auroc[s][static_cast<std::size_t>(l)] = auroc(cols.front(), cols[s]);
    e.norms.push_back(bin_columns(cols, kNormBins, 0.005, 0.995, true));
  }
  return e;
}

}  // namespace msma::ui
