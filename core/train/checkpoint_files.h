#pragma once
// Where a run's checkpoints are and how they are named (step-NNNNNNNN.pt): no LibTorch, so
// MSMA Studio lists them without its headers (train/checkpoint.h reads and writes them).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <vector>

namespace msma {

// checkpoints/step-00001000.pt naming; complete files only (temporaries start with '.').
std::filesystem::path checkpoint_path(const std::filesystem::path& dir, std::int64_t step);
std::vector<std::filesystem::path> list_checkpoints(const std::filesystem::path& dir);  // by step
std::optional<std::filesystem::path> latest_checkpoint(const std::filesystem::path& dir);

}  // namespace msma
