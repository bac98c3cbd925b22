#pragma once
// Flagged images: every image sorted by OOD score (highest first), filtered by dataset, by
// the projection's selection and by the threshold; clicking one inspects it. The inspector
// shows the image (zoomable), its score and rank, and its L-vector against the inlier
// 5–95 % band per scale.
#include <QAbstractListModel>
#include <QCache>
#include <QPixmap>
#include <QWidget>

#include "export/chart_export.h"
#include "models/linked_state.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QListView;
class QSlider;
class QChart;
class QChartView;

namespace msma::ui {

class GalleryModel : public QAbstractListModel {
  Q_OBJECT
 public:
  explicit GalleryModel(LinkedState* state, QObject* parent = nullptr);
  int rowCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  ImageRef entry(int row) const { return entries_.at(row); }
  // Re-sorts and re-filters (dataset: -1 for all).
  void refresh(int dataset, bool onlySelection, bool onlyFlagged);
  void forgetThumbnails() { thumbnails_.clear(); }  // new results: new images

 private:
  LinkedState* state_;
  std::vector<ImageRef> entries_;
  // Thumbnails already drawn: the list asks for each again on every repaint.
  mutable QCache<quint64, QPixmap> thumbnails_{4000};
};

class InspectorView : public QWidget, public Exportable {
  Q_OBJECT
 public:
  explicit InspectorView(LinkedState* state, QWidget* parent = nullptr);
  QString summary() const;
  QWidget* exportWidget() override;
  QString exportCsv() const override;
  QString exportName() const override { return "inspector"; }

 private:
  void show(const ImageRef& r);
  LinkedState* state_;
  QLabel *image_, *text_;
  QSlider* zoom_;
  QChart* chart_;
  QChartView* chartView_;
};

class GalleryView : public QWidget {
  Q_OBJECT
 public:
  explicit GalleryView(LinkedState* state, QWidget* parent = nullptr);
  GalleryModel* model() const { return model_; }
  QListView* list() const { return list_; }
  InspectorView* inspector() const { return inspector_; }
  void setOnlySelection(bool on);
  void setDataset(int set);  // -1: all

 private:
  void refresh();
  LinkedState* state_;
  GalleryModel* model_;
  QListView* list_;
  QComboBox* dataset_;
  QCheckBox *onlySelection_, *onlyFlagged_;
  QLabel* count_;
  InspectorView* inspector_;
};

}  // namespace msma::ui
