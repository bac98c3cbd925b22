#include "density/knn.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <nanoflann.hpp>
#include <sstream>
#include <thread>

#include "common/error.h"

namespace msma {

namespace {
using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
}

// nanoflann reads points through this adaptor; the tree keeps a reference to it.
struct Knn::Index {
  struct Points {
    const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>* m;
    std::size_t kdtree_get_point_count() const { return static_cast<std::size_t>(m->rows()); }
    double kdtree_get_pt(std::size_t i, std::size_t d) const { return (*m)(i, d); }
    template <class BBox>
    bool kdtree_get_bbox(BBox&) const {
      return false;
    }
  };
  using Tree = nanoflann::KDTreeSingleIndexAdaptor<nanoflann::L2_Adaptor<double, Points>, Points, -1, std::size_t>;
  Points points;
  std::unique_ptr<Tree> tree;
};

Knn::Knn(int k, bool standardise) : k_(k), standardise_(standardise) {}
Knn::~Knn() = default;

void Knn::build() {
  index_ = std::make_unique<Index>();
  index_->points.m = &points_;
  // A KD-tree prunes well in few dimensions; in many it visits nearly every leaf, and one
  // matrix product per block of queries is far faster (scikit-learn's rule: brute force
  // above 15 features). At 135 features and 12,000 points the tree took 25 s per 32,000 queries.
  if (points_.cols() <= kTreeMaxFeatures)
    index_->tree = std::make_unique<Index::Tree>(static_cast<int>(points_.cols()), index_->points,
                                                 nanoflann::KDTreeSingleIndexAdaptorParams(10));
}

void Knn::fit(const Eigen::MatrixXd& x, const ProgressFn& progress, const CancelToken* cancel) {
  require_finite(x, "kNN fit input");
  if (x.rows() < k_)
    throw Error("kNN: " + std::to_string(x.rows()) + " fit vectors are fewer than k = " + std::to_string(k_));
  if (cancel) cancel->check();
  if (standardise_) {
    const Standardiser st(x);
    mean_ = st.mean;
    scale_ = st.scale;
  } else {
    mean_ = Eigen::RowVectorXd::Zero(x.cols());
    scale_ = Eigen::RowVectorXd::Ones(x.cols());
  }
  points_ = (x.rowwise() - mean_).array().rowwise() / scale_.array();
  build();
  if (progress) progress(Progress{"fit knn", 1, 1, 0, 0, {}});
}

Eigen::VectorXd Knn::score(const Eigen::MatrixXd& x) const {
  note_core_computation();
  return kth_distance(x, 0);
}

Eigen::VectorXd Knn::score_fit_vectors(const Eigen::MatrixXd& fit) const {
  note_core_computation();
  if (index_ && fit.rows() != points_.rows())
    throw Error("kNN: score_fit_vectors() got " + std::to_string(fit.rows()) + " vectors, the model was fitted on " +
                std::to_string(points_.rows()));
  // With only k fit points none can be left out: scored as any vector, as the authors did.
  return kth_distance(fit, points_.rows() > k_ ? 1 : 0);
}

Eigen::VectorXd Knn::kth_distance(const Eigen::MatrixXd& x, int skip) const {
  if (!index_) throw Error("kNN: score() before fit()");
  if (x.cols() != points_.cols())
    throw Error("kNN: vectors have " + std::to_string(x.cols()) + " columns, the model was fitted on " +
                std::to_string(points_.cols()));
  require_finite(x, "kNN score input");
  const int want = k_ + skip;
  const Eigen::Index n = x.rows(), d = points_.cols(), np = points_.rows();
  Eigen::VectorXd out(n);
  std::atomic<Eigen::Index> not_fitted{-1};
  // Every distance that decides a result is computed by the tree's own metric, so both
  // searches give the same bits.
  const nanoflann::L2_Adaptor<double, Index::Points> metric(index_->points);
  const bool brute = !index_->tree;
  const Eigen::VectorXd point_sq = brute ? Eigen::VectorXd(points_.rowwise().squaredNorm()) : Eigen::VectorXd();
  const double max_point_sq = brute ? point_sq.maxCoeff() : 0.0;
  auto work = [&](Eigen::Index from, Eigen::Index to) {
    // Queries in blocks: at most 2^21 screened distances (16 MiB) per thread.
    const Eigen::Index block = brute ? std::clamp<Eigen::Index>((Eigen::Index{1} << 21) / np, 1, 256) : 1;
    RowMatrix q(block, d), dot(brute ? block : 0, np);
    std::vector<std::size_t> idx(want);
    std::vector<double> d2(want), screen(brute ? np : 0), kth(want), exact;
    for (Eigen::Index b0 = from; b0 < to; b0 += block) {
      const Eigen::Index m = std::min(block, to - b0);
      // The same arithmetic as fit()'s, so a fit point lands exactly on itself.
      for (Eigen::Index i = 0; i < m; ++i)
        for (Eigen::Index c = 0; c < d; ++c) q(i, c) = (x(b0 + i, c) - mean_(c)) / scale_(c);
      if (!brute) {
        const std::size_t found = index_->tree->knnSearch(&q(0, 0), want, idx.data(), d2.data());
        if (skip && d2[0] != 0) not_fitted = b0;
        out(b0) = std::sqrt(d2[found - 1]);
        continue;
      }
      dot.topRows(m).noalias() = q.topRows(m) * points_.transpose();
      for (Eigen::Index i = 0; i < m; ++i) {
        // Screen: ‖q − p‖² ≈ ‖q‖² + ‖p‖² − 2q·p, off by at most a few ulps of ‖q‖² + ‖p‖² per
        // coordinate. Every point that could be among the `want` nearest lies within the
        // want-th screened value + twice that error (the margin below is far wider); those
        // are measured exactly.
        const double q_sq = q.row(i).squaredNorm();
        Eigen::Map<Eigen::VectorXd>(screen.data(), np) = (point_sq - 2.0 * dot.row(i).transpose()).array() + q_sq;
        // The `want` smallest screened values, ascending, by insertion: nearly every point
        // costs one comparison.
        std::fill(kth.begin(), kth.end(), std::numeric_limits<double>::infinity());
        for (Eigen::Index j = 0; j < np; ++j) {
          const double v = screen[j];
          if (v >= kth[want - 1]) continue;
          int p = want - 1;
          for (; p > 0 && kth[p - 1] > v; --p) kth[p] = kth[p - 1];
          kth[p] = v;
        }
        const double bound = kth[want - 1] + 1e-9 * (q_sq + max_point_sq);
        exact.clear();
        for (Eigen::Index j = 0; j < np; ++j)
          if (screen[j] <= bound) exact.push_back(metric.evalMetric(&q(i, 0), static_cast<std::size_t>(j), d));
        std::nth_element(exact.begin(), exact.begin() + (want - 1), exact.end());
        if (skip && *std::min_element(exact.begin(), exact.begin() + want) != 0) not_fitted = b0 + i;
        out(b0 + i) = std::sqrt(exact[want - 1]);
      }
    }
  };
  const int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(work, n * t / threads, n * (t + 1) / threads);
  for (auto& t : pool) t.join();
  if (not_fitted >= 0)
    throw Error("kNN: vector " + std::to_string(not_fitted + 1) +
                " given as a fit vector is not one of the points the model was fitted on");
  return out;
}

nlohmann::json Knn::to_json() const {
  nlohmann::json j;
  j["options"] = {{"k", k_}, {"standardise", standardise_}};
  j["mean"] = std::vector<double>(mean_.data(), mean_.data() + mean_.size());
  j["scale"] = std::vector<double>(scale_.data(), scale_.data() + scale_.size());
  j["rows"] = points_.rows();
  j["cols"] = points_.cols();
  j["points"] = std::vector<double>(points_.data(), points_.data() + points_.size());
  return j;
}

void Knn::from_json(const nlohmann::json& j) {
  const auto rows = j.at("rows").get<Eigen::Index>(), cols = j.at("cols").get<Eigen::Index>();
  auto flat = j.at("points").get<std::vector<double>>();
  if (rows < 1 || cols < 1 || static_cast<Eigen::Index>(flat.size()) != rows * cols)
    throw Error("kNN: saved points disagree with their shape");
  points_ = Eigen::Map<Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(flat.data(), rows, cols);
  // Models saved before standardisation existed hold raw points.
  mean_ = Eigen::RowVectorXd::Zero(cols);
  scale_ = Eigen::RowVectorXd::Ones(cols);
  if (j.contains("mean")) {
    const auto m = j.at("mean").get<std::vector<double>>(), sc = j.at("scale").get<std::vector<double>>();
    if (static_cast<Eigen::Index>(m.size()) != cols || static_cast<Eigen::Index>(sc.size()) != cols)
      throw Error("kNN: saved standardisation disagrees with the points' shape");
    for (Eigen::Index c = 0; c < cols; ++c) {
      if (!(sc[c] > 0) || !std::isfinite(m[c])) throw Error("kNN: saved standardisation is invalid");
      mean_(c) = m[c];
      scale_(c) = sc[c];
    }
  }
  build();
}

std::string Knn::summary() const {
  std::ostringstream s;
  s << "kNN distance to neighbour " << k_ << " (Euclidean, " << (standardise_ ? "standardised" : "raw")
    << " vectors, " << points_.rows() << " fit points)";
  return s.str();
}

std::unique_ptr<DensityModel> make_knn(const nlohmann::json& o) {
  const int k = o.value("k", 5);
  if (k < 1) throw Error("knn: k must be at least 1");
  return std::make_unique<Knn>(k, o.value("standardise", false));
}

nlohmann::json knn_run_options(nlohmann::json settings, const AuxRunContext& run) {
  if (!settings.contains("standardise")) settings["standardise"] = !run.plain_norms;
  return settings;
}

}  // namespace msma
