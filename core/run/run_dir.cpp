#include "run/run_dir.h"

#include <fcntl.h>
#include <charconv>
#include <fstream>
#include <sys/file.h>
#include <unistd.h>

#include "common/atomic_file.h"
#include "common/error.h"

namespace fs = std::filesystem;

namespace msma {

RunDir::RunDir(fs::path root) : root_(std::move(root)) {}

std::vector<TrainLogPoint> read_train_log(const RunDir& run) {
  std::vector<TrainLogPoint> log;
  std::ifstream in(run.file("train_log.csv"));
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    // from_chars: '.' as the decimal point whatever the user's locale (Qt sets LC_ALL).
    const char* c = line.data();
    const char* const end = line.data() + line.size();
    double v[3];
    bool ok = true;
    for (int k = 0; k < 3 && ok; ++k) {
      const auto [next, err] = std::from_chars(c, end, v[k]);
      const bool last = k == 2;
      ok = err == std::errc() && (last ? (next == end || *next == ',' || *next == '\r') : (next < end && *next == ','));
      c = next + 1;
    }
    if (ok) log.push_back({v[0], v[1], v[2]});
  }
  return log;
}

bool RunDir::has_config() const { return fs::exists(file("config.json")); }

RunConfig RunDir::load_config() const {
  const fs::path p = file("config.json");
  if (!fs::exists(p)) throw Error(root_.string() + ": not a run directory (no config.json); start one with 'msma train' or 'msma run'");
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(read_file(p, 16 << 20));
  } catch (const nlohmann::json::exception& e) {
    throw Error(p.string() + ": not valid JSON (" + e.what() + ")");
  }
  return RunConfig::from_json(j, p.string());
}

void RunDir::save_config(const RunConfig& c) const {
  fs::create_directories(root_);
  write_file_atomic(file("config.json"), c.to_json().dump(2) + "\n");
}

nlohmann::json RunDir::read_json(const std::string& name) const {
  const fs::path p = file(name);
  if (!fs::exists(p)) return nlohmann::json::object();
  try {
    return nlohmann::json::parse(read_file(p, std::size_t(1) << 30));
  } catch (const nlohmann::json::exception& e) {
    throw Error(p.string() + ": not valid JSON (" + e.what() + ")");
  }
}

void RunDir::write_json(const std::string& name, const nlohmann::json& j) const {
  write_file_atomic(file(name), j.dump(2) + "\n");
}

RunLock::RunLock(const RunDir& run) {
  fs::create_directories(run.root());
  const fs::path p = run.file("run.lock");
  fd_ = ::open(p.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw Error(p.string() + ": cannot create the lock file");
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    char buf[32] = {0};
    const ssize_t got = ::pread(fd_, buf, sizeof buf - 1, 0);
    ::close(fd_);
    fd_ = -1;
    throw Error(run.root().string() + ": another msma process" +
                (got > 0 ? " (pid " + std::string(buf, static_cast<std::size_t>(got)) + ")" : std::string()) +
                " is working on this run directory; wait for it or use another directory");
  }
  // We own the run now: temporaries left by a process that died mid-write are garbage.
  for (const fs::path& d : {run.root(), run.checkpoints(), run.scores(), run.aux(), run.curves()}) {
    std::error_code ec;
    if (!fs::is_directory(d, ec)) continue;
    for (const auto& e : fs::directory_iterator(d, ec)) {
      if (is_atomic_temporary(e.path())) fs::remove(e.path(), ec);
    }
  }
  const std::string pid = std::to_string(::getpid());
  if (::ftruncate(fd_, 0) == 0 && ::pwrite(fd_, pid.data(), pid.size(), 0) < 0) {
    // The pid is only a hint in the message above; the flock is what protects the run.
  }
}

RunLock::~RunLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace msma
