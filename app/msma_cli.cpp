// msma: the command-line front end. Every stage of the pipeline over a run directory,
// with a progress bar; the GUI opens the same run directories.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <optional>
#include <sstream>
#include <unistd.h>

#include "common/heap.h"
#include "common/atomic_file.h"
#include "common/error.h"
#include "data/load.h"
#include "data/npy.h"
#include "distributed/communicator.h"
#include "run/detect.h"
#include "run/pipeline.h"
#include "run/session.h"
#include "density/density_model.h"
#include "model/device.h"
#include "model/precision.h"
#include "score/features.h"
#include "terminal_progress.h"
#include "train/checkpoint.h"

namespace fs = std::filesystem;
using namespace msma;

namespace {

// The registered auxiliary models, one per line, for --aux's help.
std::string aux_help() {
  std::string s;
  for (const auto& m : aux_models()) s += "\n  " + m.kind + ": " + m.description;
  return s;
}

// --ensemble-weights: "KIND=W,KIND=W" (a member not named weighs 1) or "equal".
nlohmann::json ensemble_weights(const std::string& text) {
  nlohmann::json weights = nlohmann::json::object();
  if (text == "equal") return weights;
  std::stringstream items(text);
  for (std::string item; std::getline(items, item, ',');) {
    const auto eq = item.find('=');
    char* end = nullptr;
    const double w = eq == std::string::npos ? 0 : std::strtod(item.c_str() + eq + 1, &end);
    if (eq == std::string::npos || end == item.c_str() + eq + 1 || *end != '\0' || !(w > 0) || !std::isfinite(w))
      throw Error("--ensemble-weights '" + text + "': give KIND=WEIGHT pairs with positive weights "
                  "(e.g. gmm=0.6,knn=1.4) or 'equal'");
    weights[item.substr(0, eq)] = w;
  }
  return weights;
}

CancelToken g_cancel;
void on_sigint(int) { g_cancel.cancel(); }

enum Exit { kOk = 0, kError = 1, kUsage = 2, kCancelled = 3, kDiverged = 4, kFlagged = 5 };

// Flow auxiliary-model options, shared by run/train and stage-2 evaluate.
struct FlowCli {
  int layers = 1, epochs = 100, hidden = 128;
  std::string optimizer = "adam";
  double lr = 1e-3;
  bool raw = false;
  void add(CLI::App& app) {
    app.add_option("--flow-layers", layers, "MADE layers in the flow")->capture_default_str();
    app.add_option("--flow-hidden", hidden, "hidden units per MADE layer")->capture_default_str();
    app.add_option("--flow-epochs", epochs, "flow training epochs")->capture_default_str();
    app.add_option("--flow-optimizer", optimizer, "adam or adadelta (the authors': lr 0.01)")
        ->check(CLI::IsMember({"adam", "adadelta"}))->capture_default_str();
    app.add_option("--flow-lr", lr, "flow learning rate")->capture_default_str();
    app.add_flag("--flow-raw", raw, "fit the flow on raw vectors (as the authors), not standardised ones");
  }
  nlohmann::json json(std::uint64_t seed) const {
    return {{"layers", layers}, {"hidden", hidden}, {"epochs", epochs}, {"optimizer", optimizer},
            {"learning_rate", lr}, {"standardise", !raw}, {"seed", seed}};
  }
};

// Options that define a run; applied over defaults (new run) or the stored config (resume).
struct ConfigOptions {
  RunConfig c;
  std::vector<int> gmm_k;
  int gmm_folds = 10, gmm_n_init = 1, knn_k = 5;
  FlowCli flow;
  std::string preset;
  std::string image_size;
  std::string weights;  // --ensemble-weights
  CLI::App* app_ = nullptr;
  void add(CLI::App& app) {
    app_ = &app;
    app.add_option("--preset", preset,
                   "method preset: default (the measured best) or paper (the MSMA authors' choices); explicit "
                   "options still win")
        ->check(CLI::IsMember({"default", "paper"}));
    app.add_option("--inlier", c.inlier_train, "inlier training set (built-in name or path)")->capture_default_str();
    app.add_option("--inlier-test", c.inlier_test, "inlier test set")->capture_default_str();
    app.add_option("--ood", c.ood, "OOD set(s), repeatable")->capture_default_str();
    app.add_flag("--skip-bad-files", c.skip_bad_files, "load the readable images of a folder/archive, list the rest");
    app.add_option("--image-size", image_size,
                   "working geometry H or HxW: every set, inliers included, resized by its shorter side and "
                   "centre-cropped to it (mixed image sizes are then accepted); default: the inlier set's own size");
    app.add_option("--channels", c.working.c, "with --image-size: 1 (gray) or 3 (RGB); default: the inlier set's own")
        ->check(CLI::IsMember({1, 3}));
    app.add_option("--fit-on", c.fit_on, "aux model fit set: holdout (default) or train (as the paper)")
        ->check(CLI::IsMember({"holdout", "train"}))->capture_default_str();
    app.add_option("--holdout", c.holdout_fraction, "share of the inlier training set held out for the aux fit")
        ->check(CLI::Range(0.001, 0.9))->capture_default_str();
    app.add_option("--max-train-images", c.max_train_images, "use at most this many training images (0: all)");
    app.add_option("--levels", c.schedule.levels, "number of noise levels L")->check(CLI::Range(1, 1000))->capture_default_str();
    app.add_option("--sigma-high", c.schedule.sigma_high, "largest noise level")->capture_default_str();
    app.add_option("--sigma-low", c.schedule.sigma_low, "smallest noise level")->capture_default_str();
    app.add_option("--schedule", c.schedule.kind, "geometric or linear")->check(CLI::IsMember({"geometric", "linear"}))->capture_default_str();
    app.add_option("--arch", c.model.arch, "score network: unet or refinenet")->check(CLI::IsMember({"unet", "refinenet"}))->capture_default_str();
    app.add_option("--width", c.model.width, "base channels")->check(CLI::Range(4, 1024))->capture_default_str();
    app.add_option("--depth", c.model.depth, "U-Net resolution levels")->check(CLI::Range(1, 6))->capture_default_str();
    app.add_option("--upsample", c.model.upsample,
                   "U-Net decoder: conv-nearest (convolve at the coarse resolution, then upsample) or nearest-conv (before 2026-12-03)")
        ->check(CLI::IsMember({"conv-nearest", "nearest-conv"}))->capture_default_str();
    app.add_option("--parameterisation", c.model.parameterisation, "noise (s = net/sigma) or score (NCSN v1)")
        ->check(CLI::IsMember({"noise", "score"}))->capture_default_str();
    app.add_option("--batch", c.train.batch_size, "training batch size")->check(CLI::Range(1, 65536))->capture_default_str();
    app.add_option("--lr", c.train.learning_rate, "Adam learning rate")->capture_default_str();
    app.add_option("--steps", c.train.steps, "training steps (0: none)")->capture_default_str();
    app.add_option("--minutes", c.train.minutes, "wall-clock training budget in minutes (0: none)")->capture_default_str();
    app.add_option("--seed", c.seed, "seed for everything random")->capture_default_str();
    app.add_flag("--hflip", c.train.hflip, "random horizontal flips while training");
    app.add_option("--ema", c.train.ema_decay, "EMA decay of weights, the largest with --ema-warmup (0: off)")
        ->capture_default_str();
    app.add_option("--ema-warmup", c.train.ema_warmup, "EMA decay min(--ema, 1 - (1 + step)^-0.75)")
        ->capture_default_str();
    app.add_option("--lr-schedule", c.train.lr_schedule, "constant or cosine (to 10 % over the steps or minutes)")
        ->check(CLI::IsMember({"constant", "cosine"}))->capture_default_str();
    app.add_option("--warmup-steps", c.train.warmup_steps, "linear learning-rate warm-up steps")->capture_default_str();
    std::string sets;
    for (const auto& f : feature_sets()) sets += "\n  " + f.name + ": " + f.description;
    app.add_option("--features", c.features, "what the aux models see, from the same forward passes:" + sets)
        ->capture_default_str();
    app.add_option("--threads", c.train.threads, "CPU threads (0: all cores)")->capture_default_str();
    app.add_option("--checkpoint-every", c.train.checkpoint_every, "steps between checkpoints")->capture_default_str();
    app.add_option("--score-batch", c.score.batch_size, "images per scoring batch")->capture_default_str();
    app.add_option("--precision", c.train.precision,
                   "fp32, bf16 (CPU autocast) or auto (bf16 where the CPU has AVX512_BF16/AMX and it measures faster, else fp32)")
        ->check(CLI::IsMember({"fp32", "bf16", "auto"}))->capture_default_str();
    app.add_option("--aux", c.aux, "auxiliary models, comma-separated; the first is detect's default:" + aux_help())
        ->delimiter(',')->check(CLI::IsMember(aux_kinds()))->capture_default_str();
    app.add_option("--gmm-k", gmm_k, "GMM component grid (default 2,4,...,20)")->delimiter(',');
    app.add_option("--gmm-folds", gmm_folds, "GMM cross-validation folds")->capture_default_str();
    app.add_option("--gmm-n-init", gmm_n_init, "EM restarts per fit")->capture_default_str();
    app.add_option("--knn-k", knn_k, "k of the kNN distance")->capture_default_str();
    app.add_option("--ensemble-weights", weights,
                   "weights of the ensemble's members, KIND=W,... (a member not named weighs 1) or 'equal' "
                   "(default gmm=0.6,knn=1.4)");
    app.add_option("--bootstrap", c.bootstrap_rounds, "bootstrap rounds for the AUROC interval")->capture_default_str();
    flow.add(app);
  }
  RunConfig finish() {
    if (!preset.empty()) {
      RunConfig p = c;
      const auto fields = apply_preset(p, preset);
      c.aux_settings["gmm"] = p.aux_settings["gmm"];  // an explicit --gmm-k still sets the grid below
      c.aux_settings["ensemble"] = p.aux_settings["ensemble"];  // and --ensemble-weights its weights
      for (const auto& field : fields) {
        if (app_->get_option("--" + field)->count() > 0) continue;
        if (field == "parameterisation") c.model.parameterisation = p.model.parameterisation;
        else if (field == "features") c.features = p.features;
        else if (field == "ema") c.train.ema_decay = p.train.ema_decay;
        else if (field == "ema-warmup") c.train.ema_warmup = p.train.ema_warmup;
        else if (field == "lr-schedule") c.train.lr_schedule = p.train.lr_schedule;
        else if (field == "warmup-steps") c.train.warmup_steps = p.train.warmup_steps;
        else if (field == "precision") c.train.precision = c.score.precision = p.train.precision;
        else if (field == "aux") c.aux = p.aux;
      }
    }
    RunConfig r = c;
    if (!image_size.empty()) {
      int h = 0, w = 0;
      char x = 0, extra = 0;
      const int got = std::sscanf(image_size.c_str(), "%d%c%d%c", &h, &x, &w, &extra);
      if (got == 1) w = h;
      if (!((got == 1) || (got == 3 && (x == 'x' || x == 'X'))) || h < 1 || w < 1 || h > 4096 || w > 4096)
        throw Error("--image-size '" + image_size + "': give H or HxW, each between 1 and 4096 (e.g. 64 or 64x48)");
      r.working.h = h;
      r.working.w = w;
    } else if (r.working.c != 0 && r.working.h == 0) {
      throw Error("--channels needs --image-size (the working geometry)");
    }
    r.model.levels = r.schedule.levels;
    r.train.seed = r.seed;
    r.score.threads = r.train.threads;
    r.score.precision = r.train.precision;
    nlohmann::json& gmm = r.aux_settings["gmm"];
    if (!gmm_k.empty()) gmm["k_grid"] = gmm_k;
    gmm["folds"] = gmm_folds;
    gmm["n_init"] = gmm_n_init;
    r.aux_settings["knn"]["k"] = knn_k;
    r.aux_settings["flow"] = flow.json(r.seed);
    if (!weights.empty()) r.aux_settings["ensemble"]["weights"] = ensemble_weights(weights);
    // The ensemble's options are checked now, not when its fit comes after training.
    if (std::find(r.aux.begin(), r.aux.end(), "ensemble") != r.aux.end())
      make_density_model("ensemble", aux_options(r, "ensemble"));
    feature_set(r.features);  // validates
    r.schedule.sigmas();
    return r;
  }
};

// Data-parallel options of train and score: flags, or torchrun's environment variables.
struct DistCli {
  DistOptions o;
  std::string master;
  CLI::Option *world = nullptr, *rank = nullptr, *host = nullptr;
  void add(CLI::App& app) {
    world = app.add_option("--world-size", o.world_size, "number of ranks, one process each (env WORLD_SIZE)");
    rank = app.add_option("--rank", o.rank, "this process's rank, 0 to world size - 1 (env RANK)");
    host = app.add_option("--master", master, "HOST:PORT where rank 0 meets the others (env MASTER_ADDR, MASTER_PORT)");
    app.add_option("--dist-timeout", o.timeout_seconds, "seconds to wait for the other ranks before giving up")
        ->capture_default_str();
    app.add_option("--iface", o.interface, "network interface for Gloo (env GLOO_SOCKET_IFNAME)");
  }
  DistOptions resolve() {
    if (!master.empty()) parse_master(master, o);
    return dist_options_with_env(o, world->count() > 0, rank->count() > 0, host->count() > 0);
  }
};

// Rank 0 makes the run config (opening the run directory); every other rank receives it.
// An error on rank 0 reaches the others as a clear message instead of a timeout.
RunConfig share_config(Communicator& comm, const std::function<RunConfig()>& make_on_root) {
  std::string text;
  if (comm.is_root()) {
    RunConfig cfg;
    try {
      cfg = make_on_root();
    } catch (const std::exception& e) {
      text = std::string("!") + e.what();
      comm.broadcast_bytes(text);
      throw;
    }
    text = cfg.to_json().dump();
    comm.broadcast_bytes(text);
    return cfg;
  }
  comm.broadcast_bytes(text);
  if (!text.empty() && text[0] == '!') throw Error("rank 0 stopped: " + text.substr(1));
  return RunConfig::from_json(nlohmann::json::parse(text), "rank 0's run config");
}

int report_training(const TrainResult& r) {
  if (r.diverged) {
    std::cerr << "error: " << r.message << "\n";
    return kDiverged;
  }
  std::cerr << "trained to step " << r.steps << " (smoothed loss " << r.smoothed_loss << ", "
            << static_cast<long>(r.images_per_second) << " images/s this session)\n";
  if (r.cancelled) {
    std::cerr << "training interrupted; the last checkpoint is saved. Continue with --resume.\n";
    return kCancelled;
  }
  return kOk;
}

}  // namespace

int main(int argc, char** argv) {
  msma::keep_freed_heap_memory();  // before LibTorch allocates: see common/heap.h
  CLI::App app{"msma: out-of-distribution detection by multiscale score matching (" + versions_string() + ")"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "msma " MSMA_VERSION " (" + versions_string() + ")", "print the versions and exit");
  app.footer("Exit codes: 0 ok, 1 error (the message names the file and the problem), 2 bad usage, 3 interrupted, "
             "4 training diverged, 5 'detect --fail-on-flagged' flagged at least one image.");
  app.fallthrough();  // global flags (--no-progress) may follow the subcommand
  bool no_progress = false;
  app.add_flag("--no-progress,--quiet", no_progress,
               "no progress (by default a bar on a terminal, else a plain line every 10 s)");

  std::string run_dir;
  bool resume = false;
  ConfigOptions run_opts, train_opts;
  auto* run_cmd = app.add_subcommand("run", "train, score, fit and evaluate in one go");
  run_cmd->add_option("run_dir", run_dir, "run directory")->required();
  run_cmd->add_flag("--resume", resume, "continue the run in this directory from its last checkpoint");
  run_opts.add(*run_cmd);
  std::string device = "auto";
  int batch_parts = 1;
  DistCli train_dist, score_dist;
  auto* train_cmd = app.add_subcommand("train", "train the score network (a new run, or --resume)");
  train_cmd->add_option("run_dir", run_dir, "run directory (rank 0's; other ranks ignore it)")->required();
  train_cmd->add_flag("--resume", resume, "continue from the last checkpoint");
  train_cmd->add_option("--batch-parts", batch_parts,
                        "draw each batch as this many parts, as that many ranks would (reproduces a distributed run)")
      ->check(CLI::Range(1, 4096));
  train_opts.add(*train_cmd);
  train_dist.add(*train_cmd);
  auto* score_cmd = app.add_subcommand("score", "compute the N×L score-norm matrices");
  score_cmd->add_option("run_dir", run_dir, "run directory (rank 0's; other ranks ignore it)")->required();
  score_dist.add(*score_cmd);
  auto* detect_cmd = app.add_subcommand(
      "detect",
      "score new images with a finished run and flag the out-of-distribution ones (writes only under RUN_DIR/checks/)");
  DetectOptions detect_opt;
  std::string detect_out;
  bool detect_json = false, fail_on_flagged = false;
  double detect_threshold = 0;
  detect_cmd->add_option("run_dir", run_dir, "a finished run directory (trained, scored, fitted)")->required();
  detect_cmd->add_option("input", detect_opt.inputs, "datasets to check: paths or built-in names, as --ood takes")
      ->required();
  detect_cmd->add_option("--aux", detect_opt.aux, "auxiliary model (default: the run's first):" + aux_help())
      ->check(CLI::IsMember(aux_kinds()));
  auto* keep_opt = detect_cmd->add_option("--keep", detect_opt.keep, "threshold keeps this % of the run's inlier test set")
                       ->check(CLI::Range(0.0, 100.0))->capture_default_str();
  detect_cmd->add_option("--threshold", detect_threshold, "OOD-score threshold given directly")->excludes(keep_opt);
  detect_cmd->add_option("--out", detect_out, "also write every image's row to this CSV");
  detect_cmd->add_flag("--json", detect_json, "print a JSON summary instead of the table");
  detect_cmd->add_flag("--fail-on-flagged", fail_on_flagged, "exit with code 5 when any image is flagged");
  for (auto* cmd : {run_cmd, train_cmd, score_cmd, detect_cmd})
    cmd->add_option("--device", device, "cpu, cuda, cuda:K or auto (CUDA when available)")->capture_default_str();
  auto* fit_cmd = app.add_subcommand("fit", "fit the auxiliary models on the fit-set score norms");
  fit_cmd->add_option("run_dir", run_dir, "run directory")->required();
  auto* eval_cmd = app.add_subcommand("evaluate", "metrics for every OOD set (a run directory, or score matrices)");
  eval_cmd->add_option("run_dir", run_dir, "run directory (omit with --fit-matrix)");
  std::string fit_matrix, test_matrix, out_dir;
  std::vector<std::string> ood_matrices, eval_aux = {"gmm", "knn", "flow"};
  std::uint64_t eval_seed = 0;
  int eval_bootstrap = 1000, eval_knn_k = 5, eval_folds = 10;
  std::vector<int> eval_gmm_k;
  FlowCli eval_flow;
  eval_flow.add(*eval_cmd);
  eval_cmd->add_option("--gmm-k", eval_gmm_k, "GMM component grid (default 2,4,...,20)")->delimiter(',');
  eval_cmd->add_option("--fit-matrix", fit_matrix, "N×L .npy the aux models are fitted on");
  eval_cmd->add_option("--test-matrix", test_matrix, "N×L .npy of the inlier test set");
  eval_cmd->add_option("--ood-matrix", ood_matrices, "NAME=PATH of an OOD N×L .npy, repeatable");
  eval_cmd->add_option("--aux", eval_aux, "auxiliary models, comma-separated:" + aux_help())
      ->delimiter(',')->check(CLI::IsMember(aux_kinds()))->capture_default_str();
  eval_cmd->add_option("--seed", eval_seed, "seed");
  eval_cmd->add_option("--bootstrap", eval_bootstrap, "bootstrap rounds");
  eval_cmd->add_option("--knn-k", eval_knn_k, "k of the kNN distance");
  eval_cmd->add_option("--gmm-folds", eval_folds, "GMM cross-validation folds");
  std::string eval_weights;
  eval_cmd->add_option("--ensemble-weights", eval_weights,
                       "weights of the ensemble's members, KIND=W,... or 'equal' (default gmm=0.6,knn=1.4)");
  eval_cmd->add_option("--out", out_dir, "write metrics.json and curves here");
  std::string eval_features = "norms";
  eval_cmd->add_option("--features", eval_features,
                       "feature set computed from the matrices: norms (N×L, as given) or a set that needs the "
                       "statistics matrices (scores/*-stats.npy); L from sigmas.npy beside --fit-matrix")
      ->capture_default_str();
  auto* info_cmd = app.add_subcommand("info", "show how a dataset (path or built-in name) is read");
  std::vector<std::string> info_specs;
  info_cmd->add_option("dataset", info_specs, "paths or built-in names")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kOk : kUsage;
  }
  std::signal(SIGINT, on_sigint);
  std::signal(SIGTERM, on_sigint);
  TerminalProgress bar(no_progress                ? TerminalProgress::Mode::off
                       : isatty(STDERR_FILENO) ? TerminalProgress::Mode::bar
                                               : TerminalProgress::Mode::plain);
  ProgressFn progress = [&](const Progress& p) { bar(p); };
  TrainProgressFn train_progress = [&](const TrainProgress& p) { bar.train(p); };

  try {
    if (*info_cmd) {
      for (const auto& spec : info_specs) {
        const ImageSet s = load_dataset(spec);
        std::cout << spec << ": " << s.format << ", " << s.n << " images of " << s.geometry()
                  << (s.labels.empty() ? ", unlabelled" : ", labelled (" + std::to_string(s.class_names.size()) + " classes)")
                  << "\n";
        for (const auto& c : s.conversions) std::cout << "  conversion: " << c << "\n";
        for (const auto& k : s.skipped) std::cout << "  skipped: " << k << "\n";
      }
      return kOk;
    }
    if (*eval_cmd && !fit_matrix.empty()) {
      if (test_matrix.empty() || ood_matrices.empty())
        throw Error("with --fit-matrix, give --test-matrix and at least one --ood-matrix NAME=PATH");
      const FeatureSet& features = feature_set(eval_features);
      std::vector<double> sigmas;
      const fs::path sig = fs::path(fit_matrix).parent_path() / "sigmas.npy";
      if (fs::exists(sig)) {
        const Eigen::MatrixXd s = read_npy_matrix(sig);
        sigmas.assign(s.data(), s.data() + s.size());
      } else if (eval_features != "norms") {
        throw Error(sig.string() + ": needed to know the noise levels of feature set '" + eval_features + "'");
      }
      ScoreMatrices m;
      auto read = [&](const std::string& path) {
        const Eigen::MatrixXd x = read_npy_matrix(path);
        if (sigmas.empty()) return x;  // norms without their σ list: taken as they are
        require_finite(x, path);
        try {
          return make_features(features.name, x, static_cast<int>(sigmas.size()));
        } catch (const Error& e) {
          throw Error(path + ": " + e.what());
        }
      };
      m.fit = read(fit_matrix);
      m.test = read(test_matrix);
      for (const auto& o : ood_matrices) {
        const auto eq = o.find('=');
        const std::string name = eq == std::string::npos ? fs::path(o).stem().string() : o.substr(0, eq);
        const std::string path = eq == std::string::npos ? o : o.substr(eq + 1);
        m.ood.emplace_back(name, read(path));
      }
      if (!sigmas.empty()) {
        m.levels = static_cast<int>(sigmas.size());
        m.feature_set = features.name;
        m.feature_names = feature_names(features.name, sigmas);
      }
      // The same option rules as a run's fit stage (aux_options), from this command's flags.
      RunConfig rc;
      rc.seed = eval_seed;
      rc.features = eval_features;
      rc.aux_settings["gmm"] = {{"folds", eval_folds}};  // the paper's k grid unless --gmm-k
      if (!eval_gmm_k.empty()) rc.aux_settings["gmm"]["k_grid"] = eval_gmm_k;
      rc.aux_settings["knn"] = {{"k", eval_knn_k}};
      rc.aux_settings["flow"] = eval_flow.json(eval_seed);
      if (!eval_weights.empty()) rc.aux_settings["ensemble"]["weights"] = ensemble_weights(eval_weights);
      std::map<std::string, nlohmann::json> opts;
      for (const auto& kind : aux_kinds()) opts[kind] = aux_options(rc, kind);
      Evaluation e = evaluate_matrices(m, eval_aux, opts, eval_bootstrap, eval_seed, progress, g_cancel);
      e.sigmas = sigmas;
      e.feature_set = m.feature_set;
      bar.finish();
      if (!out_dir.empty()) write_evaluation(out_dir, e);
      std::cout << format_table(e);
      return kOk;
    }
    if (run_dir.empty()) throw Error("give a run directory");
    if (*run_cmd || *train_cmd) {
      ConfigOptions& opts = *run_cmd ? run_opts : train_opts;
      CLI::App* cmd = *run_cmd ? run_cmd : train_cmd;
      const auto comm = Communicator::connect(*train_cmd ? train_dist.resolve() : DistOptions{});
      std::optional<RunSession> session;
      RunConfig cfg = share_config(*comm, [&] {
        if (resume) {
          ResumeBudget budget;  // only what is given on the command line changes
          if (cmd->count("--steps")) budget.steps = opts.c.train.steps;
          if (cmd->count("--minutes")) budget.minutes = opts.c.train.minutes;
          if (cmd->count("--threads")) budget.threads = opts.c.train.threads;
          session.emplace(RunSession::resume(run_dir, budget));
        } else {
          RunConfig c = opts.finish();
          c.train.batch_parts = comm->distributed() ? comm->world_size() : batch_parts;
          session.emplace(RunSession::create(run_dir, std::move(c)));
        }
        return session->config();
      });
      cfg.train.device = cfg.score.device = device;
      if (!comm->is_root()) {
        const TrainResult r = train_on_follower_rank(cfg, resume, g_cancel, *comm);
        return r.diverged ? kDiverged : r.cancelled ? kCancelled : kOk;
      }
      session->use_device(device);
      std::cerr << "run directory " << run_dir << " (" << versions_string() << ")\n";
      if (comm->distributed())
        std::cerr << "rank 0 of " << comm->world_size() << "; global batch " << cfg.train.batch_size << " = "
                  << comm->world_size() << " x " << cfg.train.batch_size / comm->world_size() << "\n";
      const RunData& data = session->load(progress);
      bar.finish();
      std::cerr << "inliers: " << data.train.n << " training, " << data.fit.n << " for the aux fit (" << cfg.fit_on
                << "), " << data.test.n << " test, geometry " << data.train.geometry() << "\n";
      for (const auto& s : data.ood) {
        std::cerr << "OOD " << s.name << ": " << s.n << " images";
        for (const auto& c : s.conversions) std::cerr << "; " << c;
        std::cerr << "\n";
      }
      std::cerr << "precision: " << describe_precision(cfg.train.precision, resolve_device(cfg.train.device).is_cuda())
                << "\n";
      int code = kOk;
      SessionHooks hooks{progress, train_progress, [&] { bar.finish(); },
                         [&](const TrainResult& r) { code = report_training(r); }};
      const bool train_only = static_cast<bool>(*train_cmd);
      const RunSession::Outcome outcome = session->run(hooks, g_cancel, train_only, &*comm);
      if (code != kOk) return code;
      if (outcome.evaluation) std::cout << format_table(*outcome.evaluation);
      return kOk;
    }
    const SessionHooks hooks{progress, nullptr, [&] { bar.finish(); }, nullptr};
    if (*score_cmd) {
      const auto comm = Communicator::connect(score_dist.resolve());
      std::optional<RunSession> session;
      RunConfig cfg = share_config(*comm, [&] {
        session.emplace(RunSession::open(run_dir));
        return session->config();
      });
      cfg.score.device = device;
      if (!comm->is_root()) {
        score_on_follower_rank(cfg, g_cancel, *comm);
        return kOk;
      }
      session->use_device(device);
      session->score(hooks, g_cancel, &*comm);
      return kOk;
    }
    if (*detect_cmd) {
      // No RunLock: detect only reads the run (the GUI may hold it) and writes under checks/.
      if (detect_cmd->count("--threshold")) detect_opt.threshold = detect_threshold;
      detect_opt.device = device;
      const DetectResult r = detect(RunDir(run_dir), detect_opt, progress, g_cancel);
      bar.finish();
      if (!detect_out.empty()) write_file_atomic(detect_out, detect_csv(r, r.sets));
      nlohmann::json j = detect_summary(r);
      if (!detect_out.empty()) j["out"] = detect_out;
      if (detect_json) {
        std::cout << j.dump(2) << "\n";
      } else {
        std::cout << "auxiliary model " << r.aux_kind << ", checkpoint " << r.checkpoint.filename().string() << "\n"
                  << "threshold " << r.threshold << " (" << r.threshold_origin << ")\n";
        for (const auto& d : r.sets) {
          std::cout << "  " << d.input << ": " << d.scores.size() << " images, " << d.flagged << " flagged"
                    << (d.cached ? " (cached scores)" : "") << " -> " << (d.dir / "detect.csv").string() << "\n";
          for (const auto& c : d.conversions) std::cout << "    conversion: " << c << "\n";
        }
        std::cout << "total: " << r.images << " images, " << r.flagged << " flagged ("
                  << 100.0 * j["share_flagged"].get<double>() << " %)\n";
        if (!detect_out.empty()) std::cout << "rows: " << detect_out << "\n";
      }
      return fail_on_flagged && r.flagged > 0 ? kFlagged : kOk;
    }
    RunSession session = RunSession::open(run_dir);
    if (*fit_cmd) {
      session.fit(hooks, g_cancel);
      return kOk;
    }
    if (*eval_cmd) {
      std::cout << format_table(session.evaluate(hooks, g_cancel));
      return kOk;
    }
  } catch (const Cancelled&) {
    bar.finish();
    std::cerr << "cancelled\n";
    return kCancelled;
  } catch (const Error& e) {
    bar.finish();
    std::cerr << "error: " << e.what() << "\n";
    return kError;
  } catch (const std::exception& e) {
    bar.finish();
    std::cerr << "error: " << error_text(e) << "\n";
    return kError;
  }
  return kOk;
}
