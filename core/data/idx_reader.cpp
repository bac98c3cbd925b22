#include <cstring>

#include "common/atomic_file.h"
#include "common/error.h"
#include "data/gzip.h"
#include "data/readers.h"

namespace fs = std::filesystem;

namespace msma {
namespace {

std::uint32_t be32(const std::string& b, std::size_t off) {
  const auto* p = reinterpret_cast<const unsigned char*>(b.data() + off);
  return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) | p[3];
}

// The bytes an IDX header promises (header + data), or 0 when `head` is no IDX header
// (the parser then names the problem) or promises more than 2^64 bytes.
std::uint64_t idx_promised_bytes(const std::string& head) {
  if (head.size() < 4 || head[0] != 0 || head[1] != 0) return 0;
  const int rank = static_cast<unsigned char>(head[3]);
  const std::size_t header = 4 + 4 * static_cast<std::size_t>(rank);
  if (rank < 1 || rank > 3 || head.size() < header) return 0;
  unsigned __int128 total = 1;  // 3 dims of up to 2^32 cannot overflow 128 bits
  for (int i = 0; i < rank; ++i) total *= be32(head, 4 + 4 * i);
  total += header;
  return total > ~std::uint64_t(0) ? 0 : static_cast<std::uint64_t>(total);
}

// A compressed IDX file is inflated only as far as its header promises: a small .gz that
// expands far beyond its header stops one buffer past that size with an error, before the
// rest of the stream reaches memory.
std::string load_maybe_gz(const fs::path& path, std::size_t max_bytes) {
  std::string raw = read_file(path, max_bytes);
  if (!is_gzip(raw)) return raw;
  const std::uint64_t promised = idx_promised_bytes(gunzip_head(path, 16));
  return gunzip_file(path, promised > 0 && promised < max_bytes ? static_cast<std::size_t>(promised) : max_bytes);
}

// Returns the dims of an IDX uint8 array after checking magic and exact length.
std::vector<std::uint64_t> idx_dims(const std::string& b, const std::string& what, int want_rank) {
  if (b.size() < 4) throw Error(what + ": too short for an IDX header (" + std::to_string(b.size()) + " bytes)");
  const auto* p = reinterpret_cast<const unsigned char*>(b.data());
  if (p[0] != 0 || p[1] != 0) throw Error(what + ": not an IDX file (bad magic number)");
  if (p[2] != 0x08)
    throw Error(what + ": IDX element type 0x" + std::to_string(p[2]) + " is not unsigned byte (0x08)");
  const int rank = p[3];
  if (rank != want_rank)
    throw Error(what + ": IDX has " + std::to_string(rank) + " dimensions, expected " + std::to_string(want_rank));
  const std::size_t header = 4 + 4 * static_cast<std::size_t>(rank);
  if (b.size() < header) throw Error(what + ": truncated IDX header");
  std::vector<std::uint64_t> dims;
  unsigned __int128 total = 1;  // 3 dims of up to 2^32 cannot overflow 128 bits
  for (int i = 0; i < rank; ++i) {
    const std::uint64_t d = be32(b, 4 + 4 * i);
    if (d == 0) throw Error(what + ": IDX dimension " + std::to_string(i) + " is zero");
    dims.push_back(d);
    total *= d;
  }
  const std::uint64_t have = b.size() - header;
  if (total != have)
    throw Error(what + ": IDX header claims " + std::to_string(dims[0]) + " items (" +
                (total > ~std::uint64_t(0) ? std::string("over 2^64") : std::to_string(static_cast<std::uint64_t>(total))) +
                " bytes) but the file holds " + std::to_string(have) + " data bytes");
  return dims;
}

}  // namespace

ImageSet parse_idx_images(const std::string& bytes, const std::string& what) {
  const auto dims = idx_dims(bytes, what, 3);
  if (dims[1] > 65535 || dims[2] > 65535) throw Error(what + ": IDX image size is absurd");
  ImageSet s;
  s.source = what;
  s.format = "idx";
  s.n = static_cast<std::int64_t>(dims[0]);
  s.c = 1;
  s.h = static_cast<int>(dims[1]);
  s.w = static_cast<int>(dims[2]);
  s.pixels.assign(bytes.begin() + 16, bytes.end());
  return s;
}

std::vector<std::int32_t> parse_idx_labels(const std::string& bytes, const std::string& what) {
  const auto dims = idx_dims(bytes, what, 1);
  std::vector<std::int32_t> labels(dims[0]);
  for (std::size_t i = 0; i < labels.size(); ++i) labels[i] = static_cast<unsigned char>(bytes[8 + i]);
  return labels;
}

ImageSet read_idx(const fs::path& path, const ReadOptions& opt) {
  ImageSet s = parse_idx_images(load_maybe_gz(path, opt.max_bytes), path.string());
  // Named without the format's suffix: letters-images-idx3-ubyte(.gz) → "letters".
  std::string name = path.filename().string();
  if (name.size() > 3 && name.compare(name.size() - 3, 3, ".gz") == 0) name.resize(name.size() - 3);
  for (const char* suffix : {"-images-idx3-ubyte", "_images-idx3-ubyte", "-idx3-ubyte", ".idx3-ubyte", "-ubyte"}) {
    const std::size_t n = std::strlen(suffix);
    if (name.size() > n && name.compare(name.size() - n, n, suffix) == 0) {
      name.resize(name.size() - n);
      break;
    }
  }
  s.name = name;
  // Sibling labels, named as MNIST names them.
  std::string fname = path.filename().string();
  const auto pos = fname.find("images-idx3");
  if (pos != std::string::npos) {
    std::string lname = fname;
    lname.replace(pos, std::strlen("images-idx3"), "labels-idx1");
    const fs::path lpath = path.parent_path() / lname;
    if (fs::exists(lpath)) {
      auto labels = parse_idx_labels(load_maybe_gz(lpath, opt.max_bytes), lpath.string());
      if (static_cast<std::int64_t>(labels.size()) != s.n)
        throw Error(lpath.string() + ": holds " + std::to_string(labels.size()) + " labels for " +
                    std::to_string(s.n) + " images in " + path.string());
      s.labels = std::move(labels);
    }
  }
  return s;
}

}  // namespace msma
