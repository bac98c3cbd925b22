#pragma once
// The L-space in two dimensions: every image of every set drawn (100,000+ points stay
// interactive: points are rasterised into a cached image), coloured by dataset, with the
// auxiliary model's OOD-score contours (PCA). Drag for a rectangle, Shift+drag for a
// lasso: the selection filters the gallery. The inspected image is ringed.
#include <QFutureWatcher>
#include <QThreadPool>
#include <QImage>
#include <QPolygonF>
#include <QWidget>
#include <optional>

#include "export/chart_export.h"
#include "models/linked_state.h"
#include "models/projection.h"

class QComboBox;
class QLabel;

namespace msma::ui {


class ProjectionCanvas : public QWidget {
  Q_OBJECT
 public:
  explicit ProjectionCanvas(LinkedState* state, QWidget* parent = nullptr);
  void setProjection(std::shared_ptr<const Projection> p, std::vector<std::vector<QLineF>> contours,
                     std::vector<double> contourLevels);
  const Projection* projection() const { return proj_.get(); }
  // Screen position of a plane point and back (for tests and selection).
  QPointF toScreen(double x, double y) const;
  // Selects the points inside a screen polygon (rectangle or lasso), as a mouse drag does.
  void selectInside(const QPolygonF& screenPolygon);
  // Rebuilds the cached point image (what a resize or new data costs); for the benchmark.
  void rebuildPoints();

 protected:
  void paintEvent(QPaintEvent*) override;
  void resizeEvent(QResizeEvent*) override;
  void mousePressEvent(QMouseEvent*) override;
  void mouseMoveEvent(QMouseEvent*) override;
  void mouseReleaseEvent(QMouseEvent*) override;

 private:
  QRectF plotRect() const;
  LinkedState* state_;
  std::shared_ptr<const Projection> proj_;
  std::vector<std::vector<QLineF>> contours_;  // per level, in plane coordinates
  std::vector<double> contourLevels_;
  double x0_ = 0, x1_ = 1, y0_ = 0, y1_ = 1;  // plane bounds
  QImage points_;
  bool dirty_ = true;
  QPolygonF drag_;
  QPointF anchor_;
  bool lasso_ = false, dragging_ = false;
};

class ProjectionView : public QWidget, public Exportable {
  Q_OBJECT
 public:
  explicit ProjectionView(LinkedState* state, QWidget* parent = nullptr);
  ProjectionCanvas* canvas() const { return canvas_; }
  bool busy() const { return watcher_.isRunning(); }
  QWidget* exportWidget() override;
  QString exportCsv() const override;
  QString exportName() const override { return "projection"; }

 Q_SIGNALS:
  void projectionReady();

 private:
  void recompute();
  LinkedState* state_;
  QComboBox* method_;
  QLabel* info_;
  ProjectionCanvas* canvas_;
  struct Computed {
    std::shared_ptr<const Projection> projection;
    std::vector<std::vector<QLineF>> contours;
    std::vector<double> levels;
    QString error;
  };
  QFutureWatcher<Computed> watcher_;
  QThreadPool pool_;  // projections only (see recompute)
  bool again_ = false;
};

}  // namespace msma::ui
