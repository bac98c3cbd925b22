#include "run/detect.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <iomanip>
#include <sstream>
#include <thread>

#include "common/atomic_file.h"
#include "common/error.h"
#include "common/hash.h"
#include "data/conversion.h"
#include "data/load.h"
#include "data/npy.h"
#include "density/density_model.h"
#include "distributed/communicator.h"
#include "metrics/metrics.h"
#include "run/pipeline.h"
#include "score/features.h"
#include "train/checkpoint.h"

namespace fs = std::filesystem;

namespace msma {

namespace {

// Exclusive flock on checks/.lock: detects on one run take turns (the later one waits,
// still cancellable); run.lock is left to whoever owns the run.
class ChecksLock {
 public:
  ChecksLock(const fs::path& checks, const ProgressFn& progress, const CancelToken& cancel) {
    fs::create_directories(checks);
    const fs::path p = checks / ".lock";
    fd_ = ::open(p.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) throw Error(p.string() + ": cannot create the lock file");
    for (bool told = false; ::flock(fd_, LOCK_EX | LOCK_NB) != 0;) {
      if (!told && progress) progress(Progress{"waiting for another msma detect on this run", 0, 0, 0, -1, {}});
      told = true;
      try {
        cancel.check();
      } catch (...) {
        ::close(fd_);
        throw;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    // We own checks/ now: temporaries of a detect that died mid-write are garbage (as RunLock).
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(checks, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
      std::error_code ignored;
      if (is_atomic_temporary(it->path())) fs::remove(it->path(), ignored);
    }
  }
  ~ChecksLock() { ::close(fd_); }
  ChecksLock(const ChecksLock&) = delete;
  ChecksLock& operator=(const ChecksLock&) = delete;

 private:
  int fd_ = -1;
};

// The checkpoint hash inside a score cache key (content/checkpoint[/stats-…], see
// score_cache_key); empty when the key has none.
std::string checkpoint_of_key(const std::string& key) {
  const auto a = key.find('/');
  return a == std::string::npos ? std::string() : key.substr(a + 1, key.find('/', a + 1) - a - 1);
}

// The precision a score cache key names: "bf16" when it ends so (see score_cache_key), else fp32.
std::string precision_of_key(const std::string& key) {
  const std::string tag = "/bf16";
  return key.size() > tag.size() && key.compare(key.size() - tag.size(), tag.size(), tag) == 0 ? "bf16" : "fp32";
}

// The checkpoint the run's score stage used: the one whose hash is in the test matrix's
// cache key (newest first). A newer, unscored checkpoint would not match the fitted model.
// `test_key`, when given, receives that key.
fs::path scored_checkpoint(const RunDir& run, std::string& hash, std::string* test_key = nullptr) {
  const auto list = list_checkpoints(run.checkpoints());
  if (list.empty()) throw Error(run.root().string() + ": no checkpoint; train the run first ('msma train')");
  const nlohmann::json cache = run.read_json("scores/cache.json");
  if (test_key) *test_key = cache.value("test", "");
  const std::string wanted = checkpoint_of_key(cache.value("test", ""));
  if (wanted.empty()) throw Error(run.root().string() + ": the run has no score matrices; run 'msma score' first");
  for (auto it = list.rbegin(); it != list.rend(); ++it)
    if (hash_file(*it) == wanted) {
      hash = wanted;
      return *it;
    }
  throw Error(run.root().string() + ": the checkpoint its scores were computed with is gone or was replaced; run "
              "'msma score', 'msma fit' and 'msma evaluate' (or 'msma run --resume') first");
}

// checks/<safe name>, or <name>-2, -3, … when that folder holds another dataset of the same
// name (dataset.json records the content hash); the same content reuses its folder (cache).
fs::path set_folder(const fs::path& checks, const ImageSet& s) {
  const std::string base = safe_name(s.name);
  for (int k = 1;; ++k) {
    const fs::path dir = checks / (k == 1 ? base : base + "-" + std::to_string(k));
    const fs::path info = dir / "dataset.json";
    if (!fs::exists(info)) return dir;
    try {
      if (nlohmann::json::parse(read_file(info, 1 << 20)).value("hash", "") == s.content_hash()) return dir;
    } catch (const nlohmann::json::exception&) {
      // unreadable: not ours to reuse, take the next name
    }
  }
}

}  // namespace

DetectResult detect(const RunDir& run, const DetectOptions& opt, const ProgressFn& progress,
                    const CancelToken& cancel) {
  if (opt.inputs.empty()) throw Error("give at least one dataset to check");
  RunConfig cfg = run.load_config();
  cfg.score.device = opt.device;
  DetectResult r;
  if (cfg.aux.empty()) throw Error(run.root().string() + ": the run's config lists no auxiliary model");
  r.aux_kind = opt.aux.empty() ? cfg.aux.front() : opt.aux;
  // Stages in order, so the error names the first one missing.
  std::string ckpt_hash, test_key;
  r.checkpoint = scored_checkpoint(run, ckpt_hash, &test_key);
  // New data is scored in the precision the run's own matrices were (its cache key says),
  // whatever "auto" would pick on this machine: the fitted model saw those numbers.
  if (cfg.score.precision == "auto") cfg.score.precision = precision_of_key(test_key);
  if (std::find(cfg.aux.begin(), cfg.aux.end(), r.aux_kind) == cfg.aux.end()) {
    std::string kinds;
    for (const auto& k : cfg.aux) kinds += (kinds.empty() ? "" : ", ") + k;
    throw Error(run.root().string() + ": '" + r.aux_kind + "' is not one of the run's auxiliary models (" + kinds + ")");
  }
  const fs::path aux_path = run.aux() / (r.aux_kind + ".json");
  if (!fs::exists(aux_path))
    throw Error(aux_path.string() + ": auxiliary model '" + r.aux_kind + "' not fitted; run 'msma fit' first");
  const auto model = load_density_model(aux_path.string());

  // The threshold and percentiles come from the run's own inlier test scores.
  const ScoreMatrices m = load_run_matrices(run, cfg);
  const Eigen::VectorXd test = model->score(m.test);
  std::vector<double> sorted(test.data(), test.data() + test.size());
  std::sort(sorted.begin(), sorted.end());
  if (opt.threshold) {
    r.threshold = *opt.threshold;
    r.threshold_origin = "given";
  } else {
    r.threshold = quantile(sorted, opt.keep / 100);
    std::ostringstream o;
    o << "keeps " << opt.keep << " % of the run's inlier test set (" << sorted.size() << " images)";
    r.threshold_origin = o.str();
  }
  r.feature_names = m.feature_names;

  // The network in the inlier geometry the checkpoint was trained on.
  const auto snap = nlohmann::json::parse(checkpoint_config(r.checkpoint));
  if (!snap.contains("geometry")) throw Error(r.checkpoint.string() + ": checkpoint records no image geometry");
  const Geometry g{snap["geometry"].at("channels").get<int>(), snap["geometry"].at("height").get<int>(),
                   snap["geometry"].at("width").get<int>()};
  const auto sigmas = cfg.schedule.sigmas();
  require_trained_sigmas(snap, r.checkpoint, sigmas);
  auto net = make_score_net(run_model_config(cfg, g.c, g.h, g.w), sigmas);
  load_weights_for_scoring(r.checkpoint, *net);
  auto single = Communicator::single();
  const int L = cfg.schedule.levels;
  const FeatureSet& features = feature_set(cfg.features);

  const fs::path checks = run.root() / "checks";
  ChecksLock lock(checks, progress, cancel);
  for (std::size_t i = 0; i < opt.inputs.size(); ++i) {
    const std::string& input = opt.inputs[i];
    if (progress)
      progress(Progress{"load " + input, static_cast<long long>(i), static_cast<long long>(opt.inputs.size()), 0, -1, {}});
    ImageSet s = load_in_run_geometry(input, cfg, g, progress);
    if (s.n == 0) throw Error(input + ": no images");
    DetectedSet d;
    d.input = input;
    d.dir = set_folder(checks, s);
    d.name = d.dir.filename().string();
    d.conversions = s.conversions;
    fs::create_directories(d.dir);
    write_file_atomic(d.dir / "dataset.json",
                      nlohmann::json{{"input", input}, {"name", s.name}, {"format", s.format}, {"images", s.n},
                                     {"geometry", s.geometry()}, {"hash", s.content_hash()},
                                     {"conversions", s.conversions}, {"skipped_files", s.skipped}}
                              .dump(2) + "\n");
    // Cached like the score stage's matrices: same content, checkpoint and matrix kind.
    const std::string key = score_cache_key(s, ckpt_hash, cfg);
    const fs::path matrix = d.dir / "scores.npy", cache = d.dir / "cache.json";
    try {
      d.cached = fs::exists(matrix) && fs::exists(cache) &&
                 nlohmann::json::parse(read_file(cache, 1 << 20)).value("key", "") == key;
    } catch (const nlohmann::json::exception&) {
      d.cached = false;  // a damaged cache entry is only a miss
    }
    if (!d.cached) {
      fs::remove(cache);  // never a key beside a matrix it does not describe
      write_npy_matrix(matrix, score_matrix(*net, s, cfg, *single, progress, cancel, "detect " + d.name));
      const nlohmann::json entry = {{"key", key}, {"checkpoint", r.checkpoint.filename().string()}};
      write_file_atomic(cache, entry.dump(2) + "\n");
    }
    // Read back even when just computed: the float32 file, as evaluate reads the run's own.
    d.features = read_features(matrix, features.name, L);
    if (d.features.rows() != s.n)
      throw Error(matrix.string() + ": has " + std::to_string(d.features.rows()) + " rows for " + std::to_string(s.n) +
                  " images; delete it and detect again");
    d.scores = model->score(d.features);
    d.inlier_percentile.resize(d.scores.size());
    for (Eigen::Index k = 0; k < d.scores.size(); ++k) {
      const auto below = std::lower_bound(sorted.begin(), sorted.end(), d.scores(k)) - sorted.begin();
      d.inlier_percentile(k) = 100.0 * static_cast<double>(below) / static_cast<double>(sorted.size());
      d.flagged += d.scores(k) >= r.threshold;  // as the GUI's threshold: flagged at or above
    }
    r.images += s.n;
    r.flagged += d.flagged;
    write_file_atomic(d.dir / "detect.csv", detect_csv(r, {d}));
    r.sets.push_back(std::move(d));
  }
  return r;
}

std::vector<CheckedSet> load_checked_sets(const RunDir& run, const RunConfig& cfg) {
  std::vector<CheckedSet> out;
  const fs::path checks = run.root() / "checks";
  if (!fs::is_directory(checks)) return out;
  std::string ckpt_hash;
  scored_checkpoint(run, ckpt_hash);
  std::vector<fs::path> dirs;
  for (const auto& e : fs::directory_iterator(checks))
    if (e.is_directory()) dirs.push_back(e.path());
  std::sort(dirs.begin(), dirs.end());
  for (const auto& dir : dirs) {
    const fs::path info = dir / "dataset.json", cache = dir / "cache.json", matrix = dir / "scores.npy";
    if (!fs::exists(info) || !fs::exists(cache) || !fs::exists(matrix)) continue;  // a detect never finished
    nlohmann::json key, set;
    try {
      key = nlohmann::json::parse(read_file(cache, 1 << 20));
      set = nlohmann::json::parse(read_file(info, 1 << 20));
    } catch (const nlohmann::json::exception& e) {
      throw Error(dir.string() + ": unreadable check record (" + e.what() + ")");
    }
    if (checkpoint_of_key(key.value("key", "")) != ckpt_hash) continue;  // scored by an older checkpoint
    CheckedSet c;
    c.name = dir.filename().string();
    c.input = set.value("input", c.name);
    const Eigen::MatrixXd raw = read_score_matrix(matrix, cfg.features, cfg.schedule.levels);
    c.norms = raw.leftCols(cfg.schedule.levels);
    c.features = make_features(cfg.features, raw, cfg.schedule.levels);
    out.push_back(std::move(c));
  }
  return out;
}

std::string detect_csv(const DetectResult& r, const std::vector<DetectedSet>& sets) {
  std::ostringstream csv;
  csv << std::setprecision(8) << "source,index,ood_score,inlier_percentile,flagged";
  for (const auto& name : r.feature_names) csv << ",feature_" << name;
  csv << "\n";
  for (const auto& d : sets) {
    // The input as given, quoted when it holds a comma or a quote.
    std::string source = d.input;
    if (source.find_first_of(",\"\n") != std::string::npos) {
      std::string q = "\"";
      for (char c : source) q += c == '"' ? std::string("\"\"") : std::string(1, c);
      source = q + "\"";
    }
    for (Eigen::Index i = 0; i < d.scores.size(); ++i) {
      csv << source << "," << i << "," << d.scores(i) << "," << d.inlier_percentile(i) << ","
          << (d.scores(i) >= r.threshold ? 1 : 0);
      for (Eigen::Index c = 0; c < d.features.cols(); ++c) csv << "," << d.features(i, c);
      csv << "\n";
    }
  }
  return csv.str();
}

nlohmann::json detect_summary(const DetectResult& r) {
  nlohmann::json j = {{"aux", r.aux_kind},
                      {"checkpoint", r.checkpoint.string()},
                      {"threshold", r.threshold},
                      {"threshold_origin", r.threshold_origin},
                      {"images", r.images},
                      {"flagged", r.flagged},
                      {"share_flagged", r.images ? static_cast<double>(r.flagged) / r.images : 0.0},
                      {"sets", nlohmann::json::array()}};
  for (const auto& d : r.sets)
    j["sets"].push_back({{"input", d.input},
                         {"folder", d.dir.string()},
                         {"csv", (d.dir / "detect.csv").string()},
                         {"images", d.scores.size()},
                         {"flagged", d.flagged},
                         {"cached", d.cached},
                         {"conversions", d.conversions}});
  return j;
}

}  // namespace msma
