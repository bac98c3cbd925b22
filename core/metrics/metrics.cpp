#include "metrics/metrics.h"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <cmath>
#include <numeric>
#include <random>

#include "common/error.h"
#include "common/progress.h"

namespace msma {

const std::vector<MetricColumn>& metric_columns() {
  static const std::vector<MetricColumn> columns = {
      {"AUROC", "auroc", [](const OodMetrics& m) { return 100 * m.auroc; }},
      {"AUPR-in", "aupr_in", [](const OodMetrics& m) { return 100 * m.aupr_in; }},
      {"AUPR-out", "aupr_out", [](const OodMetrics& m) { return 100 * m.aupr_out; }},
      {"FPR@95", "fpr_at_95_tpr", [](const OodMetrics& m) { return 100 * m.fpr_at_95_tpr; }},
      {"FPR@80", "fpr_at_80_tpr", [](const OodMetrics& m) { return 100 * m.fpr_at_80_tpr; }},
      {"DetErr", "detection_error", [](const OodMetrics& m) { return 100 * m.detection_error; }},
      {"FPR@95 authors", "fpr_at_95_tpr_authors_convention", [](const OodMetrics& m) { return 100 * m.fpr_at_95_tpr_authors; }},
  };
  return columns;
}

std::string auroc_text(const OodMetrics& m) {
  char buf[64];
  if (m.bootstrap_rounds > 0)
    std::snprintf(buf, sizeof buf, "%.2f [%.2f, %.2f]", 100 * m.auroc, 100 * m.auroc_ci_low, 100 * m.auroc_ci_high);
  else
    std::snprintf(buf, sizeof buf, "%.2f", 100 * m.auroc);
  return buf;
}
namespace {

struct Labelled {
  double score;
  bool ood;
};

void check_inputs(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.empty() || b.empty()) throw Error("metrics need at least one inlier and one OOD score");
  for (const auto* v : {&a, &b})
    for (double s : *v)
      if (!std::isfinite(s)) throw Error("metrics: an OOD score is NaN or infinite; refusing to compute metrics");
}

// Distinct-score steps from the highest score down: cumulative (inliers, OOD) flagged.
struct Step {
  double threshold;
  std::size_t fp, tp;
};

std::vector<Step> steps_desc(const std::vector<double>& in, const std::vector<double>& ood) {
  std::vector<Labelled> all;
  all.reserve(in.size() + ood.size());
  for (double s : in) all.push_back({s, false});
  for (double s : ood) all.push_back({s, true});
  std::sort(all.begin(), all.end(), [](const Labelled& a, const Labelled& b) { return a.score > b.score; });
  std::vector<Step> steps;
  std::size_t fp = 0, tp = 0;
  for (std::size_t i = 0; i < all.size();) {
    const double t = all[i].score;
    for (; i < all.size() && all[i].score == t; ++i) (all[i].ood ? tp : fp)++;
    steps.push_back({t, fp, tp});
  }
  return steps;
}

// Average precision for positives = the class counted by `pos` along steps taken in order.
template <class Count>
std::pair<double, std::vector<PrPoint>> average_precision(std::size_t steps, std::size_t n_pos, Count count) {
  double ap = 0, prev_recall = 0;
  std::vector<PrPoint> curve;
  for (std::size_t i = 0; i < steps; ++i) {
    const auto [tp, fp] = count(i);
    const double recall = double(tp) / n_pos;
    const double precision = tp + fp > 0 ? double(tp) / (tp + fp) : 1.0;
    ap += (recall - prev_recall) * precision;
    prev_recall = recall;
    curve.push_back({recall, precision});
  }
  return {ap, curve};
}

}  // namespace

double auroc(const std::vector<double>& in, const std::vector<double>& ood) {
  note_core_computation();
  check_inputs(in, ood);
  const auto steps = steps_desc(in, ood);
  double area = 0;
  std::size_t pfp = 0, ptp = 0;
  for (const auto& s : steps) {
    area += double(s.fp - pfp) * double(s.tp + ptp) / 2.0;  // trapezoid in count units
    pfp = s.fp;
    ptp = s.tp;
  }
  return area / (double(in.size()) * double(ood.size()));
}

OodMetrics evaluate_ood(const std::vector<double>& in, const std::vector<double>& ood, int rounds,
                        std::uint64_t seed) {
  check_inputs(in, ood);
  OodMetrics m;
  m.n_in = in.size();
  m.n_ood = ood.size();
  const double n_in = double(in.size()), n_ood = double(ood.size());
  const auto steps = steps_desc(in, ood);
  m.roc.push_back({std::numeric_limits<double>::infinity(), 0, 0});
  for (const auto& s : steps) m.roc.push_back({s.threshold, s.fp / n_in, s.tp / n_ood});
  m.auroc = auroc(in, ood);

  m.fpr_at_95_tpr = m.fpr_at_80_tpr = m.fpr_at_95_tpr_authors = 1.0;
  m.detection_error = 0.5;
  for (const auto& p : m.roc) {
    // Usual: inliers positive. Inliers kept = 1 − fpr, OOD accepted = 1 − tpr.
    if (1 - p.fpr >= 0.95 - 1e-12) m.fpr_at_95_tpr = std::min(m.fpr_at_95_tpr, 1 - p.tpr);
    if (1 - p.fpr >= 0.80 - 1e-12) m.fpr_at_80_tpr = std::min(m.fpr_at_80_tpr, 1 - p.tpr);
    m.detection_error = std::min(m.detection_error, 0.5 * (1 - p.tpr) + 0.5 * p.fpr);
  }
  // Authors' rule (ood_detection_helper.py): FPR at the first ROC point whose TPR is
  // numpy.isclose to 0.95 (|tpr − 0.95| ≤ 1e-4 + 1e-3·0.95); where no point is that close
  // (their code then reads index 0), we take the strict rule: least FPR with TPR ≥ 0.95.
  bool found = false;
  for (const auto& p : m.roc)
    if (std::abs(p.tpr - 0.95) <= 1e-4 + 1e-3 * 0.95) {
      m.fpr_at_95_tpr_authors = p.fpr;
      found = true;
      break;
    }
  if (!found)
    for (const auto& p : m.roc)
      if (p.tpr >= 0.95 - 1e-12) m.fpr_at_95_tpr_authors = std::min(m.fpr_at_95_tpr_authors, p.fpr);
  // AUPR-out: OOD positive, walking thresholds from high scores down.
  auto out = average_precision(steps.size(), ood.size(), [&](std::size_t i) {
    return std::pair<std::size_t, std::size_t>(steps[i].tp, steps[i].fp);
  });
  m.aupr_out = out.first;
  m.pr_out = std::move(out.second);
  // AUPR-in: inliers positive, walking from low scores up (the same steps reversed).
  const std::size_t ns = steps.size();
  auto inl = average_precision(ns, in.size(), [&](std::size_t i) {
    // Accepted as inlier: scores ≤ threshold of step ns-1-i, i.e. everything not flagged above it.
    const std::size_t j = ns - 1 - i;
    const std::size_t fp_above = j == 0 ? 0 : steps[j - 1].fp, tp_above = j == 0 ? 0 : steps[j - 1].tp;
    return std::pair<std::size_t, std::size_t>(in.size() - fp_above, ood.size() - tp_above);
  });
  m.aupr_in = inl.first;
  m.pr_in = std::move(inl.second);

  m.bootstrap_rounds = rounds;
  if (rounds > 0) {
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<std::size_t> pick_in(0, in.size() - 1), pick_ood(0, ood.size() - 1);
    std::vector<double> a(in.size()), b(ood.size()), aucs;
    aucs.reserve(rounds);
    for (int r = 0; r < rounds; ++r) {
      for (auto& v : a) v = in[pick_in(rng)];
      for (auto& v : b) v = ood[pick_ood(rng)];
      aucs.push_back(auroc(a, b));
    }
    std::sort(aucs.begin(), aucs.end());
    auto q = [&](double p) {
      const double pos = p * (aucs.size() - 1);
      const std::size_t lo = static_cast<std::size_t>(std::floor(pos));
      const std::size_t hi = std::min(lo + 1, aucs.size() - 1);
      return aucs[lo] + (pos - lo) * (aucs[hi] - aucs[lo]);
    };
    m.auroc_ci_low = q(0.025);
    m.auroc_ci_high = q(0.975);
  }
  return m;
}

double quantile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const double pos = std::clamp(q, 0.0, 1.0) * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(pos);
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (pos - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

}  // namespace msma
