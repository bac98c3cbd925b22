#pragma once
// Datasets by drag-and-drop: files, folders or archives in any format the core reads (or a
// built-in set, one click away) each become a row with a role (inlier train / inlier test /
// OOD), a thumbnail strip, size, geometry and the conversion that will be applied. Reading
// happens off the GUI thread; an unreadable drop gives a message naming the file.
#include <QFutureWatcher>
#include <QWidget>
#include <memory>

#include "data/image_set.h"
#include "run/run_config.h"

class QComboBox;
class QLabel;
class QSpinBox;
class QTableWidget;

namespace msma::ui {

enum class DatasetRole { InlierTrain, InlierTest, Ood };

struct DatasetEntry {
  QString spec;  // path or built-in name, as the core's load_dataset takes it
  DatasetRole role = DatasetRole::Ood;
  std::shared_ptr<const ImageSet> preview;  // the first images, with the set's metadata
  qint64 images = 0;
};

class DatasetsPanel : public QWidget {
  Q_OBJECT
 public:
  explicit DatasetsPanel(QWidget* parent = nullptr);
  const std::vector<DatasetEntry>& entries() const { return entries_; }
  int pendingLoads() const { return pending_; }
  QString lastError() const;
  // Fills the dataset fields of a run config from the roles; returns an error text when a
  // role is missing (nothing is changed then).
  QString applyTo(RunConfig& cfg) const;
  // The run's working geometry (RunConfig::working): h == 0 keeps the inlier set's own.
  Geometry workingGeometry() const;
  void setWorkingGeometry(const Geometry& g);
  void setRole(int row, DatasetRole role);

 public Q_SLOTS:
  void addSources(const QStringList& specs);  // paths or built-in names
  void removeSelected();

 Q_SIGNALS:
  void datasetsChanged();
  void loadFailed(const QString& message);

 protected:
  void dragEnterEvent(QDragEnterEvent*) override;
  void dropEvent(QDropEvent*) override;

 private:
  void rebuildTable();
  QTableWidget* table_;
  QLabel* errors_;
  QLabel* hint_;
  QSpinBox* imageSize_;
  QComboBox* channels_;
  std::vector<DatasetEntry> entries_;
  QStringList errorLines_;
  int pending_ = 0;
};

QString roleName(DatasetRole r);

}  // namespace msma::ui
