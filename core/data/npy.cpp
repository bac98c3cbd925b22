#include "data/npy.h"

#include <cstring>
#include <regex>

#include "common/atomic_file.h"
#include "common/error.h"
#include "data/readers.h"

namespace fs = std::filesystem;

namespace msma {

bool is_npy(const std::string& head) { return head.size() >= 6 && head.compare(0, 6, "\x93NUMPY") == 0; }

NpyArray parse_npy(std::string bytes, const std::string& what) {
  if (!is_npy(bytes) || bytes.size() < 10) throw Error(what + ": not a .npy file (bad magic)");
  const int major = static_cast<unsigned char>(bytes[6]);
  std::size_t header_len = 0, offset = 0;
  if (major == 1) {
    header_len = static_cast<unsigned char>(bytes[8]) | (static_cast<unsigned char>(bytes[9]) << 8);
    offset = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12) throw Error(what + ": truncated .npy header");
    header_len = 0;
    for (int k = 3; k >= 0; --k) header_len = (header_len << 8) | static_cast<unsigned char>(bytes[8 + k]);
    offset = 12;
  } else {
    throw Error(what + ": unsupported .npy version " + std::to_string(major));
  }
  if (header_len > 1 << 20 || offset + header_len > bytes.size()) throw Error(what + ": truncated .npy header");
  const std::string header = bytes.substr(offset, header_len);
  std::smatch m;
  NpyArray arr;
  if (!std::regex_search(header, m, std::regex(R"('descr'\s*:\s*'([^']+)')")))
    throw Error(what + ": .npy header has no 'descr'");
  arr.descr = m[1];
  if (std::regex_search(header, m, std::regex(R"('fortran_order'\s*:\s*True)")))
    throw Error(what + ": Fortran-ordered .npy arrays are not supported; save with C order");
  if (!std::regex_search(header, m, std::regex(R"('shape'\s*:\s*\(([^)]*)\))")))
    throw Error(what + ": .npy header has no 'shape'");
  const std::string dims = m[1];
  static const std::regex digits(R"(\d+)");
  std::sregex_iterator it(dims.begin(), dims.end(), digits), end;
  unsigned __int128 count = 1;
  for (; it != end; ++it) {
    const std::string d = it->str();
    if (d.size() > 12) throw Error(what + ": .npy dimension " + d + " is absurd");
    arr.shape.push_back(std::stoull(d));
    count *= arr.shape.back();
  }
  std::size_t item = 0;
  if (arr.descr == "|u1" || arr.descr == "<u1" || arr.descr == "|i1") item = 1;
  else if (arr.descr == "<f4") item = 4;
  else if (arr.descr == "<f8") item = 8;
  else throw Error(what + ": .npy dtype '" + arr.descr + "' is not supported (uint8, float32 or float64)");
  const std::size_t have = bytes.size() - offset - header_len;
  if (count * item != have)
    throw Error(what + ": .npy header claims shape with " +
                (count > (1ull << 62) ? std::string("over 2^62") : std::to_string(static_cast<std::uint64_t>(count))) +
                " elements but the file holds " + std::to_string(have) + " data bytes");
  bytes.erase(0, offset + header_len);
  arr.data = std::move(bytes);
  return arr;
}

NpyArray read_npy(const fs::path& path) { return parse_npy(read_file(path), path.string()); }

Eigen::MatrixXd read_npy_matrix(const fs::path& path) {
  NpyArray a = read_npy(path);
  const std::string what = path.string();
  if (a.shape.empty() || a.shape.size() > 2) throw Error(what + ": expected a 1-D or 2-D score matrix");
  const std::size_t rows = a.shape[0], cols = a.shape.size() == 2 ? a.shape[1] : 1;
  if (rows == 0 || cols == 0) throw Error(what + ": empty score matrix");
  Eigen::MatrixXd m(rows, cols);
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t c = 0; c < cols; ++c) {
      const std::size_t i = r * cols + c;
      double v;
      if (a.descr == "<f4") {
        float f;
        std::memcpy(&f, a.data.data() + 4 * i, 4);
        v = f;
      } else if (a.descr == "<f8") {
        std::memcpy(&v, a.data.data() + 8 * i, 8);
      } else {
        v = static_cast<unsigned char>(a.data[i]);
      }
      m(r, c) = v;
    }
  return m;
}

namespace {
std::string header_for(const std::string& descr, const std::vector<std::size_t>& shape) {
  std::string dims;
  for (std::size_t k = 0; k < shape.size(); ++k) dims += std::to_string(shape[k]) + (shape.size() == 1 || k + 1 < shape.size() ? "," : "");
  if (shape.size() > 1 && !dims.empty() && dims.back() == ',') dims.pop_back();
  std::string dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims + "), }";
  const std::size_t total = 10 + dict.size() + 1;
  dict.append((64 - total % 64) % 64, ' ');
  dict += '\n';
  std::string out = "\x93NUMPY";
  out += '\x01';
  out += '\x00';
  out += static_cast<char>(dict.size() & 0xff);
  out += static_cast<char>((dict.size() >> 8) & 0xff);
  return out + dict;
}
}  // namespace

std::string npy_bytes_u8(const std::vector<std::size_t>& shape, const std::uint8_t* data) {
  std::size_t n = 1;
  for (auto d : shape) n *= d;
  return header_for("|u1", shape) + std::string(reinterpret_cast<const char*>(data), n);
}

std::string npy_bytes_f32(const std::vector<std::size_t>& shape, const float* data) {
  std::size_t n = 1;
  for (auto d : shape) n *= d;
  return header_for("<f4", shape) + std::string(reinterpret_cast<const char*>(data), n * 4);
}

void write_npy_matrix(const fs::path& path, const Eigen::MatrixXd& m) {
  std::vector<float> v(m.size());
  for (Eigen::Index r = 0; r < m.rows(); ++r)
    for (Eigen::Index c = 0; c < m.cols(); ++c) v[r * m.cols() + c] = static_cast<float>(m(r, c));
  write_file_atomic(path, npy_bytes_f32({static_cast<std::size_t>(m.rows()), static_cast<std::size_t>(m.cols())}, v.data()));
}

void write_npy_vector(const fs::path& path, const std::vector<double>& v) {
  std::vector<float> f(v.begin(), v.end());
  write_file_atomic(path, npy_bytes_f32({v.size()}, f.data()));
}

ImageSet read_npy_images(const fs::path& path) {
  NpyArray a = read_npy(path);
  const std::string what = path.string();
  if (a.descr != "|u1" && a.descr != "<u1")
    throw Error(what + ": image arrays must be uint8, found dtype '" + a.descr + "'");
  ImageSet s;
  s.name = path.stem().string();
  s.source = what;
  s.format = "npy";
  const auto& sh = a.shape;
  for (auto d : sh)
    if (d == 0) throw Error(what + ": array has a zero-sized dimension");
  auto is_ch = [](std::size_t d) { return d == 1 || d == 3 || d == 4; };
  bool nhwc = false;
  if (sh.size() == 3) {
    s.n = sh[0], s.c = 1, s.h = static_cast<int>(sh[1]), s.w = static_cast<int>(sh[2]);
  } else if (sh.size() == 4 && is_ch(sh[3])) {
    s.n = sh[0], s.h = static_cast<int>(sh[1]), s.w = static_cast<int>(sh[2]), s.c = static_cast<int>(sh[3]);
    nhwc = true;
  } else if (sh.size() == 4 && is_ch(sh[1])) {
    s.n = sh[0], s.c = static_cast<int>(sh[1]), s.h = static_cast<int>(sh[2]), s.w = static_cast<int>(sh[3]);
  } else {
    throw Error(what + ": image array must be N×H×W, N×H×W×C or N×C×H×W with C in {1,3,4}");
  }
  if (s.h > 65535 || s.w > 65535) throw Error(what + ": image size is absurd");
  const int keep = s.c == 4 ? 3 : s.c;  // alpha is dropped
  const std::size_t hw = static_cast<std::size_t>(s.h) * s.w;
  s.pixels.resize(static_cast<std::size_t>(s.n) * keep * hw);
  const auto* src = reinterpret_cast<const std::uint8_t*>(a.data.data());
  for (std::int64_t i = 0; i < s.n; ++i)
    for (int ch = 0; ch < keep; ++ch)
      for (std::size_t p = 0; p < hw; ++p)
        s.pixels[(i * keep + ch) * hw + p] = nhwc ? src[(i * hw + p) * s.c + ch] : src[(i * s.c + ch) * hw + p];
  if (s.c == 4) s.conversions.push_back("alpha channel dropped");
  s.c = keep;
  return s;
}

}  // namespace msma
