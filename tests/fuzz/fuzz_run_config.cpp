// A run directory's config.json, as RunDir::load_config reads it.
#include "common/error.h"
#include "fuzz_util.h"
#include "run/run_dir.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto dir = msma_fuzz::temp_path("-run");
  std::filesystem::create_directories(dir);
  {
    std::ofstream out(dir / "config.json", std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try { msma::RunDir(dir).load_config(); } catch (const msma::Error&) {}
  return 0;
}
