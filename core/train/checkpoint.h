#pragma once
// Checkpoints: model (and EMA) weights, Adam state, step and the run config as JSON, in
// one LibTorch archive written to a temporary name and renamed.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "train/checkpoint_files.h"
#include "train/trainer.h"

namespace msma {

void save_checkpoint(const std::filesystem::path& path, const TrainState& state, const std::string& config_json);
// Loads into an already constructed state of the same architecture. Throws a clear error
// when the checkpoint is missing, corrupt, or from another architecture/level count.
void load_checkpoint(const std::filesystem::path& path, TrainState& state);
std::string checkpoint_config(const std::filesystem::path& path);
// Loads weights only (EMA weights when present) into `net`, for scoring.
void load_weights_for_scoring(const std::filesystem::path& path, ScoreNet& net);
// The same from a checkpoint's bytes (sent between ranks); `what` names it in errors.
void load_weights_for_scoring(const std::string& bytes, const std::string& what, ScoreNet& net);

// A training state as bytes (a checkpoint without config), to send it between ranks.
std::string train_state_bytes(const TrainState& state);
void load_train_state_bytes(const std::string& bytes, TrainState& state, const std::string& what);

}  // namespace msma
