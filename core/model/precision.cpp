#include "model/precision.h"

#include <ATen/autocast_mode.h>

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>

#include "common/error.h"

namespace msma {

bool cpu_has_native_bf16() {
  static const bool has = [] {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line)) {
      if (line.rfind("flags", 0) != 0) continue;
      std::istringstream words(line);
      std::string w;
      while (words >> w)
        if (w == "avx512_bf16" || w == "amx_bf16") return true;
      return false;
    }
    return false;
  }();
  return has;
}

double measured_bf16_speedup() {
  static const double speedup = [] {
    if (!cpu_has_native_bf16()) return 0.0;
    // A 3×3 convolution of the default U-Net's shapes (64 channels at 28×28), timed in fp32
    // and under bf16 autocast, interleaved, best of three rounds each.
    c10::InferenceMode guard;
    torch::manual_seed(0);
    const auto x = torch::randn({16, 64, 28, 28});
    const auto w = torch::randn({64, 64, 3, 3}) * 0.05;
    auto seconds = [&](bool bf16) {
      const bool previous = at::autocast::is_cpu_enabled();
      at::autocast::set_autocast_cpu_dtype(at::kBFloat16);
      at::autocast::set_cpu_enabled(bf16);
      torch::conv2d(x, w, {}, 1, 1);  // warm-up: oneDNN builds its kernel once per shape
      const auto t0 = std::chrono::steady_clock::now();
      for (int i = 0; i < 4; ++i) torch::conv2d(x, w, {}, 1, 1);
      const std::chrono::duration<double> dt = std::chrono::steady_clock::now() - t0;
      at::autocast::set_cpu_enabled(previous);
      at::autocast::clear_cache();
      return dt.count();
    };
    double fp32 = 1e30, bf16 = 1e30;
    for (int round = 0; round < 3; ++round) {
      fp32 = std::min(fp32, seconds(false));
      bf16 = std::min(bf16, seconds(true));
    }
    return fp32 / bf16;
  }();
  return speedup;
}

std::string resolve_precision(const std::string& precision, bool cuda) {
  if (precision != "auto") return precision;
  return !cuda && measured_bf16_speedup() >= kBf16MinSpeedup ? "bf16" : "fp32";
}

std::string describe_precision(const std::string& precision, bool cuda) {
  const std::string chosen = resolve_precision(precision, cuda);
  if (precision != "auto") return chosen;
  if (cuda) return "auto: " + chosen + " (CUDA)";
  if (!cpu_has_native_bf16()) return "auto: " + chosen + " (no native bf16 on this CPU)";
  std::ostringstream o;
  o.precision(2);
  o << std::fixed << "auto: " << chosen << " (bf16 measured " << measured_bf16_speedup() << "x fp32 on this CPU)";
  return o.str();
}

PrecisionScope::PrecisionScope(const std::string& requested, bool cuda) : cuda_(cuda) {
  const std::string precision = resolve_precision(requested, cuda);
  if (precision == "fp32") return;
  if (precision != "bf16") throw Error("precision must be 'fp32', 'bf16' or 'auto', not '" + precision + "'");
  enabled_ = true;
  if (cuda_) {
    previous_ = at::autocast::is_enabled();
    at::autocast::set_autocast_gpu_dtype(at::kBFloat16);
    at::autocast::set_enabled(true);
    return;
  }
  previous_ = at::autocast::is_cpu_enabled();
  at::autocast::set_autocast_cpu_dtype(at::kBFloat16);
  at::autocast::set_cpu_enabled(true);
}

PrecisionScope::~PrecisionScope() {
  if (!enabled_) return;
  if (cuda_) at::autocast::set_enabled(previous_);
  else at::autocast::set_cpu_enabled(previous_);
  at::autocast::clear_cache();
}

}  // namespace msma
