// MSMA Studio's GUI, offscreen: drops create datasets, a tiny training starts, reports
// progress and cancels cleanly, the evidence views fill from a small run, a projection
// selection filters the gallery, exports parse, and the Chinese translation is complete.
#include <QAreaSeries>
#include <QChart>
#include <QComboBox>
#include <QLineSeries>
#include <QDropEvent>
#include <QElapsedTimer>
#include <QListView>
#include <QMimeData>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QSvgRenderer>
#include <QTabWidget>
#include <QTableWidget>
#include <QTranslator>
#include <QValueAxis>
#include <QXmlStreamReader>
#include <QtTest>
#include <random>
#include <set>

#include "common/error.h"
#include "data/npy.h"
#include "density/density_model.h"
#include "main_window.h"
#include "models/projection.h"
#include "models/run_results.h"
#include "test_util.h"
#include "train/checkpoint_files.h"
#include "views/common.h"
#include "views/datasets_panel.h"
#include "views/gallery_view.h"
#include "views/histogram_view.h"
#include "views/projection_view.h"
#include "views/roc_view.h"
#include "views/training_view.h"

namespace fs = std::filesystem;
using namespace msma::ui;

namespace {

void drop(QWidget* target, const QList<QUrl>& urls) {
  QMimeData mime;
  mime.setUrls(urls);
  QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
  QCoreApplication::sendEvent(target, &enter);
  QVERIFY(enter.isAccepted());
  QDropEvent ev(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
  QCoreApplication::sendEvent(target, &ev);
}

QByteArray readAll(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

}  // namespace

class TestGui : public QObject {
  Q_OBJECT
  QTemporaryDir tmp;
  QString path(const QString& n) const { return tmp.filePath(n); }
  QString smallRun;

 private Q_SLOTS:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName("msma-studio-tests");
    msma::ImageSet b = msma_test::blobs(400, 12, 12, 5);
    msma_test::write_bytes(path("blobs.npy").toStdString(), msma::npy_bytes_u8({400, 12, 12}, b.pixels.data()));
    // A small finished run for the evidence views, made by the CLI (the GUI opens CLI runs).
    smallRun = path("small-run");
    QProcess cli;
    cli.start(MSMA_CLI, {"run", smallRun, "--inlier", path("blobs.npy"), "--inlier-test", path("blobs.npy"), "--ood",
                         "uniform-noise:120", "--ood", "gaussian-noise:80", "--width", "8", "--depth", "2", "--levels",
                         "4", "--batch", "16", "--steps", "40", "--gmm-k", "1,2", "--gmm-folds", "2", "--bootstrap",
                         "50", "--flow-epochs", "5", "--no-progress", "--threads", "1"});
    QVERIFY(cli.waitForFinished(300000));
    QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
  }

  void drop_idx_file_and_folder_creates_datasets() {
    MainWindow w;
    DatasetsPanel* panel = w.datasets();
    msma_test::write_bytes(path("train-images-idx3-ubyte").toStdString(), msma_test::idx_images(30, 28, 28));
    QDir().mkpath(path("pictures"));
    for (int i = 0; i < 5; ++i) {
      QImage img(20, 16, QImage::Format_RGB888);
      img.fill(QColor(40 * i, 100, 200));
      QVERIFY(img.save(path("pictures/p%1.png").arg(i)));
    }
    drop(panel, {QUrl::fromLocalFile(path("train-images-idx3-ubyte")), QUrl::fromLocalFile(path("pictures"))});
    QTRY_COMPARE_WITH_TIMEOUT(panel->entries().size(), std::size_t(2), 20000);
    QCOMPARE(panel->pendingLoads(), 0);
    std::map<QString, const DatasetEntry*> by;
    for (const auto& e : panel->entries()) by[QFileInfo(e.spec).fileName()] = &e;
    QVERIFY(by.count("train-images-idx3-ubyte") && by.count("pictures"));
    QCOMPARE(by["train-images-idx3-ubyte"]->images, 30);
    QCOMPARE(QString::fromStdString(by["train-images-idx3-ubyte"]->preview->geometry()), QString("1x28x28"));
    QCOMPARE(by["pictures"]->images, 5);
    QCOMPARE(by["pictures"]->preview->c, 3);
    // One inlier training set was chosen, the other is OOD; the roles fill a run config.
    int train = 0;
    for (const auto& e : panel->entries()) train += e.role == DatasetRole::InlierTrain;
    QCOMPARE(train, 1);
    // A garbage file gives a message naming it, and no dataset.
    msma_test::write_bytes(path("garbage.bin").toStdString(), std::string(300, '\x07'));
    QSignalSpy failed(panel, &DatasetsPanel::loadFailed);
    drop(&w, {QUrl::fromLocalFile(path("garbage.bin"))});  // dropped on the window: forwarded
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 20000);
    QVERIFY2(panel->lastError().contains("garbage.bin"), qPrintable(panel->lastError()));
    QCOMPARE(panel->entries().size(), std::size_t(2));
  }

  void training_form_holds_the_method_and_its_presets() {
    MainWindow w;
    TrainingView* t = w.training();
    auto* preset = t->findChild<QComboBox*>("preset");
    auto* upsample = t->findChild<QComboBox*>("upsample");
    QVERIFY(preset && upsample);
    auto choose = [preset](const QString& name) {
      preset->setCurrentIndex(preset->findData(name));
      Q_EMIT preset->activated(preset->currentIndex());
    };
    const msma::RunConfig d;
    QCOMPARE(t->preset(), QString("default"));
    msma::RunConfig c = t->config();
    QCOMPARE(c.model.parameterisation, d.model.parameterisation);
    QCOMPARE(c.model.upsample, d.model.upsample);
    QCOMPARE(c.features, d.features);
    QCOMPARE(c.train.ema_decay, d.train.ema_decay);
    QCOMPARE(c.train.lr_schedule, d.train.lr_schedule);
    // The paper preset fills the form with the authors' choices, GMM grid included.
    choose("paper");
    QCOMPARE(t->preset(), QString("paper"));
    c = t->config();
    QCOMPARE(c.model.parameterisation, std::string("score"));
    QCOMPARE(c.features, std::string("norms"));
    QCOMPARE(c.train.ema_decay, 0.0);
    QCOMPARE(c.train.lr_schedule, std::string("constant"));
    QCOMPARE(c.train.precision, std::string("fp32"));
    QCOMPARE(c.aux, (std::vector<std::string>{"gmm", "knn", "flow"}));
    QVERIFY2(c.aux_settings.at("gmm") == nlohmann::json::object(), c.aux_settings.at("gmm").dump().c_str());
    // A config set on the form (a run opened from disk) comes back whole, fields the form
    // does not show included; a preset field changed makes the preset "custom".
    c.model.upsample = "nearest-conv";
    c.features = "stats";
    c.schedule.kind = "linear";
    c.holdout_fraction = 0.3;
    c.aux = {"knn", "gmm"};  // kNN first: detect's default, kept though the registry lists GMM first
    t->setConfig(c);
    QCOMPARE(t->preset(), QString());
    const msma::RunConfig back = t->config();
    QVERIFY2(back.to_json() == c.to_json(), (back.to_json().dump() + "\n" + c.to_json().dump()).c_str());
    // Back to the default preset: its fields change, the others stay.
    choose("default");
    QCOMPARE(t->preset(), QString("default"));
    c = t->config();
    QCOMPARE(c.features, d.features);
    QCOMPARE(c.model.parameterisation, d.model.parameterisation);
    QVERIFY2(c.aux_settings.at("gmm") == d.aux_settings.at("gmm"), c.aux_settings.at("gmm").dump().c_str());
    QCOMPARE(c.model.upsample, std::string("nearest-conv"));
    QCOMPARE(c.holdout_fraction, 0.3);
    // The decoder is the U-Net's only.
    QVERIFY(upsample->isEnabled());
    c.model.arch = "refinenet";
    t->setConfig(c);
    QVERIFY(!upsample->isEnabled());
  }

  void tiny_training_reports_progress_and_cancels() {
    MainWindow w;
    w.datasets()->addSources({path("blobs.npy"), "uniform-noise:50"});
    QTRY_COMPARE_WITH_TIMEOUT(w.datasets()->entries().size(), std::size_t(2), 20000);
    // The blobs are the inlier training set; they are also the inlier test set here.
    for (int i = 0; i < 2; ++i)
      if (w.datasets()->entries()[i].spec.endsWith("blobs.npy")) w.datasets()->setRole(i, DatasetRole::InlierTrain);
    w.datasets()->addSources({path("blobs.npy")});
    QTRY_COMPARE_WITH_TIMEOUT(w.datasets()->entries().size(), std::size_t(3), 20000);
    w.datasets()->setRole(2, DatasetRole::InlierTest);
    msma::RunConfig c = w.training()->config();
    c.model.width = 8;
    c.model.depth = 2;
    c.schedule.levels = 4;
    c.train.batch_size = 8;
    c.train.steps = 100000;
    c.train.minutes = 0;
    c.train.threads = 1;
    c.train.checkpoint_every = 5;
    w.training()->setConfig(c);
    w.training()->setRunDir(path("gui-train"));
    QSignalSpy finished(w.worker(), &PipelineWorker::finished);
    QSignalSpy updates(w.worker(), &PipelineWorker::trainProgress);
    QElapsedTimer clock;
    clock.start();
    w.training()->start();
    QVERIFY(w.training()->running());
    QTRY_VERIFY_WITH_TIMEOUT(w.training()->lastStep() >= 12, 60000);
    // Steps of this tiny network take milliseconds; the GUI gets at most ~20 updates a second.
    QVERIFY(w.training()->lossPoints() >= 1);
    QVERIFY2(updates.count() <= clock.elapsed() / PipelineWorker::kProgressIntervalMs + 2,
             qPrintable(QString("%1 updates in %2 ms").arg(updates.count()).arg(clock.elapsed())));
    QVERIFY2(w.training()->statusText().contains("Step"), qPrintable(w.training()->statusText()));
    w.training()->cancel();
    QTRY_VERIFY_WITH_TIMEOUT(!w.training()->running(), 30000);
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.at(0).at(1).toBool(), true);  // cancelled, not failed
    QVERIFY2(w.training()->statusText().contains("Cancelled"), qPrintable(w.training()->statusText()));
    // The cancelled run keeps a checkpoint at the step it stopped and resumes from it.
    const auto latest = msma::latest_checkpoint(fs::path(path("gui-train").toStdString()) / "checkpoints");
    QVERIFY(latest.has_value());
    QVERIFY(latest->filename().string() >= "step-00000012.pt");
  }

  void start_on_a_finished_run_is_refused_and_leaves_it_untouched() {
    const auto read = [&](const char* file) { return msma_test::read_text((smallRun + "/" + file).toStdString()); };
    const std::string config = read("config.json"), manifest = read("manifest.json");
    MainWindow w;
    w.openRun(smallRun);  // points the Training tab at the run
    QTRY_VERIFY_WITH_TIMEOUT(!w.worker()->busy(), 60000);
    w.datasets()->addSources({path("blobs.npy")});  // a user's datasets for a new run
    QTRY_COMPARE_WITH_TIMEOUT(w.datasets()->entries().size(), std::size_t(1), 20000);
    w.datasets()->setRole(0, DatasetRole::InlierTrain);
    w.datasets()->addSources({path("blobs.npy")});
    QTRY_COMPARE_WITH_TIMEOUT(w.datasets()->entries().size(), std::size_t(2), 20000);
    w.datasets()->setRole(1, DatasetRole::InlierTest);
    w.datasets()->addSources({"uniform-noise:20"});
    QTRY_COMPARE_WITH_TIMEOUT(w.datasets()->entries().size(), std::size_t(3), 20000);
    w.training()->setRunDir(smallRun);
    QSignalSpy finished(w.worker(), &PipelineWorker::finished);
    w.training()->start();
    // The job that loaded the run may report after the spy started: find the training's.
    auto training_result = [&]() -> int {
      for (int i = 0; i < finished.count(); ++i)
        if (finished.at(i).at(2).toString().startsWith("Training")) return i;
      return -1;
    };
    QTRY_VERIFY2_WITH_TIMEOUT(training_result() >= 0, qPrintable(w.training()->statusText()), 60000);
    const auto result = finished.at(training_result());
    QCOMPARE(result.at(0).toBool(), false);
    QVERIFY2(result.at(2).toString().contains("already holds a trained run"), qPrintable(result.at(2).toString()));
    QVERIFY(read("config.json") == config);
    QVERIFY(read("manifest.json") == manifest);
  }

  void views_fill_from_a_small_run_and_selection_filters_gallery() {
    MainWindow w;
    w.resize(1200, 800);
    w.show();
    QSignalSpy shown(&w, &MainWindow::resultsShown);
    QSignalSpy projected(w.projection(), &ProjectionView::projectionReady);
    QSignalSpy stages(w.worker(), &PipelineWorker::stageProgress);
    const long long computedHere = msma::core_computations_on_this_thread();
    w.openRun(smallRun);
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 60000);
    QTRY_VERIFY_WITH_TIMEOUT(projected.count() >= 1, 60000);
    // Loading showed its stages in the Training tab, and its bar ended with it.
    QVERIFY(stages.count() > 0);
    QTRY_VERIFY(!w.training()->stageBarShown());
    QCOMPARE(w.training()->stageText(), QString());
    const auto r = w.state()->results();
    QCOMPARE(r->sets.size(), std::size_t(3));  // inlier test + 2 OOD sets
    // Every view shown, under every auxiliary model, at one scale and all: no metric or
    // aux-model score was computed on the GUI thread (the worker loaded them), and the ROC
    // table shows metrics.json's numbers.
    for (int t = 0; t < w.tabs()->count(); ++t) {
      w.tabs()->setCurrentIndex(t);
      QCoreApplication::processEvents();
    }
    const nlohmann::json metrics = nlohmann::json::parse(readAll(smallRun + "/metrics.json").toStdString());
    for (const auto& kind : r->aux_kinds) {
      w.state()->setAuxKind(QString::fromStdString(kind));
      w.histograms()->setSmallMultiples(true);
      w.histograms()->setSmallMultiples(false);
      QCoreApplication::processEvents();
      for (int row = 0; row < w.roc()->table()->rowCount(); ++row) {
        const std::string set = w.roc()->table()->item(row, 0)->text().toStdString();
        const nlohmann::json& saved = metrics["aux"][kind]["ood"][set];
        const double a = saved["auroc"];
        const auto& ci = saved["auroc_ci95"];
        // AUROC with the evaluation's bootstrap interval; FPR@95 (column 4) as metrics.json.
        const QString expected = QString("%1 [%2, %3]")
                                     .arg(100 * a, 0, 'f', 2)
                                     .arg(100 * ci[0].get<double>(), 0, 'f', 2)
                                     .arg(100 * ci[1].get<double>(), 0, 'f', 2);
        QVERIFY2(w.roc()->table()->item(row, 1)->text() == expected,
                 qPrintable(QString::fromStdString(kind + " " + set) + ": " + w.roc()->table()->item(row, 1)->text()));
        QCOMPARE(w.roc()->table()->item(row, 4)->text(),
                 QString::number(100 * saved["fpr_at_95_tpr"].get<double>(), 'f', 2));
      }
    }
    w.state()->setAuxKind(QString::fromStdString(r->aux_kinds.front()));
    QTRY_VERIFY_WITH_TIMEOUT(!w.projection()->busy(), 60000);
    QCOMPARE(msma::core_computations_on_this_thread(), computedHere);
    QCOMPARE(r->levels(), 4);
    // The CLI's training log draws the loss of the headless run.
    QCOMPARE(w.training()->lossPoints(), 40);
    QCOMPARE(w.training()->lastStep(), 40);
    // Histograms: one filled area per set; small multiples: one chart per level.
    QCOMPARE(w.histograms()->chart()->series().size(), 3);
    auto* area = qobject_cast<QAreaSeries*>(w.histograms()->chart()->series().front());
    QVERIFY(area && area->upperSeries()->count() > 0);
    w.histograms()->setSmallMultiples(true);
    QCOMPARE(w.histograms()->smallMultipleCount(), 4);
    w.histograms()->setSmallMultiples(false);
    // Projection: every image of every set.
    const Projection* p = w.projection()->canvas()->projection();
    QVERIFY(p);
    QCOMPARE(p->points.rows(), Eigen::Index(400 + 120 + 80));
    // ROC: a curve and a table row per OOD set; the 95 % preset flags ≈ 5 % of inliers.
    QCOMPARE(w.roc()->rocChart()->series().size(), 2);
    QCOMPARE(w.roc()->table()->rowCount(), 2);
    QVERIFY(!w.roc()->table()->item(0, 1)->text().isEmpty());
    w.roc()->applyPreset(0.95);
    const auto& in = w.state()->scores(0);
    const double flagged = double((in.array() >= w.state()->threshold()).count()) / in.size();
    QVERIFY2(flagged >= 0.04 && flagged <= 0.06, qPrintable(QString::number(flagged)));
    QVERIFY(w.roc()->countsText().contains("400"));
    // The OOD-score histogram spans the inliers' range by default (the noise sets' far scores
    // do not squeeze it), every set on request; nice numbers may only widen the axis.
    const AuxEvidence& ev = r->evidence.aux.at(w.state()->auxKind().toStdString());
    QVERIFY(ev.scores_near_inliers.hi - ev.scores_near_inliers.lo < ev.scores.hi - ev.scores.lo);
    auto scoreAxis = [&] { return qobject_cast<QValueAxis*>(w.roc()->scoreChart()->axes(Qt::Horizontal).front()); };
    QVERIFY(scoreAxis()->min() <= ev.scores_near_inliers.lo && scoreAxis()->max() >= ev.scores_near_inliers.hi);
    QVERIFY(scoreAxis()->max() < ev.scores.hi);
    w.roc()->setScoreRangeAllSets(true);
    QVERIFY(scoreAxis()->min() <= ev.scores.lo && scoreAxis()->max() >= ev.scores.hi);
    w.roc()->setScoreRangeAllSets(false);

    // Gallery: all images, highest score first.
    GalleryModel* g = w.gallery()->model();
    QCOMPARE(g->rowCount(), 600);
    QVERIFY(w.state()->score(g->entry(0)) >= w.state()->score(g->entry(599)));
    // A rectangle over the left half of the plot selects points; the gallery shows exactly those.
    ProjectionCanvas* canvas = w.projection()->canvas();
    const QPointF a = canvas->toScreen(p->points.col(0).minCoeff(), p->points.col(1).maxCoeff());
    const QPointF b = canvas->toScreen(p->points.col(0).mean(), p->points.col(1).minCoeff());
    canvas->selectInside(QPolygonF(QRectF(a, b).normalized().adjusted(-3, -3, 3, 3)));
    const int selected = w.state()->selection().size();
    QVERIFY(selected > 0 && selected < 600);
    QCOMPARE(g->rowCount(), selected);
    for (int i = 0; i < g->rowCount(); ++i) QVERIFY(w.state()->selection().contains(g->entry(i).key()));
    // Clicking a gallery image inspects it: the inspector names it.
    w.gallery()->list()->setCurrentIndex(g->index(0));
    QCOMPARE(w.state()->current(), g->entry(0));
    QVERIFY(w.gallery()->inspector()->summary().contains("rank"));
    w.state()->clearSelection();
    w.gallery()->setOnlySelection(false);
    QCOMPARE(g->rowCount(), 600);

    // Exports: PNG, SVG, PDF and CSV of each chart tab; the report as HTML and PDF.
    for (QWidget* tab : {static_cast<QWidget*>(w.training()), static_cast<QWidget*>(w.histograms()),
                         static_cast<QWidget*>(w.projection()), static_cast<QWidget*>(w.roc())}) {
      w.tabs()->setCurrentWidget(tab);
      const QStringList files = w.exportCurrent(path("export"));
      QCOMPARE(files.size(), 4);
      QImage png(files[0]);
      QVERIFY2(!png.isNull() && png.width() > 100, qPrintable(files[0]));
      QSvgRenderer svg(files[1]);
      QVERIFY2(svg.isValid(), qPrintable(files[1]));
      const QByteArray pdf = readAll(files[2]);
      QVERIFY2(pdf.startsWith("%PDF-") && pdf.trimmed().endsWith("%%EOF"), qPrintable(files[2]));
      const QList<QByteArray> csv = readAll(files[3]).split('\n');
      QVERIFY2(csv.size() > 3 && csv[0].contains(','), qPrintable(files[3]));
    }
    w.exportReport(path("report.html"));
    QVERIFY(readAll(path("report.html")).contains("AUROC"));
    w.exportReport(path("report.pdf"));
    QVERIFY(readAll(path("report.pdf")).startsWith("%PDF-"));
    w.exportScores(path("scores.csv"));
    QCOMPARE(readAll(path("scores.csv")).count('\n'), 601);  // header + every image
    // One per-image table: the GUI's export of a run without checked sets is the run's own
    // per_image_scores.csv, byte for byte (same columns, same scores, same formatting).
    QVERIFY(readAll(path("scores.csv")) == readAll(smallRun + "/per_image_scores.csv"));
    QVERIFY(!QFileInfo::exists(path("scores.csv.tmp")));
  }

  void results_are_the_evaluations_own_scores() {
    // The views show what `evaluate` wrote, not a second scoring: every metric equals
    // metrics.json exactly, and a score changed in per_image_scores.csv is the one loaded.
    const auto r = RunResults::load(fs::path(smallRun.toStdString()), false);
    const nlohmann::json metrics = nlohmann::json::parse(readAll(smallRun + "/metrics.json").toStdString());
    for (const auto& kind : r->aux_kinds) {
      const nlohmann::json& saved = metrics["aux"][kind];
      QVERIFY(r->evidence.aux.at(kind).health == saved["health_auroc"].get<double>());
      for (std::size_t s = 1; s < r->sets.size(); ++s) {
        const nlohmann::json& m = saved["ood"][r->sets[s].name];
        for (const auto& column : msma::metric_columns())
          QVERIFY2(column.percent(*r->evidence.aux.at(kind).ood[s]) == 100 * m[column.json_key].get<double>(),
                   qPrintable(QString::fromStdString(kind + " " + r->sets[s].name + " " + column.json_key)));
        for (int l = 0; l < r->levels(); ++l)
          QVERIFY(r->evidence.level_auroc[s][static_cast<std::size_t>(l)] == m["per_scale_auroc"][l].get<double>());
      }
    }
    const fs::path copy = path("run-with-edited-scores").toStdString();
    fs::copy(smallRun.toStdString(), copy, fs::copy_options::recursive);
    const std::string csv = msma_test::read_text((copy / "per_image_scores.csv").string());
    const std::size_t row = csv.find("\ntest,0,") + 8;  // the first inlier's first OOD score
    const std::size_t end = csv.find(',', row);
    msma_test::write_bytes((copy / "per_image_scores.csv").string(), csv.substr(0, row) + "12345.5" + csv.substr(end));
    const auto edited = RunResults::load(copy, false);
    QCOMPARE(edited->inlier().ood_score.at(edited->aux_kinds.front())(0), 12345.5);
    msma_test::write_bytes((copy / "per_image_scores.csv").string(), csv.substr(0, row) + "x" + csv.substr(end));
    try {
      RunResults::load(copy, false);
      QFAIL("a malformed per-image table was read");
    } catch (const msma::Error& e) {
      QVERIFY2(std::string(e.what()).find("per_image_scores.csv:2: OOD score") != std::string::npos, e.what());
    }
  }

  void new_data_dropped_on_a_finished_run_joins_every_view() {
    // A copy of the small run, so the other tests keep theirs as it is.
    const QString run = path("checked-run");
    fs::copy(smallRun.toStdString(), run.toStdString(), fs::copy_options::recursive);
    const QStringList own = {"config.json", "manifest.json", "metrics.json", "per_image_scores.csv", "scores/test.npy"};
    std::vector<QByteArray> before;
    for (const auto& f : own) before.push_back(readAll(run + "/" + f));
    // A folder of 30 new images in the run's geometry (12×12 gray), half flat and half noise.
    QDir().mkpath(path("incoming"));
    for (int i = 0; i < 30; ++i) {
      QImage img(12, 12, QImage::Format_Grayscale8);
      for (int y = 0; y < 12; ++y)
        for (int x = 0; x < 12; ++x) img.scanLine(y)[x] = static_cast<uchar>(i < 15 ? 20 : (37 * (x + 12 * y + i)) % 256);
      QVERIFY(img.save(path("incoming/%1.png").arg(i, 2, 10, QChar('0'))));
    }
    MainWindow w;
    w.resize(1200, 800);
    w.show();
    QSignalSpy shown(&w, &MainWindow::resultsShown);
    QSignalSpy projected(w.projection(), &ProjectionView::projectionReady);
    w.openRun(run);
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 60000);
    QTRY_VERIFY_WITH_TIMEOUT(projected.count() >= 1, 60000);
    QCOMPARE(w.tabs()->currentWidget(), static_cast<QWidget*>(w.roc()));
    drop(&w, {QUrl::fromLocalFile(path("incoming"))});
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 2, 60000);
    const auto r = w.state()->results();
    QCOMPARE(r->sets.size(), std::size_t(4));
    const ScoredSet& added = r->sets[3];
    QVERIFY(added.checked);
    QCOMPARE(added.name, std::string("incoming"));
    QCOMPARE(added.norms.rows(), Eigen::Index(30));
    QVERIFY(added.images && added.images->n == 30);
    // Every view: a histogram area, the projection's points, the gallery; the ROC table only
    // once the set is counted as OOD.
    QCOMPARE(w.histograms()->chart()->series().size(), 4);
    QTRY_VERIFY_WITH_TIMEOUT(w.projection()->canvas()->projection() &&
                                 w.projection()->canvas()->projection()->points.rows() == 400 + 120 + 80 + 30,
                             60000);
    w.gallery()->setDataset(3);
    QCOMPARE(w.gallery()->model()->rowCount(), 30);
    QCOMPARE(w.roc()->table()->rowCount(), 2);
    w.roc()->setCountedAsOod("incoming", true);
    QCOMPARE(w.roc()->table()->rowCount(), 3);
    QVERIFY(w.roc()->table()->item(2, 0)->text().startsWith("incoming"));
    QVERIFY(w.roc()->countsText().contains("incoming"));
    w.exportScores(path("checked-scores.csv"));
    const QByteArray csv = readAll(path("checked-scores.csv"));
    QCOMPARE(csv.count('\n'), 601 + 30);
    QVERIFY(csv.contains("\nchecks/incoming,29,"));
    // The run's own results are as they were; the new set lives under checks/.
    for (int i = 0; i < own.size(); ++i) QVERIFY2(readAll(run + "/" + own[i]) == before[i], qPrintable(own[i]));
    QVERIFY(QFileInfo::exists(run + "/checks/incoming/detect.csv"));
  }

  // Ten sets (the inlier test set and nine OOD sets) on a 1280×800 screen: on every tab the
  // window stays within the screen's width (legends, the health line and the threshold
  // summary wrap), the ROC table has a row per OOD set, and the ten colours are distinct.
  void ten_sets_fit_a_1280_by_800_screen() {
    const QString run = path("ten-sets");
    QStringList args = {"run", run, "--inlier", path("blobs.npy"), "--inlier-test", path("blobs.npy")};
    for (int k = 0; k < 5; ++k) args << "--ood" << QString("uniform-noise:%1").arg(20 + k);
    for (int k = 0; k < 4; ++k) args << "--ood" << QString("gaussian-noise:%1").arg(20 + k);
    args << "--width" << "8" << "--depth" << "2" << "--levels" << "4" << "--batch" << "16" << "--steps" << "10"
         << "--gmm-k" << "1" << "--aux" << "gmm" << "--bootstrap" << "0" << "--no-progress" << "--threads" << "1";
    QProcess cli;
    cli.start(MSMA_CLI, args);
    QVERIFY(cli.waitForFinished(300000));
    QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
    MainWindow w;
    w.resize(1280, 800);
    w.show();
    QSignalSpy shown(&w, &MainWindow::resultsShown);
    w.openRun(run);
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 60000);
    QCOMPARE(w.state()->results()->sets.size(), std::size_t(10));
    for (int t = 0; t < w.tabs()->count(); ++t) {
      w.tabs()->setCurrentIndex(t);
      QTest::qWait(50);  // layouts settle; a child wider than the screen would have grown the window
      QVERIFY2(w.width() <= 1280 && w.minimumSizeHint().width() <= 1280,
               qPrintable(QString("tab '%1': window %2 px wide, minimum %3 px")
                              .arg(w.tabs()->tabText(t))
                              .arg(w.width())
                              .arg(w.minimumSizeHint().width())));
    }
    QCOMPARE(w.roc()->table()->rowCount(), 9);
    std::set<QRgb> colours;
    for (int k = 0; k < 10; ++k) colours.insert(setColour(k).rgb());
    QCOMPARE(colours.size(), std::size_t(10));
  }

  // The projection's maths, checked numerically (it runs off the GUI thread, in the view's
  // pool): PCA finds a known principal plane and its share of variance; contour segments lie
  // on the level set they claim; score contours sit at the inlier quantiles they name.
  void projection_maths_is_numerically_right() {
    std::mt19937_64 rng(1);
    std::normal_distribution<double> g(0, 1);
    const int n = 4000;
    // Columns 0 and 1 almost collinear (t and 2t), column 2 uncorrelated with them exactly
    // (every row comes with its mirror in column 2): after the standardising the
    // eigenvalues are ≈ 2, 1 and ≈ 0, with axes (1, 1, 0)/√2 and (0, 0, 1).
    Eigen::MatrixXd x(n, 3);
    for (int i = 0; i < n; i += 2) {
      const double t = g(rng), e1 = 0.01 * g(rng), e2 = 0.02 * g(rng), u = g(rng);
      x.row(i) << t + e1, 2 * t + e2, u;
      x.row(i + 1) << t + e1, 2 * t + e2, -u;
    }
    RunResults r;
    r.fit = x.topRows(n / 2);
    ScoredSet test;
    test.name = "test";
    test.inlier = true;
    test.features = x.bottomRows(n / 2);
    r.sets.push_back(test);
    const Projection p = project(r, ProjectionMethod::Pca);
    QVERIFY2(std::abs(std::abs(p.axes(0, 0)) - M_SQRT1_2) < 0.01 && std::abs(std::abs(p.axes(1, 0)) - M_SQRT1_2) < 0.01 &&
                 std::abs(p.axes(2, 0)) < 0.01,
             qPrintable(QString("first axis (%1, %2, %3) is not (1, 1, 0)/√2")
                            .arg(p.axes(0, 0)).arg(p.axes(1, 0)).arg(p.axes(2, 0))));
    QVERIFY2(std::abs(std::abs(p.axes(2, 1)) - 1) < 0.01, "second axis is not (0, 0, 1)");
    QVERIFY2(p.explained > 0.99 && p.explained <= 1.0, qPrintable(QString::number(p.explained)));
    QCOMPARE(p.points.rows(), Eigen::Index(n / 2));
    // lift() inverts the projection on the plane: a point of the plane comes back to itself.
    Eigen::MatrixX2d plane(1, 2);
    plane << 0.7, -0.3;
    const Eigen::MatrixXd lifted = p.lift(plane);
    const Eigen::MatrixXd back = ((lifted.rowwise() - p.mean).array().rowwise() / p.scale.array()).matrix() * p.axes;
    QVERIFY((back - plane).norm() < 1e-9);

    // Marching squares on x² + y² over [-2, 2]²: every end point on the unit circle.
    const int m = 64;
    Eigen::MatrixXd grid(m, m);
    for (int j = 0; j < m; ++j)
      for (int i = 0; i < m; ++i) {
        const double gx = -2 + 4.0 * i / (m - 1), gy = -2 + 4.0 * j / (m - 1);
        grid(j, i) = gx * gx + gy * gy;
      }
    const auto lines = contourLines(grid, 1.0, -2, 2, -2, 2);
    QVERIFY(lines.size() > 40);
    for (const QLineF& l : lines)
      for (const QPointF& q : {l.p1(), l.p2()}) QVERIFY(std::abs(std::hypot(q.x(), q.y()) - 1) < 0.01);

    // Score contours of a fitted model: the levels are exactly the inlier quantiles named.
    auto model = msma::make_density_model("gmm", {{"k_grid", {1}}});
    model->fit(r.fit, nullptr, nullptr);
    const Eigen::VectorXd inlier = model->score(test.features);
    const ScoreContours sc = score_contours(p, *model, inlier, 32);
    QCOMPARE(sc.levels.size(), std::size_t(3));
    const std::vector<double> v(inlier.data(), inlier.data() + inlier.size());
    for (std::size_t k = 0; k < sc.levels.size(); ++k) {
      QCOMPARE(sc.levels[k], quantile(v, sc.quantiles[k]));
      const double below = static_cast<double>((inlier.array() <= sc.levels[k]).count()) / inlier.size();
      QVERIFY2(std::abs(below - sc.quantiles[k]) < 2.0 / inlier.size(), qPrintable(QString::number(below)));
      QVERIFY(!sc.lines[k].empty());
    }
  }

  void chinese_translation_loads_and_is_complete() {
    QTranslator t;
    QVERIFY(t.load(":/i18n/msma_zh_CN.qm"));
    QVERIFY(!t.isEmpty());
    const QString datasets = t.translate("msma::ui::MainWindow", "Datasets");
    QVERIFY2(!datasets.isEmpty() && datasets != "Datasets", qPrintable(datasets));
    QCoreApplication::installTranslator(&t);
    {
      MainWindow w;
      QCOMPARE(w.tabs()->tabText(0), datasets);
    }
    QCoreApplication::removeTranslator(&t);
    // Every source string of the GUI has a finished translation.
    QFile ts(MSMA_SOURCE_DIR "/translations/msma_zh_CN.ts");
    QVERIFY(ts.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&ts);
    int messages = 0;
    QStringList unfinished;
    QString source;
    while (!xml.atEnd()) {
      xml.readNext();
      if (!xml.isStartElement()) continue;
      if (xml.name() == QLatin1String("source")) source = xml.readElementText();
      if (xml.name() == QLatin1String("translation")) {
        ++messages;
        const bool open = xml.attributes().value("type") == QLatin1String("unfinished");
        if (open || xml.readElementText(QXmlStreamReader::IncludeChildElements).trimmed().isEmpty()) unfinished << source;
      }
    }
    QVERIFY(!xml.hasError());
    QVERIFY(messages > 150);
    QVERIFY2(unfinished.isEmpty(), qPrintable("untranslated: " + unfinished.join(" | ")));
  }
};

QTEST_MAIN(TestGui)
#include "test_gui.moc"
