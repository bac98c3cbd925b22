#pragma once
// Mixed precision on CPUs with bfloat16 support (AVX512_BF16/AMX): LibTorch's CPU autocast
// runs convolutions and matrix products in bf16 and keeps reductions in fp32. Thread-local:
// create the scope in the thread that runs the network. On CUDA the same choice turns on
// CUDA autocast with bf16.
#include <string>

namespace msma {

// "auto": bf16 where the CPU computes it natively (AVX512_BF16 or AMX-BF16, from
// /proc/cpuinfo), fp32 elsewhere and on CUDA; "fp32" and "bf16" are returned as they are.
std::string resolve_precision(const std::string& precision, bool cuda = false);
bool cpu_has_native_bf16();

class PrecisionScope {
 public:
  // "fp32" (no-op), "bf16" or "auto"; `cuda`: the network runs on a CUDA device.
  explicit PrecisionScope(const std::string& precision, bool cuda = false);
  ~PrecisionScope();
  PrecisionScope(const PrecisionScope&) = delete;
  PrecisionScope& operator=(const PrecisionScope&) = delete;

 private:
  bool enabled_ = false;
  bool cuda_ = false;
  bool previous_ = false;
};

}  // namespace msma
