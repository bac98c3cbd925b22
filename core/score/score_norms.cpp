#include "score/score_norms.h"

#include "common/error.h"
#include "model/precision.h"
#include "train/trainer.h"

namespace msma {

Eigen::MatrixXd compute_score_norms(ScoreNet& net, const ImageSet& images, int levels, const ScoreOptions& opt,
                                    const ProgressFn& progress, const CancelToken* cancel, const std::string& stage) {
  if (images.n == 0) throw Error(images.source + ": no images to score");
  use_threads(opt.threads);
  c10::InferenceMode guard;  // thread-local: created in the thread that scores
  PrecisionScope precision(opt.precision);
  net.eval();
  const int b = std::max(1, opt.batch_size);
  Eigen::MatrixXd out(images.n, levels);
  auto all = torch::from_blob(const_cast<std::uint8_t*>(images.pixels.data()), {images.n, images.c, images.h, images.w},
                              torch::kUInt8);
  RateMeter meter(images.n);
  for (std::int64_t start = 0; start < images.n; start += b) {
    if (cancel) cancel->check();
    const std::int64_t m = std::min<std::int64_t>(b, images.n - start);
    auto x = all.narrow(0, start, m).to(torch::kFloat32).div_(255.0);
    if (opt.channels_last) x = x.contiguous(at::MemoryFormat::ChannelsLast);
    // One forward pass per level: measured here, stacking all L levels into one batch of
    // L·b images ran 2.7x slower (the activations no longer fit in cache).
    for (int l = 0; l < levels; ++l) {
      auto lv = torch::full({m}, l, torch::kLong);
      auto norms = net.scaled_score(x, lv).to(torch::kFloat32).flatten(1).norm(2, 1).to(torch::kFloat64).contiguous();
      const double* p = norms.data_ptr<double>();
      for (std::int64_t i = 0; i < m; ++i) out(start + i, l) = p[i];
    }
    if (progress) progress(meter.make(stage, start + m));
  }
  if (!out.allFinite()) throw Error(images.source + ": the network produced NaN/inf score norms");
  return out;
}

}  // namespace msma
