#pragma once
// Concrete architectures; use make_score_net() rather than these directly.
#include "model/score_network.h"

namespace msma {

std::shared_ptr<ScoreNet> make_unet(const ModelConfig& cfg, const std::vector<double>& sigmas);
std::shared_ptr<ScoreNet> make_refinenet(const ModelConfig& cfg, const std::vector<double>& sigmas);

}  // namespace msma
