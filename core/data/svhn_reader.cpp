#include <matio.h>

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

}  // namespace

ImageSet read_svhn_mat(const fs::path& path, const ReadOptions& opt) {
  const std::string what = path.string();
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
  if (!x || !x->data || x->nbytes != static_cast<std::size_t>(bytes))
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
