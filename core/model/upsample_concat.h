#pragma once
// The U-Net decoder's "upsample, then concatenate with the skip" as one copy: the nearest
// 2× upsampling of the coarse activation and its channel concatenation with the encoder's
// skip written straight into the output, instead of an upsampled tensor that cat copies again.
#include <torch/torch.h>

namespace msma {

// cat({upsample_nearest2d(coarse, skip's H×W), skip}, 1). One pass for CPU channels-last
// tensors of one dtype, skip exactly twice coarse's size, and no gradient to record (scoring);
// anything else takes LibTorch's two ops. The same numbers either way (it only copies).
torch::Tensor upsample2x_concat(const torch::Tensor& coarse, const torch::Tensor& skip);

}  // namespace msma
