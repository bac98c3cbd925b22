#include "model/precision.h"

#include <ATen/autocast_mode.h>

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

std::string resolve_precision(const std::string& precision, bool cuda) {
  if (precision != "auto") return precision;
  return !cuda && cpu_has_native_bf16() ? "bf16" : "fp32";
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
