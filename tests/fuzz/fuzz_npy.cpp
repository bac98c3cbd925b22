#include "common/error.h"
#include "data/npy.h"
#include "data/readers.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try { msma::parse_npy(std::string(reinterpret_cast<const char*>(data), size), "fuzz"); } catch (const msma::Error&) {}
  const auto p = msma_fuzz::write_temp(data, size, ".npy");
  try { msma::read_npy_images(p); } catch (const msma::Error&) {}
  try { msma::read_npy_matrix(p); } catch (const msma::Error&) {}
  return 0;
}
