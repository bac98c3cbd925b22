#include "model/noise_schedule.h"

#include <cmath>

#include "common/error.h"

namespace msma {

std::vector<double> NoiseSchedule::sigmas() const {
  if (levels < 1 || levels > 1000) throw Error("noise schedule: levels must be between 1 and 1000");
  if (!(sigma_high > 0) || !(sigma_low > 0) || sigma_low > sigma_high)
    throw Error("noise schedule: need 0 < sigma_low <= sigma_high");
  std::vector<double> s(levels);
  for (int i = 0; i < levels; ++i) {
    const double t = levels == 1 ? 0.0 : double(i) / (levels - 1);
    if (kind == "geometric") s[i] = std::exp(std::log(sigma_high) + t * (std::log(sigma_low) - std::log(sigma_high)));
    else if (kind == "linear") s[i] = sigma_high + t * (sigma_low - sigma_high);
    else throw Error("noise schedule: kind must be 'geometric' or 'linear', not '" + kind + "'");
  }
  return s;
}

}  // namespace msma
