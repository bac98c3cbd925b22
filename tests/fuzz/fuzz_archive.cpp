// CIFAR-10 .tar.gz and zip/tar archives of images, as the dataset loader reads them.
#include "common/error.h"
#include "data/readers.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto p = msma_fuzz::write_temp(data, size, ".archive");
  msma::ReadOptions opt;
  opt.max_bytes = 64 << 20;
  opt.skip_bad_files = size % 2 == 0;
  try { msma::read_cifar_archive(p, opt); } catch (const msma::Error&) {}
  try { msma::read_image_archive(p, opt); } catch (const msma::Error&) {}
  return 0;
}
