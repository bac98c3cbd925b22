// Checkpoint loading into a small U-Net (weights, Adam state, step, config).
#include "common/error.h"
#include "fuzz_util.h"
#include "model/noise_schedule.h"
#include "train/checkpoint.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto sigmas = msma::NoiseSchedule{"geometric", 1.0, 0.01, 4}.sigmas();
  static msma::ModelConfig model = [] {
    msma::ModelConfig m;
    m.width = 8;
    m.depth = 2;
    m.height = m.width_px = 28;  // the geometry of the seed run in run.sh
    m.levels = 4;
    return m;
  }();
  msma::TrainConfig t;
  msma::TrainState state = msma::make_train_state(model, sigmas, t);
  const auto p = msma_fuzz::write_temp(data, size, ".pt");
  try { msma::load_checkpoint(p, state); } catch (const msma::Error&) {}
  return 0;
}
