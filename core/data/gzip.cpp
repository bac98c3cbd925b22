#include "data/gzip.h"

#include <zlib.h>

#include "common/error.h"

namespace msma {

bool is_gzip(const std::string& head) {
  return head.size() >= 2 && static_cast<unsigned char>(head[0]) == 0x1f &&
         static_cast<unsigned char>(head[1]) == 0x8b;
}

namespace {

std::string gunzip_impl(const std::filesystem::path& path, std::size_t max_bytes, bool stop_at_max) {
  gzFile f = gzopen(path.c_str(), "rb");
  if (!f) throw Error(path.string() + ": cannot open");
  std::string out;
  char buf[1 << 16];
  for (;;) {
    const int got = gzread(f, buf, sizeof buf);
    if (got < 0) {
      int errnum = 0;
      std::string msg = gzerror(f, &errnum);
      gzclose(f);
      throw Error(path.string() + ": corrupt gzip data (" + msg + ")");
    }
    if (got == 0) break;
    if (out.size() + static_cast<std::size_t>(got) > max_bytes) {
      if (stop_at_max) {
        out.append(buf, max_bytes - out.size());
        break;
      }
      gzclose(f);
      throw Error(path.string() + ": decompresses to more than " + std::to_string(max_bytes) +
                  " bytes; refusing (possible gzip bomb)");
    }
    out.append(buf, static_cast<std::size_t>(got));
  }
  // gzread on a truncated stream returns the data it could inflate; gzclose reports it.
  const int rc = gzclose(f);
  if (rc != Z_OK && !stop_at_max)
    throw Error(path.string() + ": truncated or corrupt gzip stream");
  return out;
}

}  // namespace

std::string gunzip_file(const std::filesystem::path& path, std::size_t max_bytes) {
  return gunzip_impl(path, max_bytes, false);
}

std::string gunzip_head(const std::filesystem::path& path, std::size_t n) {
  return gunzip_impl(path, n, true);
}

}  // namespace msma
