#include "data/conversion.h"

#include <cmath>
#include <opencv2/imgproc.hpp>

#include "common/error.h"

namespace msma {
namespace {

int interpolation(int from_h, int from_w, int to_h, int to_w) {
  return static_cast<long>(from_h) * from_w > static_cast<long>(to_h) * to_w ? cv::INTER_AREA : cv::INTER_LINEAR;
}

cv::Mat to_channels(cv::Mat img, int c) {
  if (img.channels() == 3 && c == 1) cv::cvtColor(img, img, cv::COLOR_RGB2GRAY);
  else if (img.channels() == 1 && c == 3) cv::cvtColor(img, img, cv::COLOR_GRAY2RGB);
  return img;
}

// Applies `fn` (an 8-bit HWC image → c×h×w) to every image of `set`.
template <typename Fn>
ImageSet map_images(const ImageSet& set, int c, int h, int w, Fn fn) {
  if (c != 1 && c != 3) throw Error("target geometry must have 1 or 3 channels");
  ImageSet out = set;
  out.c = c;
  out.h = h;
  out.w = w;
  out.pixels.assign(static_cast<std::size_t>(set.n) * c * h * w, 0);
  for (std::int64_t i = 0; i < set.n; ++i) {
    std::vector<cv::Mat> planes;
    for (int ch = 0; ch < set.c; ++ch)
      planes.emplace_back(set.h, set.w, CV_8U, const_cast<std::uint8_t*>(set.image(i)) + ch * set.h * set.w);
    cv::Mat img;
    cv::merge(planes, img);
    img = fn(img);
    std::vector<cv::Mat> outs;
    cv::split(img, outs);
    for (int ch = 0; ch < c; ++ch) {
      cv::Mat p = outs[ch].isContinuous() ? outs[ch] : outs[ch].clone();
      std::copy_n(p.ptr<std::uint8_t>(), h * w, out.pixels.data() + (i * c + ch) * h * w);
    }
  }
  if (set.c != c) out.conversions.push_back(set.c == 3 ? "RGB to gray (BT.601 luma)" : "gray replicated to RGB");
  return out;
}

}  // namespace

ImageSet convert_to_geometry(ImageSet set, int c, int h, int w) {
  if (set.c == c && set.h == h && set.w == w) return set;
  const int interp = interpolation(set.h, set.w, h, w);
  ImageSet out = map_images(set, c, h, w, [&](cv::Mat img) {
    img = to_channels(img, c);
    if (img.rows != h || img.cols != w) cv::resize(img, img, cv::Size(w, h), 0, 0, interp);
    return img;
  });
  if (set.h != h || set.w != w) {
    std::string note = "resized " + std::to_string(set.h) + "x" + std::to_string(set.w) + " to " + std::to_string(h) +
                       "x" + std::to_string(w) + (interp == cv::INTER_AREA ? " (area)" : " (bilinear)");
    if (std::abs(double(set.h) / set.w - double(h) / w) > 1e-9) note += ", aspect ratio changed";
    out.conversions.push_back(note);
  }
  return out;
}

cv::Mat fit_image(const cv::Mat& img, int c, int h, int w) {
  cv::Mat out = c == 0 ? img : to_channels(img, c);
  if (out.rows == h && out.cols == w) return out;
  // The scale at which the shorter side (relative to the target) just covers it.
  const double scale = std::max(double(h) / out.rows, double(w) / out.cols);
  const int rh = std::max(h, static_cast<int>(std::lround(out.rows * scale)));
  const int rw = std::max(w, static_cast<int>(std::lround(out.cols * scale)));
  cv::resize(out, out, cv::Size(rw, rh), 0, 0, interpolation(out.rows, out.cols, rh, rw));
  return out(cv::Rect((rw - w) / 2, (rh - h) / 2, w, h)).clone();
}

ImageSet fit_to_geometry(ImageSet set, int c, int h, int w) {
  if (set.c == c && set.h == h && set.w == w) return set;
  ImageSet out = map_images(set, c, h, w, [&](const cv::Mat& img) { return fit_image(img, c, h, w); });
  if (set.h != h || set.w != w)
    out.conversions.push_back("resized " + std::to_string(set.h) + "x" + std::to_string(set.w) +
                              " (shorter side, aspect kept) and centre-cropped to " + std::to_string(h) + "x" +
                              std::to_string(w));
  return out;
}

Geometry run_geometry(const Geometry& working, const ImageSet& inliers) {
  if (working.h <= 0) return {inliers.c, inliers.h, inliers.w};
  return {working.c > 0 ? working.c : inliers.c, working.h, working.w};
}

ImageSet to_run_geometry(ImageSet set, const Geometry& g, bool working) {
  return working ? fit_to_geometry(std::move(set), g.c, g.h, g.w) : convert_to_geometry(std::move(set), g.c, g.h, g.w);
}

}  // namespace msma
