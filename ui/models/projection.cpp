#include "models/projection.h"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>

#include "common/error.h"
#include "density/density_model.h"
#include "metrics/metrics.h"

namespace msma::ui {

Eigen::MatrixXd Projection::lift(const Eigen::MatrixX2d& plane) const {
  Eigen::MatrixXd x = plane * axes.transpose();
  x.array().rowwise() *= scale.array();
  x.rowwise() += mean;
  return x;
}

namespace {

Eigen::MatrixXd stack(const RunResults& r, std::vector<Eigen::Index>& offsets) {
  Eigen::Index total = 0;
  for (const auto& s : r.sets) {
    offsets.push_back(total);
    total += s.features.rows();
  }
  offsets.push_back(total);
  Eigen::MatrixXd all(total, r.fit.cols());
  for (std::size_t k = 0; k < r.sets.size(); ++k) all.middleRows(offsets[k], r.sets[k].features.rows()) = r.sets[k].features;
  return all;
}

}  // namespace

Projection project(const RunResults& r, ProjectionMethod method) {
  Projection p;
  p.method = method;
  const Standardiser st(r.fit);
  p.mean = st.mean;
  p.scale = st.scale;
  const Eigen::MatrixXd fit = st.apply(r.fit);
  const Eigen::MatrixXd all = st.apply(stack(r, p.offsets));
  if (method == ProjectionMethod::Pca || fit.cols() < 2) {
    const Eigen::MatrixXd centred = fit.rowwise() - fit.colwise().mean();
    const Eigen::MatrixXd cov = centred.transpose() * centred / std::max<double>(1, fit.rows() - 1);
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(cov);
    const Eigen::Index L = cov.rows();
    p.axes = Eigen::MatrixX2d::Zero(L, 2);
    for (int k = 0; k < 2 && k < L; ++k) p.axes.col(k) = eig.eigenvectors().col(L - 1 - k);
    const double total = std::max(eig.eigenvalues().sum(), 1e-300);
    p.explained = (eig.eigenvalues().tail(std::min<Eigen::Index>(2, L)).sum()) / total;
    // Centre on the fit mean in standardised space (which is 0), so lift() is exact.
    p.points = all * p.axes;
    p.method = ProjectionMethod::Pca;
    return p;
  }
  // Kernel PCA with an RBF kernel on m landmarks spread evenly over the fit set.
  const Eigen::Index m = std::min<Eigen::Index>(400, fit.rows());
  Eigen::MatrixXd land(m, fit.cols());
  for (Eigen::Index i = 0; i < m; ++i) land.row(i) = fit.row(i * fit.rows() / m);
  auto sqdist = [&](const Eigen::MatrixXd& a) {
    const Eigen::VectorXd an = a.rowwise().squaredNorm(), ln = land.rowwise().squaredNorm();
    Eigen::MatrixXd d = (-2.0 * a * land.transpose()).colwise() + an;
    d.rowwise() += ln.transpose();
    return d.cwiseMax(0.0);
  };
  const Eigen::MatrixXd dmm = sqdist(land);
  std::vector<double> dv(dmm.data(), dmm.data() + dmm.size());
  std::nth_element(dv.begin(), dv.begin() + dv.size() / 2, dv.end());
  const double gamma = 1.0 / std::max(dv[dv.size() / 2], 1e-12);  // median heuristic
  const Eigen::MatrixXd kmm = (-gamma * dmm).array().exp().matrix();
  const Eigen::RowVectorXd colmean = kmm.colwise().mean();
  const double allmean = kmm.mean();
  Eigen::MatrixXd kc = kmm;
  kc.rowwise() -= colmean;
  kc.colwise() -= colmean.transpose();
  kc.array() += allmean;
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(kc);
  Eigen::MatrixX2d alpha(m, 2);
  for (int k = 0; k < 2; ++k) {
    const double lambda = std::max(eig.eigenvalues()[m - 1 - k], 1e-12);
    alpha.col(k) = eig.eigenvectors().col(m - 1 - k) / std::sqrt(lambda);
  }
  p.points.resize(all.rows(), 2);
  const Eigen::Index chunk = 4096;  // bounded memory for 100k+ points
  for (Eigen::Index start = 0; start < all.rows(); start += chunk) {
    const Eigen::Index n = std::min(chunk, all.rows() - start);
    Eigen::MatrixXd k = (-gamma * sqdist(all.middleRows(start, n))).array().exp().matrix();
    const Eigen::VectorXd rowmean = k.rowwise().mean();
    k.rowwise() -= colmean;
    k.colwise() -= rowmean;
    k.array() += allmean;
    p.points.middleRows(start, n) = k * alpha;
  }
  return p;
}

std::vector<QLineF> contourLines(const Eigen::MatrixXd& g, double level, double x0, double x1, double y0, double y1) {
  std::vector<QLineF> out;
  const Eigen::Index ny = g.rows(), nx = g.cols();
  if (nx < 2 || ny < 2) return out;
  auto px = [&](double i) { return x0 + (x1 - x0) * i / (nx - 1); };
  auto py = [&](double j) { return y0 + (y1 - y0) * j / (ny - 1); };
  for (Eigen::Index j = 0; j + 1 < ny; ++j) {
    for (Eigen::Index i = 0; i + 1 < nx; ++i) {
      // Corners counter-clockwise from bottom-left; the edge crossings by linear interpolation.
      const double v[4] = {g(j, i), g(j, i + 1), g(j + 1, i + 1), g(j + 1, i)};
      const double cx[4] = {double(i), double(i + 1), double(i + 1), double(i)};
      const double cy[4] = {double(j), double(j), double(j + 1), double(j + 1)};
      std::vector<QPointF> cross;
      for (int e = 0; e < 4; ++e) {
        const int a = e, b = (e + 1) % 4;
        if ((v[a] < level) != (v[b] < level)) {
          const double t = (level - v[a]) / (v[b] - v[a]);
          cross.emplace_back(px(cx[a] + t * (cx[b] - cx[a])), py(cy[a] + t * (cy[b] - cy[a])));
        }
      }
      if (cross.size() == 2) out.emplace_back(cross[0], cross[1]);
      if (cross.size() == 4) out.emplace_back(cross[0], cross[1]), out.emplace_back(cross[2], cross[3]);
    }
  }
  return out;
}

ScoreContours score_contours(const Projection& p, const DensityModel& model, const Eigen::VectorXd& inlier_scores,
                             int n) {
  if (!p.invertible()) throw Error("score contours need an invertible (PCA) projection");
  ScoreContours c;
  std::vector<double> xs(p.points.col(0).data(), p.points.col(0).data() + p.points.rows());
  std::vector<double> ys(p.points.col(1).data(), p.points.col(1).data() + p.points.rows());
  const double x0 = quantile(xs, 0.005), x1 = quantile(xs, 0.995), y0 = quantile(ys, 0.005), y1 = quantile(ys, 0.995);
  Eigen::MatrixX2d plane(n * n, 2);
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < n; ++i) plane.row(j * n + i) << x0 + (x1 - x0) * i / (n - 1), y0 + (y1 - y0) * j / (n - 1);
  const Eigen::VectorXd s = model.score(p.lift(plane));
  Eigen::MatrixXd grid(n, n);
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < n; ++i) grid(j, i) = s[j * n + i];
  const std::vector<double> inv(inlier_scores.data(), inlier_scores.data() + inlier_scores.size());
  for (double q : {0.5, 0.9, 0.99}) {
    c.quantiles.push_back(q);
    c.levels.push_back(quantile(inv, q));
    c.lines.push_back(contourLines(grid, c.levels.back(), x0, x1, y0, y1));
  }
  return c;
}

}  // namespace msma::ui
