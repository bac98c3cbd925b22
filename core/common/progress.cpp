#include "common/progress.h"

#include <cstdio>

#include <thread>

#include "common/error.h"

namespace msma {

void CancelToken::check() const {
  while (paused_.load() && !cancelled_.load())
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  if (cancelled_.load()) throw Cancelled();
}

RateMeter::RateMeter(long long total) { reset(total); }

void RateMeter::reset(long long total) {
  total_ = total;
  start_ = std::chrono::steady_clock::now();
}

double RateMeter::elapsed_seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

Progress RateMeter::make(const std::string& stage, long long done, const std::string& detail) const {
  Progress p;
  p.stage = stage;
  p.done = done;
  p.total = total_;
  p.detail = detail;
  const double t = elapsed_seconds();
  p.rate = t > 0 ? done / t : 0;
  if (total_ > 0 && p.rate > 0) p.eta_seconds = (total_ - done) / p.rate;
  return p;
}

namespace {
thread_local long long computations = 0;
}  // namespace

void note_core_computation() { ++computations; }
long long core_computations_on_this_thread() { return computations; }

std::string format_duration(double s) {
  if (s < 0) return "–";
  const long t = static_cast<long>(s + 0.5);
  char buf[32];
  if (t >= 3600) std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", t / 3600, (t / 60) % 60, t % 60);
  else std::snprintf(buf, sizeof buf, "%ld:%02ld", t / 60, t % 60);
  return buf;
}

}  // namespace msma
