#pragma once
// Mixed precision on CPUs with bfloat16 support (AVX512_BF16/AMX): LibTorch's CPU autocast
// runs convolutions and matrix products in bf16 and keeps reductions in fp32. Thread-local:
// create the scope in the thread that runs the network.
#include <string>

namespace msma {

class PrecisionScope {
 public:
  explicit PrecisionScope(const std::string& precision);  // "fp32" (no-op) or "bf16"
  ~PrecisionScope();
  PrecisionScope(const PrecisionScope&) = delete;
  PrecisionScope& operator=(const PrecisionScope&) = delete;

 private:
  bool enabled_ = false;
  bool previous_ = false;
};

}  // namespace msma
