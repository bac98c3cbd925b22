#pragma once
// Progress on stderr: on a terminal a one-line bar with rate and ETA, redrawn at most ~10
// times a second; elsewhere (a log file, CI, nohup) a plain line when a stage starts and
// ends and every 10 seconds between, so a log still shows how far a long run is.
#include <chrono>
#include <string>

#include "common/progress.h"
#include "train/train_config.h"

namespace msma {

class TerminalProgress {
 public:
  enum class Mode { off, bar, plain };
  explicit TerminalProgress(Mode mode) : enabled_(mode != Mode::off), plain_(mode == Mode::plain) {}
  void operator()(const Progress& p);
  void train(const TrainProgress& p);
  void finish();  // ends the current line

 private:
  void draw(const std::string& line, bool force);
  bool enabled_;
  bool plain_;
  std::string stage_;
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace msma
