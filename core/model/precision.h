#pragma once
// Mixed precision on CPUs with bfloat16 support (AVX512_BF16/AMX): LibTorch's CPU autocast
// runs convolutions and matrix products in bf16 and keeps reductions in fp32. Thread-local:
// create the scope in the thread that runs the network. On CUDA the same choice turns on
// CUDA autocast with bf16.
#include <string>

namespace msma {

class PrecisionScope {
 public:
  // "fp32" (no-op) or "bf16"; `cuda`: the network runs on a CUDA device.
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
