#include "model/device.h"

#include "common/error.h"

namespace msma {

torch::Device resolve_device(const std::string& spec) {
  if (spec.empty() || spec == "cpu") return torch::kCPU;
  const bool cuda = torch::cuda::is_available();
  if (spec == "auto") return cuda ? torch::Device(torch::kCUDA, 0) : torch::Device(torch::kCPU);
  if (spec.rfind("cuda", 0) != 0) throw Error("device must be cpu, cuda, cuda:K or auto, not '" + spec + "'");
  int index = 0;
  if (spec.size() > 4) {
    std::size_t used = 0;
    const std::string k = spec.substr(5);
    try {
      index = spec[4] == ':' ? std::stoi(k, &used) : -1;
    } catch (const std::exception&) {
      index = -1;
    }
    if (spec[4] != ':' || used != k.size() || index < 0)
      throw Error("device must be cpu, cuda, cuda:K or auto, not '" + spec + "'");
  }
  if (!cuda)
    throw Error("device '" + spec + "' asked for, but this LibTorch has no CUDA support or no GPU is visible; "
                "use --device cpu, or build against a CUDA LibTorch (see README)");
  const auto count = static_cast<int>(torch::cuda::device_count());
  if (index >= count)
    throw Error("device '" + spec + "' asked for, but only " + std::to_string(count) + " CUDA device(s) are visible");
  return torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(index));
}

}  // namespace msma
