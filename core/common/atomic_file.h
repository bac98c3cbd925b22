#pragma once
// Files are written to a temporary name in the same folder, flushed, then renamed over
// the target, so a crash never leaves a half-written artefact under the real name.
#include <filesystem>
#include <functional>
#include <string>

namespace msma {

void write_file_atomic(const std::filesystem::path& path, const std::string& bytes);
// For writers that need a path (LibTorch's archive): `write` fills the temporary path.
void write_via_temp(const std::filesystem::path& path,
                    const std::function<void(const std::filesystem::path& tmp)>& write);
// Whether `path` is named as write_file_atomic names its temporaries (".NAME.tmpN"): what a
// writer that died mid-write leaves behind, removed by whoever next owns the folder.
bool is_atomic_temporary(const std::filesystem::path& path);
std::string read_file(const std::filesystem::path& path, std::size_t max_bytes = std::size_t(1) << 34);

}  // namespace msma
