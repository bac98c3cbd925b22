#include "main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDateTime>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>

#include "common/error.h"
#include "common/progress.h"
#include "export/chart_export.h"
#include "export/report.h"
#include "run/pipeline.h"
#include "run/run_dir.h"
#include "views/datasets_panel.h"
#include "views/gallery_view.h"
#include "views/histogram_view.h"
#include "views/projection_view.h"
#include "views/roc_view.h"
#include "views/training_view.h"

namespace msma::ui {

MainWindow::MainWindow() : state_(new LinkedState), thread_(std::make_unique<WorkerThread>()) {
  state_->setParent(this);
  setWindowTitle(tr("MSMA Studio"));
  setAcceptDrops(true);
  datasets_ = new DatasetsPanel;
  training_ = new TrainingView(worker(), datasets_);
  histograms_ = new HistogramView(state_);
  projection_ = new ProjectionView(state_);
  roc_ = new RocView(state_);
  gallery_ = new GalleryView(state_);
  tabs_ = new QTabWidget;
  tabs_->addTab(datasets_, tr("Datasets"));
  tabs_->addTab(training_, tr("Training"));
  tabs_->addTab(histograms_, tr("Histograms"));
  tabs_->addTab(projection_, tr("Projection"));
  tabs_->addTab(roc_, tr("ROC / PR"));
  tabs_->addTab(gallery_, tr("Flagged images"));
  setCentralWidget(tabs_);
  statusText_ = new QLabel(tr("Drop datasets on the window, or open a run (Ctrl+O)."));
  statusBar()->addWidget(statusText_, 1);
  buildMenus();
  connect(worker(), &PipelineWorker::resultsReady, this, [this](std::shared_ptr<RunResults> r) {
    state_->setResults(std::move(r));
    addRecent(QString::fromStdString(state_->results()->dir.string()));
    setWindowTitle(tr("MSMA Studio — %1").arg(QString::fromStdString(state_->results()->dir.filename().string())));
    if (tabs_->currentIndex() < 2) tabs_->setCurrentWidget(roc_);
    Q_EMIT resultsShown();
  });
  connect(worker(), &PipelineWorker::finished, this, [this](bool ok, bool cancelled, const QString& message) {
    statusText_->setText(message);
    if (!ok && !cancelled && !isHidden() && QApplication::platformName() != "offscreen")
      QMessageBox::warning(this, tr("MSMA Studio"), message);
  });
  connect(worker(), &PipelineWorker::stageProgress, this, [this](const QString& stage, qint64 done, qint64 total, double eta) {
    const QString etaText = QString::fromStdString(format_duration(eta));
    statusText_->setText(tr("%1: %2 / %3 · ETA %4").arg(stage).arg(done).arg(total).arg(etaText));
  });
  connect(worker(), &PipelineWorker::trainProgress, this, [this](qint64 step, qint64 total) {
    statusText_->setText(total > 0 ? tr("Training: step %1 of %2").arg(step).arg(total) : tr("Training: step %1").arg(step));
  });
  connect(datasets_, &DatasetsPanel::loadFailed, this, [this](const QString& m) { statusText_->setText(m); });
  QSettings s;
  restoreGeometry(s.value("window/geometry").toByteArray());
  restoreState(s.value("window/state").toByteArray());
  if (s.contains("window/tab")) tabs_->setCurrentIndex(s.value("window/tab").toInt());
}

MainWindow::~MainWindow() = default;

QString MainWindow::languageSetting() { return QSettings().value("language", "").toString(); }

void MainWindow::buildMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  file->addAction(tr("&New run"), QKeySequence::New, this, [this] {
    training_->setRunDir(QDir::home().filePath("msma-runs/run-" + QDateTime::currentDateTime().toString("yyyyMMdd-HHmmss")));
    tabs_->setCurrentWidget(datasets_);
  });
  file->addAction(tr("&Open run…"), QKeySequence::Open, this, [this] {
    const QString d = QFileDialog::getExistingDirectory(this, tr("Open a run directory"));
    if (!d.isEmpty()) openRun(d);
  });
  recent_ = file->addMenu(tr("Open &recent"));
  rebuildRecentMenu();
  file->addAction(tr("&Add datasets…"), this, [this] {
    const QStringList f = QFileDialog::getOpenFileNames(this, tr("Add datasets"));
    if (!f.isEmpty()) datasets_->addSources(f);
  });
  file->addAction(tr("&Check new data against this run…"), this, [this] {
    if (!state_->results()) {
      statusText_->setText(tr("Open a finished run first (Ctrl+O)."));
      return;
    }
    const QString d = QFileDialog::getExistingDirectory(this, tr("Folder of new images to check"));
    if (!d.isEmpty()) checkNewData({d});
  });
  file->addSeparator();
  file->addAction(tr("&Export current view…"), QKeySequence("Ctrl+E"), this, [this] {
    const QString base = QFileDialog::getSaveFileName(this, tr("Export view (PNG, SVG, PDF and CSV are written)"),
                                                      QDir::home().filePath("msma-view"));
    if (base.isEmpty()) return;
    try {
      const QStringList files = exportCurrent(QFileInfo(base).path() + "/" + QFileInfo(base).completeBaseName());
      statusText_->setText(tr("Exported %1").arg(files.join(", ")));
    } catch (const std::exception& e) {
      QMessageBox::warning(this, tr("Export"), QString::fromUtf8(e.what()));
    }
  });
  file->addAction(tr("Export per-image &scores (CSV)…"), this, [this] {
    const QString p = QFileDialog::getSaveFileName(this, tr("Per-image scores"), QDir::home().filePath("scores.csv"),
                                                   tr("CSV (*.csv)"));
    if (p.isEmpty()) return;
    try {
      exportScores(p);
    } catch (const std::exception& e) {
      QMessageBox::warning(this, tr("Export"), QString::fromUtf8(e.what()));
    }
  });
  file->addAction(tr("Export run &report…"), QKeySequence("Ctrl+Shift+E"), this, [this] {
    const QString p = QFileDialog::getSaveFileName(this, tr("Run report"), QDir::home().filePath("msma-report.pdf"),
                                                   tr("PDF (*.pdf);;HTML (*.html)"));
    if (p.isEmpty()) return;
    try {
      exportReport(p);
    } catch (const std::exception& e) {
      QMessageBox::warning(this, tr("Export"), QString::fromUtf8(e.what()));
    }
  });
  file->addSeparator();
  file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
  QMenu* run = menuBar()->addMenu(tr("&Run"));
  run->addAction(tr("&Start training"), QKeySequence("Ctrl+R"), training_, &TrainingView::start);
  run->addAction(tr("&Cancel"), QKeySequence("Ctrl+."), training_, &TrainingView::cancel);
  run->addAction(tr("&Analyse run (score, fit, evaluate)"), this, [this] {
    const QString dir = training_->runDir();
    QMetaObject::invokeMethod(worker(), [w = worker(), dir] { w->analyse(dir); }, Qt::QueuedConnection);
  });
  QMenu* view = menuBar()->addMenu(tr("&View"));
  for (int i = 0; i < tabs_->count(); ++i) {
    view->addAction(tabs_->tabText(i), QKeySequence(QString("Ctrl+%1").arg(i + 1)), this,
                    [this, i] { tabs_->setCurrentIndex(i); });
  }
  QMenu* edit = menuBar()->addMenu(tr("&Settings"));
  edit->addAction(tr("&Preferences…"), QKeySequence::Preferences, this, &MainWindow::showPreferences);
  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&About MSMA Studio"), this, [this] {
    QMessageBox box(this);
    box.setWindowTitle(tr("About MSMA Studio"));
    box.setIconPixmap(QApplication::windowIcon().pixmap(96, 96));
    box.setTextFormat(Qt::RichText);
    box.setText(tr("<h3>MSMA Studio %1</h3><p>Finds out-of-distribution images without labels by multiscale "
                   "score matching.</p><p>%2, Qt %3</p><p><b>Cite the method as</b><br>Ahsan Mahmood, Junier "
                   "Oliva, Martin Styner. <i>Multiscale Score Matching for Out-of-Distribution Detection.</i> "
                   "International Conference on Learning Representations (ICLR), 2021. arXiv:2010.13132.</p>")
                    .arg(QStringLiteral(MSMA_VERSION), QString::fromStdString(versions_string()).toHtmlEscaped(),
                         QString::fromLatin1(qVersion())));
    box.exec();
  });
}

void MainWindow::showPreferences() {
  QDialog d(this);
  d.setWindowTitle(tr("Preferences"));
  auto* lang = new QComboBox;
  lang->addItem(tr("System language"), "");
  lang->addItem("English", "en");
  lang->addItem("简体中文", "zh_CN");
  lang->setCurrentIndex(std::max(0, lang->findData(languageSetting())));
  auto* form = new QFormLayout(&d);
  form->addRow(tr("Language"), lang);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
  form->addRow(buttons);
  connect(buttons, &QDialogButtonBox::accepted, &d, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, &d, &QDialog::reject);
  if (d.exec() != QDialog::Accepted) return;
  if (lang->currentData().toString() != languageSetting()) {
    QSettings().setValue("language", lang->currentData().toString());
    QMessageBox::information(this, tr("Preferences"), tr("The language changes when MSMA Studio starts next."));
  }
}

void MainWindow::openRun(const QString& dir) {
  statusText_->setText(tr("Loading %1…").arg(dir));
  training_->setRunDir(dir);
  // The worker reads the run's files: its config, log and checkpoints reach the Training tab
  // (runOpened), then its results the evidence views.
  QMetaObject::invokeMethod(worker(), [w = worker(), dir] { w->openRun(dir); }, Qt::QueuedConnection);
}

void MainWindow::addRecent(const QString& dir) {
  QSettings s;
  QStringList r = s.value("recentRuns").toStringList();
  r.removeAll(dir);
  r.prepend(dir);
  while (r.size() > 10) r.removeLast();
  s.setValue("recentRuns", r);
  rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu() {
  recent_->clear();
  const QStringList r = QSettings().value("recentRuns").toStringList();
  for (const QString& d : r) recent_->addAction(d, this, [this, d] { openRun(d); });
  recent_->setEnabled(!r.isEmpty());
}

Exportable* MainWindow::currentExportable() const {
  QWidget* w = tabs_->currentWidget();
  if (w == training_) return training_;
  if (w == histograms_) return histograms_;
  if (w == projection_) return projection_;
  if (w == roc_) return roc_;
  if (w == gallery_) return gallery_->inspector();
  return nullptr;
}

QStringList MainWindow::exportCurrent(const QString& basePath) {
  Exportable* e = currentExportable();
  if (!e) throw Error(tr("This view has nothing to export; choose a chart tab.").toStdString());
  return exportView(*e, basePath + "-" + e->exportName());
}

void MainWindow::exportScores(const QString& path) {
  const auto r = state_->results();
  if (!r) throw Error(tr("Open a run first.").toStdString());
  // The run's per_image_scores.csv table (core), with the checked sets under checks/ (their
  // names may repeat a run's own set).
  std::vector<PerImageRows> rows;
  for (const auto& s : r->sets) {
    PerImageRows row;
    row.dataset = (s.checked ? "checks/" : "") + s.name;
    row.norms = &s.norms;
    row.features = &s.features;
    for (const auto& k : r->aux_kinds) row.scores.push_back(&s.ood_score.at(k));
    rows.push_back(std::move(row));
  }
  const std::vector<std::string> features = r->feature_set == "norms" ? std::vector<std::string>{} : r->feature_names;
  saveText(path, QString::fromStdString(per_image_csv(r->aux_kinds, r->sigmas, features, rows)));
}

void MainWindow::exportReport(const QString& path) {
  const auto r = state_->results();
  if (!r) throw Error(tr("Open a run first.").toStdString());
  auto grab = [](QWidget* w) {
    QImage img(w->size().isEmpty() ? QSize(900, 600) : w->size(), QImage::Format_ARGB32);
    img.fill(Qt::white);
    w->render(&img);
    return img;
  };
  QList<QPair<QString, QImage>> plots;
  plots << qMakePair(tr("ROC and precision–recall curves (%1)").arg(state_->auxKind()), grab(roc_->exportWidget()));
  plots << qMakePair(tr("Score-norm histograms"), grab(histograms_->exportWidget()));
  plots << qMakePair(tr("Projection of the score-norm vectors"), grab(projection_->exportWidget()));
  writeReport(path, *r, plots);
}

QStringList MainWindow::saveScreenshots(const QString& dir) {
  QDir().mkpath(dir);
  QStringList out;
  const char* names[] = {"datasets", "training", "histograms", "projection", "roc", "flagged"};
  for (int i = 0; i < tabs_->count(); ++i) {
    tabs_->setCurrentIndex(i);
    QApplication::processEvents();
    const QString p = QDir(dir).filePath(QString("%1.png").arg(names[i]));
    if (grab().save(p)) out << p;
    if (tabs_->currentWidget() == histograms_) {  // and all L scales as small multiples
      histograms_->setSmallMultiples(true);
      QApplication::processEvents();
      const QString all = QDir(dir).filePath("histograms-all-scales.png");
      if (grab().save(all)) out << all;
      histograms_->setSmallMultiples(false);
    }
  }
  return out;
}

void MainWindow::closeEvent(QCloseEvent* e) {
  if (training_->running() &&
      QMessageBox::question(this, tr("MSMA Studio"), tr("Training is running. Stop it (the last checkpoint is kept) and quit?")) !=
          QMessageBox::Yes) {
    e->ignore();
    return;
  }
  QSettings s;
  s.setValue("window/geometry", saveGeometry());
  s.setValue("window/state", saveState());
  s.setValue("window/tab", tabs_->currentIndex());
  e->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* e) {
  if (e->mimeData()->hasUrls()) e->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* e) {
  // A dropped run directory opens; anything else becomes a dataset.
  QStringList paths;
  for (const QUrl& u : e->mimeData()->urls()) {
    if (!u.isLocalFile()) continue;
    const QString p = u.toLocalFile();
    if (QFileInfo::exists(p + "/config.json") && QFileInfo::exists(p + "/scores")) {
      openRun(p);
      continue;
    }
    paths << p;
  }
  e->acceptProposedAction();
  if (paths.isEmpty()) return;
  // With a finished run open (and the drop not on the Datasets tab, which builds new runs),
  // the data is checked against that run; otherwise it becomes datasets for a new run.
  if (state_->results() && tabs_->currentWidget() != datasets_) {
    checkNewData(paths);
    return;
  }
  tabs_->setCurrentWidget(datasets_);
  datasets_->addSources(paths);
}

void MainWindow::checkNewData(const QStringList& specs) {
  const auto r = state_->results();
  if (!r) return;
  if (worker()->busy()) {
    statusText_->setText(tr("Busy: new data can be checked when the current job ends."));
    return;
  }
  const QString dir = QString::fromStdString(r->dir.string());
  statusText_->setText(tr("Checking %n dataset(s) against %1…", "", static_cast<int>(specs.size())).arg(dir));
  QMetaObject::invokeMethod(worker(), [w = worker(), dir, specs] { w->checkNewData(dir, specs); }, Qt::QueuedConnection);
}

}  // namespace msma::ui
