#include "common/error.h"
#include "data/readers.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  try { msma::parse_cifar_records(bytes, "fuzz"); } catch (const msma::Error&) {}
  return 0;
}
