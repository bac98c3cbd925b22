#pragma once
// Mixed precision on CPUs with bfloat16 support (AVX512_BF16/AMX): LibTorch's CPU autocast
// runs convolutions and matrix products in bf16 and keeps reductions in fp32. Thread-local:
// create the scope in the thread that runs the network. On CUDA the same choice turns on
// CUDA autocast with bf16.
#include <string>

namespace msma {

// "auto": bf16 where the CPU computes it natively (AVX512_BF16 or AMX-BF16, from
// /proc/cpuinfo) *and* it is measurably faster there, fp32 elsewhere and on CUDA; "fp32"
// and "bf16" are returned as they are. Native support is not enough: on an AMD EPYC (Zen 4)
// bf16 trained this U-Net 1.5× faster, on a virtualised Intel Xeon with AVX512_BF16 but no
// AMX 0.83× (135 vs 113 images/s), so the choice comes from a measurement.
std::string resolve_precision(const std::string& precision, bool cuda = false);
bool cpu_has_native_bf16();
// fp32 time / bf16 time of a U-Net-shaped convolution on this CPU, measured once per process
// (about half a second); 0 where the CPU has no native bf16.
double measured_bf16_speedup();
constexpr double kBf16MinSpeedup = 1.15;  // below this, bf16's rounding is not worth it
// One line for logs: "fp32", or "auto: fp32 (bf16 measured 0.83x fp32 on this CPU)".
std::string describe_precision(const std::string& precision, bool cuda = false);

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
