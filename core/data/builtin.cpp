#include "data/builtin.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <random>

#include "common/error.h"
#include "data/readers.h"

namespace fs = std::filesystem;

namespace msma {

const std::vector<BuiltinSet>& builtin_sets() {
  static const std::vector<BuiltinSet> sets = {{"fashion-mnist:train", "Fashion-MNIST (train)"},
                                               {"fashion-mnist:test", "Fashion-MNIST (test)"},
                                               {"mnist-digits", "MNIST digits"},
                                               {"letters:5000", "Letters (Hershey fonts)"},
                                               {"uniform-noise:5000", "Uniform noise"},
                                               {"gaussian-noise:5000", "Gaussian noise"}};
  return sets;
}

fs::path fashion_mnist_dir() {
  if (const char* env = std::getenv("MSMA_FASHION_MNIST_DIR")) return env;
  return "/usr/share/datasets/fashion-mnist";
}

ImageSet load_fashion_mnist(const std::string& split) {
  if (split != "train" && split != "test")
    throw Error("fashion-mnist: split must be 'train' or 'test', not '" + split + "'");
  const fs::path path = fashion_mnist_dir() / (split == "train" ? "train-images-idx3-ubyte.gz" : "t10k-images-idx3-ubyte.gz");
  if (!fs::exists(path))
    throw Error(path.string() + ": Fashion-MNIST not found; install Debian's dataset-fashion-mnist package "
                "(scripts/install-deps.sh) or set MSMA_FASHION_MNIST_DIR");
  ImageSet s = read_idx(path);
  s.name = "fashion-mnist-" + split;
  s.source = "fashion-mnist:" + split;
  s.format = "idx (built-in)";
  s.class_names = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                   "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
  return s;
}

fs::path mnist_digits_png() {
  if (const char* env = std::getenv("MSMA_DIGITS_PNG")) return env;
  return "/usr/share/doc/opencv-doc/examples/data/digits.png";
}

ImageSet load_mnist_digits() {
  const fs::path path = mnist_digits_png();
  if (!fs::exists(path))
    throw Error(path.string() + ": OpenCV's digits.png not found; install Debian's opencv-doc package "
                "(scripts/install-deps.sh) or set MSMA_DIGITS_PNG");
  cv::Mat sheet = cv::imread(path.string(), cv::IMREAD_GRAYSCALE);
  if (sheet.empty() || sheet.cols != 2000 || sheet.rows != 1000)
    throw Error(path.string() + ": expected a 2000×1000 sheet of 20×20 digits");
  ImageSet s;
  s.name = "mnist-digits";
  s.source = "mnist-digits";
  s.format = "digits.png (built-in)";
  s.n = 5000;
  s.c = 1;
  s.h = 28;
  s.w = 28;
  s.pixels.assign(5000 * 28 * 28, 0);
  s.labels.resize(5000);
  for (int r = 0; r < 50; ++r)
    for (int c = 0; c < 100; ++c) {
      const int i = r * 100 + c;
      cv::Mat cell = sheet(cv::Rect(c * 20, r * 20, 20, 20));
      const cv::Moments m = cv::moments(cell, false);
      const double cx = m.m00 > 0 ? m.m10 / m.m00 : 9.5, cy = m.m00 > 0 ? m.m01 / m.m00 : 9.5;
      // Shift so the centre of mass lands on the canvas centre (pixel centre 13.5 ≈ MNIST's 14).
      const int ox = static_cast<int>(std::lround(13.5 - cx)), oy = static_cast<int>(std::lround(13.5 - cy));
      for (int y = 0; y < 20; ++y)
        for (int x = 0; x < 20; ++x) {
          const int ty = y + oy, tx = x + ox;
          if (ty >= 0 && ty < 28 && tx >= 0 && tx < 28) s.pixels[i * 784 + ty * 28 + tx] = cell.at<std::uint8_t>(y, x);
        }
      s.labels[i] = r / 5;
    }
  for (int d = 0; d < 10; ++d) s.class_names.push_back(std::to_string(d));
  return s;
}

ImageSet make_noise(const std::string& kind, std::int64_t n, int c, int h, int w, std::uint64_t seed) {
  if (n <= 0 || c <= 0 || h <= 0 || w <= 0) throw Error(kind + ": noise set needs a positive size");
  ImageSet s;
  s.name = kind;
  s.source = kind + ":" + std::to_string(n);
  s.format = "synthetic";
  s.n = n;
  s.c = c;
  s.h = h;
  s.w = w;
  s.pixels.resize(n * s.image_bytes());
  std::mt19937_64 rng(seed);
  if (kind == "uniform-noise") {
    std::uniform_int_distribution<int> u(0, 255);
    for (auto& p : s.pixels) p = static_cast<std::uint8_t>(u(rng));
  } else if (kind == "gaussian-noise") {
    std::normal_distribution<double> g(0.5, 1.0);
    for (auto& p : s.pixels) p = static_cast<std::uint8_t>(std::lround(std::clamp(g(rng), 0.0, 1.0) * 255.0));
  } else {
    throw Error("unknown noise kind '" + kind + "' (uniform-noise or gaussian-noise)");
  }
  s.conversions.push_back("generated in the inlier geometry " + s.geometry() + " with seed " + std::to_string(seed));
  return s;
}

ImageSet make_letters(std::int64_t n, std::uint64_t seed) {
  if (n <= 0) throw Error("letters: the set needs a positive size");
  static const int faces[] = {cv::FONT_HERSHEY_SIMPLEX, cv::FONT_HERSHEY_PLAIN,          cv::FONT_HERSHEY_DUPLEX,
                              cv::FONT_HERSHEY_COMPLEX, cv::FONT_HERSHEY_TRIPLEX,        cv::FONT_HERSHEY_COMPLEX_SMALL,
                              cv::FONT_HERSHEY_SCRIPT_SIMPLEX, cv::FONT_HERSHEY_SCRIPT_COMPLEX};
  ImageSet s;
  s.name = "letters";
  s.source = "letters:" + std::to_string(n);
  s.format = "synthetic (OpenCV Hershey fonts)";
  s.n = n;
  s.c = 1;
  s.h = 28;
  s.w = 28;
  s.pixels.assign(static_cast<std::size_t>(n) * 784, 0);
  s.labels.resize(n);
  for (char ch = 'A'; ch <= 'Z'; ++ch) s.class_names.emplace_back(1, ch);
  for (char ch = 'a'; ch <= 'z'; ++ch) s.class_names.emplace_back(1, ch);
  std::mt19937_64 rng(seed ^ 0x1e77e25ULL);
  for (std::int64_t i = 0; i < n; ++i) {
    const int label = static_cast<int>(rng() % 52);
    const std::string text = s.class_names[label];
    const int face = faces[rng() % 8] | (rng() % 4 == 0 ? cv::FONT_ITALIC : 0);
    const double scale = 1.6 + 0.8 * std::uniform_real_distribution<double>(0, 1)(rng);
    const int thickness = 2 + static_cast<int>(rng() % 5);
    cv::Mat canvas = cv::Mat::zeros(96, 96, CV_8U);
    int base = 0;
    const cv::Size size = cv::getTextSize(text, face, scale, thickness, &base);
    cv::putText(canvas, text, {(96 - size.width) / 2, (96 + size.height) / 2}, face, scale, cv::Scalar(255), thickness,
                cv::LINE_AA);
    // A random slant, as handwriting has.
    const double shear = std::uniform_real_distribution<double>(-0.25, 0.25)(rng);
    cv::Mat m = (cv::Mat_<double>(2, 3) << 1, shear, -shear * 48, 0, 1, 0);
    cv::warpAffine(canvas, canvas, m, canvas.size(), cv::INTER_LINEAR);
    const cv::Rect box = cv::boundingRect(canvas);
    if (box.area() == 0) continue;
    const double fit = 20.0 / std::max(box.width, box.height);
    cv::Mat glyph;
    cv::resize(canvas(box), glyph, {std::max(1, static_cast<int>(std::lround(box.width * fit))),
                                    std::max(1, static_cast<int>(std::lround(box.height * fit)))},
               0, 0, cv::INTER_AREA);
    const cv::Moments mo = cv::moments(glyph, false);
    const double cx = mo.m00 > 0 ? mo.m10 / mo.m00 : glyph.cols / 2.0, cy = mo.m00 > 0 ? mo.m01 / mo.m00 : glyph.rows / 2.0;
    const int ox = static_cast<int>(std::lround(13.5 - cx)), oy = static_cast<int>(std::lround(13.5 - cy));
    for (int y = 0; y < glyph.rows; ++y)
      for (int x = 0; x < glyph.cols; ++x) {
        const int ty = y + oy, tx = x + ox;
        if (ty >= 0 && ty < 28 && tx >= 0 && tx < 28) s.pixels[i * 784 + ty * 28 + tx] = glyph.at<std::uint8_t>(y, x);
      }
    s.labels[i] = label;
  }
  s.conversions.push_back("rendered at 28×28 with seed " + std::to_string(seed));
  return s;
}

namespace {

std::vector<std::int32_t> parse_labels(const std::string& list, const std::string& what) {
  std::vector<std::int32_t> out;
  std::size_t at = 0;
  while (at <= list.size()) {
    const auto comma = list.find(',', at);
    const std::string item = list.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
    try {
      std::size_t used = 0;
      out.push_back(std::stoi(item, &used));
      if (used != item.size()) throw std::invalid_argument(item);
    } catch (const std::exception&) {
      throw Error(what + ": '" + item + "' is not a class number");
    }
    if (comma == std::string::npos) break;
    at = comma + 1;
  }
  return out;
}

}  // namespace

ImageSet apply_transform(ImageSet s, const std::string& transform) {
  const std::string what = s.source + "@" + transform;
  const std::size_t bytes = s.image_bytes();
  if (transform == "invert") {
    for (auto& p : s.pixels) p = static_cast<std::uint8_t>(255 - p);
    s.conversions.push_back("inverted (255 − x)");
  } else if (transform == "vflip" || transform == "hflip") {
    std::vector<std::uint8_t> out(s.pixels.size());
    for (std::int64_t i = 0; i < s.n; ++i)
      for (int c = 0; c < s.c; ++c)
        for (int y = 0; y < s.h; ++y)
          for (int x = 0; x < s.w; ++x) {
            const int sy = transform == "vflip" ? s.h - 1 - y : y, sx = transform == "hflip" ? s.w - 1 - x : x;
            out[i * bytes + (static_cast<std::size_t>(c) * s.h + y) * s.w + x] =
                s.pixels[i * bytes + (static_cast<std::size_t>(c) * s.h + sy) * s.w + sx];
          }
    s.pixels = std::move(out);
    s.conversions.push_back(transform == "vflip" ? "flipped vertically" : "flipped horizontally");
  } else if (transform.rfind("head=", 0) == 0) {
    std::int64_t k = 0;
    try {
      k = std::stoll(transform.substr(5));
    } catch (const std::exception&) {
      throw Error(what + ": head= needs a number of images");
    }
    if (k <= 0) throw Error(what + ": head= needs a positive number of images");
    if (k < s.n) {
      std::vector<std::int64_t> idx(static_cast<std::size_t>(k));
      for (std::int64_t i = 0; i < k; ++i) idx[i] = i;
      ImageSet kept = s.subset(idx, s.name);
      kept.source = s.source;
      kept.format = s.format;
      kept.conversions.push_back("first " + std::to_string(k) + " images");
      s = std::move(kept);
    }
    return s;
  } else if (transform.rfind("classes=", 0) == 0 || transform.rfind("without=", 0) == 0) {
    if (s.labels.empty()) throw Error(what + ": the set has no labels to select classes by");
    const bool keep = transform[0] == 'c';
    const auto list = parse_labels(transform.substr(8), what);
    std::vector<std::int64_t> idx;
    for (std::int64_t i = 0; i < s.n; ++i) {
      const bool listed = std::find(list.begin(), list.end(), s.labels[i]) != list.end();
      if (listed == keep) idx.push_back(i);
    }
    if (idx.empty()) throw Error(what + ": no image is left");
    ImageSet kept = s.subset(idx, s.name);
    kept.conversions.push_back((keep ? "kept classes " : "left out classes ") + transform.substr(8));
    kept.source = s.source;
    kept.format = s.format;
    s = std::move(kept);
  } else {
    throw Error(what + ": unknown transform '" + transform + "' (vflip, hflip, invert, classes=A,B, without=A,B)");
  }
  s.name += "-" + (transform.find('=') == std::string::npos ? transform
                                                            : transform.substr(0, transform.find('=')) + "-" +
                                                                  transform.substr(transform.find('=') + 1));
  return s;
}

}  // namespace msma
