#include <algorithm>
#include <regex>

#include "common/atomic_file.h"
#include "common/error.h"
#include "data/archive.h"
#include "data/readers.h"

namespace fs = std::filesystem;

namespace msma {
namespace {
constexpr std::size_t kRecord = 1 + 3 * 32 * 32;
const std::vector<std::string> kCifarClasses = {"airplane", "automobile", "bird", "cat", "deer",
                                                "dog",      "frog",       "horse", "ship", "truck"};
}  // namespace

ImageSet parse_cifar_records(const std::string& bytes, const std::string& what) {
  if (bytes.empty()) throw Error(what + ": empty file");
  if (bytes.size() % kRecord != 0)
    throw Error(what + ": size " + std::to_string(bytes.size()) + " is not a whole number of CIFAR-10 records (" +
                std::to_string(kRecord) + " bytes each); truncated or not CIFAR-10 binary");
  ImageSet s;
  s.source = what;
  s.format = "cifar10-bin";
  s.n = static_cast<std::int64_t>(bytes.size() / kRecord);
  s.c = 3;
  s.h = 32;
  s.w = 32;
  s.class_names = kCifarClasses;
  s.pixels.resize(s.n * 3072);
  s.labels.resize(s.n);
  for (std::int64_t i = 0; i < s.n; ++i) {
    const auto label = static_cast<unsigned char>(bytes[i * kRecord]);
    if (label > 9)
      throw Error(what + ": record " + std::to_string(i) + " has label " + std::to_string(label) +
                  " (CIFAR-10 labels are 0-9); not CIFAR-10 binary");
    s.labels[i] = label;
    std::copy_n(bytes.data() + i * kRecord + 1, 3072, reinterpret_cast<char*>(s.pixels.data()) + i * 3072);
  }
  return s;
}

ImageSet read_cifar_batch(const fs::path& path) {
  ImageSet s = parse_cifar_records(read_file(path, std::size_t(1) << 32), path.string());
  s.name = path.stem().string();
  return s;
}

ImageSet read_cifar_archive(const fs::path& path, const ReadOptions& opt) {
  const std::string split = opt.split.empty() ? "train" : opt.split;
  if (split != "train" && split != "test")
    throw Error(path.string() + ": CIFAR-10 split must be 'train' or 'test', not '" + split + "'");
  const std::regex pattern(split == "train" ? R"((^|/)data_batch_[1-5]\.bin$)" : R"((^|/)test_batch\.bin$)");
  std::vector<std::pair<std::string, ImageSet>> parts;
  for_each_archive_file(
      path, [&](const std::string& name) { return std::regex_search(name, pattern); },
      [&](const std::string& name, const std::string& bytes) {
        parts.emplace_back(name, parse_cifar_records(bytes, path.string() + ":" + name));
      },
      std::size_t(64) << 20, opt.max_bytes);
  if (parts.empty())
    throw WrongFormat(path.string() + ": no CIFAR-10 " + split + " batches (" +
                (split == "train" ? "data_batch_1..5.bin" : "test_batch.bin") + ") inside the archive");
  std::sort(parts.begin(), parts.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  ImageSet s = std::move(parts[0].second);
  for (std::size_t k = 1; k < parts.size(); ++k) {
    s.pixels.insert(s.pixels.end(), parts[k].second.pixels.begin(), parts[k].second.pixels.end());
    s.labels.insert(s.labels.end(), parts[k].second.labels.begin(), parts[k].second.labels.end());
    s.n += parts[k].second.n;
  }
  s.source = path.string();
  s.name = "cifar10-" + split;
  s.format = "cifar10-tar";
  return s;
}

}  // namespace msma
