// A tiny real run: Fashion-MNIST inliers against uniform noise, every stage through the
// run directory, must separate the two (AUROC > 0.99).
#include <QtTest>
#include <fstream>

#include "common/error.h"
#include "data/builtin.h"
#include "data/load.h"
#include "data/npy.h"
#include "run/pipeline.h"
#include "run/session.h"
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
    // A few thousand images, written as .npy so the run reads them like any user file. The
    // 800 fit vectors (20 %) are about six per feature of the default set's 135: with 600 the
    // full-covariance GMM's in-sample advantage reached health 0.70 (0.67 with the 115 of "stats").
    ImageSet train = load_dataset("fashion-mnist:train"), test = load_dataset("fashion-mnist:test");
    msma_test::write_bytes(dir / "train.npy", npy_bytes_u8({4000, 28, 28}, train.pixels.data()));
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
    cfg.aux_settings["gmm"] = {{"k_grid", {1, 2, 4}}, {"folds", 5}};
    cfg.aux_settings["flow"] = {{"epochs", 20}};
    cfg.aux = {"gmm", "knn", "flow"};  // every model, on the default feature set
    cfg.bootstrap_rounds = 200;
    RunDir run(dir / "run");
    run.save_config(cfg);
    const RunConfig loaded = run.load_config();
    CancelToken cancel;
    RunData data = load_run_data(run, loaded, nullptr);
    QCOMPARE(data.fit.n, std::int64_t(800));
    QCOMPARE(data.train.n, std::int64_t(3200));
    const TrainResult r = train_stage(run, loaded, data.train, false, nullptr, cancel);
    QCOMPARE(r.steps, std::int64_t(300));
    QVERIFY(fs::exists(run.checkpoints() / "step-00000300.pt"));
    score_stage(run, loaded, data, nullptr, cancel);
    {
      // The manifest says what the stage scored (fit, test and the noise) and how fast.
      const nlohmann::json scoring = run.read_json("manifest.json").at("scoring");
      QCOMPARE(scoring.at("images").get<std::int64_t>(), data.fit.n + data.test.n + 500);
      QVERIFY(scoring.at("seconds").get<double>() > 0 && scoring.at("images_per_second").get<double>() > 0);
    }
    const auto fit_time = fs::last_write_time(run.scores() / "fit.npy");
    const nlohmann::json scored_record = run.read_json("manifest.json").at("scoring");
    score_stage(run, loaded, data, nullptr, cancel);  // cached: not rewritten
    QCOMPARE(fs::last_write_time(run.scores() / "fit.npy"), fit_time);
    QVERIFY(run.read_json("manifest.json").at("scoring") == scored_record);  // nor is the scoring record
    {
      // A matrix scored before the row bands (14 statistics per level, key stats-v3) still
      // serves "stats", which reads none of them, and is scored again for "stats-bands".
      const fs::path fit_stats = run.scores() / "fit-stats.npy";
      const Eigen::MatrixXd full = read_npy_matrix(fit_stats);
      QCOMPARE(full.cols(), Eigen::Index(18 * 10));
      write_npy_matrix(fit_stats, full.leftCols(14 * 10));
      nlohmann::json cache = run.read_json("scores/cache.json");
      std::string key = cache.at("fit");
      const auto at = key.find("/stats-v4");
      QVERIFY2(at != std::string::npos, key.c_str());
      cache["fit"] = key.replace(at, 9, "/stats-v3");
      run.write_json("scores/cache.json", cache);
      RunConfig stats_only = loaded;
      stats_only.features = "stats";
      score_stage(run, stats_only, data, nullptr, cancel);
      QCOMPARE(read_npy_matrix(fit_stats).cols(), Eigen::Index(14 * 10));
      QCOMPARE(fs::last_write_time(run.scores() / "fit.npy"), fit_time);
      score_stage(run, loaded, data, nullptr, cancel);
      QCOMPARE(read_npy_matrix(fit_stats).cols(), Eigen::Index(18 * 10));
      QVERIFY((read_npy_matrix(fit_stats) - full).cwiseAbs().maxCoeff() == 0);  // deterministic
    }
    fit_stage(run, loaded, nullptr, cancel);
    const Evaluation e = evaluate_stage(run, loaded, nullptr, cancel);
    QCOMPARE(e.aux.size(), std::size_t(3));  // gmm, knn, flow
    for (const auto& a : e.aux) {
      const double auc = a.sets.at(0).metrics.auroc;
      QVERIFY2(auc > 0.99, qPrintable(QString("%1 AUROC %2").arg(QString::fromStdString(a.kind)).arg(auc)));
      QVERIFY2(a.health_auroc > 0.3 && a.health_auroc < 0.7,
               qPrintable(QString("%1 health %2").arg(QString::fromStdString(a.kind)).arg(a.health_auroc)));
      QCOMPARE(a.sets.at(0).per_scale_auroc.size(), std::size_t(10));
    }
    QVERIFY(fs::exists(run.file("metrics.json")));
    QVERIFY(fs::exists(run.curves() / "gmm-uniform-noise-roc.csv"));
    QCOMPARE(loaded.features, std::string("stats-bands"));
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
  // The run session orders the stages once for both front ends: train, then (after the
  // `trained` hook) score, fit and evaluate; a refused create touches no file; resume keeps
  // the stored config and takes only the new budget; the session holds the run's lock.
  void run_session_life_cycle() {
    if (!fs::exists(fashion_mnist_dir())) QSKIP("dataset-fashion-mnist is not installed");
    const fs::path dir = fs::path(tmp.path().toStdString()) / "session";
    fs::create_directories(dir);
    ImageSet train = load_dataset("fashion-mnist:train"), test = load_dataset("fashion-mnist:test");
    msma_test::write_bytes(dir / "train.npy", npy_bytes_u8({400, 28, 28}, train.pixels.data()));
    msma_test::write_bytes(dir / "test.npy", npy_bytes_u8({100, 28, 28}, test.pixels.data()));
    RunConfig cfg;
    cfg.inlier_train = (dir / "train.npy").string();
    cfg.inlier_test = (dir / "test.npy").string();
    cfg.ood = {"uniform-noise:100"};
    cfg.seed = 3;
    cfg.model.width = 8;
    cfg.train.steps = 10;
    cfg.train.batch_size = 16;
    cfg.train.warmup_steps = 2;
    cfg.features = "norms";
    cfg.aux = {"gmm"};
    cfg.aux_settings["gmm"] = {{"k_grid", {1}}, {"folds", 2}};
    cfg.bootstrap_rounds = 0;
    const fs::path run_dir = dir / "run";
    std::vector<std::string> events;
    SessionHooks hooks;
    hooks.train_progress = [&](const TrainProgress& p) {
      if (p.step == 1) events.push_back("training");
    };
    hooks.trained = [&](const TrainResult& r) {
      events.push_back("trained " + std::to_string(r.steps));
      // Scoring starts only after the trained hook: no score matrix exists yet.
      if (fs::exists(run_dir / "scores" / "fit.npy")) events.push_back("scored too early");
    };
    CancelToken cancel;
    {
      RunSession session = RunSession::create(run_dir, cfg);
      // The session holds run.lock: a second one on the same run is refused.
      QVERIFY_THROWS_EXCEPTION(Error, RunSession::open(run_dir));
      const RunSession::Outcome o = session.run(hooks, cancel);
      QVERIFY(o.evaluation.has_value());
      QCOMPARE(o.evaluation->aux.size(), std::size_t(1));
      QVERIFY(o.evaluation->aux[0].sets.at(0).metrics.auroc > 0.9);
    }
    QCOMPARE(events, (std::vector<std::string>{"training", "trained 10"}));
    QVERIFY(fs::exists(run_dir / "metrics.json"));
    QVERIFY(fs::exists(run_dir / "per_image_scores.csv"));

    // A new run in a trained directory is refused before any file changes.
    auto read = [&](const char* name) { return msma_test::read_text(run_dir / name); };
    const std::string config_before = read("config.json"), manifest_before = read("manifest.json");
    RunConfig other = cfg;
    other.seed = 7;  // differs from the stored run's
    QVERIFY_THROWS_EXCEPTION(Error, RunSession::create(run_dir, other));
    QCOMPARE(read("config.json"), config_before);
    QCOMPARE(read("manifest.json"), manifest_before);

    // Resume: the stored config (seed 3, width 8), the new budget and threads only.
    {
      ResumeBudget budget;
      budget.steps = 14;
      budget.threads = 1;
      RunSession session = RunSession::resume(run_dir, budget);
      QCOMPARE(session.config().seed, std::uint64_t(3));
      QCOMPARE(session.config().model.width, 8);
      QCOMPARE(session.config().train.steps, std::int64_t(14));
      QCOMPARE(session.config().train.threads, 1);
      QCOMPARE(session.config().score.threads, 1);
      const RunSession::Outcome o = session.run(SessionHooks{}, cancel, /*train_only=*/true);
      QCOMPARE(o.training.steps, std::int64_t(14));
      QVERIFY(!o.evaluation.has_value());
    }
    QCOMPARE(RunDir(run_dir).load_config().train.steps, std::int64_t(14));
    QVERIFY(fs::exists(run_dir / "checkpoints" / "step-00000014.pt"));

    // A noise schedule edited after training is refused when scoring, naming the checkpoint.
    RunConfig edited = RunDir(run_dir).load_config();
    edited.schedule.sigma_high = 2.0;
    RunDir(run_dir).save_config(edited);
    std::string refused;
    try {
      RunSession::open(run_dir).score(SessionHooks{}, cancel);
    } catch (const Error& e) {
      refused = e.what();
    }
    QVERIFY2(refused.find("step-00000014.pt") != std::string::npos &&
                 refused.find("noise schedule cannot change") != std::string::npos,
             refused.c_str());
  }
};

QTEST_GUILESS_MAIN(TestEndToEnd)
#include "test_end_to_end.moc"
