#include "data/load.h"

#include <fstream>

#include "common/error.h"
#include "data/archive.h"
#include "data/builtin.h"
#include "data/gzip.h"
#include "data/npy.h"

namespace fs = std::filesystem;

namespace msma {
namespace {

std::string read_head(const fs::path& p, std::size_t n) {
  std::ifstream in(p, std::ios::binary);
  std::string s(n, '\0');
  in.read(s.data(), static_cast<std::streamsize>(n));
  s.resize(static_cast<std::size_t>(in.gcount()));
  return s;
}

bool idx_magic(const std::string& h) {
  return h.size() >= 4 && h[0] == 0 && h[1] == 0 && static_cast<unsigned char>(h[2]) == 0x08 && (h[3] == 1 || h[3] == 3);
}

bool image_magic(const std::string& h) {
  auto starts = [&](const char* m, std::size_t n) { return h.size() >= n && h.compare(0, n, m, n) == 0; };
  return starts("\x89PNG", 4) || starts("\xff\xd8\xff", 3) || starts("BM", 2) || starts("II*\0", 4) ||
         starts("MM\0*", 4);
}

}  // namespace

bool is_builtin_spec(const std::string& spec) {
  const std::string base = spec.substr(0, spec.find(':'));
  for (const auto& b : builtin_sets())
    if (b.spec.substr(0, b.spec.find(':')) == base) return true;
  return false;
}

std::string detect_format(const std::string& path_str) {
  const fs::path path(path_str);
  std::error_code ec;
  if (fs::is_directory(path, ec)) return "image-folder";
  if (!fs::is_regular_file(path, ec)) return "";
  std::string head = read_head(path, 512);
  if (is_gzip(head)) {
    const std::string inner = gunzip_head(path, 512);
    if (idx_magic(inner)) return "idx.gz";
    if (looks_like_archive(inner)) return "archive";
    return "";
  }
  if (idx_magic(head)) return "idx";
  if (is_npy(head)) return "npy";
  if (head.compare(0, 6, "MATLAB") == 0 || head.compare(0, 4, "\x89HDF") == 0) return "mat";
  if (looks_like_archive(head)) return "archive";
  if (image_magic(head)) return "image";
  // CIFAR-10 binary has no magic: whole records of 3073 bytes with labels 0-9.
  const auto size = fs::file_size(path, ec);
  if (!ec && size > 0 && size % 3073 == 0 && static_cast<unsigned char>(head[0]) <= 9) return "cifar10-bin";
  return "";
}

ImageSet load_dataset(const std::string& spec_with_transforms, const LoadOptions& opt) {
  if (spec_with_transforms.empty()) throw Error("empty dataset name");
  // "SPEC@vflip@invert": transforms after reading (a path that exists as given is taken whole).
  const auto at = spec_with_transforms.find('@');
  if (at != std::string::npos && at > 0 && !fs::exists(spec_with_transforms)) {
    ImageSet s = load_dataset(spec_with_transforms.substr(0, at), opt);
    std::string rest = spec_with_transforms.substr(at + 1);
    while (true) {
      const auto next = rest.find('@');
      s = apply_transform(std::move(s), rest.substr(0, next));
      if (next == std::string::npos) break;
      rest = rest.substr(next + 1);
    }
    s.source = spec_with_transforms;
    return s;
  }
  const std::string& spec = spec_with_transforms;
  if (is_builtin_spec(spec)) {
    const auto colon = spec.find(':');
    const std::string base = spec.substr(0, colon);
    const std::string arg = colon == std::string::npos ? "" : spec.substr(colon + 1);
    if (base == "fashion-mnist") return load_fashion_mnist(arg.empty() ? "train" : arg);
    if (base == "mnist-digits") return load_mnist_digits();
    std::int64_t n = base == "letters" ? 5000 : 10000;
    if (!arg.empty()) {
      try {
        n = std::stoll(arg);
      } catch (...) {
        throw Error(spec + ": the image count after ':' must be a number");
      }
      if (n <= 0 || n > 10'000'000) throw Error(spec + ": image count must be between 1 and 10,000,000");
    }
    const auto& g = opt.noise_geometry;
    ImageSet s = base == "letters" ? make_letters(n, opt.seed) : make_noise(base, n, g.c, g.h, g.w, opt.seed);
    s.source = spec;
    return s;
  }
  std::string path = spec, split;
  const auto hash = spec.rfind('#');
  if (hash != std::string::npos && !fs::exists(spec)) {
    path = spec.substr(0, hash);
    split = spec.substr(hash + 1);
  }
  std::error_code ec;
  if (!fs::exists(path, ec)) throw Error(path + ": no such file or folder");
  const std::string fmt = detect_format(path);
  ReadOptions ro = opt.read;
  if (!split.empty()) ro.split = split;
  ImageSet s;
  if (fmt == "idx" || fmt == "idx.gz") s = read_idx(path, ro);
  else if (fmt == "npy") s = read_npy_images(path);
  else if (fmt == "mat") s = read_svhn_mat(path, ro);
  else if (fmt == "cifar10-bin") s = read_cifar_batch(path);
  else if (fmt == "image-folder") s = read_image_folder(path, ro);
  else if (fmt == "archive") {
    // An archive holding CIFAR-10 batches is read as CIFAR-10; otherwise as images.
    bool cifar = false;
    try {
      s = read_cifar_archive(path, ro);
      cifar = true;
    } catch (const WrongFormat&) {
    }
    if (!cifar) s = read_image_archive(path, ro);
  } else if (fmt == "image")
    throw Error(path + ": a single image is not a dataset; drop its folder or an archive of images");
  else
    throw Error(path + ": unrecognised format (IDX, CIFAR-10 binary or .tar.gz, SVHN .mat, .npy, "
                "a folder or zip/tar of images)");
  s.source = spec;
  return s;
}

}  // namespace msma
