#include "data/image_set.h"

#include <cstring>

#include "common/hash.h"

namespace msma {

std::string ImageSet::geometry() const {
  return std::to_string(c) + "x" + std::to_string(h) + "x" + std::to_string(w);
}

ImageSet ImageSet::subset(const std::vector<std::int64_t>& indices, const std::string& new_name) const {
  ImageSet out;
  out.name = new_name;
  out.source = source;
  out.format = format;
  out.c = c;
  out.h = h;
  out.w = w;
  out.n = static_cast<std::int64_t>(indices.size());
  out.class_names = class_names;
  out.conversions = conversions;
  const std::size_t sz = image_bytes();
  out.pixels.resize(out.n * sz);
  for (std::size_t k = 0; k < indices.size(); ++k) {
    std::memcpy(out.pixels.data() + k * sz, image(indices[k]), sz);
    if (!labels.empty()) out.labels.push_back(labels[indices[k]]);
  }
  return out;
}

std::string ImageSet::content_hash() const {
  Hasher h;
  const std::int64_t dims[4] = {n, c, this->h, w};
  h.add(dims, sizeof dims);
  h.add(pixels.data(), pixels.size());
  return h.hex();
}

}  // namespace msma
