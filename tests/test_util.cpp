#include "test_util.h"

#include <archive.h>
#include <archive_entry.h>
#include <zlib.h>

#include <cmath>
#include <fstream>
#include <random>
#include <stdexcept>

namespace msma_test {

std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void write_bytes(const std::filesystem::path& p, const std::string& bytes) {
  std::ofstream out(p, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

static void be32(std::string& s, std::uint32_t v) {
  for (int k = 3; k >= 0; --k) s += static_cast<char>((v >> (8 * k)) & 0xff);
}

std::string idx_images(std::uint32_t n, std::uint32_t h, std::uint32_t w, std::uint8_t base) {
  std::string s("\x00\x00\x08\x03", 4);
  be32(s, n);
  be32(s, h);
  be32(s, w);
  for (std::uint32_t i = 0; i < n * h * w; ++i) s += static_cast<char>((base + i) & 0xff);
  return s;
}

std::string idx_labels(std::uint32_t n) {
  std::string s("\x00\x00\x08\x01", 4);
  be32(s, n);
  for (std::uint32_t i = 0; i < n; ++i) s += static_cast<char>(i % 10);
  return s;
}

void gzip_to(const std::filesystem::path& p, const std::string& bytes) {
  gzFile f = gzopen(p.c_str(), "wb");
  if (!f) throw std::runtime_error("gzopen");
  gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size()));
  gzclose(f);
}

void write_archive(const std::filesystem::path& p, const std::vector<std::pair<std::string, std::string>>& entries,
                   bool zip) {
  archive* a = archive_write_new();
  if (zip) archive_write_set_format_zip(a);
  else {
    archive_write_set_format_gnutar(a);
    archive_write_add_filter_gzip(a);
  }
  archive_write_open_filename(a, p.c_str());
  for (const auto& [name, data] : entries) {
    archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, name.c_str());
    archive_entry_set_size(e, static_cast<la_int64_t>(data.size()));
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_write_header(a, e);
    archive_write_data(a, data.data(), data.size());
    archive_entry_free(e);
  }
  archive_write_close(a);
  archive_write_free(a);
}

msma::ImageSet blobs(std::int64_t n, int h, int w, std::uint64_t seed) {
  msma::ImageSet s;
  s.name = "blobs";
  s.source = "blobs";
  s.n = n;
  s.c = 1;
  s.h = h;
  s.w = w;
  s.pixels.resize(n * h * w);
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0.3, 0.7);
  for (std::int64_t i = 0; i < n; ++i) {
    const double cy = u(rng) * h, cx = u(rng) * w, r = 0.15 * h;
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w; ++x) {
        const double d2 = (y - cy) * (y - cy) + (x - cx) * (x - cx);
        s.pixels[(i * h + y) * w + x] = static_cast<std::uint8_t>(255 * std::exp(-d2 / (2 * r * r)));
      }
  }
  return s;
}

}  // namespace msma_test
