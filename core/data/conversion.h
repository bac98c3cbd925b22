#pragma once
// The one rule that brings every non-inlier set to the inlier geometry (channels, size):
//  1. channels: RGB→gray by ITU-R BT.601 luma (OpenCV RGB2GRAY); gray→RGB by replication;
//  2. size: OpenCV resize, INTER_AREA when shrinking, INTER_LINEAR when enlarging,
//     straight to H×W (aspect ratio not kept; a warning is recorded when it changes).
// Each step that runs is appended to ImageSet::conversions, and the run records it.
#include "data/image_set.h"

namespace msma {

ImageSet convert_to_geometry(ImageSet set, int c, int h, int w);

}  // namespace msma
