#pragma once
// OOD metrics from OOD scores (higher = more out-of-distribution). Exact with ties: equal
// scores form one threshold step, so AUROC equals the Mann-Whitney statistic with ½ per tie.
//
// Conventions:
//  * usual (Hendrycks & Gimpel / ODIN; reported by default): inliers are positive.
//    FPR@95 = share of OOD images accepted at the strictest threshold that keeps ≥ 95 % of
//    inliers; AUPR-in has inliers positive, AUPR-out has OOD positive.
//  * authors' (MSMA code): outliers are positive. FPR@95 = share of inliers flagged at the
//    first threshold whose OOD catch rate is within ±0.105 % of 95 % (their numpy.isclose
//    rule), else the least FPR that catches ≥ 95 %.
// Detection error = min over thresholds of ½(1 − TPR) + ½ FPR (the same in both).
// AUPR is average precision (step-wise, as scikit-learn's average_precision_score).
#include <cstdint>
#include <string>
#include <vector>

namespace msma {

struct RocPoint {
  double threshold;  // flag as OOD when score ≥ threshold
  double fpr;        // share of inliers flagged
  double tpr;        // share of OOD flagged
};

struct PrPoint {
  double recall, precision;
};

struct OodMetrics {
  std::size_t n_in = 0, n_ood = 0;
  double auroc = 0;
  double aupr_in = 0, aupr_out = 0;
  double fpr_at_95_tpr = 0;          // usual convention
  double fpr_at_80_tpr = 0;          // usual convention
  double fpr_at_95_tpr_authors = 0;  // outliers positive
  double detection_error = 0;
  double auroc_ci_low = 0, auroc_ci_high = 0;  // bootstrap 95 % percentile interval
  int bootstrap_rounds = 0;
  std::vector<RocPoint> roc;         // from (0,0) to (1,1), one point per distinct score
  std::vector<PrPoint> pr_in, pr_out;
};

// The per-set columns of every metrics table (the CLI's, MSMA Studio's ROC table and its
// report), in order: the header as shown (MSMA Studio translates it, context
// "msma::MetricColumn"), the key in metrics.json, the value in per cent.
struct MetricColumn {
  const char* header;
  const char* json_key;
  double (*percent)(const OodMetrics& m);
};
const std::vector<MetricColumn>& metric_columns();
// The AUROC with its bootstrap interval, "98.92 [98.78, 99.05]" ("98.92" without rounds).
std::string auroc_text(const OodMetrics& m);

double auroc(const std::vector<double>& in_scores, const std::vector<double>& ood_scores);
OodMetrics evaluate_ood(const std::vector<double>& in_scores, const std::vector<double>& ood_scores,
                        int bootstrap_rounds = 1000, std::uint64_t seed = 0);

// Linear-interpolated quantile (q in [0, 1]) of unsorted values, as the GUI's threshold
// presets take it; 0 for no values.
double quantile(std::vector<double> v, double q);

}  // namespace msma
