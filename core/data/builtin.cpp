#include "data/builtin.h"

#include <cmath>
#include <cstdlib>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <random>

#include "common/error.h"
#include "data/readers.h"

namespace fs = std::filesystem;

namespace msma {

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

}  // namespace msma
