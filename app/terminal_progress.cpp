#include "terminal_progress.h"

#include <cstdio>
#include <sstream>
#include <iomanip>

namespace msma {

namespace {
std::string bar(double frac) {
  const int width = 24;
  const int filled = static_cast<int>(frac * width + 0.5);
  return "[" + std::string(filled, '#') + std::string(width - filled, '.') + "]";
}
}  // namespace

void TerminalProgress::draw(const std::string& line, bool force) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (!force && now - last_ < std::chrono::milliseconds(plain_ ? 10000 : 100)) return;
  last_ = now;
  if (plain_) std::fprintf(stderr, "%s\n", line.c_str());
  else std::fprintf(stderr, "\r%-110s", line.c_str());
  std::fflush(stderr);
}

void TerminalProgress::operator()(const Progress& p) {
  if (p.stage != stage_ && !stage_.empty()) finish();
  const bool first = p.stage != stage_;
  stage_ = p.stage;
  std::ostringstream o;
  o << std::fixed << std::setprecision(1) << p.stage << " ";
  if (p.total > 0) o << bar(double(p.done) / p.total) << " " << p.done << "/" << p.total;
  else o << p.done;
  if (p.rate > 0) o << "  " << p.rate << "/s";
  if (p.eta_seconds >= 0) o << "  ETA " << format_duration(p.eta_seconds);
  if (!p.detail.empty()) o << "  " << p.detail;
  draw(o.str(), first || (p.total > 0 && p.done >= p.total));
}

void TerminalProgress::train(const TrainProgress& p) {
  const bool first = stage_ != "train";
  stage_ = "train";
  std::ostringstream o;
  o << std::fixed << std::setprecision(1) << "train ";
  if (p.total_steps > 0) o << bar(double(p.step) / p.total_steps) << " ";
  o << "step " << p.step;
  if (p.total_steps > 0) o << "/" << p.total_steps;
  o << "  loss " << p.loss << " (smoothed " << p.smoothed_loss << ")  " << std::setprecision(0) << p.images_per_second
    << " img/s  ETA " << format_duration(p.eta_seconds);
  draw(o.str(), first);
}

void TerminalProgress::finish() {
  if (enabled_ && !plain_ && !stage_.empty()) std::fprintf(stderr, "\n");
  stage_.clear();
}

}  // namespace msma
