// Stage 1: score norms are ‖σ_i s(x,i)‖ per level, independent of batching.
#include <QtTest>

#include "common/error.h"
#include "model/noise_schedule.h"
#include "score/score_norms.h"
#include "test_util.h"

using namespace msma;

class TestScore : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void norms_match_direct_evaluation_and_ignore_batching() {
    ModelConfig m;
    m.width = 8;
    m.depth = 2;
    m.height = m.width_px = 12;
    m.levels = 5;
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

  void bf16_scoring_stays_close_to_fp32() {
    ModelConfig m;
    m.width = 16;
    m.depth = 2;
    m.height = m.width_px = 12;
    m.levels = 3;
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
    ModelConfig m;
    m.width = 8;
    m.depth = 2;
    m.height = m.width_px = 12;
    m.levels = 2;
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
