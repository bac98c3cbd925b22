// The msma CLI: exit codes and messages on bad input, a full tiny run with resume, and
// stage-2 evaluation of given score matrices.
#include <QProcess>
#include <QtTest>
#include <map>
#include <random>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include "data/npy.h"
#include "run/run_dir.h"
#include "test_util.h"

namespace fs = std::filesystem;

namespace {
struct Result {
  int code;
  QString out, err;
};
Result run_cli(const QStringList& args, int timeout_ms = 300000) {
  QProcess p;
  p.start(MSMA_CLI, args);
  p.waitForFinished(timeout_ms);
  return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
          p.readAllStandardError()};
}
}  // namespace

class TestCli : public QObject {
  Q_OBJECT
  QTemporaryDir tmp;
  QString path(const QString& name) const { return tmp.filePath(name); }

 private Q_SLOTS:
  void bad_input_gives_message_and_nonzero_exit() {
    Result r = run_cli({"info", path("missing.idx")});
    QCOMPARE(r.code, 1);
    QVERIFY(r.err.contains("missing.idx"));
    std::string lying("\x00\x00\x08\x03\xff\xff\xff\xff\x00\x00\x00\x1c\x00\x00\x00\x1c", 16);
    lying += std::string(1000, 'x');
    msma_test::write_bytes(path("lying-images-idx3-ubyte").toStdString(), lying);
    r = run_cli({"info", path("lying-images-idx3-ubyte")});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("header claims 4294967295"), qPrintable(r.err));
    r = run_cli({"--frobnicate"});
    QCOMPARE(r.code, 2);
    QDir().mkpath(path("empty"));
    r = run_cli({"score", path("empty")});
    QCOMPARE(r.code, 1);
    QVERIFY(r.err.contains("not a run directory"));
    r = run_cli({"train", path("x"), "--arch", "transformer"});
    QCOMPARE(r.code, 2);
  }

  void working_geometry_for_a_folder_of_mixed_sizes() {
    // Photos in three sizes, colour and gray: refused without a working geometry (the message
    // names the option), trained on with one, which config.json and manifest.json record.
    const fs::path photos = path("photos").toStdString();
    fs::create_directories(photos);
    std::mt19937 rng(3);
    for (int i = 0; i < 24; ++i) {
      const int h = i % 3 == 0 ? 30 : i % 3 == 1 ? 24 : 16, w = i % 3 == 0 ? 20 : i % 3 == 1 ? 24 : 40;
      cv::Mat img(h, w, i % 2 ? CV_8UC3 : CV_8UC1);
      cv::randu(img, 0, 255);
      std::vector<uchar> png;
      cv::imencode(".png", img, png);
      msma_test::write_bytes(photos / (std::to_string(i) + ".png"), std::string(png.begin(), png.end()));
    }
    const QStringList tiny = {"--ood", "uniform-noise:10", "--width", "8", "--depth", "2", "--levels", "2",
                              "--batch", "8", "--steps", "2", "--threads", "1", "--quiet"};
    const QString in = QString::fromStdString(photos.string());
    Result r = run_cli(QStringList{"train", path("geo-refused"), "--inlier", in, "--inlier-test", in} + tiny);
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("mixed image sizes") && r.err.contains("--image-size"), qPrintable(r.err));
    r = run_cli(QStringList{"train", path("geo-bad"), "--inlier", in, "--inlier-test", in, "--image-size", "8x"} + tiny);
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("--image-size '8x'"), qPrintable(r.err));
    r = run_cli(QStringList{"train", path("geo"), "--inlier", in, "--inlier-test", in, "--image-size", "8",
                            "--channels", "1"} + tiny);
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const auto cfg = nlohmann::json::parse(msma_test::read_text((path("geo") + "/config.json").toStdString()));
    QCOMPARE(cfg["datasets"]["image_size"], nlohmann::json({8, 8}));
    QCOMPARE(cfg["datasets"]["channels"].get<int>(), 1);
    const auto man = nlohmann::json::parse(msma_test::read_text((path("geo") + "/manifest.json").toStdString()));
    QCOMPARE(man["inlier_train_all"]["geometry"].get<std::string>(), std::string("1x8x8"));
    QCOMPARE(man["inlier_train_all"]["images"].get<int>(), 24);
    QVERIFY(man["inlier_train_all"]["conversions"].dump().find("centre-cropped to 8x8") != std::string::npos);
  }

  void tiny_run_with_resume_and_lock() {
    std::vector<std::uint8_t> px;
    msma::ImageSet b = msma_test::blobs(300, 12, 12, 1);
    msma_test::write_bytes(path("blobs.npy").toStdString(), msma::npy_bytes_u8({300, 12, 12}, b.pixels.data()));
    const QStringList common = {"--inlier", path("blobs.npy"), "--inlier-test", path("blobs.npy"), "--ood",
                                "uniform-noise:60", "--width", "8", "--depth", "2", "--levels", "4", "--batch", "16",
                                "--gmm-k", "1,2", "--gmm-folds", "2", "--bootstrap", "50", "--holdout", "0.2",
                                "--no-progress"};
    const QString run = path("run");
    Result r = run_cli(QStringList{"train", run, "--steps", "10"} + common);
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(QFile::exists(run + "/checkpoints/step-00000010.pt"));
    r = run_cli(QStringList{"train", run, "--steps", "10"} + common);
    QCOMPARE(r.code, 1);  // refuses to overwrite a trained run
    QVERIFY(r.err.contains("--resume"));
    {
      msma::RunDir dir(run.toStdString());
      msma::RunLock lock(dir);  // another process holds the run
      r = run_cli({"score", run});
      QCOMPARE(r.code, 1);
      QVERIFY2(r.err.contains("another msma process"), qPrintable(r.err));
    }
    r = run_cli({"run", run, "--resume", "--steps", "20", "--no-progress"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(QFile::exists(run + "/checkpoints/step-00000020.pt"));
    QVERIFY(r.out.contains("uniform-noise"));
    QVERIFY(r.out.contains("FPR@95 authors"));
    QVERIFY(QFile::exists(run + "/metrics.json"));
    QVERIFY(QFile::exists(run + "/per_image_scores.csv"));
    r = run_cli({"evaluate", run});
    QCOMPARE(r.code, 0);
    // The default feature set is recorded, and its features are in the per-image CSV.
    const auto metrics = nlohmann::json::parse(msma_test::read_text((run + "/metrics.json").toStdString()));
    QCOMPARE(metrics.at("features").get<std::string>(), std::string("stats-bands"));
    QVERIFY(QFile::exists(run + "/scores/ood-uniform-noise-stats.npy"));
    QVERIFY(msma_test::read_text((run + "/per_image_scores.csv").toStdString()).find(",feature_log_norm@sigma=1,") !=
            std::string::npos);
  }

  void paper_preset_and_plain_progress_in_a_log() {
    msma::ImageSet b = msma_test::blobs(120, 12, 12, 5);
    msma_test::write_bytes(path("small.npy").toStdString(), msma::npy_bytes_u8({120, 12, 12}, b.pixels.data()));
    const QStringList common = {"--inlier", path("small.npy"), "--inlier-test", path("small.npy"), "--ood",
                                "uniform-noise:20", "--width", "8", "--depth", "2", "--levels", "3", "--batch", "8",
                                "--steps", "3", "--preset", "paper"};
    const QString run = path("paper");
    // stderr is a pipe here, not a terminal: progress comes as plain lines.
    Result r = run_cli(QStringList{"train", run} + common);
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains("train step 1/3") || r.err.contains("train [") , qPrintable(r.err));
    QVERIFY(!r.err.contains('\r'));
    auto cfg = nlohmann::json::parse(msma_test::read_text((run + "/config.json").toStdString()));
    QCOMPARE(cfg["features"].get<std::string>(), std::string("norms"));
    QCOMPARE(cfg["model"]["parameterisation"].get<std::string>(), std::string("score"));
    QCOMPARE(cfg["model"]["upsample"].get<std::string>(), std::string("conv-nearest"));
    // A run made before the decoder was a choice opens with the decoder it was trained with.
    auto before = cfg;
    before["model"].erase("upsample");
    QCOMPARE(msma::RunConfig::from_json(before, "config.json").model.upsample, std::string("nearest-conv"));
    QCOMPARE(cfg["train"]["ema_decay"].get<double>(), 0.0);
    QCOMPARE(cfg["train"]["lr_schedule"].get<std::string>(), std::string("constant"));
    QCOMPARE(cfg["train"]["precision"].get<std::string>(), std::string("fp32"));
    QCOMPARE(cfg["aux"]["models"].size(), std::size_t(3));
    QVERIFY(!cfg["aux"]["gmm"].contains("k_grid"));  // the authors' grid 2..20
    // An explicit option wins over the preset; --quiet silences progress.
    r = run_cli(QStringList{"train", path("paper2"), "--features", "lognorms", "--quiet"} + common);
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(!r.err.contains("train step"));
    cfg = nlohmann::json::parse(msma_test::read_text((path("paper2") + "/config.json").toStdString()));
    QCOMPARE(cfg["features"].get<std::string>(), std::string("lognorms"));
    QCOMPARE(cfg["model"]["parameterisation"].get<std::string>(), std::string("score"));
    r = run_cli(QStringList{"train", path("bad"), "--features", "pixels"} + common.mid(0, 8));
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("unknown feature set 'pixels'"), qPrintable(r.err));
    // Ensemble weights are checked before training starts, and recorded in the config.
    for (const char* weights : {"gmm=0", "gmm", "svm=1", "knn=heavy"}) {
      r = run_cli(QStringList{"train", path("bad-weights"), "--aux", "ensemble,gmm", "--ensemble-weights", weights} +
                  common.mid(0, 16));
      QVERIFY2(r.code == 1 && r.err.contains("weight") && !QFileInfo::exists(path("bad-weights") + "/config.json"),
               qPrintable(weights + (": " + r.err)));
    }
    r = run_cli(QStringList{"train", path("weighted"), "--ensemble-weights", "knn=2", "--quiet"} + common.mid(0, 16));
    QVERIFY2(r.code == 0, qPrintable(r.err));
    cfg = nlohmann::json::parse(msma_test::read_text((path("weighted") + "/config.json").toStdString()));
    QCOMPARE(cfg["aux"]["ensemble"]["weights"], (nlohmann::json{{"knn", 2.0}}));
  }

  // msma detect on the run's own OOD set gives evaluate's per-image scores, leaves every
  // file of the run as it was (even with the run locked by another process), and reports
  // flagged images, bad inputs and unfinished runs by exit code.
  void detect_matches_evaluate_and_leaves_the_run_alone() {
    msma::ImageSet b = msma_test::blobs(150, 12, 12, 7);
    msma_test::write_bytes(path("det.npy").toStdString(), msma::npy_bytes_u8({150, 12, 12}, b.pixels.data()));
    const QStringList common = {"--inlier", path("det.npy"), "--inlier-test", path("det.npy"), "--ood",
                                "uniform-noise:30", "--width", "8", "--depth", "2", "--levels", "3", "--batch", "8",
                                "--gmm-k", "1", "--gmm-folds", "2", "--bootstrap", "0", "--quiet"};
    const QString run = path("det-run");
    Result r = run_cli(QStringList{"run", run, "--steps", "3"} + common);
    QVERIFY2(r.code == 0, qPrintable(r.err));

    auto snapshot = [&] {
      std::map<std::string, std::string> files;
      for (const auto& e : fs::recursive_directory_iterator(run.toStdString()))
        if (e.is_regular_file() && e.path().string().find("/checks") == std::string::npos)
          files[e.path().string()] = msma_test::read_text(e.path());
      return files;
    };
    std::map<std::string, std::string> before;
    {
      msma::RunDir dir(run.toStdString());
      msma::RunLock lock(dir);  // the GUI holds the run (and wrote its pid in run.lock): detect only reads it
      before = snapshot();
      r = run_cli({"detect", run, "uniform-noise:30", "--out", path("det.csv"), "--quiet"});
    }
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains("threshold") && r.out.contains("keeps 95 %"), qPrintable(r.out));
    QVERIFY(snapshot() == before);

    // Per image, the same OOD score as evaluate's per_image_scores.csv (first aux model: the
    // ensemble).
    auto rows = [](const std::string& text) {
      std::vector<QStringList> out;
      for (const auto& line : QString::fromStdString(text).split('\n', Qt::SkipEmptyParts)) out.push_back(line.split(','));
      return out;
    };
    const auto eval = rows(msma_test::read_text((run + "/per_image_scores.csv").toStdString()));
    const auto det = rows(msma_test::read_text(path("det.csv").toStdString()));
    const int col = eval[0].indexOf("ood_score_ensemble");
    QVERIFY(col > 0);
    QCOMPARE(det[0].mid(0, 5), (QStringList{"source", "index", "ood_score", "inlier_percentile", "flagged"}));
    QVERIFY(det[0].size() > 5 && det[0][5].startsWith("feature_"));
    std::vector<double> expected;
    for (const auto& row : eval)
      if (row[0] == "uniform-noise") expected.push_back(row[col].toDouble());
    QCOMPARE(det.size(), expected.size() + 1);
    QCOMPARE(expected.size(), std::size_t(30));
    for (std::size_t i = 0; i < expected.size(); ++i) {
      QCOMPARE(det[i + 1][1].toInt(), int(i));
      // Both CSVs print 8 significant digits.
      QVERIFY2(std::abs(det[i + 1][2].toDouble() - expected[i]) <= 1e-6 * std::max(1.0, std::abs(expected[i])),
               qPrintable(det[i + 1][2] + " vs " + QString::number(expected[i])));
    }

    // Cached the second time; --fail-on-flagged gives exit 5 when any image is flagged.
    r = run_cli({"detect", run, "uniform-noise:30", "--threshold=-1e300", "--fail-on-flagged", "--json", "--quiet"});
    QCOMPARE(r.code, 5);
    const auto j = nlohmann::json::parse(r.out.toStdString());
    QCOMPARE(j["flagged"].get<int>(), 30);
    QVERIFY(j["sets"][0]["cached"].get<bool>());
    r = run_cli({"detect", run, "uniform-noise:30", "--threshold", "1e300", "--fail-on-flagged", "--quiet"});
    QCOMPARE(r.code, 0);
    QVERIFY(snapshot() == before);

    // A bad input file: exit 1, the file named.
    msma_test::write_bytes(path("broken.npy").toStdString(), "\x93NUMPY garbage");
    r = run_cli({"detect", run, path("broken.npy"), "--quiet"});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("broken.npy"), qPrintable(r.err));

    // Unfinished runs: the error names the stage to run.
    QDir().mkpath(path("det-untrained"));
    QVERIFY(QFile::copy(run + "/config.json", path("det-untrained/config.json")));
    r = run_cli({"detect", path("det-untrained"), "uniform-noise:30", "--quiet"});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("msma train"), qPrintable(r.err));
    QVERIFY(QFile::remove(run + "/aux/ensemble.json"));  // the default (first) aux model
    r = run_cli({"detect", run, "uniform-noise:30", "--quiet"});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("ensemble.json") && r.err.contains("msma fit"), qPrintable(r.err));
  }

  void evaluate_given_matrices() {
    std::mt19937_64 rng(3);
    std::normal_distribution<double> g(0, 1);
    auto mat = [&](int n, double shift) {
      Eigen::MatrixXd m(n, 3);
      for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = g(rng) + shift;
      return m;
    };
    msma::write_npy_matrix(path("fit.npy").toStdString(), mat(400, 0));
    msma::write_npy_matrix(path("test.npy").toStdString(), mat(200, 0));
    msma::write_npy_matrix(path("far.npy").toStdString(), mat(200, 6));
    Result r = run_cli({"evaluate", "--fit-matrix", path("fit.npy"), "--test-matrix", path("test.npy"), "--ood-matrix",
                     "far=" + path("far.npy"), "--bootstrap", "0", "--out", path("eval"), "--no-progress"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(r.out.contains("far"));
    QVERIFY(r.out.contains("100.00"));
    QVERIFY(QFile::exists(path("eval/metrics.json")));
    // Without bootstrap rounds there is no interval: null, not [0, 0].
    const auto m = nlohmann::json::parse(msma_test::read_text(path("eval/metrics.json").toStdString()));
    QVERIFY(m["aux"]["gmm"]["ood"]["far"]["auroc_ci95"].is_null());
  }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
