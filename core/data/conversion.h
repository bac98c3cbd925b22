#pragma once
// The rules that bring a set of images to a run's geometry (channels, size).
//  Channels, always: RGB→gray by ITU-R BT.601 luma (OpenCV RGB2GRAY); gray→RGB by replication.
//  Size, without a working geometry (convert_to_geometry): every non-inlier set goes to the
//    inlier size by OpenCV resize, INTER_AREA when shrinking, INTER_LINEAR when enlarging,
//    straight to H×W (aspect ratio not kept; noted when it changes).
//  Size, with a working geometry (--image-size; fit_to_geometry): every set, inliers included,
//    is resized so that its shorter side covers H×W with the aspect ratio kept (same
//    interpolation rule), then the centre H×W is cropped.
// Each step that runs is appended to ImageSet::conversions, and the run records it.
#include <opencv2/core.hpp>

#include "data/image_set.h"

namespace msma {

ImageSet convert_to_geometry(ImageSet set, int c, int h, int w);
ImageSet fit_to_geometry(ImageSet set, int c, int h, int w);
// One decoded image (8-bit, 1 or 3 channels) under fit_to_geometry's rule; c == 0 keeps its
// channels.
cv::Mat fit_image(const cv::Mat& img, int c, int h, int w);
// The run's geometry: the working geometry (h > 0) with its channels taken from the inlier
// set when not given (c == 0), else the inlier set's own geometry.
Geometry run_geometry(const Geometry& working, const ImageSet& inliers);
// The run's rule for a non-inlier set: fit_to_geometry with a working geometry, else
// convert_to_geometry to the inlier geometry g.
ImageSet to_run_geometry(ImageSet set, const Geometry& g, bool working);

}  // namespace msma
