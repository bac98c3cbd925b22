#pragma once
// The network's settings as config.json and checkpoints record them: plain data without
// LibTorch, so the run configuration (and MSMA Studio's views) compile without its headers.
#include <string>

namespace msma {

struct ModelConfig {
  std::string arch = "unet";   // "unet" (CPU default) or "refinenet" (NCSN v1, CIN++)
  int width = 32;              // base channels (U-Net) / ngf (RefineNet)
  int depth = 3;               // U-Net resolution levels (28→14→7 for 3)
  // "noise": the net predicts −z and s = net/σ (NCSN v2 style, easier to train);
  // "score": the net outputs the score itself (NCSN v1, the MSMA authors' choice).
  std::string parameterisation = "noise";
  // U-Net decoder: "conv-nearest" convolves at the coarse resolution to the finer level's
  // width, then upsamples (a third fewer multiply-adds); "nearest-conv" upsamples first and
  // convolves at the fine resolution (runs made before 2026-12-03).
  std::string upsample = "conv-nearest";
  int channels = 1, height = 28, width_px = 28;  // image geometry
  int levels = 10;
};

}  // namespace msma
