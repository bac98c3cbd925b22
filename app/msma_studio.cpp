// MSMA Studio: the desktop application. Opens a run directory given on the command line
// (the same directories the msma CLI writes). --screenshots DIR saves a PNG of every view
// of that run and quits (how the README's screenshots are made, under Xvfb).
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QIcon>
#include <QLibraryInfo>
#include <QLocale>
#include <QTimer>
#include <QTranslator>

#include "common/heap.h"
#include "main_window.h"
#include "views/datasets_panel.h"
#include "views/gallery_view.h"
#include "views/projection_view.h"
#include "views/training_view.h"

namespace {

// Loads the Simplified Chinese (or another) translation when chosen in the preferences, or
// by --lang, or when the system language is Chinese and nothing was chosen.
void installTranslation(QApplication& app, const QString& forced) {
  QString lang = forced.isEmpty() ? msma::ui::MainWindow::languageSetting() : forced;
  if (lang.isEmpty()) lang = QLocale::system().name().startsWith("zh") ? "zh_CN" : "en";
  if (lang == "en") return;
  auto* mine = new QTranslator(&app);
  if (mine->load(":/i18n/msma_" + lang + ".qm")) app.installTranslator(mine);
  auto* qt = new QTranslator(&app);  // Qt's own dialogs and buttons
  if (qt->load("qtbase_" + lang, QLibraryInfo::path(QLibraryInfo::TranslationsPath))) app.installTranslator(qt);
}

}  // namespace

int main(int argc, char** argv) {
  msma::keep_freed_heap_memory();  // before LibTorch allocates: see common/heap.h
  QApplication app(argc, argv);
  QApplication::setOrganizationName("MSMA Studio");
  QApplication::setApplicationName("MSMA Studio");
  QApplication::setApplicationVersion(MSMA_VERSION);
  QApplication::setDesktopFileName("io.github.msmastudio.MSMAStudio");
  QIcon icon;
  for (int size : {16, 32, 48, 64, 128, 256}) icon.addFile(QString(":/icons/msma-studio-%1.png").arg(size));
  QApplication::setWindowIcon(icon);
  QCommandLineParser cli;
  cli.setApplicationDescription("Out-of-distribution detection by multiscale score matching");
  cli.addHelpOption();
  cli.addVersionOption();
  cli.addPositionalArgument("run", "a run directory to open");
  QCommandLineOption shots("screenshots", "save a PNG of every view of the opened run into DIR and quit", "DIR");
  QCommandLineOption lang("lang", "language (en, zh_CN), overriding the preferences", "LANG");
  QCommandLineOption trainDir("train-demo", "for --screenshots: also train in DIR for 40 s to show the live chart", "DIR");
  cli.addOptions({shots, lang, trainDir});
  cli.process(app);
  installTranslation(app, cli.value(lang));

  msma::ui::MainWindow window;
  window.resize(1400, 900);
  window.show();
  const QStringList args = cli.positionalArguments();
  if (!args.isEmpty()) window.openRun(args.front());
  if (cli.isSet(shots)) {
    const QString dir = cli.value(shots);
    // Once the results and the projection are in, optionally show a live training, then shoot.
    QObject::connect(window.projection(), &msma::ui::ProjectionView::projectionReady, &window, [&] {
      auto shoot = [&] {
        // Inspect the first OOD set's highest-scoring image, and show that set's gallery.
        const auto r = window.state()->results();
        if (r && r->sets.size() > 1) {
          Eigen::Index top = 0;
          window.state()->scores(1).maxCoeff(&top);
          window.gallery()->setDataset(1);
          window.state()->setCurrent({1, top});
        }
        const QStringList files = window.saveScreenshots(dir);
        for (const auto& f : files) qInfo("wrote %s", qPrintable(f));
        // Quit once a live training has stopped (at its next step, checkpoint kept).
        window.training()->cancel();
        auto* wait = new QTimer(&window);
        QObject::connect(wait, &QTimer::timeout, &app, [&window] {
          if (!window.training()->running()) QApplication::quit();
        });
        wait->start(100);
      };
      if (!cli.isSet(trainDir)) return shoot();
      window.training()->setRunDir(cli.value(trainDir));
      window.datasets()->addSources({"fashion-mnist:train", "fashion-mnist:test", "mnist-digits"});
      QTimer::singleShot(45000, &window, shoot);
      auto* poll = new QTimer(&window);
      QObject::connect(poll, &QTimer::timeout, &window, [&window, poll] {
        if (window.datasets()->pendingLoads() > 0) return;
        poll->stop();
        const auto& e = window.datasets()->entries();
        for (int i = 0; i < static_cast<int>(e.size()); ++i) {
          if (e[i].spec == "fashion-mnist:train") window.datasets()->setRole(i, msma::ui::DatasetRole::InlierTrain);
          if (e[i].spec == "fashion-mnist:test") window.datasets()->setRole(i, msma::ui::DatasetRole::InlierTest);
        }
        window.training()->start();
      });
      poll->start(200);
    }, Qt::SingleShotConnection);
  }
  return app.exec();
}
