#include <algorithm>
#include <atomic>
#include <cstring>
#include <map>
#include <mutex>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <set>
#include <thread>
#include <zlib.h>

#include "common/atomic_file.h"
#include "common/error.h"
#include "data/archive.h"
#include "data/conversion.h"
#include "data/readers.h"

namespace fs = std::filesystem;

namespace msma {
namespace {

bool has_image_extension(const std::string& name) {
  std::string ext = fs::path(name).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char ch) { return std::tolower(ch); });
  static const std::set<std::string> exts = {".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".pgm", ".ppm"};
  return exts.count(ext) > 0;
}

// Largest image we decode: 2^26 pixels (8192×8192). Checked from the header before OpenCV
// allocates anything, so a PNG that claims 100,000×100,000 costs nothing.
constexpr std::uint64_t kMaxPixels = std::uint64_t(1) << 26;

std::uint32_t be32_at(const std::string& b, std::size_t o) {
  return (std::uint32_t(static_cast<unsigned char>(b[o])) << 24) | (std::uint32_t(static_cast<unsigned char>(b[o + 1])) << 16) |
         (std::uint32_t(static_cast<unsigned char>(b[o + 2])) << 8) | static_cast<unsigned char>(b[o + 3]);
}

// Width × height as claimed by a PNG, JPEG or BMP header (0 when unknown).
std::uint64_t claimed_pixels(const std::string& b) {
  if (b.size() >= 24 && b.compare(0, 8, "\x89PNG\r\n\x1a\n", 8) == 0)
    return std::uint64_t(be32_at(b, 16)) * be32_at(b, 20);
  if (b.size() >= 26 && b[0] == 'B' && b[1] == 'M') {
    auto le32 = [&](std::size_t o) {
      return std::int32_t(std::uint32_t(static_cast<unsigned char>(b[o])) | (std::uint32_t(static_cast<unsigned char>(b[o + 1])) << 8) |
                          (std::uint32_t(static_cast<unsigned char>(b[o + 2])) << 16) | (std::uint32_t(static_cast<unsigned char>(b[o + 3])) << 24));
    };
    return std::uint64_t(std::abs(std::int64_t(le32(18)))) * std::uint64_t(std::abs(std::int64_t(le32(22))));
  }
  if (b.size() >= 4 && static_cast<unsigned char>(b[0]) == 0xff && static_cast<unsigned char>(b[1]) == 0xd8) {
    // Walk JPEG segments to the first start-of-frame marker.
    std::size_t o = 2;
    while (o + 9 < b.size()) {
      if (static_cast<unsigned char>(b[o]) != 0xff) return 0;
      const unsigned marker = static_cast<unsigned char>(b[o + 1]);
      const std::size_t len = (std::size_t(static_cast<unsigned char>(b[o + 2])) << 8) | static_cast<unsigned char>(b[o + 3]);
      if (marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc) {
        const std::uint64_t h = (std::uint64_t(static_cast<unsigned char>(b[o + 5])) << 8) | static_cast<unsigned char>(b[o + 6]);
        const std::uint64_t w = (std::uint64_t(static_cast<unsigned char>(b[o + 7])) << 8) | static_cast<unsigned char>(b[o + 8]);
        return h * w;
      }
      o += 2 + len;
    }
  }
  return 0;
}

// OpenCV picks its decoder from the content, among every codec it was built with. Only the
// formats this product reads go on: fuzzing found that a file with "DICM" at byte 128 reaches
// GDCM's DICOM reader, which aborts the process on a failed assertion.
bool supported_signature(const std::string& b) {
  auto starts = [&](const char* sig, std::size_t n, std::size_t at = 0) {
    return b.size() >= at + n && b.compare(at, n, sig, n) == 0;
  };
  return starts("\x89PNG", 4) || starts("\xff\xd8\xff", 3) || starts("BM", 2) || starts("II*\0", 4) ||
         starts("MM\0*", 4) || (b.size() >= 2 && b[0] == 'P' && b[1] >= '1' && b[1] <= '6') ||
         (starts("RIFF", 4) && starts("WEBP", 4, 8));
}

// A PNG's chunk structure (lengths inside the file, each CRC, IEND at the end), checked
// before libpng sees it: libpng reports a truncated or damaged file by printing to stderr
// itself ("libpng error: PNG input buffer is incomplete"), past the product's own message.
void check_png_chunks(const std::string& b) {
  std::size_t o = 8;
  for (;;) {
    if (o + 12 > b.size()) throw Error("truncated PNG (ends inside a chunk, before IEND)");
    const std::uint32_t len = be32_at(b, o);
    if (len > b.size() - o - 12) throw Error("truncated PNG (a chunk runs past the end of the file)");
    const auto* p = reinterpret_cast<const Bytef*>(b.data() + o + 4);
    if (static_cast<std::uint32_t>(crc32(0L, p, len + 4)) != be32_at(b, o + 8 + len))
      throw Error("corrupt PNG (chunk '" + b.substr(o + 4, 4) + "' fails its CRC)");
    if (b.compare(o + 4, 4, "IEND") == 0) return;
    o += 12 + len;
  }
}

// Decodes one encoded image to 8-bit gray or RGB; throws a message without the file name.
cv::Mat decode_image(const std::string& bytes) {
  if (!supported_signature(bytes))
    throw Error("not a PNG, JPEG, BMP, TIFF, PNM or WebP image (by its content)");
  const std::uint64_t claimed = claimed_pixels(bytes);
  if (claimed > kMaxPixels)
    throw Error("image header claims " + std::to_string(claimed) + " pixels, over the limit of " +
                std::to_string(kMaxPixels) + "; refusing to decode");
  if (bytes.compare(0, 4, "\x89PNG", 4) == 0) check_png_chunks(bytes);
  cv::Mat buf(1, static_cast<int>(bytes.size()), CV_8U, const_cast<char*>(bytes.data()));
  cv::Mat img;
  try {
    img = cv::imdecode(buf, cv::IMREAD_UNCHANGED);
  } catch (const cv::Exception& e) {
    throw Error(std::string("cannot decode image (") + e.err + ")");
  }
  if (img.empty()) throw Error("cannot decode image (corrupt or unsupported)");
  if (img.depth() == CV_16U) img.convertTo(img, CV_8U, 1.0 / 257.0);
  else if (img.depth() != CV_8U) img.convertTo(img, CV_8U);
  cv::Mat out;
  switch (img.channels()) {
    case 1: out = img; break;
    case 2: cv::extractChannel(img, out, 0); break;
    case 3: cv::cvtColor(img, out, cv::COLOR_BGR2RGB); break;
    case 4: cv::cvtColor(img, out, cv::COLOR_BGRA2RGB); break;
    default: throw Error("unsupported channel count " + std::to_string(img.channels()));
  }
  return out;
}

struct Decoded {
  std::string name;  // path relative to the folder/archive root
  cv::Mat image;
};

// Decodes and, with a working geometry, brings the image to it at once (so a folder of large
// photos is never held at full size).
cv::Mat decode_for(const std::string& bytes, const ReadOptions& opt) {
  cv::Mat img = decode_image(bytes);
  if (opt.working.h > 0) img = fit_image(img, opt.working.c, opt.working.h, opt.working.w);
  return img;
}

std::string first_component(const std::string& rel) {
  const auto pos = rel.find('/');
  return pos == std::string::npos ? std::string() : rel.substr(0, pos);
}

ImageSet assemble(std::vector<Decoded> items, std::vector<std::string> bad, const std::string& what,
                  const std::string& format, const ReadOptions& opt) {
  if (!bad.empty() && !opt.skip_bad_files) {
    std::string list;
    for (std::size_t i = 0; i < bad.size() && i < 5; ++i) list += "\n  " + bad[i];
    if (bad.size() > 5) list += "\n  ... and " + std::to_string(bad.size() - 5) + " more";
    throw Error(what + ": " + std::to_string(bad.size()) + " unreadable image(s):" + list +
                "\n(to load the " + std::to_string(items.size()) +
                " good ones, run msma with --skip-bad-files)");
  }
  if (items.empty()) throw Error(what + ": no readable images (png, jpg, bmp, tif, pgm, ppm) found");
  std::sort(items.begin(), items.end(), [](const Decoded& a, const Decoded& b) { return a.name < b.name; });
  const cv::Size size = items[0].image.size();
  int channels = 1;
  for (const auto& d : items) {
    if (d.image.size() != size)
      throw Error(what + ": mixed image sizes: " + items[0].name + " is " + std::to_string(size.width) + "x" +
                  std::to_string(size.height) + " but " + d.name + " is " + std::to_string(d.image.cols) + "x" +
                  std::to_string(d.image.rows) +
                  " (give the run a working geometry to bring every image to one size: msma --image-size H[xW], "
                  "or Image size in MSMA Studio's Datasets tab)");
    channels = std::max(channels, d.image.channels());
  }
  ImageSet s;
  s.source = what;
  s.format = format;
  s.n = static_cast<std::int64_t>(items.size());
  s.c = channels;
  s.h = size.height;
  s.w = size.width;
  s.skipped = std::move(bad);
  s.pixels.resize(s.n * s.image_bytes());
  bool promoted = false;
  for (std::int64_t i = 0; i < s.n; ++i) {
    cv::Mat img = items[i].image;
    if (img.channels() != channels) {
      cv::cvtColor(img, img, cv::COLOR_GRAY2RGB);
      promoted = true;
    }
    std::vector<cv::Mat> planes;
    cv::split(img, planes);
    for (int ch = 0; ch < channels; ++ch) {
      cv::Mat plane = planes[ch].isContinuous() ? planes[ch] : planes[ch].clone();
      std::copy_n(plane.ptr<std::uint8_t>(), s.h * s.w, s.pixels.data() + (i * channels + ch) * s.h * s.w);
    }
    items[i].image.release();  // the decoded copy is no longer needed: peak memory stays near one set
  }
  if (opt.working.h > 0)
    s.conversions.push_back("each image resized (shorter side, aspect kept) and centre-cropped to " +
                            std::to_string(opt.working.h) + "x" + std::to_string(opt.working.w) + " as decoded" +
                            (opt.working.c == 1   ? ", colour images to gray (BT.601 luma)"
                             : opt.working.c == 3 ? ", gray images replicated to RGB"
                                                  : ""));
  if (promoted) s.conversions.push_back("grayscale images in a colour set replicated to RGB");
  // Class labels from first-level sub-folders, when there are at least two of them.
  std::set<std::string> classes;
  bool all_in_folders = true;
  for (const auto& d : items) {
    const std::string c = first_component(d.name);
    if (c.empty()) all_in_folders = false;
    else classes.insert(c);
  }
  if (all_in_folders && classes.size() >= 2) {
    s.class_names.assign(classes.begin(), classes.end());
    std::map<std::string, int> index;
    for (std::size_t k = 0; k < s.class_names.size(); ++k) index[s.class_names[k]] = static_cast<int>(k);
    for (const auto& d : items) s.labels.push_back(index[first_component(d.name)]);
  }
  return s;
}

}  // namespace

ImageSet read_image_folder(const fs::path& dir, const ReadOptions& opt) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw Error(dir.string() + ": not a folder");
  std::vector<fs::path> files;
  for (auto it = fs::recursive_directory_iterator(dir, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
    if (it->is_regular_file(ec) && has_image_extension(it->path().string())) files.push_back(it->path());
  if (ec) throw Error(dir.string() + ": cannot list folder: " + ec.message());
  // Decoded on every core (OpenCV's decoders are thread-safe); each file's outcome lands in
  // its own slot, so the result does not depend on the thread count.
  std::vector<Decoded> decoded(files.size());
  std::vector<std::string> why(files.size());
  std::atomic<std::size_t> next{0}, done{0}, total{0};
  std::exception_ptr fatal;
  std::mutex fatal_mutex;
  auto decode_one = [&](std::size_t i) {
    const std::string rel = fs::relative(files[i], dir).generic_string();
    try {
      std::string bytes = read_file(files[i], std::size_t(256) << 20);
      Decoded d{rel, decode_for(bytes, opt)};
      if ((total += d.image.total() * d.image.elemSize()) > opt.max_bytes)
        throw Error("folder decodes to more than the memory limit");
      decoded[i] = std::move(d);
    } catch (const Error& e) {
      std::string msg = e.what();
      if (msg.rfind(files[i].string(), 0) == 0) msg = msg.substr(files[i].string().size() + 2);
      why[i] = rel + ": " + msg;
    } catch (...) {  // anything else (out of memory) is not a bad file: rethrown below
      std::lock_guard<std::mutex> lock(fatal_mutex);
      if (!fatal) fatal = std::current_exception();
      next = files.size();
    }
    ++done;
  };
  const auto n = static_cast<long long>(files.size());
  const RateMeter meter(n);
  const std::string stage = "decode " + dir.filename().string();
  auto work = [&](bool report) {
    const std::size_t every = std::max<std::size_t>(1, files.size() / 100);
    for (std::size_t i; (i = next++) < files.size();) {
      decode_one(i);
      if (report && opt.progress && i % every == 0) opt.progress(meter.make(stage, static_cast<long long>(done.load())));
    }
  };
  const unsigned threads = std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads && t < files.size(); ++t) pool.emplace_back(work, false);
  work(true);  // the calling thread decodes too, and alone reports progress
  for (auto& t : pool) t.join();
  if (fatal) std::rethrow_exception(fatal);
  if (opt.progress) opt.progress(meter.make(stage, n));
  std::vector<Decoded> items;
  std::vector<std::string> bad;
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (!why[i].empty()) bad.push_back(std::move(why[i]));
    else items.push_back(std::move(decoded[i]));
  }
  ImageSet s = assemble(std::move(items), std::move(bad), dir.string(), "image-folder", opt);
  s.name = dir.filename().empty() ? dir.parent_path().filename().string() : dir.filename().string();
  return s;
}

ImageSet read_image_archive(const fs::path& path, const ReadOptions& opt) {
  std::vector<Decoded> items;
  std::vector<std::string> bad;
  // Strip one common top folder ("images/cat/1.png" → "cat/1.png") so labels come from classes.
  for_each_archive_file(
      path, [](const std::string& name) { return has_image_extension(name); },
      [&](const std::string& name, const std::string& bytes) {
        try {
          // Entry names are only labels here (nothing is extracted), but a name that would
          // escape the archive's folder is a sign of a hostile archive: refuse the entry.
          if (name.empty() || name[0] == '/' || name == ".." || name.rfind("../", 0) == 0 ||
              name.find("/../") != std::string::npos)
            throw Error("unsafe path in archive (absolute or '..')");
          items.push_back({name, decode_for(bytes, opt)});
        } catch (const Error& e) {
          bad.push_back(name + ": " + e.what());
        }
      },
      std::size_t(256) << 20, opt.max_bytes);
  std::set<std::string> tops;
  for (const auto& d : items) tops.insert(first_component(d.name));
  if (tops.size() == 1 && !tops.begin()->empty())
    for (auto& d : items) d.name = d.name.substr(tops.begin()->size() + 1);
  ImageSet s = assemble(std::move(items), std::move(bad), path.string(), "image-archive", opt);
  std::string stem = path.filename().string();
  for (const char* ext : {".tar.gz", ".tgz", ".tar", ".zip"})
    if (stem.size() > std::strlen(ext) && stem.compare(stem.size() - std::strlen(ext), std::string::npos, ext) == 0)
      stem.resize(stem.size() - std::strlen(ext));
  s.name = stem;
  return s;
}

}  // namespace msma
