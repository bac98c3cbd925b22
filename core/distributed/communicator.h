#pragma once
// Data parallelism over LibTorch's own c10d: a TCPStore rendezvous at MASTER_ADDR:PORT and
// a ProcessGroupGloo between the ranks. With one rank every call is a no-op, so the
// trainer and scorer have a single code path. A lost peer (a rank that died, a network
// failure) or a collective that exceeds the timeout becomes an msma::Error naming the rank.
#include <Eigen/Core>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <torch/torch.h>

namespace msma {

struct DistOptions {
  int world_size = 1;
  int rank = 0;
  std::string master_addr = "127.0.0.1";
  int master_port = 29500;
  double timeout_seconds = 120;  // rendezvous and every collective
  std::string interface;         // network interface for Gloo (default: resolve master_addr's side)
};

// Fills fields left at their defaults from torchrun's variables WORLD_SIZE, RANK,
// MASTER_ADDR, MASTER_PORT (explicit options win). Throws on malformed values.
DistOptions dist_options_with_env(DistOptions given, bool world_size_given, bool rank_given, bool master_given);
// "host:port" → (host, port); throws on a bad port.
void parse_master(const std::string& host_port, DistOptions& out);

// True when this build has c10d with Gloo (Debian's libtorch with libgloo-dev does).
bool distributed_available();

class Communicator {
 public:
  // Connects to the other ranks (blocks until all world_size ranks have joined or the
  // timeout passes). world_size 1 connects nothing.
  static std::shared_ptr<Communicator> connect(const DistOptions& opt);
  static std::shared_ptr<Communicator> single();
  ~Communicator();

  int rank() const { return rank_; }
  int world_size() const { return world_size_; }
  bool is_root() const { return rank_ == 0; }
  bool distributed() const { return world_size_ > 1; }

  // In place: every tensor becomes the sum over ranks. Tensors are packed into buckets of
  // about bucket_bytes so that a network of hundreds of parameters costs a few collectives.
  void all_reduce_sum(const std::vector<torch::Tensor>& tensors, std::int64_t bucket_bytes = 16 << 20);
  std::vector<double> all_reduce_sum(const std::vector<double>& values);
  // Root's bytes reach every rank (any length).
  void broadcast_bytes(std::string& bytes, int root = 0);
  // Rows of each rank's block, concatenated in rank order on the root (others get 0×cols).
  Eigen::MatrixXd gather_rows(const Eigen::MatrixXd& local, std::int64_t cols);
  void barrier();

 private:
  Communicator() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
  int rank_ = 0, world_size_ = 1;
};

// The contiguous block of `n` items (in whole batches of `batch`) that `rank` of
// `world_size` handles: batch boundaries match a single-process pass, so results agree.
std::pair<std::int64_t, std::int64_t> batch_aligned_block(std::int64_t n, std::int64_t batch, int rank, int world_size);

}  // namespace msma
