#pragma once
// How a run scores images (batch, threads, precision, device): plain data without LibTorch
// (score/score_norms.h computes), so the run configuration compiles without its headers.
#include <string>
#include <vector>

namespace msma {

struct ScoreOptions {
  int batch_size = 64;  // images per batch; each is evaluated at all L levels in one pass
  int threads = 0;      // 0: all cores
  std::string precision = "fp32";  // "bf16": CPU autocast (see model/precision.h)
  std::string device = "cpu";      // per invocation, not saved in the run config (model/device.h)
  std::vector<double> sigmas;      // the run's σ_1..σ_L (statistics that noise the image need them)
};

}  // namespace msma
