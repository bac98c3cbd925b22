#pragma once
// Progress reporting and cooperative cancellation for long work. The core calls these
// from its worker thread; the CLI draws a bar, the GUI bridges them to queued signals.
#include <atomic>
#include <chrono>
#include <functional>
#include <string>

namespace msma {

struct Progress {
  std::string stage;      // "train", "score fashion-mnist:test", "fit gmm", ...
  long long done = 0;     // units finished (steps, images, fits)
  long long total = 0;    // 0 when unknown
  double rate = 0;        // units per second, measured
  double eta_seconds = -1;  // < 0 when unknown
  std::string detail;     // short free text ("loss 812.4")
};

using ProgressFn = std::function<void(const Progress&)>;

// Cancel and pause are set from any thread with a plain atomic store, so a click
// takes effect at the next check, not after a queue of events.
class CancelToken {
 public:
  void cancel() { cancelled_.store(true); }
  void set_paused(bool p) { paused_.store(p); }
  void reset() { cancelled_.store(false), paused_.store(false); }  // before the next job
  bool cancelled() const { return cancelled_.load(); }
  bool paused() const { return paused_.load(); }
  // Throws Cancelled if cancelled; blocks (polling) while paused.
  void check() const;

 private:
  std::atomic<bool> cancelled_{false};
  std::atomic<bool> paused_{false};
};

// Measures rate and ETA over a run of units.
class RateMeter {
 public:
  explicit RateMeter(long long total = 0);
  void reset(long long total);
  // Fills rate and eta from the units done since construction/reset.
  Progress make(const std::string& stage, long long done, const std::string& detail = {}) const;
  double elapsed_seconds() const;

 private:
  long long total_ = 0;
  std::chrono::steady_clock::time_point start_;
};

// Calls of the core's costly computations (metrics, auxiliary-model scoring) made by the
// calling thread: what lets a GUI test prove that no view computes on the GUI thread.
void note_core_computation();
long long core_computations_on_this_thread();

// A duration as the CLI and MSMA Studio both show it: "m:ss", or "h:mm:ss" from an hour;
// "–" when unknown (negative).
std::string format_duration(double seconds);

}  // namespace msma
