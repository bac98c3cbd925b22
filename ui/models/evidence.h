#pragma once
// What the evidence views draw, computed once when a run is loaded (in the worker thread,
// never on the GUI thread): the metrics and curves of every set under every auxiliary model,
// the health AUROC, the OOD-score histogram, and per noise level the score-norm histogram
// and each set's single-level AUROC. The views only read these.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "metrics/metrics.h"

namespace msma::ui {

class RunResults;

struct Histogram {
  double lo = 0, hi = 1;
  std::vector<std::vector<double>> heights;  // per set, per bin
  double width() const { return heights.empty() || heights[0].empty() ? 1 : (hi - lo) / heights[0].size(); }
};

// Common bins over the [q_lo, q_hi] quantile range of all `columns` pooled; values outside
// fall in the end bins. heights: the share of the set per bin, or (as_density) share / width.
Histogram bin_columns(const std::vector<std::vector<double>>& columns, int bins, double q_lo, double q_hi,
                      bool as_density);
// The same over a given range [lo, hi]; with `outside_in_end_bins` false, values outside
// the range are left out (the heights stay shares of the whole set).
Histogram bin_columns_in(const std::vector<std::vector<double>>& columns, int bins, double lo, double hi,
                         bool as_density, bool outside_in_end_bins = true);

struct AuxEvidence {
  // Per RunResults::sets index: the metrics with curves of every non-inlier set (checked sets
  // too, for when the user counts them as OOD); the run's own sets take the bootstrap
  // interval from metrics.json. Empty for the inlier test set.
  std::vector<std::optional<OodMetrics>> ood;
  double health = 0.5;  // AUROC of fit vectors against inlier test vectors
  Histogram scores;     // OOD scores of every set, 0.1–99.9 % range, share per bin
  // The same around the inliers: their 0.5–99.5 % range widened by a quarter of it on each
  // side, scores beyond it left out, so far-OOD sets (noise) neither squeeze the overlap
  // with near-OOD sets into a few pixels nor pile up in an end bin that sets the y scale.
  Histogram scores_near_inliers;
};

struct Evidence {
  std::map<std::string, AuxEvidence> aux;  // aux kind → its evidence
  std::vector<Histogram> norms;            // per level: score norms of every set, density
  std::vector<std::vector<double>> level_auroc;  // [set][level]; NaN for the inlier test set
};

constexpr int kScoreBins = 60;  // OOD-score histogram (ROC tab)
constexpr int kNormBins = 40;   // score-norm histograms per level

// Computes everything above from the loaded sets' scores (RunResults::load calls it).
Evidence compute_evidence(const RunResults& r);

}  // namespace msma::ui
