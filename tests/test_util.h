#pragma once
#include <QTemporaryDir>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "data/image_set.h"

namespace msma_test {

void write_bytes(const std::filesystem::path& p, const std::string& bytes);
std::string read_text(const std::filesystem::path& p);
std::string idx_images(std::uint32_t n, std::uint32_t h, std::uint32_t w, std::uint8_t fill_base = 0);
std::string idx_labels(std::uint32_t n);
void gzip_to(const std::filesystem::path& p, const std::string& bytes);
// A zip (zip = true) or gzip-compressed GNU tar archive holding the given (name, bytes).
void write_archive(const std::filesystem::path& p, const std::vector<std::pair<std::string, std::string>>& entries,
                   bool zip);
// Small synthetic inlier set: n 1×h×w images of smooth blobs (fast to learn).
msma::ImageSet blobs(std::int64_t n, int h, int w, std::uint64_t seed);

}  // namespace msma_test
