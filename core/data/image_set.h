#pragma once
// The one in-memory form every reader produces: N images, C×H×W, uint8, row-major NCHW.
#include <cstdint>
#include <string>
#include <vector>

namespace msma {

// Channels × height × width of a set of images; c == 0: not given.
struct Geometry {
  int c = 0, h = 0, w = 0;
  bool empty() const { return c == 0; }
};

struct ImageSet {
  std::string name;                 // short name used in tables and file names
  std::string source;               // where it came from (path or built-in spec)
  std::string format;               // "idx", "cifar10-bin", "svhn-mat", "image-folder", ...
  std::int64_t n = 0;
  int c = 0, h = 0, w = 0;
  std::vector<std::uint8_t> pixels;  // n*c*h*w, NCHW
  std::vector<std::int32_t> labels;  // empty, or n entries
  std::vector<std::string> class_names;  // optional names for labels
  std::vector<std::string> conversions;  // every geometry change applied, in order
  std::vector<std::string> skipped;      // "file: reason" for inputs left out on request

  std::size_t image_bytes() const { return static_cast<std::size_t>(c) * h * w; }
  const std::uint8_t* image(std::int64_t i) const { return pixels.data() + i * image_bytes(); }
  std::string geometry() const;  // "1×28×28"
  // Keeps the images whose indices are listed (in that order).
  ImageSet subset(const std::vector<std::int64_t>& indices, const std::string& new_name) const;
  // Content hash of pixels and geometry, for caches.
  std::string content_hash() const;
};

}  // namespace msma
