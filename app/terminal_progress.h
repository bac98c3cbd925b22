#pragma once
// A one-line progress bar with rate and ETA on stderr, redrawn at most ~10 times a second.
#include <chrono>
#include <string>

#include "common/progress.h"
#include "train/trainer.h"

namespace msma {

class TerminalProgress {
 public:
  explicit TerminalProgress(bool enabled) : enabled_(enabled) {}
  void operator()(const Progress& p);
  void train(const TrainProgress& p);
  void finish();  // ends the current line

 private:
  void draw(const std::string& line, bool force);
  bool enabled_;
  std::string stage_;
  std::chrono::steady_clock::time_point last_{};
};

std::string format_duration(double seconds);

}  // namespace msma
