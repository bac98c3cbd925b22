#include "model/precision.h"

#include <ATen/autocast_mode.h>

#include "common/error.h"

namespace msma {

PrecisionScope::PrecisionScope(const std::string& precision, bool cuda) : cuda_(cuda) {
  if (precision == "fp32") return;
  if (precision != "bf16") throw Error("precision must be 'fp32' or 'bf16', not '" + precision + "'");
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
