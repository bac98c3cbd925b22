#pragma once
// The stages over a run directory, in data-flow order. Each is a plain function taking
// progress and cancellation, used alike by the CLI, the GUI workers and the tests.
#include <Eigen/Core>
#include <map>
#include <string>
#include <vector>

#include "common/progress.h"
#include "data/image_set.h"
#include "metrics/metrics.h"
#include "run/run_dir.h"
#include "train/train_config.h"

namespace msma {

// The datasets of a run, converted to the inlier geometry. `fit` is the held-out inlier
// split (or the training images when fit_on = "train").
struct RunData {
  ImageSet train, fit, test;
  std::vector<ImageSet> ood;
};

// Loads and converts every dataset, splits the inlier training set, and records what was
// loaded (hashes, sizes, conversions, skipped files) in manifest.json.
RunData load_run_data(const RunDir& run, const RunConfig& cfg, const ProgressFn& progress);
// The same without a run directory (ranks other than 0 of a distributed job): `manifest`,
// when given, receives what load_run_data would record. train_only skips test and OOD sets.
RunData load_datasets(const RunConfig& cfg, const ProgressFn& progress, nlohmann::json* manifest,
                      bool train_only = false);
// A non-inlier set (inlier test, OOD, or new data to check) read and brought to the run's
// geometry g (the inlier training set's, or the working geometry) by the run's rule.
ImageSet load_in_run_geometry(const std::string& spec, const RunConfig& cfg, const Geometry& g,
                              const ProgressFn& progress = nullptr);

// Refuses, before any file is touched, to start a new run in a directory that already holds
// a trained one (a checkpoint): a user's finished run is never altered by a refused start.
void require_fresh_run(const RunDir& run);

// Trains (or resumes from the latest checkpoint when resume is true).
TrainResult train_stage(const RunDir& run, const RunConfig& cfg, const ImageSet& train_images, bool resume,
                        const TrainProgressFn& progress, const CancelToken& cancel);

class Communicator;
class ScoreNet;
// Data-parallel training: every rank calls this with the whole training set (it keeps its
// shard) and the same cfg; rank 0 passes its run directory (checkpoints, manifest), the
// others nullptr.
TrainResult train_stage(const RunDir* run, const RunConfig& cfg, const ImageSet& train_images, bool resume,
                        const TrainProgressFn& progress, const CancelToken& cancel, Communicator& comm);

// Score matrices of fit, test and every OOD set from the latest checkpoint, reusing cached
// matrices whose (dataset hash, checkpoint hash) match.
void score_stage(const RunDir& run, const RunConfig& cfg, const RunData& data, const ProgressFn& progress,
                 const CancelToken& cancel);
// Data-parallel scoring: rank 0 (run given) sends the checkpoint and the list of matrices
// to compute; every rank scores its share; rank 0 writes the matrices.
void score_stage(const RunDir* run, const RunConfig& cfg, const RunData& data, const ProgressFn& progress,
                 const CancelToken& cancel, Communicator& comm);

// The noise levels a checkpoint was trained at (its config snapshot) must be the run's: a
// config.json edited after training would score at σ the network never learnt. Throws a
// clear error naming the checkpoint; a checkpoint that records no schedule passes.
void require_trained_sigmas(const std::filesystem::path& checkpoint, const std::vector<double>& sigmas);
// The same on a checkpoint's config snapshot already read (checkpoint names it in errors).
void require_trained_sigmas(const nlohmann::json& snapshot, const std::filesystem::path& checkpoint,
                            const std::vector<double>& sigmas);

// Pieces of the score stage shared with detect (run/detect.h), so new images are scored
// exactly as the run's own sets. The network's config for the inlier geometry:
ModelConfig run_model_config(const RunConfig& cfg, int channels, int height, int width);
// The cache key of one set's matrix: dataset content, checkpoint and what the matrix holds.
std::string score_cache_key(const ImageSet& set, const std::string& checkpoint_hash, const RunConfig& cfg);
// What the run's feature set needs of one set: N×(kScoreStats·L) statistics, or N×L norms.
Eigen::MatrixXd score_matrix(ScoreNet& net, const ImageSet& set, const RunConfig& cfg, Communicator& comm,
                             const ProgressFn& progress, const CancelToken& cancel, const std::string& stage);

// The options the run's config gives auxiliary model `kind` (an ensemble gets its members').
nlohmann::json aux_options(const RunConfig& cfg, const std::string& kind);
// Fits every configured auxiliary model on scores/fit.npy.
void fit_stage(const RunDir& run, const RunConfig& cfg, const ProgressFn& progress, const CancelToken& cancel);

struct SetResult {
  std::string name;
  OodMetrics metrics;
  std::vector<double> per_scale_auroc;  // column j alone, higher norm = more OOD
};
struct AuxResult {
  std::string kind, summary;
  double health_auroc = 0;  // fit vectors vs inlier test vectors (≈ 0.5 is healthy)
  std::vector<SetResult> sets;
};
struct Evaluation {
  std::vector<AuxResult> aux;
  std::vector<double> sigmas;
  std::string feature_set = "norms";
};

// What the auxiliary models see: one row per image, the run's feature set (score/features.h);
// or score matrices given directly (stage-2 only, e.g. precomputed .npy files).
struct ScoreMatrices {
  Eigen::MatrixXd fit, test;
  std::vector<std::pair<std::string, Eigen::MatrixXd>> ood;
  int levels = 0;                       // L; 0: every column is a level (matrices given directly)
  std::string feature_set = "norms";
  std::vector<std::string> feature_names;
};

Evaluation evaluate_matrices(const ScoreMatrices& m, const std::vector<std::string>& aux_kinds,
                             const std::map<std::string, nlohmann::json>& aux_options, int bootstrap_rounds,
                             std::uint64_t seed, const ProgressFn& progress, const CancelToken& cancel);

// Scores every set with the fitted models, computes metrics, writes metrics.json,
// curves/*.csv and per_image_scores.csv.
Evaluation evaluate_stage(const RunDir& run, const RunConfig& cfg, const ProgressFn& progress, const CancelToken& cancel);

// The per-image table: per_image_scores.csv, and MSMA Studio's per-image export (which adds
// the checked sets as "checks/NAME"). One row per image: dataset, index, every aux model's
// OOD score, the L score norms and, when feature names are given, the aux models' features.
struct PerImageRows {
  std::string dataset;
  const Eigen::MatrixXd* norms = nullptr;       // N×L
  const Eigen::MatrixXd* features = nullptr;    // N×F (used when feature names are given)
  std::vector<const Eigen::VectorXd*> scores;   // N each, one per aux kind, in the table's order
};
std::string per_image_csv(const std::vector<std::string>& aux_kinds, const std::vector<double>& sigmas,
                          const std::vector<std::string>& feature_names, const std::vector<PerImageRows>& sets);
// The OOD scores of a per-image table: dataset → aux kind → one score per image, in index
// order. The scores are written to round-trip (17 digits), so they equal the evaluation's
// own. Empty when the file does not exist; a malformed table is an error naming the file
// and the line.
using PerImageScores = std::map<std::string, std::map<std::string, Eigen::VectorXd>>;
PerImageScores read_per_image_scores(const std::filesystem::path& csv);

// Writes the metrics of an evaluation (metrics.json, curves) under `dir`.
void write_evaluation(const std::filesystem::path& dir, const Evaluation& e);
std::string format_table(const Evaluation& e);

// The run's feature matrices (aux-model input), and its plain N×L score norms (what the
// views show per σ, and the per-scale AUROC).
ScoreMatrices load_run_matrices(const RunDir& run, const RunConfig& cfg);
// One stored score matrix (N×L norms, or N×kScoreStats·L statistics for a feature set that
// needs them): its columns checked against the set and L, its values finite; errors name
// the file. read_features gives it as the set's features.
Eigen::MatrixXd read_score_matrix(const std::filesystem::path& p, const std::string& set, int levels);
Eigen::MatrixXd read_features(const std::filesystem::path& p, const std::string& set, int levels);
ScoreMatrices load_run_norms(const RunDir& run, const RunConfig& cfg);
std::string safe_name(const std::string& name);

}  // namespace msma
