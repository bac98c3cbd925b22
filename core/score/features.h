#pragma once
// Feature sets: what the auxiliary models see of each image. Every set is computed from the
// same forward passes (score/score_norms.h): "norms" is the paper's N×L matrix of score
// norms; richer sets add statistics of σ_i·s(x, i) and transform them. The run config
// records the set, the score cache keys on it and metrics.json names it.
#include <Eigen/Core>
#include <string>
#include <vector>

namespace msma {

struct FeatureSet {
  std::string name;
  std::string description;  // one line for --help, reports and the GUI
  bool needs_stats = false; // computed from compute_score_stats (else from the norms alone)
};

const std::vector<FeatureSet>& feature_sets();
// The set called `name`; a clear error listing the known sets otherwise.
const FeatureSet& feature_set(const std::string& name);

// Whether a score matrix of `cols` columns at `levels` noise levels can give the set its
// features: N×L norms for sets that need nothing else, or a statistics matrix (today's, or
// one scored before the row bands when the set reads none of them).
bool serves_feature_set(Eigen::Index cols, const std::string& set, int levels);
// The column counts that serve the set at `levels` levels, for messages: "180", "140 or 180",
// "10, 140 or 180".
std::string served_columns(const std::string& set, int levels);

// Features of every row: `scores` is the N×(kScoreStats·L) statistics matrix (any set), or
// N×L norms (sets that need no statistics).
Eigen::MatrixXd make_features(const std::string& set, const Eigen::MatrixXd& scores, int levels);
// One name per feature column, e.g. "log_norm@σ=0.0464".
std::vector<std::string> feature_names(const std::string& set, const std::vector<double>& sigmas);

}  // namespace msma
