#pragma once
// Reading zip/tar(.gz) archives through libarchive, entry by entry, with bounded memory.
#include <filesystem>
#include <functional>
#include <string>

namespace msma {

bool looks_like_archive(const std::string& head);  // zip or (decompressed) tar magic

// Calls `fn(entry_path, bytes)` for each regular file whose name `want(entry_path)` accepts.
// Each entry is capped at max_entry_bytes and all entries together at max_total_bytes of
// decompressed data (zip bombs); entry paths are only names here, never written to disk.
void for_each_archive_file(const std::filesystem::path& path,
                           const std::function<bool(const std::string&)>& want,
                           const std::function<void(const std::string&, const std::string&)>& fn,
                           std::size_t max_entry_bytes, std::size_t max_total_bytes);

}  // namespace msma
