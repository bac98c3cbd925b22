#include "models/projection.h"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>

#include "density/density_model.h"

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

}  // namespace msma::ui
