#pragma once
// silu(GroupNorm(x + bias)·γ + β), the U-Net's "normalise, then activate" step, as one CPU
// kernel. Composed from LibTorch's ops it reads and writes every activation five times
// (bf16 → fp32 copy, group_norm, silu, the add of the noise-level embedding, the cast back
// for the next convolution) and group_norm is slow on channels-last tensors; this kernel
// reads x twice and writes y once, in x's own dtype and memory format, with fp64 statistics.
#include <torch/torch.h>

namespace msma {

// x: N×C×H×W, fp32 or bf16. bias: N×C added per sample and channel before normalising (the
// level embedding), or undefined. gamma, beta: C (fp32). Returns x's dtype and layout.
// Differentiable in x, bias, gamma and beta. CPU tensors of fp32/bf16 in NCHW or
// channels-last take the fused kernel; anything else (CUDA, other dtypes) the composed ops.
torch::Tensor group_norm_silu(const torch::Tensor& x, const torch::Tensor& bias, std::int64_t groups,
                              const torch::Tensor& gamma, const torch::Tensor& beta, double eps = 1e-5);

// The same, composed from LibTorch's ops (in fp32, as the U-Net did before the kernel):
// the fallback, and the reference the tests compare the kernel with.
torch::Tensor group_norm_silu_composed(const torch::Tensor& x, const torch::Tensor& bias, std::int64_t groups,
                                       const torch::Tensor& gamma, const torch::Tensor& beta, double eps = 1e-5);

}  // namespace msma
