#pragma once
// Built-in sources: data that Debian packages ship, and seeded synthetic noise.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "data/image_set.h"

namespace msma {

// The built-in sets, in the order a front end offers them: the spec a user types (or
// clicks) and an English label (MSMA Studio translates it, context "msma::ui::DatasetsPanel").
// A spec is built-in when the part before ':' is one of these specs' (without the count).
struct BuiltinSet {
  std::string spec;   // "fashion-mnist:train", "uniform-noise:5000"
  std::string label;  // "Fashion-MNIST (train)"
};
const std::vector<BuiltinSet>& builtin_sets();

// /usr/share/datasets/fashion-mnist (package dataset-fashion-mnist), or $MSMA_FASHION_MNIST_DIR.
std::filesystem::path fashion_mnist_dir();
ImageSet load_fashion_mnist(const std::string& split);  // "train" (60,000) or "test" (10,000)

// OpenCV's digits.png (package opencv-doc): 50 rows × 100 columns of 20×20 digits, 500 per
// class. Each digit is placed on a 28×28 canvas with its centre of mass at the centre,
// as MNIST itself was made. $MSMA_DIGITS_PNG overrides the path.
std::filesystem::path mnist_digits_png();
ImageSet load_mnist_digits();

// Uniform U[0,255] or Gaussian N(0.5, 1) clipped to [0,1] (the MSMA authors' noise sets),
// in the given geometry, reproducible from the seed.
ImageSet make_noise(const std::string& kind, std::int64_t n, int c, int h, int w, std::uint64_t seed);

// Letters A–Z and a–z drawn with OpenCV's Hershey fonts (all eight faces, upright and
// italic) at random size, stroke and slant, white on black, then placed as MNIST digits
// are made: fitted in a 20×20 box, centre of mass at the centre of a 28×28 canvas.
// Reproducible from the seed; labels 0–51.
ImageSet make_letters(std::int64_t n, std::uint64_t seed);

// A transform applied after reading: "vflip", "hflip", "invert" (255 − x), "head=N" (the
// first N images; the name is kept), "classes=A,B"
// (keep those labels) or "without=A,B" (drop them). Recorded in the set's conversions.
ImageSet apply_transform(ImageSet s, const std::string& transform);

}  // namespace msma
