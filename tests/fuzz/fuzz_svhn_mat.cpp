#include "common/error.h"
#include "data/readers.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto p = msma_fuzz::write_temp(data, size, ".mat");
  msma::ReadOptions opt;
  opt.max_bytes = 64 << 20;
  try { msma::read_svhn_mat(p, opt); } catch (const msma::Error&) {}
  return 0;
}
