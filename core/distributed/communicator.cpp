#include "distributed/communicator.h"

#include <algorithm>
#include <cstdlib>
#include <thread>

#include "common/error.h"

#ifdef MSMA_HAVE_C10D
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#endif

namespace msma {

namespace {

int parse_int(const std::string& text, const std::string& what, int lo, int hi) {
  std::size_t used = 0;
  long v = 0;
  try {
    v = std::stol(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size() || v < lo || v > hi)
    throw Error(what + " must be an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "], not '" + text + "'");
  return static_cast<int>(v);
}

const char* env(const char* name) {
  const char* v = std::getenv(name);
  return v && *v ? v : nullptr;
}

}  // namespace

void parse_master(const std::string& host_port, DistOptions& out) {
  const auto colon = host_port.rfind(':');
  if (colon == std::string::npos || colon == 0)
    throw Error("--master must be HOST:PORT, not '" + host_port + "'");
  out.master_addr = host_port.substr(0, colon);
  out.master_port = parse_int(host_port.substr(colon + 1), "the master port", 1, 65535);
}

DistOptions dist_options_with_env(DistOptions o, bool world_size_given, bool rank_given, bool master_given) {
  if (!world_size_given)
    if (const char* v = env("WORLD_SIZE")) o.world_size = parse_int(v, "WORLD_SIZE", 1, 4096);
  if (!rank_given)
    if (const char* v = env("RANK")) o.rank = parse_int(v, "RANK", 0, 4095);
  if (!master_given) {
    if (const char* v = env("MASTER_ADDR")) o.master_addr = v;
    if (const char* v = env("MASTER_PORT")) o.master_port = parse_int(v, "MASTER_PORT", 1, 65535);
  }
  if (o.world_size < 1) throw Error("the world size must be at least 1");
  if (o.rank < 0 || o.rank >= o.world_size)
    throw Error("rank " + std::to_string(o.rank) + " is outside a world of " + std::to_string(o.world_size) + " ranks");
  if (o.timeout_seconds <= 0) throw Error("the distributed timeout must be positive");
  return o;
}

std::pair<std::int64_t, std::int64_t> batch_aligned_block(std::int64_t n, std::int64_t batch, int rank, int world_size) {
  batch = std::max<std::int64_t>(1, batch);
  const std::int64_t batches = (n + batch - 1) / batch;
  const std::int64_t first = batches * rank / world_size, last = batches * (rank + 1) / world_size;
  return {std::min(n, first * batch), std::min(n, last * batch)};
}

#ifdef MSMA_HAVE_C10D

bool distributed_available() { return true; }

struct Communicator::Impl {
  c10::intrusive_ptr<c10d::TCPStore> store;
  c10::intrusive_ptr<c10d::ProcessGroupGloo> group;
};

namespace {
// Every collective goes through here: Gloo reports a dead peer as a read error or a timeout.
template <class F>
void collective(int rank, const char* what, F&& f) {
  try {
    f();
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    std::string msg = e.what();
    if (const auto nl = msg.find('\n'); nl != std::string::npos) msg.resize(nl);
    throw Error("rank " + std::to_string(rank) + ": lost contact with the other ranks during " + what + " (" + msg +
                "). Another rank stopped or the network failed; see its output.");
  }
}
}  // namespace

std::shared_ptr<Communicator> Communicator::connect(const DistOptions& opt) {
  if (opt.world_size <= 1) return single();
  std::shared_ptr<Communicator> c(new Communicator);
  c->rank_ = opt.rank;
  c->world_size_ = opt.world_size;
  c->impl_ = std::make_unique<Impl>();
  const auto timeout = std::chrono::milliseconds(static_cast<std::int64_t>(opt.timeout_seconds * 1000));
  const std::string where = opt.master_addr + ":" + std::to_string(opt.master_port);
  try {
    c10d::TCPStoreOptions so;
    so.port = static_cast<std::uint16_t>(opt.master_port);
    so.isServer = opt.rank == 0;
    so.numWorkers = opt.world_size;
    so.waitWorkers = true;
    so.timeout = timeout;
    c->impl_->store = c10::make_intrusive<c10d::TCPStore>(opt.master_addr, so);
    auto go = c10d::ProcessGroupGloo::Options::create(timeout);
    std::string iface = opt.interface;
    if (iface.empty())
      if (const char* v = env("GLOO_SOCKET_IFNAME")) iface = v;
    if (!iface.empty())
      go->devices.push_back(c10d::ProcessGroupGloo::createDeviceForInterface(iface));
    else if (opt.master_addr == "127.0.0.1" || opt.master_addr == "localhost")
      go->devices.push_back(c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1"));
    else
      go->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
    c->impl_->group = c10::make_intrusive<c10d::ProcessGroupGloo>(c->impl_->store, opt.rank, opt.world_size, go);
  } catch (const std::exception& e) {
    std::string msg = e.what();
    if (const auto nl = msg.find('\n'); nl != std::string::npos) msg.resize(nl);
    throw Error("rank " + std::to_string(opt.rank) + " of " + std::to_string(opt.world_size) +
                ": could not join the ranks at " + where + " within " + std::to_string(opt.timeout_seconds) +
                " s (" + msg + ")");
  }
  return c;
}

void Communicator::all_reduce_sum(const std::vector<torch::Tensor>& tensors, std::int64_t bucket_bytes) {
  if (!distributed() || tensors.empty()) return;
  std::size_t i = 0;
  while (i < tensors.size()) {
    // One bucket: consecutive tensors of one dtype up to bucket_bytes (at least one tensor).
    std::size_t j = i;
    std::int64_t bytes = 0;
    while (j < tensors.size() && tensors[j].scalar_type() == tensors[i].scalar_type() &&
           (j == i || bytes + tensors[j].numel() * static_cast<std::int64_t>(tensors[j].element_size()) <= bucket_bytes)) {
      bytes += tensors[j].numel() * tensors[j].element_size();
      ++j;
    }
    std::vector<torch::Tensor> parts;
    for (std::size_t k = i; k < j; ++k) parts.push_back(tensors[k].detach().reshape(-1).to(torch::kCPU));
    std::vector<at::Tensor> flat = {torch::cat(parts)};
    collective(rank_, "the gradient all-reduce", [&] { impl_->group->allreduce(flat)->wait(); });
    std::int64_t offset = 0;
    for (std::size_t k = i; k < j; ++k) {
      const auto n = tensors[k].numel();
      torch::NoGradGuard no_grad;
      tensors[k].copy_(flat[0].narrow(0, offset, n).view_as(tensors[k]));
      offset += n;
    }
    i = j;
  }
}

std::vector<double> Communicator::all_reduce_sum(const std::vector<double>& values) {
  if (!distributed() || values.empty()) return values;
  std::vector<at::Tensor> t = {torch::tensor(values, torch::kFloat64)};
  collective(rank_, "an all-reduce", [&] { impl_->group->allreduce(t)->wait(); });
  return std::vector<double>(t[0].data_ptr<double>(), t[0].data_ptr<double>() + values.size());
}

void Communicator::broadcast_bytes(std::string& bytes, int root) {
  if (!distributed()) return;
  c10d::BroadcastOptions bo;
  bo.rootRank = root;
  std::vector<at::Tensor> len = {torch::tensor({static_cast<std::int64_t>(bytes.size())}, torch::kInt64)};
  collective(rank_, "a broadcast", [&] { impl_->group->broadcast(len, bo)->wait(); });
  const std::int64_t n = len[0].item<std::int64_t>();
  std::vector<at::Tensor> data = {torch::empty({std::max<std::int64_t>(n, 1)}, torch::kUInt8)};
  if (rank_ == root && n > 0) std::copy(bytes.begin(), bytes.end(), data[0].data_ptr<std::uint8_t>());
  collective(rank_, "a broadcast", [&] { impl_->group->broadcast(data, bo)->wait(); });
  if (rank_ != root) bytes.assign(reinterpret_cast<const char*>(data[0].data_ptr<std::uint8_t>()), n);
}

Eigen::MatrixXd Communicator::gather_rows(const Eigen::MatrixXd& local, std::int64_t cols) {
  if (!distributed()) return local;
  if (local.rows() > 0 && local.cols() != cols) throw Error("gather_rows: a block has the wrong number of columns");
  std::vector<double> counts(world_size_, 0.0);
  counts[rank_] = static_cast<double>(local.rows());
  counts = all_reduce_sum(counts);
  const auto max_rows = static_cast<std::int64_t>(*std::max_element(counts.begin(), counts.end()));
  // Gloo gathers equal-sized tensors: pad each block to the largest, drop the padding on the root.
  auto mine = torch::zeros({std::max<std::int64_t>(max_rows, 1), cols}, torch::kFloat64);
  double* q = mine.data_ptr<double>();
  for (Eigen::Index r = 0; r < local.rows(); ++r)
    for (Eigen::Index c = 0; c < cols; ++c) q[r * cols + c] = local(r, c);
  std::vector<at::Tensor> input = {mine};
  std::vector<std::vector<at::Tensor>> output;
  if (is_root()) {
    output.emplace_back();
    for (int r = 0; r < world_size_; ++r) output[0].push_back(torch::empty_like(mine));
  }
  c10d::GatherOptions go;
  go.rootRank = 0;
  collective(rank_, "gathering the score matrix", [&] { impl_->group->gather(output, input, go)->wait(); });
  if (!is_root()) return Eigen::MatrixXd(0, cols);
  std::int64_t total = 0;
  for (double c : counts) total += static_cast<std::int64_t>(c);
  Eigen::MatrixXd out(total, cols);
  std::int64_t row = 0;
  for (int r = 0; r < world_size_; ++r) {
    auto t = output[0][r].contiguous();
    const double* p = t.data_ptr<double>();
    for (std::int64_t i = 0; i < static_cast<std::int64_t>(counts[r]); ++i, ++row)
      for (std::int64_t c = 0; c < cols; ++c) out(row, c) = p[i * cols + c];
  }
  return out;
}

void Communicator::barrier() {
  if (!distributed()) return;
  collective(rank_, "a barrier", [&] { impl_->group->barrier()->wait(); });
}

#else  // a LibTorch without c10d/Gloo: one process only

bool distributed_available() { return false; }
struct Communicator::Impl {};

std::shared_ptr<Communicator> Communicator::connect(const DistOptions& opt) {
  if (opt.world_size <= 1) return single();
  throw Error("this build has no c10d/Gloo (LibTorch's distributed package); distributed runs are unavailable");
}
void Communicator::all_reduce_sum(const std::vector<torch::Tensor>&, std::int64_t) {}
std::vector<double> Communicator::all_reduce_sum(const std::vector<double>& v) { return v; }
void Communicator::broadcast_bytes(std::string&, int) {}
Eigen::MatrixXd Communicator::gather_rows(const Eigen::MatrixXd& local, std::int64_t) { return local; }
void Communicator::barrier() {}

#endif

std::shared_ptr<Communicator> Communicator::single() { return std::shared_ptr<Communicator>(new Communicator); }

Communicator::~Communicator() = default;

}  // namespace msma
