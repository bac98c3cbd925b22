#pragma once
// Content hashes used as cache keys (score matrices keyed by dataset and checkpoint).
// 64-bit FNV-1a: not cryptographic, only to notice that content changed.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

namespace msma {

class Hasher {
 public:
  Hasher& add(const void* data, std::size_t n);
  Hasher& add(const std::string& s) { return add(s.data(), s.size()); }
  std::uint64_t value() const { return h_; }
  std::string hex() const;

 private:
  std::uint64_t h_ = 1469598103934665603ull;
};

std::string hash_file(const std::filesystem::path& path);

}  // namespace msma
