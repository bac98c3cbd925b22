#pragma once
// 2-D projections of the L-dimensional score-norm vectors of every set, fitted on the aux
// model's fit vectors (standardised as the GMM sees them):
//  * PCA: the two leading principal axes; invertible, so the auxiliary model's OOD score
//    can be drawn as contours over the plane.
//  * Kernel PCA (RBF, Nyström on 400 fit landmarks): non-linear; no inverse, no contours.
#include <Eigen/Core>
#include <QLineF>
#include <vector>

#include "models/run_results.h"

namespace msma::ui {

enum class ProjectionMethod { Pca, KernelPca };

struct Projection {
  ProjectionMethod method = ProjectionMethod::Pca;
  Eigen::MatrixX2d points;            // every image of every set, sets in order
  std::vector<Eigen::Index> offsets;  // first row of each set in `points`; back() = total
  double explained = 0;               // PCA: share of variance on the two axes
  // PCA only: x = (y · axesᵀ) ∘ scale + mean maps a plane point back to score-norm space.
  Eigen::RowVectorXd mean, scale;
  Eigen::MatrixX2d axes;
  bool invertible() const { return method == ProjectionMethod::Pca; }
  Eigen::MatrixXd lift(const Eigen::MatrixX2d& plane) const;
};

Projection project(const RunResults& r, ProjectionMethod method);

// Marching squares: the segments where the grid's values (rows: y, columns: x, spanning
// [x0, x1] × [y0, y1]) cross `level`, by linear interpolation along the cell edges.
std::vector<QLineF> contourLines(const Eigen::MatrixXd& grid, double level, double x0, double x1, double y0,
                                 double y1);

// The aux model's OOD-score contours over a PCA plane: a grid × grid lattice over the
// 0.5–99.5 % range of the projected points, lifted back to feature space and scored, traced
// at the inlier test set's 50/90/99 % score quantiles (`quantiles`, `levels` the scores).
struct ScoreContours {
  std::vector<double> quantiles, levels;
  std::vector<std::vector<QLineF>> lines;  // per level, in plane coordinates
};
ScoreContours score_contours(const Projection& p, const DensityModel& model, const Eigen::VectorXd& inlier_scores,
                             int grid = 64);

}  // namespace msma::ui
