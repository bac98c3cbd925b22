#pragma once
// Scoring's 3×3 convolutions by oneDNN's Winograd F(4×4, 3×3) kernel. On AVX-512 it needs a
// quarter of direct convolution's multiplies: alone it measured 1.04–2.55× (median 1.8) faster
// than direct convolution on U-Net shapes; with its input and output reordered to and from
// oneDNN's blocked layout, 1.06–1.39× per convolution of the default network and 1.06–1.12×
// for whole scoring (2026-12-08). The
// numbers differ from direct convolution by rounding only (the transforms add a few ulps);
// for one CPU and thread count they are the same on every call. oneDNN 2.x has this kernel
// for inference in fp32 on AVX-512 only: training, bf16, other CPUs and other convolutions
// keep LibTorch's path.
#include <torch/torch.h>

#include <memory>
#include <string>

namespace msma {

class WinogradConv {
 public:
  WinogradConv();
  ~WinogradConv();
  WinogradConv(const WinogradConv&) = delete;
  WinogradConv& operator=(const WinogradConv&) = delete;

  // conv(x): by Winograd where it applies (the CpuExecution lever on, a CPU fp32 tensor, no
  // gradient recorded, no autocast, a 3×3 stride-1 padding-1 convolution oneDNN has the
  // kernel for), else conv.forward(x). The weights are transformed once, and again after
  // they change (an optimiser step, a loaded checkpoint: any in-place write).
  torch::Tensor forward(torch::nn::Conv2dImpl& conv, const torch::Tensor& x);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Whether this build and CPU run 3×3 convolutions of `in` → `out` channels by Winograd.
bool winograd_available(int in_channels = 16, int out_channels = 16);

// Whether scoring at this resolved precision ("fp32", "bf16") and device uses the kernel:
// the lever on, fp32, a CPU, and oneDNN with the kernel for it.
bool scores_by_winograd(const std::string& precision, bool cuda);

}  // namespace msma
