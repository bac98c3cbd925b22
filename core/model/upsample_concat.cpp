#include "model/upsample_concat.h"

#include <ATen/Parallel.h>

#include <cstring>

namespace msma {

torch::Tensor upsample2x_concat(const torch::Tensor& coarse, const torch::Tensor& skip) {
  const auto cl = at::MemoryFormat::ChannelsLast;
  const bool fast = coarse.dim() == 4 && skip.dim() == 4 && coarse.device().is_cpu() && skip.device().is_cpu() &&
                    coarse.scalar_type() == skip.scalar_type() && coarse.size(0) == skip.size(0) &&
                    skip.size(2) == 2 * coarse.size(2) && skip.size(3) == 2 * coarse.size(3) &&
                    coarse.is_contiguous(cl) && skip.is_contiguous(cl) &&
                    !(torch::GradMode::is_enabled() && (coarse.requires_grad() || skip.requires_grad()));
  if (!fast) return torch::cat({torch::upsample_nearest2d(coarse, {skip.size(2), skip.size(3)}), skip}, 1);
  const std::int64_t N = skip.size(0), H = skip.size(2), W = skip.size(3), h = coarse.size(2), w = coarse.size(3);
  const std::int64_t ca = coarse.size(1), cs = skip.size(1), es = static_cast<std::int64_t>(skip.element_size());
  auto out = torch::empty({N, ca + cs, H, W}, skip.options().memory_format(cl));
  const auto* a = static_cast<const char*>(coarse.data_ptr());
  const auto* s = static_cast<const char*>(skip.data_ptr());
  auto* o = static_cast<char*>(out.data_ptr());
  // Channels-last: each pixel's channels are contiguous, so a pixel is two memcpy's.
  at::parallel_for(0, N * H, 1, [&](std::int64_t begin, std::int64_t end) {
    for (std::int64_t row = begin; row < end; ++row) {
      const std::int64_t n = row / H, y = row % H;
      const char* arow = a + (n * h + y / 2) * w * ca * es;
      const char* srow = s + row * W * cs * es;
      char* orow = o + row * W * (ca + cs) * es;
      for (std::int64_t x = 0; x < W; ++x) {
        std::memcpy(orow + x * (ca + cs) * es, arow + (x / 2) * ca * es, static_cast<std::size_t>(ca * es));
        std::memcpy(orow + (x * (ca + cs) + ca) * es, srow + x * cs * es, static_cast<std::size_t>(cs * es));
      }
    }
  });
  return out;
}

}  // namespace msma
