// Crash safety with real child processes: kill -9 during training and during checkpoint
// writes leaves a loadable run that resumes from its last complete checkpoint; a second
// process on the same run is refused.
#include <QProcess>
#include <QtTest>
#include <random>
#include <thread>

#include "data/npy.h"
#include "test_util.h"
#include "train/checkpoint.h"

namespace fs = std::filesystem;

class TestCrash : public QObject {
  Q_OBJECT
  QTemporaryDir tmp;
  QStringList common;

  QString path(const QString& n) const { return tmp.filePath(n); }
  static int run(const QStringList& args, QString* err = nullptr) {
    QProcess p;
    p.start(MSMA_CLI, args);
    p.waitForFinished(300000);
    if (err) *err = p.readAllStandardError();
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
  }
  static std::size_t count_checkpoints(const QString& run) {
    return msma::list_checkpoints(fs::path(run.toStdString()) / "checkpoints").size();
  }

 private Q_SLOTS:
  void initTestCase() {
    msma::ImageSet b = msma_test::blobs(200, 12, 12, 1);
    msma_test::write_bytes(path("blobs.npy").toStdString(), msma::npy_bytes_u8({200, 12, 12}, b.pixels.data()));
    common = {"--inlier", path("blobs.npy"), "--inlier-test", path("blobs.npy"), "--ood", "uniform-noise:40",
              "--depth", "2", "--levels", "4", "--batch", "8", "--no-progress", "--threads", "1"};
  }

  void kill_during_training_then_resume() {
    const QString runDir = path("run-kill");
    QProcess child;
    child.start(MSMA_CLI, QStringList{"train", runDir, "--steps", "1000000", "--checkpoint-every", "5", "--width", "8"} + common);
    QVERIFY(child.waitForStarted());
    for (int i = 0; i < 600 && count_checkpoints(runDir) < 3; ++i) QTest::qWait(50);
    QVERIFY(count_checkpoints(runDir) >= 3);
    // A second process on the same run directory is refused while the first holds it.
    QString err;
    QCOMPARE(run({"score", runDir}, &err), 1);
    QVERIFY2(err.contains("another msma process"), qPrintable(err));
    child.kill();  // SIGKILL: no handler, no cleanup
    QVERIFY(child.waitForFinished());
    const auto last = msma::latest_checkpoint(fs::path(runDir.toStdString()) / "checkpoints");
    QVERIFY(last.has_value());
    const long long step = std::stoll(last->stem().string().substr(5));
    QCOMPARE(run(QStringList{"train", runDir, "--resume", "--steps", QString::number(step + 3), "--no-progress"}, &err), 0);
    QVERIFY2(err.contains("trained to step " + QString::number(step + 3)), qPrintable(err));
  }

  void kill_during_checkpoint_writes() {
    // A wider net makes each checkpoint write take a while; checkpoint every step and
    // kill at random moments, many times. Whatever is on disk under a real name must load.
    const QString runDir = path("run-writes");
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> delay(0, 60);
    bool started = false;
    for (int round = 0; round < 8; ++round) {
      QProcess child;
      QStringList args = started ? QStringList{"train", runDir, "--resume", "--steps", "1000000", "--no-progress"}
                                 : QStringList{"train", runDir, "--steps", "1000000", "--checkpoint-every", "1", "--width", "64"} + common;
      child.start(MSMA_CLI, args);
      QVERIFY(child.waitForStarted());
      for (int i = 0; i < 600 && count_checkpoints(runDir) < 1; ++i) QTest::qWait(20);
      started = true;
      QTest::qWait(200 + delay(rng));
      child.kill();
      QVERIFY(child.waitForFinished());
    }
    const fs::path dir = fs::path(runDir.toStdString()) / "checkpoints";
    QVERIFY(msma::list_checkpoints(dir).size() >= 2);
    for (const auto& ck : msma::list_checkpoints(dir)) QVERIFY(!msma::checkpoint_config(ck).empty());
    QString err;
    const auto last = msma::latest_checkpoint(dir);
    const long long step = std::stoll(last->stem().string().substr(5));
    QCOMPARE(run(QStringList{"train", runDir, "--resume", "--steps", QString::number(step + 1), "--no-progress"}, &err), 0);
    // The resumed process owned the run and removed any temporaries a killed writer left.
    for (const auto& e : fs::directory_iterator(dir)) QVERIFY2(e.path().filename().string()[0] != '.', e.path().c_str());
  }
};

QTEST_GUILESS_MAIN(TestCrash)
#include "test_crash.moc"
