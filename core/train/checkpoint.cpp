#include "train/checkpoint.h"

#include <algorithm>
#include <cstdio>
#include <regex>
#include <sstream>

#include "common/atomic_file.h"
#include "common/error.h"

namespace fs = std::filesystem;

namespace msma {
namespace {

std::vector<std::vector<int64_t>> shapes_of(torch::nn::Module& m) {
  std::vector<std::vector<int64_t>> out;
  for (const auto& p : m.parameters()) out.push_back(p.sizes().vec());
  for (const auto& b : m.buffers()) out.push_back(b.sizes().vec());
  return out;
}

// Module::load replaces tensors without checking shapes; a checkpoint of another
// architecture would then "load". Compare shapes before and after.
void load_module_checked(torch::nn::Module& m, torch::serialize::InputArchive& ar, const fs::path& path,
                         const char* what) {
  const auto before = shapes_of(m);
  m.load(ar);
  if (shapes_of(m) != before)
    throw Error(path.string() + ": " + what + " weights do not fit this network (another architecture, width, "
                "depth, image geometry or number of noise levels)");
}

}  // namespace

namespace {
void write_state(torch::serialize::OutputArchive& ar, const TrainState& state) {
  torch::serialize::OutputArchive model_ar, opt_ar;
  state.net->save(model_ar);
  ar.write("model", model_ar);
  if (state.ema) {
    torch::serialize::OutputArchive ema_ar;
    state.ema->save(ema_ar);
    ar.write("ema", ema_ar);
  }
  state.optimizer->save(opt_ar);
  ar.write("optimizer", opt_ar);
  ar.write("step", torch::tensor(static_cast<int64_t>(state.step)));
  ar.write("smoothed_loss", torch::tensor(state.smoothed_loss, torch::kFloat64));
}
}  // namespace

void save_checkpoint(const fs::path& path, const TrainState& state, const std::string& config_json) {
  torch::serialize::OutputArchive ar;
  write_state(ar, state);
  ar.write("config", c10::IValue(config_json));
  write_via_temp(path, [&](const fs::path& tmp) { ar.save_to(tmp.string()); });
}

namespace {
// Tensors always load onto the CPU, so a checkpoint written on a GPU opens anywhere.
torch::serialize::InputArchive open_archive(const fs::path& path) {
  if (!fs::exists(path)) throw Error(path.string() + ": checkpoint not found");
  torch::serialize::InputArchive ar;
  try {
    ar.load_from(path.string(), torch::Device(torch::kCPU));
  } catch (const c10::Error& e) {
    throw Error(path.string() + ": not a readable checkpoint (corrupt or truncated)");
  }
  return ar;
}
torch::serialize::InputArchive open_archive_bytes(const std::string& bytes, const std::string& what) {
  torch::serialize::InputArchive ar;
  try {
    ar.load_from(bytes.data(), bytes.size(), torch::Device(torch::kCPU));
  } catch (const c10::Error& e) {
    throw Error(what + ": not a readable checkpoint (corrupt or truncated)");
  }
  return ar;
}
}  // namespace

std::string train_state_bytes(const TrainState& state) {
  torch::serialize::OutputArchive ar;
  write_state(ar, state);
  std::ostringstream out;
  ar.save_to(out);
  return out.str();
}

std::string checkpoint_config(const fs::path& path) {
  auto ar = open_archive(path);
  c10::IValue v;
  if (!ar.try_read("config", v) || !v.isString()) throw Error(path.string() + ": checkpoint has no config");
  return v.toStringRef();
}

namespace {
void read_state(torch::serialize::InputArchive& ar, TrainState& state, const fs::path& path) {
  try {
    torch::serialize::InputArchive model_ar, opt_ar;
    ar.read("model", model_ar);
    load_module_checked(*state.net, model_ar, path, "model");
    if (state.ema) {
      torch::serialize::InputArchive ema_ar;
      if (ar.try_read("ema", ema_ar)) load_module_checked(*state.ema, ema_ar, path, "EMA");
      else copy_weights(*state.ema, *state.net);
    }
    ar.read("optimizer", opt_ar);
    state.optimizer->load(opt_ar);
    torch::Tensor step, smooth;
    ar.read("step", step);
    ar.read("smoothed_loss", smooth);
    state.step = step.item<int64_t>();
    state.smoothed_loss = smooth.item<double>();
  } catch (const c10::Error& e) {
    throw Error(path.string() + ": checkpoint does not match this network: " + e.what_without_backtrace());
  }
}

void read_weights(torch::serialize::InputArchive& ar, ScoreNet& net, const fs::path& path) {
  try {
    torch::serialize::InputArchive w;
    if (ar.try_read("ema", w)) load_module_checked(net, w, path, "EMA");
    else {
      ar.read("model", w);
      load_module_checked(net, w, path, "model");
    }
  } catch (const c10::Error& e) {
    throw Error(path.string() + ": checkpoint does not match this network: " + e.what_without_backtrace());
  }
}
}  // namespace

void load_checkpoint(const fs::path& path, TrainState& state) {
  auto ar = open_archive(path);
  read_state(ar, state, path);
}

void load_train_state_bytes(const std::string& bytes, TrainState& state, const std::string& what) {
  auto ar = open_archive_bytes(bytes, what);
  read_state(ar, state, what);
}

void load_weights_for_scoring(const fs::path& path, ScoreNet& net) {
  auto ar = open_archive(path);
  read_weights(ar, net, path);
}

void load_weights_for_scoring(const std::string& bytes, const std::string& what, ScoreNet& net) {
  auto ar = open_archive_bytes(bytes, what);
  read_weights(ar, net, what);
}

fs::path checkpoint_path(const fs::path& dir, std::int64_t step) {
  char name[64];
  std::snprintf(name, sizeof name, "step-%08lld.pt", static_cast<long long>(step));
  return dir / name;
}

std::vector<fs::path> list_checkpoints(const fs::path& dir) {
  std::vector<std::pair<long long, fs::path>> found;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return {};
  static const std::regex re(R"(step-(\d+)\.pt)");
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    std::smatch m;
    const std::string name = e.path().filename().string();
    if (std::regex_match(name, m, re)) found.emplace_back(std::stoll(m[1]), e.path());
  }
  std::sort(found.begin(), found.end());
  std::vector<fs::path> out;
  for (auto& f : found) out.push_back(f.second);
  return out;
}

std::optional<fs::path> latest_checkpoint(const fs::path& dir) {
  auto all = list_checkpoints(dir);
  if (all.empty()) return std::nullopt;
  return all.back();
}

}  // namespace msma
