#pragma once
// Noise levels σ_1 > … > σ_L. Column i of every score matrix belongs to σ_i.
#include <string>
#include <vector>

namespace msma {

struct NoiseSchedule {
  std::string kind = "geometric";  // "geometric" (the paper's) or "linear"
  double sigma_high = 1.0;
  double sigma_low = 0.01;
  int levels = 10;

  std::vector<double> sigmas() const;  // largest first
};

}  // namespace msma
