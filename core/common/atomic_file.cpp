#include "common/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <random>

#include "common/error.h"

namespace fs = std::filesystem;

namespace msma {
namespace {

fs::path temp_name(const fs::path& path) {
  std::random_device rd;
  return path.parent_path() / ("." + path.filename().string() + ".tmp" + std::to_string(rd()));
}

void fsync_path(const fs::path& p) {
  int fd = ::open(p.c_str(), O_RDONLY);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

}  // namespace

bool is_atomic_temporary(const fs::path& path) {
  const std::string name = path.filename().string();
  return name.size() > 1 && name[0] == '.' && name.find(".tmp") != std::string::npos;
}

void write_via_temp(const fs::path& path, const std::function<void(const fs::path& tmp)>& write) {
  if (path.has_parent_path()) fs::create_directories(path.parent_path());
  const fs::path tmp = temp_name(path);
  try {
    write(tmp);
    fsync_path(tmp);
    fs::rename(tmp, path);
  } catch (...) {
    std::error_code ec;
    fs::remove(tmp, ec);
    throw;
  }
  if (path.has_parent_path()) fsync_path(path.parent_path());
}

void write_file_atomic(const fs::path& path, const std::string& bytes) {
  write_via_temp(path, [&](const fs::path& tmp) {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw Error(path.string() + ": cannot open for writing");
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) throw Error(path.string() + ": write failed (disk full?)");
  });
}

std::string read_file(const fs::path& path, std::size_t max_bytes) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) throw Error(path.string() + ": not a readable file");
  const auto size = fs::file_size(path, ec);
  if (ec) throw Error(path.string() + ": cannot read size: " + ec.message());
  if (size > max_bytes)
    throw Error(path.string() + ": file is " + std::to_string(size) + " bytes, over the limit of " +
                std::to_string(max_bytes));
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path.string() + ": cannot open");
  std::string bytes(size, '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(size));
  if (static_cast<std::uintmax_t>(in.gcount()) != size) throw Error(path.string() + ": short read");
  return bytes;
}

}  // namespace msma
