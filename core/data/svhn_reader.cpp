#include <hdf5.h>
#include <matio.h>

#include <zlib.h>

#include <fstream>
#include <memory>

#include "common/error.h"
#include "data/readers.h"

namespace fs = std::filesystem;

namespace msma {
namespace {

struct MatCloser {
  void operator()(mat_t* m) const { Mat_Close(m); }
};
struct VarFree {
  void operator()(matvar_t* v) const { Mat_VarFree(v); }
};
using MatPtr = std::unique_ptr<mat_t, MatCloser>;
using VarPtr = std::unique_ptr<matvar_t, VarFree>;

double numeric_at(const matvar_t* v, std::size_t i) {
  switch (v->class_type) {
    case MAT_C_DOUBLE: return static_cast<const double*>(v->data)[i];
    case MAT_C_SINGLE: return static_cast<const float*>(v->data)[i];
    case MAT_C_UINT8: return static_cast<const std::uint8_t*>(v->data)[i];
    case MAT_C_INT32: return static_cast<const std::int32_t*>(v->data)[i];
    case MAT_C_UINT16: return static_cast<const std::uint16_t*>(v->data)[i];
    default: return -1;
  }
}

std::uint32_t le32(const std::string& b, std::size_t o) {
  return std::uint32_t(static_cast<unsigned char>(b[o])) | (std::uint32_t(static_cast<unsigned char>(b[o + 1])) << 8) |
         (std::uint32_t(static_cast<unsigned char>(b[o + 2])) << 16) | (std::uint32_t(static_cast<unsigned char>(b[o + 3])) << 24);
}

// Checks the first sub-elements of a miMATRIX element (array flags, dimensions, name)
// before matio sees them: matio allocates what these headers claim (found by fuzzing:
// an 8 GB malloc from a 1 KB file).
// Reads one sub-element tag at o: returns (type, bytes, data offset, next offset).
struct SubElement {
  std::uint32_t type, bytes;
  std::size_t data, next;
};
SubElement sub_element(const std::string& m, std::size_t o, const std::string& what) {
  if (o + 8 > m.size()) throw Error(what + ": truncated MATLAB array header");
  const std::uint32_t type = le32(m, o);
  if (type >> 16) return {type & 0xffff, type >> 16, o + 4, o + 8};  // small data element
  const std::uint32_t bytes = le32(m, o + 4);
  return {type, bytes, o + 8, o + 8 + ((std::size_t(bytes) + 7) / 8) * 8};
}

std::uint32_t mi_size(std::uint32_t type) {
  switch (type) {
    case 1: case 2: return 1;
    case 3: case 4: return 2;
    case 5: case 6: case 7: return 4;
    case 9: case 12: case 13: return 8;
    default: return 0;
  }
}

// Checks a miMATRIX element's array flags, dimensions, name and real-data tag before
// matio sees them: matio allocates and reads what these headers claim (found by fuzzing:
// 8 GB and 5.8 GB mallocs from 1 KB files, and reads past a short data element).
void check_matrix_header(const std::string& m, std::uint64_t element_bytes, const std::string& what) {
  const SubElement flags = sub_element(m, 0, what);
  if (flags.bytes != 8 || flags.data + 8 > m.size()) throw Error(what + ": corrupt MATLAB array flags");
  const std::uint32_t cls = le32(m, flags.data) & 0xff;
  if (le32(m, flags.data) & 0x0800) throw Error(what + ": complex MATLAB arrays are not supported");
  if (cls < 6 || cls > 15) throw Error(what + ": only numeric MATLAB arrays are supported (class " + std::to_string(cls) + ")");
  const SubElement dims = sub_element(m, flags.next, what);
  if (dims.type != 5 || dims.bytes % 4 || dims.bytes > 4 * 32 || dims.data + dims.bytes > m.size())
    throw Error(what + ": corrupt MATLAB dimensions");
  unsigned __int128 count = 1;
  for (std::uint32_t k = 0; k < dims.bytes / 4; ++k) count *= le32(m, dims.data + 4 * k);
  // Every element of an array takes at least one byte of the element that holds it.
  if (count > element_bytes)
    throw Error(what + ": an array claims " +
                (count > ~std::uint64_t(0) ? std::string("over 2^64") : std::to_string(static_cast<std::uint64_t>(count))) +
                " elements in an element of " + std::to_string(element_bytes) + " bytes");
  const SubElement name = sub_element(m, dims.next, what);
  if (name.bytes > 256) throw Error(what + ": corrupt MATLAB array name");
  const SubElement data = sub_element(m, name.next, what);
  const std::uint32_t size = mi_size(data.type);
  if (size == 0) throw Error(what + ": unsupported MATLAB data type " + std::to_string(data.type));
  if (static_cast<unsigned __int128>(data.bytes) < count * size || data.bytes > element_bytes)
    throw Error(what + ": an array's data holds " + std::to_string(data.bytes) + " bytes, fewer than its " +
                std::to_string(static_cast<std::uint64_t>(count)) + " elements need");
}

// Walks the top-level elements of a Level 5 MAT-file and validates each array header.
void validate_mat5(const fs::path& path) {
  const std::string what = path.string();
  std::ifstream in(path, std::ios::binary);
  std::string head(128, '\0');
  in.read(head.data(), 128);
  if (in.gcount() != 128) throw Error(what + ": truncated MATLAB header");
  if (head[126] == 'M' && head[127] == 'I') throw Error(what + ": big-endian MAT-files are not supported");
  if (!(head[126] == 'I' && head[127] == 'M')) throw Error(what + ": not a MATLAB 5 MAT-file (bad endian marker)");
  if (static_cast<unsigned char>(head[125]) == 0x02) return;  // v7.3 is HDF5; matio/HDF5 read it
  const auto size = fs::file_size(path);
  std::uint64_t o = 128;
  while (o + 8 <= size) {
    std::string tag(8, '\0');
    in.seekg(static_cast<std::streamoff>(o));
    in.read(tag.data(), 8);
    const std::uint32_t type = le32(tag, 0), bytes = le32(tag, 4);
    if (o + 8 + bytes > size)
      throw Error(what + ": truncated: an element claims " + std::to_string(bytes) + " bytes past the end of the file");
    std::string body(std::min<std::uint32_t>(bytes, 4096), '\0');
    in.read(body.data(), static_cast<std::streamsize>(body.size()));
    if (type == 14) {
      check_matrix_header(body, bytes, what);
    } else if (type == 15) {
      // Compressed element: inflate just enough to see the inner array header.
      z_stream zs{};
      if (inflateInit(&zs) != Z_OK) throw Error(what + ": zlib failure");
      std::string inner(4096, '\0');
      zs.next_in = reinterpret_cast<Bytef*>(body.data());
      zs.avail_in = static_cast<uInt>(body.size());
      zs.next_out = reinterpret_cast<Bytef*>(inner.data());
      zs.avail_out = static_cast<uInt>(inner.size());
      const int rc = inflate(&zs, Z_SYNC_FLUSH);
      inner.resize(inner.size() - zs.avail_out);
      inflateEnd(&zs);
      if ((rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) || inner.size() < 8)
        throw Error(what + ": corrupt compressed MATLAB element");
      if (le32(inner, 0) == 14) {
        const std::uint64_t claimed = le32(inner, 4);
        if (claimed > static_cast<std::uint64_t>(bytes) * 1100 + 4096)
          throw Error(what + ": a compressed element claims " + std::to_string(claimed) + " bytes, more than " +
                      std::to_string(bytes) + " compressed bytes can hold");
        check_matrix_header(inner.substr(8), claimed, what);
      }
    }
    o += 8 + bytes;
  }
}

}  // namespace

// matio and HDF5 print their own diagnostics (HDF5 a whole error stack) on a broken file;
// the user gets our one message naming the file instead.
static void quiet_matio_and_hdf5() {
  static const bool once = [] {
    Mat_LogInitFunc("msma", [](int, char*) {});
    return true;
  }();
  (void)once;
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // per thread in thread-safe HDF5 builds
}

ImageSet read_svhn_mat(const fs::path& path, const ReadOptions& opt) {
  const std::string what = path.string();
  quiet_matio_and_hdf5();
  validate_mat5(path);
  MatPtr mat(Mat_Open(path.c_str(), MAT_ACC_RDONLY));
  if (!mat) throw Error(what + ": not a readable MATLAB .mat file");
  VarPtr info(Mat_VarReadInfo(mat.get(), "X"));
  if (!info) throw Error(what + ": no variable 'X' (SVHN cropped digits keep images in X)");
  if (info->rank != 4 || info->dims[2] != 3)
    throw Error(what + ": X must be H×W×3×N, found rank " + std::to_string(info->rank));
  if (info->class_type != MAT_C_UINT8) throw Error(what + ": X must be uint8");
  const std::size_t h = info->dims[0], w = info->dims[1], n = info->dims[3];
  if (h == 0 || w == 0 || n == 0) throw Error(what + ": X has a zero-sized dimension");
  if (h > 4096 || w > 4096) throw Error(what + ": X claims " + std::to_string(h) + "×" + std::to_string(w) + " images");
  const unsigned __int128 bytes = static_cast<unsigned __int128>(h) * w * 3 * n;
  const auto file_size = fs::file_size(path);
  // Deflate cannot expand by more than ~1032×; anything beyond that is a lying header.
  if (bytes > opt.max_bytes || bytes > static_cast<unsigned __int128>(file_size) * 1100)
    throw Error(what + ": X claims " + std::to_string(n) + " images of " + std::to_string(h) + "×" +
                std::to_string(w) + "×3, more than a " + std::to_string(file_size) + "-byte file can hold");
  if (info->compression == MAT_COMPRESSION_NONE && bytes > static_cast<unsigned __int128>(file_size))
    throw Error(what + ": truncated: X needs " + std::to_string(static_cast<std::uint64_t>(bytes)) +
                " bytes but the file has " + std::to_string(file_size));
  info.reset();
  VarPtr x(Mat_VarRead(mat.get(), "X"));
  if (!x || !x->data || x->isComplex || x->nbytes != static_cast<std::size_t>(bytes))
    throw Error(what + ": cannot read X (truncated or corrupt)");
  ImageSet s;
  s.name = path.stem().string();
  s.source = what;
  s.format = "svhn-mat";
  s.n = static_cast<std::int64_t>(n);
  s.c = 3;
  s.h = static_cast<int>(h);
  s.w = static_cast<int>(w);
  s.pixels.resize(n * 3 * h * w);
  const auto* src = static_cast<const std::uint8_t*>(x->data);
  // MATLAB is column-major: X(r, c, ch, i) sits at r + h*(c + w*(ch + 3*i)).
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t ch = 0; ch < 3; ++ch)
      for (std::size_t r = 0; r < h; ++r)
        for (std::size_t c = 0; c < w; ++c)
          s.pixels[((i * 3 + ch) * h + r) * w + c] = src[r + h * (c + w * (ch + 3 * i))];
  x.reset();
  VarPtr y_info(Mat_VarReadInfo(mat.get(), "y"));
  if (y_info) {
    std::size_t count = 1;
    for (int k = 0; k < y_info->rank; ++k) count *= y_info->dims[k];
    if (count != n) throw Error(what + ": y holds " + std::to_string(count) + " labels for " + std::to_string(n) + " images");
  }
  y_info.reset();
  VarPtr y(Mat_VarRead(mat.get(), "y"));
  if (y && y->data) {
    std::size_t count = 1;
    for (int k = 0; k < y->rank; ++k) count *= y->dims[k];
    if (count != n) throw Error(what + ": y holds " + std::to_string(count) + " labels for " + std::to_string(n) + " images");
    s.labels.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      const double v = numeric_at(y.get(), i);
      if (v < 0 || v > 10) throw Error(what + ": label " + std::to_string(i) + " is outside 1-10");
      s.labels[i] = static_cast<std::int32_t>(v) % 10;  // SVHN stores digit 0 as 10
    }
  }
  return s;
}

}  // namespace msma
