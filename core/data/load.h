#pragma once
// One entry point: a dataset spec → ImageSet. A spec is a built-in name or a path.
//   fashion-mnist:train | fashion-mnist:test | mnist-digits
//   uniform-noise[:N] | gaussian-noise[:N]          (N images, default 10,000; inlier geometry)
//   PATH[#split]                                      (split for the CIFAR-10 archive: train|test)
// The format of a path is detected from its content (magic bytes), not its extension.
#include <cstdint>
#include <string>

#include "data/image_set.h"
#include "data/readers.h"

namespace msma {

struct LoadOptions {
  ReadOptions read;
  Geometry noise_geometry{1, 28, 28};  // geometry for synthetic sets
  std::uint64_t seed = 0;              // for synthetic sets
};

// "idx", "idx.gz", "cifar10-bin", "archive", "npy", "mat", "image-folder", "image", or "" if unknown.
std::string detect_format(const std::string& path);
ImageSet load_dataset(const std::string& spec, const LoadOptions& opt = {});
bool is_builtin_spec(const std::string& spec);

}  // namespace msma
