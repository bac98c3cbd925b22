#include "run/pipeline.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iomanip>
#include <limits>
#include <numeric>
#include <random>
#include <set>
#include <sstream>

#include "common/atomic_file.h"
#include "common/error.h"
#include "common/hash.h"
#include "data/conversion.h"
#include "data/load.h"
#include "data/npy.h"
#include "density/density_model.h"
#include "distributed/communicator.h"
#include "model/device.h"
#include "model/precision.h"
#include "model/winograd_conv.h"
#include "score/features.h"
#include "score/score_norms.h"
#include "train/checkpoint.h"

namespace fs = std::filesystem;

namespace msma {

std::string safe_name(const std::string& name) {
  std::string s;
  for (char ch : name) s += (std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_' || ch == '.') ? ch : '_';
  return s.empty() ? "set" : s;
}

namespace {

nlohmann::json describe(const ImageSet& s) {
  return {{"name", s.name},       {"source", s.source},           {"format", s.format},
          {"images", s.n},        {"geometry", s.geometry()},     {"hash", s.content_hash()},
          {"conversions", s.conversions}, {"skipped_files", s.skipped}, {"labelled", !s.labels.empty()}};
}

ModelConfig model_for(const RunConfig& cfg, const ImageSet& train) {
  return run_model_config(cfg, train.c, train.h, train.w);
}

std::string config_snapshot(const RunConfig& cfg, const ImageSet& train) {
  nlohmann::json j = cfg.to_json();
  j["geometry"] = {{"channels", train.c}, {"height", train.h}, {"width", train.w}};
  return j.dump();
}

}  // namespace

RunData load_run_data(const RunDir& run, const RunConfig& cfg, const ProgressFn& progress) {
  nlohmann::json manifest = run.read_json("manifest.json");
  RunData d = load_datasets(cfg, progress, &manifest);
  run.write_json("manifest.json", manifest);
  return d;
}

namespace {

LoadOptions run_load_options(const RunConfig& cfg) {
  LoadOptions opt;
  opt.read.skip_bad_files = cfg.skip_bad_files;
  opt.read.working = cfg.working;
  opt.seed = cfg.seed;
  return opt;
}

}  // namespace

ImageSet load_in_run_geometry(const std::string& spec, const RunConfig& cfg, const Geometry& g,
                              const ProgressFn& progress) {
  LoadOptions opt = run_load_options(cfg);
  opt.read.progress = progress;
  opt.read.working = g.h > 0 && cfg.working.h > 0 ? g : Geometry{};
  opt.noise_geometry = g;
  return to_run_geometry(load_dataset(spec, opt), g, cfg.working.h > 0);
}

RunData load_datasets(const RunConfig& cfg, const ProgressFn& progress, nlohmann::json* manifest_out,
                      bool train_only) {
  LoadOptions opt = run_load_options(cfg);
  opt.read.progress = progress;
  auto step = [&](const std::string& what, int i, int n) {
    if (progress) progress(Progress{"load " + what, i, n, 0, -1, {}});
  };
  const int total = 2 + static_cast<int>(cfg.ood.size());
  step(cfg.inlier_train, 0, total);
  ImageSet all = load_dataset(cfg.inlier_train, opt);
  if (cfg.working.h > 0) {
    const Geometry w = run_geometry(cfg.working, all);
    all = fit_to_geometry(std::move(all), w.c, w.h, w.w);
  }
  if (all.n < 10) throw Error(cfg.inlier_train + ": only " + std::to_string(all.n) + " images; need at least 10 to train");
  const Geometry g{all.c, all.h, all.w};

  // Deterministic split from the seed: the first part of a permutation is held out.
  std::vector<std::int64_t> order(all.n);
  std::iota(order.begin(), order.end(), 0);
  std::shuffle(order.begin(), order.end(), std::mt19937_64(cfg.seed ^ 0x5eedULL));
  RunData d;
  nlohmann::json scratch;
  nlohmann::json& manifest = manifest_out ? *manifest_out : scratch;
  manifest["inlier_train_all"] = describe(all);
  if (cfg.fit_on == "holdout") {
    const auto n_fit = std::max<std::int64_t>(1, static_cast<std::int64_t>(all.n * cfg.holdout_fraction));
    std::vector<std::int64_t> fit_idx(order.begin(), order.begin() + n_fit), train_idx(order.begin() + n_fit, order.end());
    if (cfg.max_train_images > 0 && static_cast<std::int64_t>(train_idx.size()) > cfg.max_train_images)
      train_idx.resize(cfg.max_train_images);
    d.train = all.subset(train_idx, all.name + "-train");
    d.fit = all.subset(fit_idx, all.name + "-holdout");
  } else {
    if (cfg.max_train_images > 0 && static_cast<std::int64_t>(order.size()) > cfg.max_train_images)
      order.resize(cfg.max_train_images);
    std::sort(order.begin(), order.end());
    d.train = all.subset(order, all.name);
    d.fit = d.train;
  }
  all = ImageSet{};
  if (train_only) return d;
  step(cfg.inlier_test, 1, total);
  d.test = load_in_run_geometry(cfg.inlier_test, cfg, g, progress);
  std::set<std::string> used = {"fit", "test"};
  for (std::size_t i = 0; i < cfg.ood.size(); ++i) {
    step(cfg.ood[i], 2 + static_cast<int>(i), total);
    ImageSet s = load_in_run_geometry(cfg.ood[i], cfg, g, progress);
    std::string name = safe_name(s.name);
    for (int k = 2; used.count(name); ++k) name = safe_name(s.name) + "-" + std::to_string(k);
    used.insert(name);
    s.name = name;
    d.ood.push_back(std::move(s));
  }
  manifest["train"] = describe(d.train);
  manifest["fit"] = describe(d.fit);
  manifest["test"] = describe(d.test);
  manifest["ood"] = nlohmann::json::array();
  for (const auto& s : d.ood) manifest["ood"].push_back(describe(s));
  manifest["conversion_rule"] =
      cfg.working.h > 0
          ? "every set, inliers included, is brought to the working geometry " + d.train.geometry() +
                ": RGB to gray by BT.601 luma or gray replicated to RGB, then OpenCV resize of the shorter side "
                "(aspect kept; area when shrinking, bilinear when enlarging) and a centre crop"
          : "every non-inlier set is brought to the inlier geometry " + d.train.geometry() +
                ": RGB to gray by BT.601 luma or gray replicated to RGB, then OpenCV resize (area when shrinking, "
                "bilinear when enlarging)";
  return d;
}

void require_fresh_run(const RunDir& run) {
  if (latest_checkpoint(run.checkpoints()))
    throw Error(run.root().string() + ": already holds a trained run; resume it (--resume, or Resume in MSMA Studio) or use a new directory");
}

TrainResult train_stage(const RunDir& run, const RunConfig& cfg, const ImageSet& train_images, bool resume,
                        const TrainProgressFn& progress, const CancelToken& cancel) {
  auto single = Communicator::single();
  return train_stage(&run, cfg, train_images, resume, progress, cancel, *single);
}

TrainResult train_stage(const RunDir* run, const RunConfig& cfg, const ImageSet& train_images, bool resume,
                        const TrainProgressFn& progress, const CancelToken& cancel, Communicator& comm) {
  if (comm.is_root() != (run != nullptr)) throw Error("train_stage: rank 0 and only rank 0 owns the run directory");
  const auto sigmas = cfg.schedule.sigmas();
  const ModelConfig model = model_for(cfg, train_images);
  TrainConfig tc = cfg.train;
  tc.seed = cfg.seed;
  if (comm.distributed()) tc.batch_parts = comm.world_size();
  TrainState state = make_train_state(model, sigmas, tc);
  if (!run) {
    const ImageSet shard = training_shard(train_images, comm.rank(), comm.world_size());
    return train(state, shard, sigmas, tc, nullptr, nullptr, cancel, &comm);
  }
  if (!resume) require_fresh_run(*run);  // front ends check earlier too, before writing any file
  const auto latest = latest_checkpoint(run->checkpoints());
  if (latest) load_checkpoint(*latest, state);
  const std::string snapshot = config_snapshot(cfg, train_images);
  auto writer = [&](const TrainState& s) { save_checkpoint(checkpoint_path(run->checkpoints(), s.step), s, snapshot); };
  const ImageSet shard = comm.distributed() ? training_shard(train_images, 0, comm.world_size()) : ImageSet{};
  // train_log.csv: one line per step, appended (a resumed run continues it), so the GUI can
  // draw the loss of a run trained headless.
  const fs::path log_path = run->file("train_log.csv");
  const bool new_log = !fs::exists(log_path);
  std::ofstream log(log_path, std::ios::app);
  if (new_log) log << "step,loss,smoothed_loss,images_per_second,elapsed_seconds\n";
  auto logged = [&](const TrainProgress& p) {
    log << p.step << ',' << p.loss << ',' << p.smoothed_loss << ',' << p.images_per_second << ',' << p.elapsed_seconds
        << '\n';
    if (p.step % 20 == 0) log.flush();
    if (progress) progress(p);
  };
  TrainResult r = train(state, comm.distributed() ? shard : train_images, sigmas, tc, logged, writer, cancel, &comm);
  log.flush();
  nlohmann::json manifest = run->read_json("manifest.json");
  const bool cuda = resolve_device(tc.device).is_cuda();
  manifest["training"] = {{"steps", r.steps},
                          {"smoothed_loss", r.smoothed_loss},
                          {"images_per_second", r.images_per_second},
                          {"seconds_this_session", r.seconds},
                          {"parameters", state.net->parameter_count()},
                          {"threads", at::get_num_threads()},
                          {"world_size", comm.world_size()},
                          {"device", tc.device},
                          {"precision", resolve_precision(tc.precision, cuda)},
                          {"precision_choice", describe_precision(tc.precision, cuda)},
                          {"cancelled", r.cancelled},
                          {"diverged", r.diverged},
                          {"message", r.message}};
  run->write_json("manifest.json", manifest);
  return r;
}

void require_trained_sigmas(const nlohmann::json& snapshot, const fs::path& checkpoint, const std::vector<double>& sigmas) {
  std::vector<double> trained;
  try {
    if (!snapshot.contains("schedule") || !snapshot["schedule"].contains("sigmas")) return;
    trained = snapshot["schedule"]["sigmas"].get<std::vector<double>>();
  } catch (const nlohmann::json::exception& e) {
    throw Error(checkpoint.string() + ": its config snapshot's noise schedule is unreadable (" + e.what() + ")");
  }
  bool same = trained.size() == sigmas.size();
  for (std::size_t i = 0; same && i < sigmas.size(); ++i)
    same = std::abs(trained[i] - sigmas[i]) <= 1e-9 * std::max(std::abs(trained[i]), std::abs(sigmas[i]));
  if (same) return;
  auto text = [](const std::vector<double>& v) {
    std::ostringstream o;
    o << v.size() << " levels, σ " << (v.empty() ? 0.0 : v.front()) << " … " << (v.empty() ? 0.0 : v.back());
    return o.str();
  };
  throw Error(checkpoint.string() + ": trained at " + text(trained) + ", but the run's config gives " + text(sigmas) +
              "; the noise schedule cannot change after training (restore config.json's schedule or train a new run)");
}

void require_trained_sigmas(const fs::path& checkpoint, const std::vector<double>& sigmas) {
  nlohmann::json snapshot;
  try {
    snapshot = nlohmann::json::parse(checkpoint_config(checkpoint));
  } catch (const nlohmann::json::exception& e) {
    throw Error(checkpoint.string() + ": its config snapshot is not valid JSON (" + e.what() + ")");
  }
  require_trained_sigmas(snapshot, checkpoint, sigmas);
}

ModelConfig run_model_config(const RunConfig& cfg, int channels, int height, int width) {
  ModelConfig m = cfg.model;
  m.levels = cfg.schedule.levels;
  m.channels = channels;
  m.height = height;
  m.width_px = width;
  return m;
}

// The statistics matrices' part of a cache key: today's layout, and the one before the row bands.
constexpr const char* kStatsKeyTag = "/stats-v4";
constexpr const char* kStatsKeyTagBeforeRowBands = "/stats-v3";

std::string score_cache_key(const ImageSet& set, const std::string& checkpoint_hash, const RunConfig& cfg) {
  // The statistics beyond the norms are computed only for feature sets that use them; their
  // key says so (a norms-only key stays as it always was).
  // bf16 scores differ from fp32 ones by up to a few per cent: the key says which (fp32 keys
  // stay as they always were), so one run never mixes the two.
  const bool stats = feature_set(cfg.features).needs_stats;
  const bool bf16 = resolve_precision(cfg.score.precision, resolve_device(cfg.score.device).is_cuda()) == "bf16";
  return set.content_hash() + "/" + checkpoint_hash + (stats ? kStatsKeyTag : "") + (bf16 ? "/bf16" : "");
}

namespace {

// Whether a matrix cached under key `cached` serves a run that would score it under `wanted`:
// the same key, or a statistics matrix scored before the row bands (key stats-v3, 14
// statistics per level) for a feature set that reads none of them — not scored again.
bool cached_matrix_serves(const std::string& cached, const std::string& wanted, const RunConfig& cfg) {
  if (cached == wanted) return true;
  const auto at = wanted.find(kStatsKeyTag);
  if (at == std::string::npos) return false;
  std::string before_bands = wanted;
  before_bands.replace(at, std::strlen(kStatsKeyTag), kStatsKeyTagBeforeRowBands);
  const int L = cfg.schedule.levels;
  return cached == before_bands &&
         serves_feature_set(static_cast<Eigen::Index>(kScoreStatsBeforeRowBands) * L, cfg.features, L);
}

}  // namespace

Eigen::MatrixXd score_matrix(ScoreNet& net, const ImageSet& set, const RunConfig& cfg, Communicator& comm,
                             const ProgressFn& progress, const CancelToken& cancel, const std::string& stage) {
  const int L = cfg.schedule.levels;
  ScoreOptions opt = cfg.score;
  opt.sigmas = cfg.schedule.sigmas();
  if (feature_set(cfg.features).needs_stats) return compute_score_stats(net, set, L, opt, comm, progress, &cancel, stage);
  return compute_score_norms(net, set, L, opt, comm, progress, &cancel, stage);
}

void score_stage(const RunDir& run, const RunConfig& cfg, const RunData& data, const ProgressFn& progress,
                 const CancelToken& cancel) {
  auto single = Communicator::single();
  score_stage(&run, cfg, data, progress, cancel, *single);
}

void score_stage(const RunDir* run, const RunConfig& cfg, const RunData& data, const ProgressFn& progress,
                 const CancelToken& cancel, Communicator& comm) {
  if (comm.is_root() != (run != nullptr)) throw Error("score_stage: rank 0 and only rank 0 owns the run directory");
  std::vector<std::pair<std::string, const ImageSet*>> jobs = {{"fit", &data.fit}, {"test", &data.test}};
  for (const auto& s : data.ood) jobs.emplace_back("ood-" + s.name, &s);
  const bool stats = feature_set(cfg.features).needs_stats;  // see score_cache_key
  auto key_of = [&cfg](const ImageSet& s, const std::string& ckpt_hash) { return score_cache_key(s, ckpt_hash, cfg); };
  // Rank 0 decides which matrices are missing and sends them, with the checkpoint, to all.
  nlohmann::json plan = nlohmann::json::object();
  nlohmann::json cache;
  std::string weights;
  std::string ckpt_hash;
  if (run) {
    try {
      const auto latest = latest_checkpoint(run->checkpoints());
      if (!latest) throw Error(run->root().string() + ": no checkpoint to score with; train first");
      require_trained_sigmas(*latest, cfg.schedule.sigmas());
      ckpt_hash = hash_file(*latest);
      cache = run->read_json("scores/cache.json");
      plan["todo"] = nlohmann::json::array();
      for (const auto& [file, set] : jobs) {
        const bool cached = cached_matrix_serves(cache.value(file, ""), key_of(*set, ckpt_hash), cfg) &&
                            fs::exists(run->scores() / (file + ".npy")) &&
                            (!stats || fs::exists(run->scores() / (file + "-stats.npy")));
        if (cached) {
          if (progress) progress(Progress{"score " + set->name + " (cached)", set->n, set->n, 0, 0, {}});
        } else {
          plan["todo"].push_back(file);
        }
      }
      plan["checkpoint"] = latest->string();
      if (comm.distributed() && !plan["todo"].empty()) weights = read_file(*latest);
    } catch (const Error& e) {
      plan = {{"error", e.what()}};
    }
  }
  std::string plan_text = plan.dump();
  comm.broadcast_bytes(plan_text);
  plan = nlohmann::json::parse(plan_text);
  if (plan.contains("error")) {
    if (run) throw Error(plan["error"].get<std::string>());
    throw Error("rank 0 could not start scoring: " + plan["error"].get<std::string>());
  }
  const auto sigmas = cfg.schedule.sigmas();
  if (run) write_npy_vector(run->scores() / "sigmas.npy", sigmas);
  if (plan["todo"].empty()) return;
  auto net = make_score_net(model_for(cfg, data.train), sigmas);
  if (comm.distributed()) {
    comm.broadcast_bytes(weights);
    load_weights_for_scoring(weights, "rank 0's checkpoint " + plan["checkpoint"].get<std::string>(), *net);
  } else {
    load_weights_for_scoring(fs::path(plan["checkpoint"].get<std::string>()), *net);
  }
  const auto start = std::chrono::steady_clock::now();
  std::int64_t scored = 0;
  for (const auto& [file, set] : jobs) {
    if (std::find(plan["todo"].begin(), plan["todo"].end(), file) == plan["todo"].end()) continue;
    const Eigen::MatrixXd x = score_matrix(*net, *set, cfg, comm, run ? progress : nullptr, cancel, "score " + set->name);
    scored += set->n;
    if (!run) continue;
    if (stats) write_npy_matrix(run->scores() / (file + "-stats.npy"), x);
    write_npy_matrix(run->scores() / (file + ".npy"), x.leftCols(cfg.schedule.levels));
    cache[file] = key_of(*set, ckpt_hash);
    run->write_json("scores/cache.json", cache);
  }
  // What this invocation scored and how long it took (sets served from the cache excluded); an
  // invocation served wholly from the cache keeps the record of the one that scored.
  if (!run || scored == 0) return;
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const bool cuda = resolve_device(cfg.score.device).is_cuda();
  const std::string precision = resolve_precision(cfg.score.precision, cuda);
  nlohmann::json manifest = run->read_json("manifest.json");
  manifest["scoring"] = {{"images", scored},
                         {"seconds", seconds},
                         {"images_per_second", scored / std::max(seconds, 1e-9)},
                         {"threads", at::get_num_threads()},
                         {"batch_size", cfg.score.batch_size},
                         {"precision", precision},
                         {"convolutions", scores_by_winograd(precision, cuda) ? "Winograd (oneDNN) where it applies" : "LibTorch"}};
  run->write_json("manifest.json", manifest);
}

namespace {

ScoreMatrices load_matrices(const RunDir& run, const RunConfig& cfg, bool norms_only) {
  const int L = cfg.schedule.levels;
  const FeatureSet& fs = feature_set(norms_only ? "norms" : cfg.features);
  ScoreMatrices m;
  m.levels = L;
  m.feature_set = fs.name;
  m.feature_names = feature_names(fs.name, cfg.schedule.sigmas());
  auto load = [&](const std::string& file) {
    return read_features(run.scores() / (file + (fs.needs_stats ? "-stats.npy" : ".npy")), fs.name, L);
  };
  m.fit = load("fit");
  m.test = load("test");
  const nlohmann::json manifest = run.read_json("manifest.json");
  for (const auto& s : manifest.value("ood", nlohmann::json::array())) {
    const std::string name = s.at("name");
    m.ood.emplace_back(name, load("ood-" + name));
  }
  return m;
}

}  // namespace

Eigen::MatrixXd read_score_matrix(const fs::path& p, const std::string& set, int levels) {
  if (!fs::exists(p)) throw Error(p.string() + ": score matrix missing; run 'msma score' first");
  Eigen::MatrixXd x = read_npy_matrix(p);
  if (!serves_feature_set(x.cols(), set, levels))
    throw Error(p.string() + ": has " + std::to_string(x.cols()) + " columns, the run's noise levels and features (" +
                set + ") need " + served_columns(set, levels) +
                " (scored by an older msma? 'msma score' computes them again)");
  require_finite(x, p.string());
  return x;
}

Eigen::MatrixXd read_features(const fs::path& p, const std::string& set, int levels) {
  return make_features(set, read_score_matrix(p, set, levels), levels);
}

ScoreMatrices load_run_matrices(const RunDir& run, const RunConfig& cfg) { return load_matrices(run, cfg, false); }
ScoreMatrices load_run_norms(const RunDir& run, const RunConfig& cfg) { return load_matrices(run, cfg, true); }

nlohmann::json aux_options(const RunConfig& cfg, const std::string& kind) {
  AuxRunContext run;
  run.seed = cfg.seed;
  run.plain_norms = cfg.features == "norms";
  run.options_of = [&cfg](const std::string& k) { return aux_options(cfg, k); };
  const auto it = cfg.aux_settings.find(kind);
  return aux_model(kind).run_options(it == cfg.aux_settings.end() ? nlohmann::json::object() : it->second, run);
}

void fit_stage(const RunDir& run, const RunConfig& cfg, const ProgressFn& progress, const CancelToken& cancel) {
  const ScoreMatrices m = load_run_matrices(run, cfg);
  const auto models =
      fit_density_models(cfg.aux, [&](const std::string& kind) { return aux_options(cfg, kind); }, m.fit, progress, &cancel);
  for (std::size_t i = 0; i < models.size(); ++i)
    save_density_model(*models[i], (run.aux() / (cfg.aux[i] + ".json")).string());
}

namespace {

std::vector<double> to_std(const Eigen::VectorXd& v) { return std::vector<double>(v.data(), v.data() + v.size()); }

// Per-scale AUROC of each OOD set (column j alone, higher norm = more OOD): it depends on
// the matrices only, so it is computed once and shared by every aux model's results.
std::vector<std::vector<double>> per_scale_aurocs(const ScoreMatrices& m) {
  std::vector<std::vector<double>> out;
  for (const auto& [name, x] : m.ood) {
    std::vector<double> cols;
    // Feature sets start with the L (log) norms; the other columns are not one scale each.
    const Eigen::Index n_cols = m.levels > 0 ? std::min<Eigen::Index>(m.levels, x.cols()) : x.cols();
    for (Eigen::Index c = 0; c < n_cols; ++c) cols.push_back(auroc(to_std(m.test.col(c)), to_std(x.col(c))));
    out.push_back(std::move(cols));
  }
  return out;
}

// Metrics of one fitted model. When `per_set` is given it receives the OOD scores of the
// test set, then of every OOD set, so callers never score the same rows twice.
AuxResult evaluate_model(const DensityModel& model, const ScoreMatrices& m,
                         const std::vector<std::vector<double>>& per_scale, int rounds, std::uint64_t seed,
                         std::vector<Eigen::VectorXd>* per_set = nullptr) {
  AuxResult r;
  r.kind = model.kind();
  r.summary = model.summary();
  const Eigen::VectorXd test = model.score(m.test);
  const auto test_scores = to_std(test);
  // Health: can the model tell its own fit vectors from unseen inlier test vectors? (Each
  // fit vector scored without itself where the model can: a kNN's own point is no evidence.)
  r.health_auroc = auroc(to_std(model.score_fit_vectors(m.fit)), test_scores);
  std::vector<Eigen::VectorXd> ood_scores;
  for (std::size_t k = 0; k < m.ood.size(); ++k) {
    ood_scores.push_back(model.score(m.ood[k].second));
    SetResult s;
    s.name = m.ood[k].first;
    s.metrics = evaluate_ood(test_scores, to_std(ood_scores.back()), rounds, seed);
    s.per_scale_auroc = per_scale[k];
    r.sets.push_back(std::move(s));
  }
  if (per_set) {
    per_set->assign(1, test);
    per_set->insert(per_set->end(), ood_scores.begin(), ood_scores.end());
  }
  return r;
}

}  // namespace

Evaluation evaluate_matrices(const ScoreMatrices& m, const std::vector<std::string>& aux_kinds,
                             const std::map<std::string, nlohmann::json>& aux_options, int rounds, std::uint64_t seed,
                             const ProgressFn& progress, const CancelToken& cancel) {
  Evaluation e;
  const auto per_scale = per_scale_aurocs(m);
  const auto models = fit_density_models(
      aux_kinds,
      [&](const std::string& kind) {
        const auto it = aux_options.find(kind);
        return it == aux_options.end() ? nlohmann::json::object() : it->second;
      },
      m.fit, progress, &cancel);
  for (const auto& model : models) e.aux.push_back(evaluate_model(*model, m, per_scale, rounds, seed));
  return e;
}

std::string per_image_csv(const std::vector<std::string>& aux_kinds, const std::vector<double>& sigmas,
                          const std::vector<std::string>& feature_names, const std::vector<PerImageRows>& sets) {
  std::ostringstream csv;
  csv << std::setprecision(8) << "dataset,index";
  for (const auto& k : aux_kinds) csv << ",ood_score_" << k;
  for (double s : sigmas) csv << ",norm_sigma_" << s;
  for (const auto& name : feature_names) csv << ",feature_" << name;
  csv << "\n";
  for (const auto& set : sets) {
    const Eigen::MatrixXd& x = *set.norms;
    if (set.scores.size() != aux_kinds.size() || x.cols() != static_cast<Eigen::Index>(sigmas.size()) ||
        (!feature_names.empty() && (!set.features || set.features->rows() != x.rows() ||
                                    set.features->cols() != static_cast<Eigen::Index>(feature_names.size()))))
      throw Error("per-image table: set '" + set.dataset + "' does not match the table's columns");
    for (const auto* s : set.scores)
      if (s->size() != x.rows()) throw Error("per-image table: set '" + set.dataset + "' has scores for other rows");
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
      csv << set.dataset << "," << i;
      // The OOD scores round-trip exactly (MSMA Studio reads them back; its numbers are the
      // evaluation's); norms and features keep 8 digits.
      csv << std::setprecision(std::numeric_limits<double>::max_digits10);
      for (const auto* s : set.scores) csv << "," << (*s)(i);
      csv << std::setprecision(8);
      for (Eigen::Index l = 0; l < x.cols(); ++l) csv << "," << x(i, l);
      if (!feature_names.empty())
        for (Eigen::Index l = 0; l < set.features->cols(); ++l) csv << "," << (*set.features)(i, l);
      csv << "\n";
    }
  }
  return csv.str();
}

PerImageScores read_per_image_scores(const fs::path& path) {
  PerImageScores out;
  std::ifstream in(path);
  if (!in) return out;
  std::string line;
  std::size_t number = 1;
  auto bad = [&](const std::string& what) {
    return Error(path.string() + ":" + std::to_string(number) + ": " + what + "; evaluate the run again");
  };
  if (!std::getline(in, line) || line.rfind("dataset,index", 0) != 0) throw bad("not a per-image table");
  std::vector<std::string> kinds;  // the ood_score_KIND columns, which follow dataset and index
  for (std::size_t a = 0, b; a <= line.size(); a = b + 1) {
    b = std::min(line.find(',', a), line.size());
    const std::string col = line.substr(a, b - a);
    if (a > 0 && col.rfind("ood_score_", 0) == 0) kinds.push_back(col.substr(10));
    else if (a > 0 && col != "index") break;
  }
  std::map<std::string, std::vector<std::vector<double>>> columns;  // dataset → per kind
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const std::size_t comma = line.find(',');
    if (comma == std::string::npos) throw bad("no fields");
    auto& set = columns[line.substr(0, comma)];
    set.resize(kinds.size());
    const char* c = line.data() + comma + 1;
    const char* const end = line.data() + line.size();
    // from_chars: '.' as the decimal point whatever the user's locale (Qt sets LC_ALL).
    long long index = -1;
    const auto [after_index, e] = std::from_chars(c, end, index);
    const long long expected = kinds.empty() ? index : static_cast<long long>(set[0].size());
    if (e != std::errc() || (after_index != end && *after_index != ',') || index != expected)
      throw bad("index is not the next one of its dataset");
    c = after_index + 1;
    for (std::size_t k = 0; k < kinds.size(); ++k) {
      double v = 0;
      const auto [next, err] = c < end ? std::from_chars(c, end, v) : std::from_chars_result{c, std::errc::invalid_argument};
      if (err != std::errc() || (next != end && *next != ',')) throw bad("OOD score (" + kinds[k] + ") is not a number");
      set[k].push_back(v);
      c = next + 1;
    }
  }
  for (auto& [dataset, per_kind] : columns)
    for (std::size_t k = 0; k < kinds.size(); ++k)
      out[dataset][kinds[k]] = Eigen::Map<const Eigen::VectorXd>(per_kind[k].data(), static_cast<Eigen::Index>(per_kind[k].size()));
  return out;
}

Evaluation evaluate_stage(const RunDir& run, const RunConfig& cfg, const ProgressFn& progress, const CancelToken& cancel) {
  const ScoreMatrices m = load_run_matrices(run, cfg);
  const bool plain = m.feature_set == "norms";
  const ScoreMatrices norms = plain ? m : load_run_norms(run, cfg);
  Evaluation e;
  e.sigmas = cfg.schedule.sigmas();
  e.feature_set = m.feature_set;
  std::vector<std::vector<Eigen::VectorXd>> scores;  // [aux model][set: test, then each OOD set]
  const auto per_scale = per_scale_aurocs(norms);
  for (const auto& kind : cfg.aux) {
    cancel.check();
    const fs::path p = run.aux() / (kind + ".json");
    if (!fs::exists(p)) throw Error(p.string() + ": auxiliary model not fitted; run 'msma fit' first");
    auto model = load_density_model(p.string());
    if (progress) progress(Progress{"evaluate " + kind, 0, 1, 0, -1, {}});
    scores.emplace_back();
    e.aux.push_back(evaluate_model(*model, m, per_scale, cfg.bootstrap_rounds, cfg.seed, &scores.back()));
  }
  write_evaluation(run.root(), e);
  std::vector<PerImageRows> rows(1 + m.ood.size());
  for (std::size_t k = 0; k < rows.size(); ++k) {
    rows[k].dataset = k == 0 ? "test" : m.ood[k - 1].first;
    rows[k].norms = k == 0 ? &norms.test : &norms.ood[k - 1].second;
    rows[k].features = k == 0 ? &m.test : &m.ood[k - 1].second;
    for (const auto& by_set : scores) rows[k].scores.push_back(&by_set[k]);
  }
  const std::string csv = per_image_csv(cfg.aux, e.sigmas, plain ? std::vector<std::string>{} : m.feature_names, rows);
  write_file_atomic(run.file("per_image_scores.csv"), csv);
  return e;
}

void write_evaluation(const fs::path& dir, const Evaluation& e) {
  nlohmann::json j;
  j["sigmas"] = e.sigmas;
  j["features"] = e.feature_set;
  j["conventions"] = {
      {"usual", "inliers positive: FPR@95 = share of OOD accepted when 95% of inliers are kept; AUPR-in: inliers "
                "positive; AUPR-out: OOD positive"},
      {"authors", "outliers positive (MSMA code): FPR@95 = share of inliers flagged when 95% of OOD are caught"}};
  for (const auto& a : e.aux) {
    nlohmann::json ja = {{"summary", a.summary}, {"health_auroc", a.health_auroc}};
    for (const auto& s : a.sets) {
      const auto& m = s.metrics;
      ja["ood"][s.name] = {{"n_inlier", m.n_in},
                           {"n_ood", m.n_ood},
                           {"auroc", m.auroc},
                           {"auroc_ci95", m.bootstrap_rounds > 0 ? nlohmann::json{m.auroc_ci_low, m.auroc_ci_high}
                                                                 : nlohmann::json(nullptr)},
                           {"bootstrap_rounds", m.bootstrap_rounds},
                           {"aupr_in", m.aupr_in},
                           {"aupr_out", m.aupr_out},
                           {"fpr_at_95_tpr", m.fpr_at_95_tpr},
                           {"fpr_at_80_tpr", m.fpr_at_80_tpr},
                           {"fpr_at_95_tpr_authors_convention", m.fpr_at_95_tpr_authors},
                           {"detection_error", m.detection_error},
                           {"per_scale_auroc", s.per_scale_auroc}};
      std::ostringstream roc, pri, pro;
      roc << std::setprecision(10) << "threshold,fpr,tpr\n";
      for (const auto& p : m.roc) roc << p.threshold << "," << p.fpr << "," << p.tpr << "\n";
      pri << std::setprecision(10) << "recall,precision\n";
      for (const auto& p : m.pr_in) pri << p.recall << "," << p.precision << "\n";
      pro << std::setprecision(10) << "recall,precision\n";
      for (const auto& p : m.pr_out) pro << p.recall << "," << p.precision << "\n";
      const std::string base = a.kind + "-" + safe_name(s.name);
      write_file_atomic(dir / "curves" / (base + "-roc.csv"), roc.str());
      write_file_atomic(dir / "curves" / (base + "-pr-in.csv"), pri.str());
      write_file_atomic(dir / "curves" / (base + "-pr-out.csv"), pro.str());
    }
    j["aux"][a.kind] = ja;
  }
  write_file_atomic(dir / "metrics.json", j.dump(2) + "\n");
}

std::string format_table(const Evaluation& e) {
  std::ostringstream o;
  o << std::fixed << std::setprecision(2);
  o << "All figures in %. Usual convention (inliers positive) unless marked 'authors' (outliers positive).\n";
  std::size_t width = 22;  // names are never cut: the column takes the longest
  for (const auto& a : e.aux)
    for (const auto& st : a.sets) width = std::max(width, st.name.size() + 1);
  const int w = static_cast<int>(width);
  const auto& columns = metric_columns();
  auto column_width = [](const MetricColumn& c) { return std::max<int>(8, static_cast<int>(std::strlen(c.header)) + 2); };
  for (const auto& a : e.aux) {
    o << "\n" << a.summary << "\n";
    o << "  health AUROC (fit vs inlier test, ~50 is healthy): " << 100 * a.health_auroc << "\n";
    o << "  " << std::left << std::setw(w) << "OOD set" << std::right;
    for (std::size_t c = 0; c < columns.size(); ++c) {
      o << std::setw(column_width(columns[c])) << columns[c].header;
      if (c == 0) o << std::setw(18) << "95% CI";  // the AUROC's bootstrap interval
    }
    o << "\n";
    for (const auto& s : a.sets) {
      const auto& m = s.metrics;
      o << "  " << std::left << std::setw(w) << s.name << std::right;
      for (std::size_t c = 0; c < columns.size(); ++c) {
        o << std::setw(column_width(columns[c])) << columns[c].percent(m);
        if (c > 0) continue;
        std::ostringstream ci;
        ci << std::fixed << std::setprecision(2) << "[" << 100 * m.auroc_ci_low << ", " << 100 * m.auroc_ci_high << "]";
        o << std::setw(18) << (m.bootstrap_rounds > 0 ? ci.str() : "-");
      }
      o << "\n";
    }
  }
  return o.str();
}

}  // namespace msma
