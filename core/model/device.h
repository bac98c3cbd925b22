#pragma once
// Where the score network runs: "cpu", "cuda", "cuda:K" or "auto" (CUDA when this LibTorch
// has it and a GPU is visible, else the CPU). Everything else (datasets, auxiliary models,
// metrics) stays on the CPU; batches move to the device and results come back.
#include <torch/torch.h>

#include <string>

namespace msma {

// Throws a clear error for a malformed name, or for CUDA on a LibTorch/machine without it.
torch::Device resolve_device(const std::string& spec);

}  // namespace msma
