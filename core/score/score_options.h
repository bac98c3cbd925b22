#pragma once
// How a run scores images (batch, threads, precision, device): plain data without LibTorch
// (score/score_norms.h computes), so the run configuration compiles without its headers.
#include <string>
#include <vector>

namespace msma {

struct ScoreOptions {
  // Images per batch; each is evaluated at all L levels in one pass. 128: the default
  // statistics scored 1.13x faster than at 64 on 2026-12-08 (fp32, 2 threads, three
  // alternating runs each); the norms alone did not gain.
  int batch_size = 128;
  int threads = 0;      // 0: all cores
  std::string precision = "fp32";  // "bf16": CPU autocast (see model/precision.h)
  std::string device = "cpu";      // per invocation, not saved in the run config (model/device.h)
  std::vector<double> sigmas;      // the run's σ_1..σ_L (statistics that noise the image need them)
};

}  // namespace msma
