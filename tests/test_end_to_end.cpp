// A tiny real run: Fashion-MNIST inliers against uniform noise, every stage through the
// run directory, must separate the two (AUROC > 0.99).
#include <QtTest>
#include <fstream>

#include "data/builtin.h"
#include "data/load.h"
#include "data/npy.h"
#include "run/pipeline.h"
#include "test_util.h"

namespace fs = std::filesystem;
using namespace msma;

class TestEndToEnd : public QObject {
  Q_OBJECT
  QTemporaryDir tmp;

 private Q_SLOTS:
  void fashion_mnist_vs_uniform_noise() {
    if (!fs::exists(fashion_mnist_dir())) QSKIP("dataset-fashion-mnist is not installed");
    const fs::path dir(tmp.path().toStdString());
    // A few thousand images, written as .npy so the run reads them like any user file.
    ImageSet train = load_dataset("fashion-mnist:train"), test = load_dataset("fashion-mnist:test");
    msma_test::write_bytes(dir / "train.npy", npy_bytes_u8({3000, 28, 28}, train.pixels.data()));
    msma_test::write_bytes(dir / "test.npy", npy_bytes_u8({500, 28, 28}, test.pixels.data()));
    RunConfig cfg;
    cfg.inlier_train = (dir / "train.npy").string();
    cfg.inlier_test = (dir / "test.npy").string();
    cfg.ood = {"uniform-noise:500"};
    cfg.holdout_fraction = 0.2;
    cfg.model.width = 16;
    cfg.train.steps = 300;
    cfg.train.batch_size = 32;
    cfg.train.learning_rate = 2e-3;
    cfg.train.checkpoint_every = 100;
    cfg.gmm = {{"k_grid", {1, 2, 4}}, {"folds", 5}};
    cfg.flow = {{"epochs", 20}};
    cfg.aux = {"gmm", "knn", "flow"};  // every model, on the default feature set
    cfg.bootstrap_rounds = 200;
    RunDir run(dir / "run");
    run.save_config(cfg);
    const RunConfig loaded = run.load_config();
    CancelToken cancel;
    RunData data = load_run_data(run, loaded, nullptr);
    QCOMPARE(data.fit.n, std::int64_t(600));
    QCOMPARE(data.train.n, std::int64_t(2400));
    const TrainResult r = train_stage(run, loaded, data.train, false, nullptr, cancel);
    QCOMPARE(r.steps, std::int64_t(300));
    QVERIFY(fs::exists(run.checkpoints() / "step-00000300.pt"));
    score_stage(run, loaded, data, nullptr, cancel);
    const auto fit_time = fs::last_write_time(run.scores() / "fit.npy");
    score_stage(run, loaded, data, nullptr, cancel);  // cached: not rewritten
    QCOMPARE(fs::last_write_time(run.scores() / "fit.npy"), fit_time);
    fit_stage(run, loaded, nullptr, cancel);
    const Evaluation e = evaluate_stage(run, loaded, nullptr, cancel);
    QCOMPARE(e.aux.size(), std::size_t(3));  // gmm, knn, flow
    for (const auto& a : e.aux) {
      const double auc = a.sets.at(0).metrics.auroc;
      QVERIFY2(auc > 0.99, qPrintable(QString("%1 AUROC %2").arg(QString::fromStdString(a.kind)).arg(auc)));
      QVERIFY(a.health_auroc > 0.3 && a.health_auroc < 0.7);
      QCOMPARE(a.sets.at(0).per_scale_auroc.size(), std::size_t(10));
    }
    QVERIFY(fs::exists(run.file("metrics.json")));
    QVERIFY(fs::exists(run.curves() / "gmm-uniform-noise-roc.csv"));
    QCOMPARE(loaded.features, std::string("stats"));
    QVERIFY(fs::exists(run.scores() / "fit-stats.npy"));
    const Eigen::MatrixXd test_norms = read_npy_matrix(run.scores() / "test.npy");
    QCOMPARE(test_norms.rows(), Eigen::Index(500));
    QCOMPARE(test_norms.cols(), Eigen::Index(10));
    // per-image CSV: header + 500 test + 500 noise rows.
    std::ifstream csv(run.file("per_image_scores.csv"));
    int lines = 0;
    for (std::string line; std::getline(csv, line);) ++lines;
    QCOMPARE(lines, 1001);
  }
};

QTEST_GUILESS_MAIN(TestEndToEnd)
#include "test_end_to_end.moc"
