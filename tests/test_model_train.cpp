// Score networks, the DSM loss, training, checkpoints and resume.
#include <QtTest>

#include <cmath>
#include <limits>

#include "common/error.h"
#include "model/group_norm_silu.h"
#include "model/upsample_concat.h"
#include "model/winograd_conv.h"
#include "model/noise_schedule.h"
#include "model/precision.h"
#include "train/checkpoint.h"
#include "train/trainer.h"
#include "test_util.h"

namespace fs = std::filesystem;
using namespace msma;

namespace {
ModelConfig small_unet() {
  ModelConfig m;
  m.width = 8;
  m.depth = 2;
  m.height = m.width_px = 12;
  m.levels = 4;
  return m;
}
std::vector<double> four_sigmas() { return NoiseSchedule{"geometric", 1.0, 0.01, 4}.sigmas(); }
TrainConfig quick(std::int64_t steps) {
  TrainConfig t;
  t.batch_size = 16;
  t.steps = steps;
  t.seed = 3;
  t.threads = 2;
  t.checkpoint_every = 0;
  return t;
}
bool same_weights(ScoreNet& a, ScoreNet& b) {
  auto pa = a.parameters(), pb = b.parameters();
  for (std::size_t i = 0; i < pa.size(); ++i)
    if (!torch::allclose(pa[i], pb[i], 1e-6, 1e-7)) return false;
  return true;
}
}  // namespace

class TestModelTrain : public QObject {
  Q_OBJECT
  QTemporaryDir tmp;

 private Q_SLOTS:
  // The fused kernel against LibTorch's group_norm + silu (fp32): values and every gradient,
  // in both layouts, with and without the per-sample bias, with a group of 3 channels and
  // a spatial size that is not a multiple of the kernel's partial sums.
  void fused_group_norm_silu_matches_the_composed_ops_data() {
    QTest::addColumn<bool>("channels_last");
    QTest::addColumn<bool>("with_bias");
    QTest::newRow("nchw") << false << false;
    QTest::newRow("nchw bias") << false << true;
    QTest::newRow("channels-last") << true << false;
    QTest::newRow("channels-last bias") << true << true;
  }
  void fused_group_norm_silu_matches_the_composed_ops() {
    QFETCH(bool, channels_last);
    QFETCH(bool, with_bias);
    torch::manual_seed(5);
    const std::int64_t N = 3, C = 12, G = 4;
    auto make = [&] {
      auto x = (torch::randn({N, C, 5, 7}) * 3 + 1.5);
      if (channels_last) x = x.contiguous(at::MemoryFormat::ChannelsLast);
      return x.requires_grad_();
    };
    auto x1 = make(), x2 = x1.detach().clone().requires_grad_();
    auto b1 = with_bias ? torch::randn({N, C}).requires_grad_() : torch::Tensor();
    auto b2 = with_bias ? b1.detach().clone().requires_grad_() : torch::Tensor();
    auto g1 = (torch::rand({C}) + 0.5).requires_grad_(), g2 = g1.detach().clone().requires_grad_();
    auto e1 = torch::randn({C}).requires_grad_(), e2 = e1.detach().clone().requires_grad_();
    const auto y1 = group_norm_silu(x1, b1, G, g1, e1);
    const auto y2 = group_norm_silu_composed(x2, b2, G, g2, e2);
    QCOMPARE(y1.is_contiguous(at::MemoryFormat::ChannelsLast) && !y1.is_contiguous(), channels_last);
    QVERIFY2(torch::allclose(y1, y2, 1e-5, 1e-5), qPrintable(QString::number((y1 - y2).abs().max().item<double>())));
    const auto w = torch::randn_like(y2);  // an arbitrary upstream gradient
    (y1 * w).sum().backward();
    (y2 * w).sum().backward();
    auto close = [](const torch::Tensor& a, const torch::Tensor& b) {
      return torch::allclose(a, b, 1e-4, 1e-5) && (a - b).abs().max().item<double>() < 1e-4;
    };
    QVERIFY2(close(x1.grad(), x2.grad()), qPrintable(QString::number((x1.grad() - x2.grad()).abs().max().item<double>())));
    QVERIFY(close(g1.grad(), g2.grad()));
    QVERIFY(close(e1.grad(), e2.grad()));
    if (with_bias) QVERIFY(close(b1.grad(), b2.grad()));
    // bf16 storage: within bf16's rounding of the fp32 result.
    auto xb = x1.detach().to(torch::kBFloat16);
    const auto yb = group_norm_silu(xb, with_bias ? b1.detach() : torch::Tensor(), G, g1.detach(), e1.detach());
    QCOMPARE(yb.scalar_type(), torch::kBFloat16);
    const auto yr = group_norm_silu_composed(xb, with_bias ? b1.detach() : torch::Tensor(), G, g1.detach(), e1.detach());
    QVERIFY((yb.to(torch::kFloat32) - yr).abs().max().item<double>() < 0.02 * (yr.abs().max().item<double>() + 1));
  }

  // The kernel flushes subnormals only while it runs (an Intel Xeon slowed 7x on them): the
  // caller's floating-point mode is untouched afterwards, and subnormal inputs give finite,
  // correct results.
  void fused_group_norm_silu_keeps_the_callers_subnormals() {
    const float tiny = std::numeric_limits<float>::denorm_min();
    volatile float probe = tiny;
    QVERIFY(probe * 1.0f == tiny);  // this thread keeps subnormals before
    auto x = torch::randn({2, 8, 4, 4});
    x.index_put_({0, 0}, tiny);  // one channel of subnormals
    const auto gamma = torch::ones({8}), beta = torch::zeros({8});
    torch::Tensor y;
    {
      torch::InferenceMode inference;
      y = group_norm_silu(x, torch::Tensor(), 4, gamma, beta);
    }
    QVERIFY(probe * 1.0f == tiny);  // and after
    QVERIFY(torch::isfinite(y).all().item<bool>());
    QVERIFY(torch::allclose(y, group_norm_silu_composed(x, torch::Tensor(), 4, gamma, beta), 1e-5, 1e-5));
  }

  // The decoder's one-copy upsample-and-concatenate against LibTorch's two ops, bit for bit,
  // in fp32 and bf16; with a gradient to record it takes the two ops (and passes gradients).
  void upsample_concat_matches_upsample_then_cat() {
    torch::manual_seed(3);
    const auto cl = at::MemoryFormat::ChannelsLast;
    for (auto dtype : {torch::kFloat32, torch::kBFloat16}) {
      const auto coarse = torch::randn({3, 5, 4, 6}).to(dtype).contiguous(cl);
      const auto skip = torch::randn({3, 7, 8, 12}).to(dtype).contiguous(cl);
      const auto expected = torch::cat({torch::upsample_nearest2d(coarse, {8, 12}), skip}, 1);
      torch::Tensor fused;
      {
        torch::InferenceMode inference;
        fused = upsample2x_concat(coarse, skip);
      }
      QVERIFY(fused.is_contiguous(cl));
      QVERIFY(torch::equal(fused, expected));
      QVERIFY(torch::equal(upsample2x_concat(coarse.contiguous(), skip.contiguous()), expected));  // NCHW: two ops
    }
    auto coarse = torch::randn({2, 3, 2, 2}).contiguous(cl).requires_grad_();
    const auto skip = torch::randn({2, 4, 4, 4}).contiguous(cl);
    upsample2x_concat(coarse, skip).narrow(1, 0, 3).sum().backward();
    QVERIFY(torch::equal(coarse.grad(), torch::full({2, 3, 2, 2}, 4.0)));  // each coarse pixel feeds 2×2
  }

  void winograd_convolution_matches_libtorch() {
    if (!winograd_available(16, 32)) QSKIP("oneDNN has no Winograd kernel on this CPU or build");
    torch::manual_seed(5);
    torch::nn::Conv2d conv(torch::nn::Conv2dOptions(16, 32, 3).padding(1));
    WinogradConv winograd;
    const CpuExecution defaults = cpu_execution();
    for (auto format : {at::MemoryFormat::ChannelsLast, at::MemoryFormat::Contiguous}) {
      const auto x = torch::randn({5, 16, 13, 9}).contiguous(format);
      // Recording a gradient (training) or with the lever off: LibTorch's convolution itself.
      const auto expected = conv->forward(x);
      QVERIFY(torch::equal(winograd.forward(*conv, x), expected));
      torch::InferenceMode inference;
      cpu_execution().winograd_conv = false;
      QVERIFY(torch::equal(winograd.forward(*conv, x), expected));
      cpu_execution() = defaults;
      const auto y = winograd.forward(*conv, x);
      QCOMPARE(y.sizes().vec(), expected.sizes().vec());
      QVERIFY(y.is_contiguous(format));
      QVERIFY(!torch::equal(y, expected));  // really another algorithm
      const double error = ((y - expected).abs().max() / expected.abs().max()).item<double>();
      QVERIFY2(error < 1e-5, qPrintable(QString::number(error)));
      QVERIFY(torch::equal(y, winograd.forward(*conv, x)));  // the same bits on every call
      // A smaller last batch gets its own kernel, with the same numbers per image.
      QVERIFY(torch::allclose(winograd.forward(*conv, x.narrow(0, 0, 2)), y.narrow(0, 0, 2), 1e-5, 1e-6));
    }
    // Weights written in place (an optimiser step, a loaded checkpoint) are transformed again
    // (this batch shape has its kernel from the loop).
    const auto x = torch::randn({5, 16, 13, 9}).contiguous(at::MemoryFormat::ChannelsLast);
    {
      torch::NoGradGuard no_grad;
      conv->weight.mul_(-2);
      conv->bias.add_(1);
    }
    torch::InferenceMode inference;
    const auto expected = conv->forward(x);
    QVERIFY(torch::allclose(winograd.forward(*conv, x), expected, 1e-4, 1e-5));
    // Convolutions other than 3×3, stride 1, padding 1 take LibTorch's path.
    torch::nn::Conv2d strided(torch::nn::Conv2dOptions(16, 16, 3).stride(2).padding(1));
    torch::nn::Conv2d wide(torch::nn::Conv2dOptions(16, 16, 5).padding(2));
    WinogradConv other, another;
    QVERIFY(torch::equal(other.forward(*strided, x), strided->forward(x)));
    QVERIFY(torch::equal(another.forward(*wide, x), wide->forward(x)));
  }

  void schedule_matches_method() {
    const auto s = NoiseSchedule{}.sigmas();
    QCOMPARE(s.size(), std::size_t(10));
    QVERIFY(std::abs(s[1] - 0.5995) < 1e-4);
    QVERIFY(std::abs(s[9] - 0.01) < 1e-12);
    const auto lin = NoiseSchedule{"linear", 1.0, 0.1, 4}.sigmas();
    QVERIFY(std::abs(lin[1] - 0.7) < 1e-12);
  }

  void networks_produce_image_shaped_scores_data() {
    QTest::addColumn<QString>("arch");
    QTest::addColumn<QString>("param");
    QTest::addColumn<QString>("upsample");
    QTest::newRow("unet noise") << "unet" << "noise" << "conv-nearest";
    QTest::newRow("unet score") << "unet" << "score" << "conv-nearest";
    QTest::newRow("unet nearest-conv") << "unet" << "noise" << "nearest-conv";
    QTest::newRow("refinenet score") << "refinenet" << "score" << "conv-nearest";
  }
  void networks_produce_image_shaped_scores() {
    QFETCH(QString, arch);
    QFETCH(QString, param);
    QFETCH(QString, upsample);
    ModelConfig m = small_unet();
    m.arch = arch.toStdString();
    m.parameterisation = param.toStdString();
    m.upsample = upsample.toStdString();
    m.channels = 3;
    auto net = make_score_net(m, four_sigmas());
    auto x = torch::rand({5, 3, 12, 12});
    const auto mixed = torch::tensor({0, 1, 2, 3, 0}, torch::kLong);
    auto out = net->scaled_score(x, mixed);
    QCOMPARE(out.sizes().vec(), (std::vector<int64_t>{5, 3, 12, 12}));
    QVERIFY(torch::isfinite(out).all().item<bool>());
    QVERIFY(net->parameter_count() > 1000);
    // All levels of one batch give scaled_score's numbers level by level, bit for bit, with
    // the U-Net's level-free stem computed once and without, in fp32 and bf16.
    torch::InferenceMode inference;
    const CpuExecution defaults = cpu_execution();
    // Scoring's paths compute training's numbers: bit for bit with LibTorch's convolutions
    // (the one-copy decoder concatenation only copies), to rounding with Winograd's.
    cpu_execution().winograd_conv = false;
    QVERIFY(torch::equal(out, net->scaled_score(x, mixed)));
    cpu_execution() = defaults;
    const double drift = ((out - net->scaled_score(x, mixed)).abs().max() / out.abs().max()).item<double>();
    QVERIFY2(drift < 1e-5, qPrintable(QString::number(drift)));
    for (const char* precision : {"fp32", "bf16"}) {
      PrecisionScope scope(precision);
      for (bool once : {true, false}) {
        cpu_execution().stem_once = once;
        int seen = 0;
        bool same = true;
        net->scaled_score_levels(x, 4, [&](int l, const torch::Tensor& lv, const torch::Tensor& v) {
          same = same && l == seen++ && torch::equal(lv, torch::full({5}, l, torch::kLong)) &&
                 torch::equal(v, net->scaled_score(x, lv));
        });
        cpu_execution() = defaults;
        QVERIFY2(same && seen == 4, precision);
      }
    }
  }

  void refinenet_paper_size() {
    // NCSN v1 with 128 filters on 32×32×3 has ≈ 28 M parameters (the paper's network).
    ModelConfig m;
    m.arch = "refinenet";
    m.parameterisation = "score";
    m.width = 128;
    m.channels = 3;
    m.height = m.width_px = 32;
    auto net = make_score_net(m, NoiseSchedule{}.sigmas());
    const double millions = net->parameter_count() / 1e6;
    QVERIFY2(millions > 25 && millions < 31, qPrintable(QString::number(millions)));
  }

  void dsm_loss_decreases() {
    ImageSet data = msma_test::blobs(512, 12, 12, 1);
    TrainConfig t = quick(150);
    t.learning_rate = 2e-3;
    TrainState s = make_train_state(small_unet(), four_sigmas(), t);
    std::vector<double> losses;
    CancelToken cancel;
    train(s, data, four_sigmas(), t, [&](const TrainProgress& p) { losses.push_back(p.loss); }, nullptr, cancel);
    QCOMPARE(losses.size(), std::size_t(150));
    double first = 0, last = 0;
    for (int i = 0; i < 20; ++i) first += losses[i], last += losses[losses.size() - 1 - i];
    // An untrained net scores ½‖z‖² ≈ 72 per image or worse; training must clearly beat it.
    QVERIFY2(last < 0.7 * first, qPrintable(QString("first %1 last %2").arg(first / 20).arg(last / 20)));
  }

  void resume_equals_uninterrupted() {
    ImageSet data = msma_test::blobs(200, 12, 12, 2);
    const fs::path dir = fs::path(tmp.path().toStdString()) / "resume";
    CancelToken cancel;
    TrainState straight = make_train_state(small_unet(), four_sigmas(), quick(20));
    train(straight, data, four_sigmas(), quick(20), nullptr, nullptr, cancel);

    TrainState first = make_train_state(small_unet(), four_sigmas(), quick(10));
    train(first, data, four_sigmas(), quick(10), nullptr,
          [&](const TrainState& s) { save_checkpoint(checkpoint_path(dir, s.step), s, "{}"); }, cancel);
    QCOMPARE(list_checkpoints(dir).size(), std::size_t(1));
    TrainState resumed = make_train_state(small_unet(), four_sigmas(), quick(20));
    load_checkpoint(*latest_checkpoint(dir), resumed);
    QCOMPARE(resumed.step, std::int64_t(10));
    train(resumed, data, four_sigmas(), quick(20), nullptr, nullptr, cancel);
    QVERIFY(same_weights(*resumed.net, *straight.net));
    QCOMPARE(checkpoint_config(*latest_checkpoint(dir)), std::string("{}"));
  }

  void schedules_of_the_product_recipe() {
    TrainConfig t;
    t.ema_decay = 0.9999;
    t.ema_warmup = true;
    QCOMPARE(ema_decay_at(t, 0), 0.0);  // the first average is the weights themselves
    QVERIFY(std::abs(ema_decay_at(t, 1000) - (1 - std::pow(1001.0, -0.75))) < 1e-15);
    QCOMPARE(ema_decay_at(t, 100000000), 0.9999);  // capped by --ema
    t.ema_warmup = false;
    QCOMPARE(ema_decay_at(t, 3), 0.9999);
    t.lr_schedule = "constant";
    QCOMPARE(lr_factor_at(t, 5, 0.5), 1.0);
    t.warmup_steps = 10;
    QCOMPARE(lr_factor_at(t, 0, 0.0), 0.1);
    QCOMPARE(lr_factor_at(t, 9, 0.0), 1.0);
    t.lr_schedule = "cosine";
    QVERIFY(std::abs(lr_factor_at(t, 50, 0.5) - 0.55) < 1e-12);
    QVERIFY(std::abs(lr_factor_at(t, 50, 1.0) - 0.1) < 1e-12);
    QVERIFY(std::abs(lr_factor_at(t, 50, 2.0) - 0.1) < 1e-12);  // stays at the floor
  }

  void resume_equals_uninterrupted_with_ema_and_cosine() {
    ImageSet data = msma_test::blobs(200, 12, 12, 4);
    const fs::path dir = fs::path(tmp.path().toStdString()) / "resume-recipe";
    TrainConfig t = quick(20);
    t.ema_decay = 0.999;
    t.ema_warmup = true;
    t.lr_schedule = "cosine";
    t.warmup_steps = 5;
    CancelToken none;
    TrainState straight = make_train_state(small_unet(), four_sigmas(), t);
    train(straight, data, four_sigmas(), t, nullptr, nullptr, none);
    // The same run stopped after 10 steps and resumed from its checkpoint.
    CancelToken stop;
    TrainState first = make_train_state(small_unet(), four_sigmas(), t);
    train(first, data, four_sigmas(), t, [&](const TrainProgress& p) { if (p.step == 10) stop.cancel(); },
          [&](const TrainState& s) { save_checkpoint(checkpoint_path(dir, s.step), s, "{}"); }, stop);
    TrainState resumed = make_train_state(small_unet(), four_sigmas(), t);
    load_checkpoint(*latest_checkpoint(dir), resumed);
    QCOMPARE(resumed.step, std::int64_t(10));
    train(resumed, data, four_sigmas(), t, nullptr, nullptr, none);
    QVERIFY(same_weights(*resumed.net, *straight.net));
    QVERIFY(same_weights(*resumed.ema, *straight.ema));
    QVERIFY(!same_weights(*straight.ema, *straight.net));  // the average is not the last weights
  }

  void checkpoint_of_other_architecture_is_refused() {
    ImageSet data = msma_test::blobs(50, 12, 12, 3);
    const fs::path p = fs::path(tmp.path().toStdString()) / "other.pt";
    TrainState s = make_train_state(small_unet(), four_sigmas(), quick(1));
    save_checkpoint(p, s, "{}");
    ModelConfig wider = small_unet();
    wider.width = 16;
    TrainState w = make_train_state(wider, four_sigmas(), quick(1));
    bool refused = false;
    try {
      load_checkpoint(p, w);
    } catch (const Error& e) {
      refused = std::string(e.what()).find(p.string()) != std::string::npos;
    }
    QVERIFY(refused);
    ModelConfig more_levels = small_unet();
    more_levels.levels = 6;
    auto six = NoiseSchedule{"geometric", 1.0, 0.01, 6}.sigmas();
    TrainState l = make_train_state(more_levels, six, quick(1));
    QVERIFY_THROWS_EXCEPTION(Error, load_checkpoint(p, l));
    // The decoder's convolutions differ in shape: a run's checkpoint never loads into the other.
    ModelConfig other_decoder = small_unet();
    other_decoder.upsample = "nearest-conv";
    TrainState d = make_train_state(other_decoder, four_sigmas(), quick(1));
    QVERIFY_THROWS_EXCEPTION(Error, load_checkpoint(p, d));
    ModelConfig unknown = small_unet();
    unknown.upsample = "bilinear";
    QVERIFY_THROWS_EXCEPTION(Error, make_score_net(unknown, four_sigmas()));
    const fs::path junk = fs::path(tmp.path().toStdString()) / "junk.pt";
    msma_test::write_bytes(junk, "not a checkpoint");
    QVERIFY_THROWS_EXCEPTION(Error, load_checkpoint(junk, s));
  }

  void divergence_stops_and_keeps_checkpoint() {
    ImageSet data = msma_test::blobs(64, 12, 12, 4);
    TrainConfig t = quick(200);
    t.learning_rate = 1e12;  // guaranteed to blow up
    t.checkpoint_every = 1;
    const fs::path dir = fs::path(tmp.path().toStdString()) / "diverge";
    TrainState s = make_train_state(small_unet(), four_sigmas(), t);
    CancelToken cancel;
    TrainResult r = train(s, data, four_sigmas(), t, nullptr,
                          [&](const TrainState& st) { save_checkpoint(checkpoint_path(dir, st.step), st, "{}"); }, cancel);
    QVERIFY(r.diverged);
    QVERIFY(r.message.find("NaN") != std::string::npos || r.message.find("infinite") != std::string::npos);
    QVERIFY(r.steps < 200);
    // Every checkpoint on disk was written before the bad step and loads.
    const auto last = latest_checkpoint(dir);
    QVERIFY(last.has_value());
    TrainState check = make_train_state(small_unet(), four_sigmas(), t);
    load_checkpoint(*last, check);
    QCOMPARE(check.step, r.steps);
  }

  void cancel_and_pause() {
    ImageSet data = msma_test::blobs(64, 12, 12, 5);
    TrainConfig t = quick(100000);
    TrainState s = make_train_state(small_unet(), four_sigmas(), t);
    CancelToken cancel;
    TrainResult r = train(s, data, four_sigmas(), t, [&](const TrainProgress& p) {
      if (p.step == 5) cancel.cancel();
    }, nullptr, cancel);
    QVERIFY(r.cancelled);
    QCOMPARE(r.steps, std::int64_t(5));
  }

  void time_budget_stops() {
    ImageSet data = msma_test::blobs(64, 12, 12, 6);
    TrainConfig t = quick(0);
    t.minutes = 0.02;  // 1.2 s
    TrainState s = make_train_state(small_unet(), four_sigmas(), t);
    CancelToken cancel;
    TrainResult r = train(s, data, four_sigmas(), t, nullptr, nullptr, cancel);
    QVERIFY(r.steps > 0);
    QVERIFY(r.seconds >= 1.2 && r.seconds < 10);
  }
};

QTEST_GUILESS_MAIN(TestModelTrain)
#include "test_model_train.moc"
