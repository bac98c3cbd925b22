#pragma once
// Format readers. Each takes a path and returns an ImageSet, or throws msma::Error naming
// the file and the problem. Sizes claimed by headers are checked against the bytes present
// before anything is allocated from them.
#include <filesystem>
#include <string>

#include "common/progress.h"
#include "data/image_set.h"

namespace msma {

struct ReadOptions {
  std::string split;          // "train"/"test" for sources with splits (CIFAR archive)
  bool skip_bad_files = false;  // image folders/archives: load the good ones, list the bad
  std::size_t max_bytes = std::size_t(8) << 30;  // cap on decompressed/decoded data
  // A run's working geometry (h, w > 0; c = 0 keeps each set's channels): image folders and
  // archives bring every image to it as it is decoded (fit_image in data/conversion.h), so
  // mixed sizes are accepted and nothing is held at full size.
  Geometry working;
  // Image folders: "decode NAME", files done of all, from the calling thread only (about
  // every 1 % of the files), so a progress bar or the GUI bridge needs no locking.
  ProgressFn progress;
};

// IDX (MNIST, Fashion-MNIST), raw or gzip. Labels: a sibling "*labels-idx1-ubyte[.gz]" file
// is read when present (train-images → train-labels, t10k-images → t10k-labels).
ImageSet read_idx(const std::filesystem::path& path, const ReadOptions& opt = {});
// Parses IDX bytes already in memory (idx3 uint8 images). `what` names the source in errors.
ImageSet parse_idx_images(const std::string& bytes, const std::string& what);
std::vector<std::int32_t> parse_idx_labels(const std::string& bytes, const std::string& what);

// CIFAR-10 binary: one batch file (N records of 1 label byte + 3072 bytes), or the
// cifar-10-binary.tar.gz archive (split "train" = data_batch_1..5, "test" = test_batch).
ImageSet read_cifar_batch(const std::filesystem::path& path);
ImageSet parse_cifar_records(const std::string& bytes, const std::string& what);
ImageSet read_cifar_archive(const std::filesystem::path& path, const ReadOptions& opt);

// SVHN cropped digits .mat (X: 32×32×3×N uint8, y: N×1 with 10 meaning digit 0).
ImageSet read_svhn_mat(const std::filesystem::path& path, const ReadOptions& opt = {});

// A folder of images (recursive) or a zip/tar(.gz) archive of images. Labels come from
// the first-level sub-folder names when images sit in two or more such folders.
ImageSet read_image_folder(const std::filesystem::path& dir, const ReadOptions& opt = {});
ImageSet read_image_archive(const std::filesystem::path& path, const ReadOptions& opt = {});

// .npy uint8 arrays: N×H×W, N×H×W×C (C ∈ {1,3,4}, checked first) or N×C×H×W (C ∈ {1,3,4}).
ImageSet read_npy_images(const std::filesystem::path& path);

}  // namespace msma
