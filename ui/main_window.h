#pragma once
// MSMA Studio's main window: one tab per step of the work (datasets → training → evidence:
// histograms, projection, ROC/PR, flagged images), standard menus and shortcuts, recent
// runs and window state in QSettings, the language chosen in the preferences.
#include <QMainWindow>
#include <memory>

#include "models/linked_state.h"
#include "workers/pipeline_worker.h"

class QTabWidget;
class QLabel;
class QMenu;

namespace msma::ui {

class DatasetsPanel;
class TrainingView;
class HistogramView;
class ProjectionView;
class RocView;
class GalleryView;
class Exportable;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  MainWindow();
  ~MainWindow() override;

  LinkedState* state() const { return state_; }
  PipelineWorker* worker() const { return thread_->worker(); }
  DatasetsPanel* datasets() const { return datasets_; }
  TrainingView* training() const { return training_; }
  HistogramView* histograms() const { return histograms_; }
  ProjectionView* projection() const { return projection_; }
  RocView* roc() const { return roc_; }
  GalleryView* gallery() const { return gallery_; }
  QTabWidget* tabs() const { return tabs_; }

  // Loads a run directory's results into the evidence views (off the GUI thread).
  void openRun(const QString& dir);
  // Scores new data against the opened, finished run in the worker (results under
  // RUN_DIR/checks/); the sets then appear in every view as "new data".
  void checkNewData(const QStringList& specs);
  // Saves a PNG of every main view under `dir` (for the README's screenshots).
  QStringList saveScreenshots(const QString& dir);
  // Exports the current tab's view as base.{png,svg,pdf,csv}; returns the files.
  QStringList exportCurrent(const QString& basePath);
  void exportReport(const QString& path);
  void exportScores(const QString& path);

  // The language stored in the settings ("" = system, "en", "zh_CN").
  static QString languageSetting();

 Q_SIGNALS:
  void resultsShown();

 protected:
  void closeEvent(QCloseEvent*) override;
  void dragEnterEvent(QDragEnterEvent*) override;
  void dropEvent(QDropEvent*) override;

 private:
  void buildMenus();
  void addRecent(const QString& dir);
  void rebuildRecentMenu();
  void showPreferences();
  Exportable* currentExportable() const;
  LinkedState* state_;
  std::unique_ptr<WorkerThread> thread_;
  QTabWidget* tabs_;
  DatasetsPanel* datasets_;
  TrainingView* training_;
  HistogramView* histograms_;
  ProjectionView* projection_;
  RocView* roc_;
  GalleryView* gallery_;
  QMenu* recent_;
  QLabel* statusText_;
};

}  // namespace msma::ui
