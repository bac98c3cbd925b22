#include "model/precision.h"

#include <ATen/autocast_mode.h>

#include "common/error.h"

namespace msma {

PrecisionScope::PrecisionScope(const std::string& precision) {
  if (precision == "fp32") return;
  if (precision != "bf16") throw Error("precision must be 'fp32' or 'bf16', not '" + precision + "'");
  enabled_ = true;
  previous_ = at::autocast::is_cpu_enabled();
  at::autocast::set_autocast_cpu_dtype(at::kBFloat16);
  at::autocast::set_cpu_enabled(true);
}

PrecisionScope::~PrecisionScope() {
  if (!enabled_) return;
  at::autocast::set_cpu_enabled(previous_);
  at::autocast::clear_cache();
}

}  // namespace msma
