#include "run/run_config.h"

#include <Eigen/Core>
#include <opencv2/core/version.hpp>
#include <torch/version.h>

#include "common/error.h"
#include "density/density_model.h"

namespace msma {

nlohmann::json versions_json() {
  return {{"msma_studio", MSMA_VERSION},
          {"libtorch", TORCH_VERSION},
          {"opencv", CV_VERSION},
          {"eigen", std::to_string(EIGEN_WORLD_VERSION) + "." + std::to_string(EIGEN_MAJOR_VERSION) + "." +
                        std::to_string(EIGEN_MINOR_VERSION)}};
}

std::string versions_string() {
  const auto v = versions_json();
  return "msma " + v["msma_studio"].get<std::string>() + ", LibTorch " + v["libtorch"].get<std::string>() +
         ", OpenCV " + v["opencv"].get<std::string>() + ", Eigen " + v["eigen"].get<std::string>();
}

TrainConfig default_train_config() {
  TrainConfig t;
  t.ema_decay = 0.9999;
  t.ema_warmup = true;
  t.lr_schedule = "cosine";
  t.warmup_steps = 100;
  t.precision = "auto";
  return t;
}

std::vector<std::string> apply_preset(RunConfig& c, const std::string& preset) {
  const RunConfig d;
  if (preset == "default") {
    c.model.parameterisation = d.model.parameterisation;
    c.features = d.features;
    c.train.ema_decay = d.train.ema_decay;
    c.train.ema_warmup = d.train.ema_warmup;
    c.train.lr_schedule = d.train.lr_schedule;
    c.train.warmup_steps = d.train.warmup_steps;
    c.train.precision = c.score.precision = d.train.precision;
    c.aux = d.aux;
    c.aux_settings["gmm"] = d.aux_settings.at("gmm");
    c.aux_settings["ensemble"] = d.aux_settings.at("ensemble");
  } else if (preset == "paper") {
    c.model.parameterisation = "score";
    c.features = "norms";
    c.train.ema_decay = 0;
    c.train.ema_warmup = false;
    c.train.lr_schedule = "constant";
    c.train.warmup_steps = 0;
    c.train.precision = c.score.precision = "fp32";
    c.aux = {"gmm", "knn", "flow"};
    c.aux_settings["gmm"] = nlohmann::json::object();  // k ∈ {2,4,…,20} by 10-fold mean held-out log-likelihood
  } else {
    throw Error("unknown preset '" + preset + "' (default or paper)");
  }
  return {"parameterisation", "features", "ema", "ema-warmup", "lr-schedule", "warmup-steps", "precision", "aux"};
}

nlohmann::json RunConfig::to_json() const {
  nlohmann::json j;
  j["seed"] = seed;
  j["datasets"] = {{"inlier_train", inlier_train}, {"inlier_test", inlier_test}, {"ood", ood},
                   {"skip_bad_files", skip_bad_files},
                   {"image_size", working.h > 0 ? nlohmann::json{working.h, working.w} : nlohmann::json(nullptr)},
                   {"channels", working.c}};
  j["aux_fit"] = {{"fit_on", fit_on}, {"holdout_fraction", holdout_fraction}, {"max_train_images", max_train_images}};
  j["schedule"] = {{"kind", schedule.kind}, {"sigma_high", schedule.sigma_high}, {"sigma_low", schedule.sigma_low},
                   {"levels", schedule.levels}, {"sigmas", schedule.sigmas()}};
  j["model"] = {{"arch", model.arch}, {"width", model.width}, {"depth", model.depth},
                {"parameterisation", model.parameterisation}, {"upsample", model.upsample}};
  j["train"] = {{"batch_size", train.batch_size}, {"learning_rate", train.learning_rate}, {"steps", train.steps},
                {"minutes", train.minutes}, {"hflip", train.hflip}, {"ema_decay", train.ema_decay},
                {"ema_warmup", train.ema_warmup}, {"lr_schedule", train.lr_schedule}, {"warmup_steps", train.warmup_steps},
                {"threads", train.threads}, {"checkpoint_every", train.checkpoint_every},
                {"precision", train.precision}, {"batch_parts", train.batch_parts}};
  j["score"] = {{"batch_size", score.batch_size}, {"threads", score.threads}, {"precision", score.precision}};
  j["features"] = features;
  j["aux"] = {{"models", aux}};
  for (const auto& [kind, settings] : aux_settings) j["aux"][kind] = settings;
  j["metrics"] = {{"bootstrap_rounds", bootstrap_rounds}};
  j["versions"] = versions_json();
  return j;
}

RunConfig RunConfig::from_json(const nlohmann::json& j, const std::string& what) {
  RunConfig c;
  try {
    c.seed = j.at("seed").get<std::uint64_t>();
    const auto& d = j.at("datasets");
    c.inlier_train = d.at("inlier_train").get<std::string>();
    c.inlier_test = d.at("inlier_test").get<std::string>();
    c.ood = d.at("ood").get<std::vector<std::string>>();
    c.skip_bad_files = d.value("skip_bad_files", false);
    // Runs made before the working geometry existed used the inlier geometry.
    if (d.contains("image_size") && !d.at("image_size").is_null()) {
      const auto size = d.at("image_size").get<std::vector<int>>();
      if (size.size() != 2 || size[0] < 1 || size[1] < 1 || size[0] > 4096 || size[1] > 4096)
        throw Error(what + ": datasets.image_size must be [height, width] between 1 and 4096");
      c.working.h = size[0];
      c.working.w = size[1];
    }
    c.working.c = d.value("channels", 0);
    if (c.working.c != 0 && c.working.c != 1 && c.working.c != 3)
      throw Error(what + ": datasets.channels must be 0 (the inlier's own), 1 or 3");
    const auto& a = j.at("aux_fit");
    c.fit_on = a.at("fit_on").get<std::string>();
    c.holdout_fraction = a.at("holdout_fraction").get<double>();
    c.max_train_images = a.value("max_train_images", std::int64_t{0});
    const auto& s = j.at("schedule");
    c.schedule.kind = s.at("kind").get<std::string>();
    c.schedule.sigma_high = s.at("sigma_high").get<double>();
    c.schedule.sigma_low = s.at("sigma_low").get<double>();
    c.schedule.levels = s.at("levels").get<int>();
    const auto& m = j.at("model");
    c.model.arch = m.at("arch").get<std::string>();
    c.model.width = m.at("width").get<int>();
    c.model.depth = m.at("depth").get<int>();
    c.model.parameterisation = m.at("parameterisation").get<std::string>();
    // Runs made before the choice existed upsampled, then convolved.
    c.model.upsample = m.value("upsample", std::string("nearest-conv"));
    const auto& t = j.at("train");
    c.train.batch_size = t.at("batch_size").get<int>();
    c.train.learning_rate = t.at("learning_rate").get<double>();
    c.train.steps = t.at("steps").get<std::int64_t>();
    c.train.minutes = t.at("minutes").get<double>();
    c.train.hflip = t.at("hflip").get<bool>();
    c.train.ema_decay = t.at("ema_decay").get<double>();
    c.train.threads = t.at("threads").get<int>();
    // Runs made before these existed trained without them.
    c.train.ema_warmup = t.value("ema_warmup", false);
    c.train.lr_schedule = t.value("lr_schedule", std::string("constant"));
    c.train.warmup_steps = t.value("warmup_steps", 0);
    c.train.checkpoint_every = t.at("checkpoint_every").get<std::int64_t>();
    c.train.precision = t.value("precision", std::string("fp32"));
    c.train.batch_parts = t.value("batch_parts", 1);
    if (c.train.batch_parts < 1) throw Error(what + ": train.batch_parts must be at least 1");
    c.train.seed = c.seed;
    c.score.batch_size = j.at("score").at("batch_size").get<int>();
    c.score.threads = j.at("score").at("threads").get<int>();
    c.score.precision = j.at("score").value("precision", std::string("fp32"));
    c.features = j.value("features", std::string("norms"));
    c.aux = j.at("aux").at("models").get<std::vector<std::string>>();
    c.aux_settings.clear();
    for (const auto& [kind, settings] : j.at("aux").items()) {
      if (kind == "models" || settings.is_null()) continue;
      if (!settings.is_object()) throw Error(what + ": aux." + kind + " must be an object of settings");
      c.aux_settings[kind] = settings;
    }
    c.bootstrap_rounds = j.at("metrics").at("bootstrap_rounds").get<int>();
  } catch (const nlohmann::json::exception& e) {
    throw Error(what + ": invalid run configuration: " + e.what());
  }
  for (const auto* p : {&c.train.precision, &c.score.precision})
    if (*p != "fp32" && *p != "bf16" && *p != "auto") throw Error(what + ": precision must be 'fp32', 'bf16' or 'auto'");
  if (c.train.lr_schedule != "constant" && c.train.lr_schedule != "cosine")
    throw Error(what + ": train.lr_schedule must be 'constant' or 'cosine'");
  if (c.fit_on != "holdout" && c.fit_on != "train") throw Error(what + ": aux_fit.fit_on must be 'holdout' or 'train'");
  if (c.holdout_fraction <= 0 || c.holdout_fraction >= 1) throw Error(what + ": holdout_fraction must be in (0, 1)");
  try {
    for (const auto& kind : c.aux) aux_model(kind);
    for (const auto& [kind, settings] : c.aux_settings) aux_model(kind);
  } catch (const Error& e) {
    throw Error(what + ": " + e.what());
  }
  c.model.levels = c.schedule.levels;
  c.schedule.sigmas();  // validates
  return c;
}

}  // namespace msma
