// Stage 1: score norms are ‖σ_i s(x,i)‖ per level, independent of batching.
#include <QtTest>

#include "common/error.h"
#include "model/noise_schedule.h"
#include "model/precision.h"
#include "run/pipeline.h"
#include "score/features.h"
#include "score/score_norms.h"
#include "test_util.h"

using namespace msma;

namespace {
// A two-level U-Net on 12×12 images: enough to check what scoring computes, in milliseconds.
ModelConfig tiny_unet(int width, int levels) {
  ModelConfig m;
  m.width = width;
  m.depth = 2;
  m.height = m.width_px = 12;
  m.levels = levels;
  return m;
}
}  // namespace

class TestScore : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void norms_match_direct_evaluation_and_ignore_batching() {
    const ModelConfig m = tiny_unet(8, 5);
    const auto sig = NoiseSchedule{"geometric", 1.0, 0.01, 5}.sigmas();
    torch::manual_seed(0);
    auto net = make_score_net(m, sig);
    ImageSet data = msma_test::blobs(23, 12, 12, 9);
    ScoreOptions a{7, 2}, b{23, 1};
    long long last_done = 0;
    const Eigen::MatrixXd x = compute_score_norms(*net, data, 5, a, [&](const Progress& p) { last_done = p.done; }, nullptr);
    const Eigen::MatrixXd y = compute_score_norms(*net, data, 5, b, nullptr, nullptr);
    QCOMPARE(x.rows(), Eigen::Index(23));
    QCOMPARE(x.cols(), Eigen::Index(5));
    QCOMPARE(last_done, 23LL);
    QVERIFY((x - y).cwiseAbs().maxCoeff() < 1e-3 * x.cwiseAbs().maxCoeff());
    // Direct: image 4 at level 2.
    torch::NoGradGuard g;
    net->eval();
    auto img = torch::from_blob(data.pixels.data() + 4 * 144, {1, 1, 12, 12}, torch::kUInt8).to(torch::kFloat32) / 255.0;
    const double direct = net->scaled_score(img, torch::tensor({2}, torch::kLong)).norm().item<double>();
    QVERIFY(std::abs(x(4, 2) - direct) < 1e-4 * direct);
  }

  void statistics_extend_the_norms_and_feature_sets_transform_them() {
    const ModelConfig m = tiny_unet(8, 4);
    const auto sig = NoiseSchedule{"geometric", 1.0, 0.01, 4}.sigmas();
    torch::manual_seed(2);
    auto net = make_score_net(m, sig);
    ImageSet data = msma_test::blobs(9, 12, 12, 3);
    ScoreOptions opt{4, 1};
    opt.sigmas = sig;
    const Eigen::MatrixXd norms = compute_score_norms(*net, data, 4, opt, nullptr, nullptr);
    const Eigen::MatrixXd st = compute_score_stats(*net, data, 4, opt, nullptr, nullptr);
    QCOMPARE(st.cols(), Eigen::Index(kScoreStats * 4));
    QVERIFY((st.leftCols(4) - norms).cwiseAbs().maxCoeff() < 1e-5 * norms.maxCoeff());
    // Direct statistics of image 5 at level 1: mean, third moment, quadrant norms, cosine.
    torch::NoGradGuard g;
    net->eval();
    auto img = torch::from_blob(data.pixels.data() + 5 * 144, {1, 1, 12, 12}, torch::kUInt8).to(torch::kFloat32) / 255.0;
    auto v = net->scaled_score(img, torch::tensor({1}, torch::kLong));
    const double mean = v.mean().item<double>();
    const double m2 = v.pow(2).mean().item<double>();
    const double m3 = v.pow(3).mean().item<double>() / std::pow(m2, 1.5);
    const double tl = v.narrow(2, 0, 6).narrow(3, 0, 6).norm().item<double>();
    const double br = v.narrow(2, 6, 6).narrow(3, 6, 6).norm().item<double>();
    auto xc = img - img.mean();
    const double cos = (v * xc).sum().item<double>() / (v.norm() * xc.norm()).item<double>();
    auto close = [](double a, double b) { return std::abs(a - b) <= 1e-4 * std::max(1.0, std::abs(b)); };
    QVERIFY(close(st(5, 1 * 4 + 1), mean));
    QVERIFY(close(st(5, 2 * 4 + 1), m3));
    QVERIFY(close(st(5, 4 * 4 + 1), tl));
    QVERIFY(close(st(5, 7 * 4 + 1), br));
    QVERIFY(close(st(5, 8 * 4 + 1), cos));
    // The 99th percentile of |v| over 144 values is the 2nd largest.
    auto sorted = std::get<0>(v.abs().flatten().sort(0, true));
    QVERIFY(close(st(5, 3 * 4 + 1), sorted[1].item<double>()));
    // Denoising residual at level 2 (every other level): the network on x + σ_2 z, z seeded by
    // the image's bytes; 0 at the levels it skips; the same value when the image is scored alone.
    const auto z = content_seeded_noise(img[0]).unsqueeze(0);
    const auto r = net->scaled_score(img + sig[2] * z, torch::tensor({2}, torch::kLong)) + z;
    QVERIFY(close(st(5, 9 * 4 + 2), (r.norm() / z.norm()).item<double>()));
    QVERIFY(st(5, 9 * 4 + 2) > 0 && st(5, 9 * 4 + 1) == 0 && st(5, 9 * 4 + 3) == 0);
    // The same residual on the top-left and bottom-right quadrants (6×6 of 12×12), same pass.
    const double r_tl = r.narrow(2, 0, 6).narrow(3, 0, 6).norm().item<double>() /
                        z.narrow(2, 0, 6).narrow(3, 0, 6).norm().item<double>();
    const double r_br = r.narrow(2, 6, 6).narrow(3, 6, 6).norm().item<double>() /
                        z.narrow(2, 6, 6).narrow(3, 6, 6).norm().item<double>();
    QVERIFY(close(st(5, 10 * 4 + 2), r_tl));
    QVERIFY(close(st(5, 13 * 4 + 2), r_br));
    QVERIFY(st(5, 10 * 4 + 1) == 0 && st(5, 13 * 4 + 3) == 0);
    // Row bands: the mean of v on rows 0–2, 3–5, 6–8, 9–11 of the 12×12 image (signed), at
    // every level.
    for (int k = 0; k < kRowBands; ++k)
      QVERIFY(close(st(5, (14 + k) * 4 + 1), v.narrow(2, 3 * k, 3).mean().item<double>()));
    QVERIFY(st(5, 14 * 4 + 1) != st(5, 17 * 4 + 1));
    const Eigen::MatrixXd alone = compute_score_stats(*net, data.subset({5}, "one"), 4, opt, nullptr, nullptr);
    QVERIFY(std::abs(alone(0, 9 * 4 + 2) - st(5, 9 * 4 + 2)) < 1e-5 * st(5, 9 * 4 + 2));

    // Feature sets: norms as they are; lognorms; stats = 9 blocks of 4 levels and the
    // denoising residual, whole and per quadrant, at levels 0 and 2, logs where named so.
    QVERIFY((make_features("norms", norms, 4) - norms).norm() == 0);
    QVERIFY((make_features("lognorms", norms, 4) - Eigen::MatrixXd(norms.array().log())).norm() < 1e-12);
    const Eigen::MatrixXd f = make_features("stats", st, 4);
    QCOMPARE(f.cols(), Eigen::Index(36 + 5 * 2));
    QVERIFY(std::abs(f(5, 37) - std::log(st(5, 9 * 4 + 2))) < 1e-12);
    QVERIFY(std::abs(f(5, 45) - std::log(st(5, 13 * 4 + 2))) < 1e-12);
    QVERIFY(std::abs(f(5, 1) - std::log(st(5, 1))) < 1e-12);
    QCOMPARE(f(5, 4 + 1), st(5, 4 + 1));  // the mean is signed: no log
    const auto names = feature_names("stats", sig);
    QCOMPARE(names.size(), std::size_t(46));
    QVERIFY(names[37].rfind("log_denoise@sigma=", 0) == 0);
    QVERIFY(names[45].rfind("log_denoise_br@sigma=", 0) == 0);
    QVERIFY(names[0].rfind("log_norm@sigma=1", 0) == 0);
    QVERIFY_THROWS_EXCEPTION(msma::Error, make_features("stats", norms, 4));  // needs the statistics
    // stats-bands: stats, then the four row bands at levels 0 and 2 (signed: no log).
    const Eigen::MatrixXd fb = make_features("stats-bands", st, 4);
    QCOMPARE(fb.cols(), Eigen::Index(46 + 4 * 2));
    QVERIFY((fb.leftCols(46) - f).norm() == 0);
    QCOMPARE(fb(5, 46), st(5, 14 * 4 + 0));
    QCOMPARE(fb(5, 47), st(5, 14 * 4 + 2));
    QCOMPARE(fb(5, 53), st(5, 17 * 4 + 2));
    const auto names_b = feature_names("stats-bands", sig);
    QCOMPARE(names_b.size(), std::size_t(54));
    QVERIFY(names_b[46].rfind("mean_band1@sigma=1", 0) == 0);
    QVERIFY(names_b[53].rfind("mean_band4@sigma=", 0) == 0);
    // A matrix scored before the row bands (14 statistics) still serves "stats", with the
    // same features; not the sets that read the bands, nor a matrix of another width.
    const Eigen::MatrixXd before = st.leftCols(kScoreStatsBeforeRowBands * 4);
    QVERIFY((make_features("stats", before, 4) - f).norm() == 0);
    QVERIFY_THROWS_EXCEPTION(msma::Error, make_features("stats-bands", before, 4));
    QVERIFY_THROWS_EXCEPTION(msma::Error, make_features("stats", st.leftCols(15 * 4), 4));
    // A refusal names the widths that would serve the set.
    QCOMPARE(served_columns("stats-bands", 4), std::string("72"));
    QCOMPARE(served_columns("stats", 4), std::string("56 or 72"));
    QCOMPARE(served_columns("norms", 4), std::string("4, 56 or 72"));
    try {
      make_features("stats", st.leftCols(15 * 4), 4);
    } catch (const msma::Error& e) {
      QVERIFY2(std::string(e.what()).find("needs 56 or 72 score columns") != std::string::npos, e.what());
    }
    QVERIFY((make_features("lognorms", st, 4) - make_features("lognorms", norms, 4)).cwiseAbs().maxCoeff() < 1e-5);
    QVERIFY_THROWS_EXCEPTION(msma::Error, feature_set("nope"));
  }

  void auto_precision_is_bf16_only_where_it_measures_faster() {
    const double speedup = measured_bf16_speedup();
    if (cpu_has_native_bf16()) QVERIFY(speedup > 0);
    else QCOMPARE(speedup, 0.0);
    const std::string chosen = resolve_precision("auto");
    QCOMPARE(chosen, std::string(speedup >= kBf16MinSpeedup ? "bf16" : "fp32"));
    QCOMPARE(resolve_precision("auto", /*cuda=*/true), std::string("fp32"));
    QCOMPARE(resolve_precision("bf16"), std::string("bf16"));
    QVERIFY(describe_precision("auto").rfind("auto: " + chosen, 0) == 0);
    QCOMPARE(describe_precision("fp32"), std::string("fp32"));
    // The score cache key names bf16, so a run never mixes bf16 and fp32 matrices.
    const ImageSet data = msma_test::blobs(3, 12, 12, 1);
    RunConfig cfg;
    cfg.score.precision = "bf16";
    const std::string bf16_key = score_cache_key(data, "abc", cfg);
    cfg.score.precision = "fp32";
    const std::string fp32_key = score_cache_key(data, "abc", cfg);
    QVERIFY(bf16_key.size() > 5 && bf16_key.substr(bf16_key.size() - 5) == "/bf16");
    QCOMPARE(bf16_key.substr(0, bf16_key.size() - 5), fp32_key);
  }

  void bf16_scoring_stays_close_to_fp32() {
    const ModelConfig m = tiny_unet(16, 3);
    torch::manual_seed(1);
    auto net = make_score_net(m, {1.0, 0.1, 0.01});
    ImageSet data = msma_test::blobs(16, 12, 12, 2);
    const ScoreOptions fp32{8, 1, "fp32"}, bf16{8, 1, "bf16"};
    const Eigen::MatrixXd a = compute_score_norms(*net, data, 3, fp32, nullptr, nullptr);
    const Eigen::MatrixXd b = compute_score_norms(*net, data, 3, bf16, nullptr, nullptr);
    // bf16 keeps 8 bits of mantissa (≈ 0.4 % per value); norms over 144 values stay within 3 %.
    const double rel = ((a - b).array().abs() / a.array().abs()).maxCoeff();
    QVERIFY2(rel < 0.03, qPrintable(QString::number(rel)));
    QVERIFY(rel > 0);  // autocast really ran in bf16
  }

  void cancellation_stops_scoring() {
    const ModelConfig m = tiny_unet(8, 2);
    auto net = make_score_net(m, {1.0, 0.1});
    ImageSet data = msma_test::blobs(40, 12, 12, 1);
    CancelToken c;
    c.cancel();
    const ScoreOptions opt{8, 1};
    QVERIFY_THROWS_EXCEPTION(msma::Cancelled, compute_score_norms(*net, data, 2, opt, nullptr, &c));
  }
};

QTEST_GUILESS_MAIN(TestScore)
#include "test_score.moc"
