#pragma once
#include <filesystem>
#include <string>

namespace msma {

bool is_gzip(const std::string& head);
// Inflates a gzip file. Memory grows with the data actually decompressed, never with a
// size claimed by a header; more than max_bytes of output is an error (gzip bombs).
std::string gunzip_file(const std::filesystem::path& path, std::size_t max_bytes);
// First `n` decompressed bytes only (format detection).
std::string gunzip_head(const std::filesystem::path& path, std::size_t n);

}  // namespace msma
