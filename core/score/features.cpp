#include "score/features.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "common/error.h"
#include "score/score_norms.h"

namespace msma {
namespace {

// A block of L feature columns: statistic `stat` (score_norms.h) at every level, taken as
// it is or as its logarithm (norms span decades across σ and their tails are heavy; the log
// makes a Gaussian mixture fit both tails alike).
struct Block {
  int stat;
  bool log;
  int stride = 1;  // every stride-th level from the first (statistics computed at those only)
};

struct Definition {
  FeatureSet set;
  std::vector<Block> blocks;
};

// `stats`: every statistic but the row bands; log where the values span decades.
std::vector<Block> stats_blocks() {
  return {{0, true}, {1, false}, {2, false}, {3, true}, {8, false}, {4, true}, {5, true}, {6, true}, {7, true},
          {9, true, kDenoiseStride}, {10, true, kDenoiseStride}, {11, true, kDenoiseStride},
          {12, true, kDenoiseStride}, {13, true, kDenoiseStride}};
}

// `stats-bands`: `stats`, then the row-band means (signed) at the denoising residual's levels.
std::vector<Block> stats_bands_blocks() {
  std::vector<Block> b = stats_blocks();
  for (int k = 0; k < kRowBands; ++k) b.push_back({kScoreStatsBeforeRowBands + k, false, kDenoiseStride});
  return b;
}

const std::vector<Definition>& definitions() {
  static const std::vector<Definition> defs = {
      {{"norms", "score norms ‖σ·s(x, σ)‖ at each σ (the paper's features)", false}, {{0, false}}},
      {{"lognorms", "log score norms at each σ", false}, {{0, true}}},
      {{"stats",
        "log score norms, mean, third moment and 99th-percentile |σ·s|, cosine with the image, and log norms on "
        "the four image quadrants, at each σ; log denoising residual, whole and per quadrant, at every other σ",
        true},
       stats_blocks()},
      {{"stats-bands",
        "stats, and the mean of σ·s on four bands of image rows (a signed vertical profile) at every other σ",
        true},
       stats_bands_blocks()},
  };
  return defs;
}

const Definition& definition(const std::string& name) {
  for (const auto& d : definitions())
    if (d.set.name == name) return d;
  std::string known;
  for (const auto& d : definitions()) known += (known.empty() ? "" : ", ") + d.set.name;
  throw Error("unknown feature set '" + name + "' (" + known + ")");
}

// How many statistics per level (score/score_norms.h) the set reads: 1 for the norms.
int statistics_needed(const Definition& d) {
  int k = 1;
  for (const auto& b : d.blocks) k = std::max(k, b.stat + 1);
  return k;
}

// Norms of an image the network maps exactly to zero would give log 0; a floor far below
// any real norm keeps the log finite without moving real values.
constexpr double kLogFloor = 1e-12;

}  // namespace

const std::vector<FeatureSet>& feature_sets() {
  static const std::vector<FeatureSet> sets = [] {
    std::vector<FeatureSet> out;
    for (const auto& d : definitions()) out.push_back(d.set);
    return out;
  }();
  return sets;
}

const FeatureSet& feature_set(const std::string& name) { return definition(name).set; }

bool serves_feature_set(Eigen::Index cols, const std::string& set, int levels) {
  if (levels <= 0 || cols % levels != 0) return false;
  const Eigen::Index k = cols / levels;
  // The norms alone (sets that need nothing else), or a statistics matrix of today's layout
  // or of the one before the row bands, holding every statistic the set reads.
  const Definition& d = definition(set);
  const bool norms_only = k == 1 && !d.set.needs_stats;
  const bool stats = (k == kScoreStats || k == kScoreStatsBeforeRowBands) && k >= statistics_needed(d);
  return norms_only || stats;
}

std::string served_columns(const std::string& set, int levels) {
  const Definition& d = definition(set);
  std::vector<int> widths;
  if (!d.set.needs_stats) widths.push_back(levels);
  if (statistics_needed(d) <= kScoreStatsBeforeRowBands) widths.push_back(kScoreStatsBeforeRowBands * levels);
  widths.push_back(kScoreStats * levels);
  std::string out;
  for (std::size_t i = 0; i < widths.size(); ++i)
    out += (i == 0 ? "" : i + 1 == widths.size() ? " or " : ", ") + std::to_string(widths[i]);
  return out;
}

Eigen::MatrixXd make_features(const std::string& set, const Eigen::MatrixXd& scores, int levels) {
  const Definition& d = definition(set);
  const Eigen::Index L = levels;
  // A statistics matrix serves every set (its first L columns are the norms); a norms
  // matrix only the sets that need nothing else.
  if (!serves_feature_set(scores.cols(), set, levels))
    throw Error("feature set '" + set + "' needs " + served_columns(set, levels) + " score columns (" +
                std::to_string(L) + " noise levels), got " + std::to_string(scores.cols()));
  Eigen::Index cols = 0;
  for (const auto& b : d.blocks) cols += (L + b.stride - 1) / b.stride;
  Eigen::MatrixXd out(scores.rows(), cols);
  Eigen::Index c = 0;
  for (const auto& b : d.blocks)
    for (Eigen::Index l = 0; l < L; l += b.stride, ++c) {
      const auto src = scores.col(b.stat * L + l);
      if (b.log) out.col(c) = src.array().max(kLogFloor).log().matrix();
      else out.col(c) = src;
    }
  return out;
}

std::vector<std::string> feature_names(const std::string& set, const std::vector<double>& sigmas) {
  const Definition& d = definition(set);
  std::vector<std::string> names;
  for (const auto& b : d.blocks)
    for (std::size_t l = 0; l < sigmas.size(); l += static_cast<std::size_t>(b.stride)) {
      std::ostringstream o;
      o << (b.log ? "log_" : "") << score_stat_names()[b.stat] << "@sigma=" << sigmas[l];
      names.push_back(o.str());
    }
  return names;
}

}  // namespace msma
