#include "data/archive.h"

#include <archive.h>
#include <archive_entry.h>

#include <memory>

#include "common/error.h"

namespace msma {
namespace {
// libarchive may have no message for a failure; never build a std::string from NULL.
std::string error_text(archive* a) {
  const char* e = archive_error_string(a);
  return e ? e : "unknown error";
}
}  // namespace

bool looks_like_archive(const std::string& head) {
  if (head.size() >= 4 && head.compare(0, 4, "PK\x03\x04") == 0) return true;
  if (head.size() >= 262 && head.compare(257, 5, "ustar") == 0) return true;
  return false;
}

void for_each_archive_file(const std::filesystem::path& path,
                           const std::function<bool(const std::string&)>& want,
                           const std::function<void(const std::string&, const std::string&)>& fn,
                           std::size_t max_entry_bytes, std::size_t max_total_bytes) {
  std::unique_ptr<archive, decltype(&archive_read_free)> a(archive_read_new(), &archive_read_free);
  archive_read_support_filter_all(a.get());
  archive_read_support_format_zip(a.get());
  archive_read_support_format_tar(a.get());
  archive_read_support_format_gnutar(a.get());
  if (archive_read_open_filename(a.get(), path.c_str(), 1 << 16) != ARCHIVE_OK)
    throw Error(path.string() + ": not a readable archive (" + error_text(a.get()) + ")");
  std::size_t total = 0;
  archive_entry* entry = nullptr;
  for (;;) {
    const int rc = archive_read_next_header(a.get(), &entry);
    if (rc == ARCHIVE_EOF) break;
    if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN)
      throw Error(path.string() + ": corrupt archive (" + error_text(a.get()) + ")");
    if (archive_entry_filetype(entry) != AE_IFREG) continue;
    const char* name_c = archive_entry_pathname(entry);
    const std::string name = name_c ? name_c : "";
    if (!want(name)) continue;
    std::string data;
    char buf[1 << 16];
    for (;;) {
      const la_ssize_t got = archive_read_data(a.get(), buf, sizeof buf);
      if (got < 0)
        throw Error(path.string() + ": entry '" + name + "' is corrupt (" + error_text(a.get()) + ")");
      if (got == 0) break;
      data.append(buf, static_cast<std::size_t>(got));
      total += static_cast<std::size_t>(got);
      if (data.size() > max_entry_bytes)
        throw Error(path.string() + ": entry '" + name + "' decompresses to more than " +
                    std::to_string(max_entry_bytes) + " bytes; refusing (possible zip bomb)");
      if (total > max_total_bytes)
        throw Error(path.string() + ": archive decompresses to more than " + std::to_string(max_total_bytes) +
                    " bytes; refusing (possible zip bomb)");
    }
    fn(name, data);
  }
}

}  // namespace msma
