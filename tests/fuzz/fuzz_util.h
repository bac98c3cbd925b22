#pragma once
// Helpers for the libFuzzer targets: readers that take a path get the input through a
// per-process temporary file. Every msma::Error is an expected outcome; anything else
// escaping (or a sanitizer report) is a bug.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace msma_fuzz {

inline std::filesystem::path temp_path(const std::string& suffix) {
  return std::filesystem::temp_directory_path() / ("msma-fuzz-" + std::to_string(::getpid()) + suffix);
}

inline std::filesystem::path write_temp(const std::uint8_t* data, std::size_t size, const std::string& suffix) {
  const auto p = temp_path(suffix);
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return p;
}

}  // namespace msma_fuzz
