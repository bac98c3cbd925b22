#include "data/conversion.h"

#include <cmath>
#include <opencv2/imgproc.hpp>

#include "common/error.h"

namespace msma {

ImageSet convert_to_geometry(ImageSet set, int c, int h, int w) {
  if (set.c == c && set.h == h && set.w == w) return set;
  if (c != 1 && c != 3) throw Error("target geometry must have 1 or 3 channels");
  ImageSet out = set;
  out.c = c;
  out.h = h;
  out.w = w;
  out.pixels.assign(static_cast<std::size_t>(set.n) * c * h * w, 0);
  const bool shrink = static_cast<long>(set.h) * set.w > static_cast<long>(h) * w;
  const int interp = shrink ? cv::INTER_AREA : cv::INTER_LINEAR;
  for (std::int64_t i = 0; i < set.n; ++i) {
    std::vector<cv::Mat> planes;
    for (int ch = 0; ch < set.c; ++ch)
      planes.emplace_back(set.h, set.w, CV_8U, const_cast<std::uint8_t*>(set.image(i)) + ch * set.h * set.w);
    cv::Mat img;
    cv::merge(planes, img);
    if (set.c == 3 && c == 1) cv::cvtColor(img, img, cv::COLOR_RGB2GRAY);
    else if (set.c == 1 && c == 3) cv::cvtColor(img, img, cv::COLOR_GRAY2RGB);
    if (img.rows != h || img.cols != w) cv::resize(img, img, cv::Size(w, h), 0, 0, interp);
    std::vector<cv::Mat> outs;
    cv::split(img, outs);
    for (int ch = 0; ch < c; ++ch) {
      cv::Mat p = outs[ch].isContinuous() ? outs[ch] : outs[ch].clone();
      std::copy_n(p.ptr<std::uint8_t>(), h * w, out.pixels.data() + (i * c + ch) * h * w);
    }
  }
  if (set.c != c)
    out.conversions.push_back(set.c == 3 ? "RGB to gray (BT.601 luma)" : "gray replicated to RGB");
  if (set.h != h || set.w != w) {
    std::string note = "resized " + std::to_string(set.h) + "x" + std::to_string(set.w) + " to " + std::to_string(h) +
                       "x" + std::to_string(w) + (shrink ? " (area)" : " (bilinear)");
    if (std::abs(double(set.h) / set.w - double(h) / w) > 1e-9) note += ", aspect ratio changed";
    out.conversions.push_back(note);
  }
  return out;
}

}  // namespace msma
