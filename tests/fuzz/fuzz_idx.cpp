#include "common/error.h"
#include "data/readers.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  try { msma::parse_idx_images(bytes, "fuzz"); } catch (const msma::Error&) {}
  try { msma::parse_idx_labels(bytes, "fuzz"); } catch (const msma::Error&) {}
  // The gzip path through a file (a raw file when the input is not gzip).
  msma::ReadOptions opt;
  opt.max_bytes = 64 << 20;
  const auto p = msma_fuzz::write_temp(data, size, "-images-idx3-ubyte");
  try { msma::read_idx(p, opt); } catch (const msma::Error&) {}
  return 0;
}
