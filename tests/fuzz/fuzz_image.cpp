// One image file in a folder, decoded as the folder reader does (PNG/JPEG/BMP/TIFF...).
#include <filesystem>

#include "common/error.h"
#include "data/readers.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto dir = msma_fuzz::temp_path("-images");
  static const bool made = std::filesystem::create_directories(dir) || true;
  (void)made;
  static const char* names[] = {"x.png", "x.jpg", "x.bmp", "x.tif", "x.pgm"};
  const auto p = dir / names[size % 5];
  for (const char* n : names) std::filesystem::remove(dir / n);
  {
    std::ofstream out(p, std::ios::binary);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  msma::ReadOptions opt;
  opt.max_bytes = 64 << 20;
  try { msma::read_image_folder(dir, opt); } catch (const msma::Error&) {}
  return 0;
}
