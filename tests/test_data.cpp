// Readers on fixtures written here in each exact format, plus corrupt variants.
#include <archive.h>
#include <archive_entry.h>
#include <matio.h>

#include <QtTest>
#include <fstream>
#include <opencv2/imgcodecs.hpp>

#include "common/error.h"
#include "data/builtin.h"
#include "data/conversion.h"
#include "data/load.h"
#include "data/npy.h"
#include "test_util.h"

namespace fs = std::filesystem;
using namespace msma;
using namespace msma_test;

namespace {

std::string cifar_records(int n) {
  std::string s;
  for (int i = 0; i < n; ++i) {
    s += static_cast<char>(i % 10);
    for (int k = 0; k < 3072; ++k) s += static_cast<char>((i + k) & 0xff);
  }
  return s;
}

std::string png_bytes(int h, int w, int channels, int value) {
  cv::Mat m(h, w, channels == 1 ? CV_8UC1 : CV_8UC3, cv::Scalar::all(value));
  std::vector<uchar> buf;
  cv::imencode(".png", m, buf);
  return std::string(buf.begin(), buf.end());
}

void expect_error(const std::function<void()>& fn, const std::string& must_contain) {
  try {
    fn();
  } catch (const Error& e) {
    const std::string msg = e.what();
    if (msg.find(must_contain) == std::string::npos)
      QFAIL(("error message lacks '" + must_contain + "': " + msg).c_str());
    return;
  }
  QFAIL(("no error raised; expected one mentioning '" + must_contain + "'").c_str());
}

}  // namespace

class TestData : public QObject {
  Q_OBJECT
  QTemporaryDir tmp;
  fs::path dir() const { return fs::path(tmp.path().toStdString()); }

 private Q_SLOTS:
  void idx_raw_and_gz_with_labels() {
    const fs::path raw = dir() / "train-images-idx3-ubyte";
    write_bytes(raw, idx_images(7, 4, 5));
    write_bytes(dir() / "train-labels-idx1-ubyte", idx_labels(7));
    ImageSet s = load_dataset(raw.string());
    QCOMPARE(s.n, std::int64_t(7));
    QCOMPARE(s.c, 1);
    QCOMPARE(s.h, 4);
    QCOMPARE(s.w, 5);
    QCOMPARE(int(s.pixels[21]), 21);
    QCOMPARE(s.labels.size(), std::size_t(7));
    QCOMPARE(s.labels[3], 3);
    QCOMPARE(s.name, std::string("train"));  // named without the format's suffix
    fs::create_directories(dir() / "gz");
    gzip_to(dir() / "gz" / "t10k-images-idx3-ubyte.gz", idx_images(3, 2, 2));
    ImageSet g = load_dataset((dir() / "gz" / "t10k-images-idx3-ubyte.gz").string());
    QCOMPARE(g.n, std::int64_t(3));
    QCOMPARE(g.name, std::string("t10k"));
    QVERIFY(g.labels.empty());
  }

  void idx_detected_by_content_not_extension() {
    const fs::path p = dir() / "looks-like.png";
    write_bytes(p, idx_images(2, 3, 3));
    QCOMPARE(detect_format(p.string()), std::string("idx"));
    QCOMPARE(load_dataset(p.string()).n, std::int64_t(2));
  }

  void idx_corrupt_variants_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("message");
    std::string good = idx_images(4, 3, 3);
    std::string truncated = good.substr(0, good.size() - 5);
    std::string lying = good;  // claims 2^32-1 images in a tiny file
    lying[4] = lying[5] = lying[6] = lying[7] = '\xff';
    std::string zero = good;
    zero[8] = zero[9] = zero[10] = zero[11] = 0;
    std::string magic = good;
    magic[2] = 0x0d;
    QTest::newRow("truncated") << QByteArray::fromStdString(truncated) << "file holds";
    QTest::newRow("lying header 2^32") << QByteArray::fromStdString(lying) << "header claims 4294967295";
    QTest::newRow("zero dimension") << QByteArray::fromStdString(zero) << "is zero";
    QTest::newRow("float element type") << QByteArray::fromStdString(magic) << "not unsigned byte";
    QTest::newRow("too short") << QByteArray("\x00\x00", 2) << "too short";
  }
  void idx_corrupt_variants() {
    QFETCH(QByteArray, bytes);
    QFETCH(QString, message);
    const fs::path p = dir() / "bad-images-idx3-ubyte";
    write_bytes(p, bytes.toStdString());
    expect_error([&] { read_idx(p); }, message.toStdString());
    expect_error([&] { read_idx(p); }, p.string());  // names the file
  }

  void idx_gzip_truncated() {
    const fs::path p = dir() / "cut.gz";
    gzip_to(p, idx_images(50, 10, 10));
    std::string bytes = read_file_bytes(p);
    write_bytes(p, bytes.substr(0, bytes.size() / 2));
    expect_error([&] { read_idx(p); }, p.string());
  }

  void cifar_batch_and_archive() {
    const fs::path bin = dir() / "data_batch_1.bin";
    write_bytes(bin, cifar_records(5));
    QCOMPARE(detect_format(bin.string()), std::string("cifar10-bin"));
    ImageSet s = load_dataset(bin.string());
    QCOMPARE(s.n, std::int64_t(5));
    QCOMPARE(s.c, 3);
    QCOMPARE(s.labels[4], 4);
    QCOMPARE(int(s.pixels[3072 + 1]), 2);  // image 1, red plane, pixel 1: (1+1)&0xff
    const fs::path tgz = dir() / "cifar-10-binary.tar.gz";
    write_archive(tgz,
                  {{"cifar-10-batches-bin/data_batch_1.bin", cifar_records(3)},
                   {"cifar-10-batches-bin/data_batch_2.bin", cifar_records(2)},
                   {"cifar-10-batches-bin/test_batch.bin", cifar_records(4)},
                   {"cifar-10-batches-bin/batches.meta.txt", "airplane\n"}},
                  false);
    QCOMPARE(load_dataset(tgz.string()).n, std::int64_t(5));
    QCOMPARE(load_dataset(tgz.string() + "#test").n, std::int64_t(4));
    const fs::path bad = dir() / "cut_batch.bin";
    write_bytes(bad, cifar_records(2).substr(0, 5000));
    expect_error([&] { read_cifar_batch(bad); }, "not a whole number of CIFAR-10 records");
  }

  void svhn_mat() {
    const fs::path p = dir() / "train_32x32.mat";
    const std::size_t n = 3;
    std::vector<std::uint8_t> x(32 * 32 * 3 * n);
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<std::uint8_t>(i % 251);
    std::vector<double> y = {10, 1, 9};
    mat_t* mat = Mat_CreateVer(p.c_str(), nullptr, MAT_FT_MAT5);
    size_t xd[4] = {32, 32, 3, n}, yd[2] = {n, 1};
    matvar_t* vx = Mat_VarCreate("X", MAT_C_UINT8, MAT_T_UINT8, 4, xd, x.data(), 0);
    matvar_t* vy = Mat_VarCreate("y", MAT_C_DOUBLE, MAT_T_DOUBLE, 2, yd, y.data(), 0);
    Mat_VarWrite(mat, vx, MAT_COMPRESSION_NONE);
    Mat_VarWrite(mat, vy, MAT_COMPRESSION_NONE);
    Mat_VarFree(vx);
    Mat_VarFree(vy);
    Mat_Close(mat);
    QCOMPARE(detect_format(p.string()), std::string("mat"));
    ImageSet s = load_dataset(p.string());
    QCOMPARE(s.n, std::int64_t(3));
    QCOMPARE(s.c, 3);
    QCOMPARE(s.labels[0], 0);  // 10 means digit 0
    QCOMPARE(s.labels[2], 9);
    // X(r=1, c=2, ch=1, i=2) sits at 1 + 32*(2 + 32*(1 + 3*2)) in column-major order.
    const std::size_t col_major = 1 + 32 * (2 + 32 * (1 + 3 * 2));
    QCOMPARE(int(s.pixels[((2 * 3 + 1) * 32 + 1) * 32 + 2]), int(col_major % 251));
    const fs::path cut = dir() / "cut.mat";
    const std::string bytes = read_file_bytes(p);
    write_bytes(cut, bytes.substr(0, bytes.size() / 2));
    expect_error([&] { read_svhn_mat(cut); }, cut.string());
  }

  void image_folder_with_labels_and_bad_files() {
    const fs::path root = dir() / "folder";
    fs::create_directories(root / "cats");
    fs::create_directories(root / "dogs");
    write_bytes(root / "cats" / "a.png", png_bytes(8, 6, 3, 10));
    write_bytes(root / "cats" / "b.png", png_bytes(8, 6, 3, 20));
    write_bytes(root / "dogs" / "c.png", png_bytes(8, 6, 3, 30));
    ImageSet s = load_dataset(root.string());
    QCOMPARE(s.n, std::int64_t(3));
    QCOMPARE(s.h, 8);
    QCOMPARE(s.w, 6);
    QCOMPARE(s.class_names.size(), std::size_t(2));
    QCOMPARE(s.labels[2], 1);
    write_bytes(root / "dogs" / "broken.png", "\x89PNG not really");
    expect_error([&] { load_dataset(root.string()); }, "broken.png");
    LoadOptions skip;
    skip.read.skip_bad_files = true;
    ImageSet t = load_dataset(root.string(), skip);
    QCOMPARE(t.n, std::int64_t(3));
    QCOMPARE(t.skipped.size(), std::size_t(1));
    fs::remove(root / "dogs" / "broken.png");
    write_bytes(root / "dogs" / "big.png", png_bytes(9, 6, 3, 30));
    expect_error([&] { load_dataset(root.string()); }, "mixed image sizes");
    expect_error([&] { load_dataset(root.string()); }, "--image-size");  // the message names the way out
  }

  void damaged_png_is_refused_before_libpng_sees_it() {
    // libpng would print its own "PNG input buffer is incomplete" to stderr; the reader names
    // the problem itself instead.
    const fs::path root = dir() / "damaged";
    fs::create_directories(root);
    const std::string good = png_bytes(8, 8, 1, 40);
    write_bytes(root / "truncated.png", good.substr(0, good.size() - 20));
    std::string flipped = good;
    flipped[good.size() / 2] ^= 0x55;  // inside IDAT: its CRC no longer matches
    write_bytes(root / "flipped.png", flipped);
    write_bytes(root / "good.png", good);
    expect_error([&] { load_dataset(root.string()); }, "truncated.png: truncated PNG");
    expect_error([&] { load_dataset(root.string()); }, "fails its CRC");
    LoadOptions skip;
    skip.read.skip_bad_files = true;
    QCOMPARE(load_dataset(root.string(), skip).n, std::int64_t(1));
  }

  void working_geometry_accepts_mixed_sizes() {
    // Photos of different sizes and channels: with a working geometry of 1×4×4 each is
    // resized by its shorter side and centre-cropped as it is decoded.
    const fs::path root = dir() / "mixed";
    fs::create_directories(root);
    write_bytes(root / "a.png", png_bytes(8, 8, 3, 50));
    write_bytes(root / "b.png", png_bytes(16, 12, 1, 90));
    write_bytes(root / "c.png", png_bytes(4, 20, 3, 200));
    LoadOptions opt;
    opt.read.working = Geometry{1, 4, 4};
    std::vector<msma::Progress> seen;  // reported from this thread only
    opt.read.progress = [&](const msma::Progress& p) { seen.push_back(p); };
    const ImageSet s = load_dataset(root.string(), opt);
    QCOMPARE(s.n, std::int64_t(3));
    QVERIFY(!seen.empty() && seen.back().stage == "decode mixed");
    QCOMPARE(seen.back().done, 3LL);
    QCOMPARE(seen.back().total, 3LL);
    QCOMPARE(s.geometry(), std::string("1x4x4"));
    QCOMPARE(int(s.image(1)[5]), 90);  // flat images stay flat
    QVERIFY(!s.conversions.empty() && s.conversions[0].find("centre-cropped to 4x4") != std::string::npos);
  }

  void fit_rule_crops_the_centre() {
    // A 2×6 gray ramp (columns 0..5) to 2×2: the shorter side already fits (scale 1), so
    // the centre columns 2 and 3 are kept as they are.
    cv::Mat ramp(2, 6, CV_8UC1);
    for (int r = 0; r < 2; ++r)
      for (int c = 0; c < 6; ++c) ramp.at<std::uint8_t>(r, c) = static_cast<std::uint8_t>(10 * c);
    const cv::Mat out = fit_image(ramp, 1, 2, 2);
    QCOMPARE(out.rows, 2);
    QCOMPARE(out.cols, 2);
    QCOMPARE(int(out.at<std::uint8_t>(0, 0)), 20);
    QCOMPARE(int(out.at<std::uint8_t>(1, 1)), 30);
    // A whole set: 3×32×32 → 1×16×16 records both steps; a set already there is untouched.
    ImageSet s;
    s.n = 1, s.c = 3, s.h = 32, s.w = 32;
    s.pixels.assign(3 * 32 * 32, 100);
    const ImageSet t = fit_to_geometry(s, 1, 16, 16);
    QCOMPARE(t.geometry(), std::string("1x16x16"));
    QCOMPARE(t.conversions.size(), std::size_t(2));
    QCOMPARE(int(t.pixels[7]), 100);
    QVERIFY(fit_to_geometry(t, 1, 16, 16).conversions.size() == 2);
  }

  void image_zip_archive() {
    const fs::path z = dir() / "digits.zip";
    write_archive(z, {{"set/zero/1.png", png_bytes(5, 5, 1, 1)}, {"set/one/2.png", png_bytes(5, 5, 1, 2)}}, true);
    QCOMPARE(detect_format(z.string()), std::string("archive"));
    ImageSet s = load_dataset(z.string());
    QCOMPARE(s.n, std::int64_t(2));
    QCOMPARE(s.c, 1);
    QCOMPARE(s.class_names, (std::vector<std::string>{"one", "zero"}));
  }

  void npy_layouts() {
    std::vector<std::uint8_t> data(2 * 4 * 5 * 3);
    for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<std::uint8_t>(i);
    const fs::path nhwc = dir() / "nhwc.npy";
    write_bytes(nhwc, npy_bytes_u8({2, 4, 5, 3}, data.data()));
    ImageSet a = load_dataset(nhwc.string());
    QCOMPARE(a.c, 3);
    QCOMPARE(a.h, 4);
    QCOMPARE(int(a.pixels[20]), 1);  // channel 1 plane of image 0 starts with element 1
    const fs::path nchw = dir() / "nchw.npy";
    write_bytes(nchw, npy_bytes_u8({2, 3, 4, 10}, std::vector<std::uint8_t>(240, 7).data()));
    ImageSet b = load_dataset(nchw.string());
    QCOMPARE(b.c, 3);
    QCOMPARE(b.w, 10);
    const fs::path nhw = dir() / "nhw.npy";
    write_bytes(nhw, npy_bytes_u8({6, 2, 2}, std::vector<std::uint8_t>(24, 1).data()));
    QCOMPARE(load_dataset(nhw.string()).n, std::int64_t(6));
    std::string lying = npy_bytes_u8({6, 2, 2}, std::vector<std::uint8_t>(24, 1).data());
    const auto pos = lying.find("(6,2,2)");
    QVERIFY(pos != std::string::npos);
    lying.replace(pos, 7, "(999999999,2,2)");
    const fs::path bad = dir() / "lying.npy";
    write_bytes(bad, lying);
    expect_error([&] { load_dataset(bad.string()); }, "header claims");
  }

  void builtin_fashion_mnist_and_digits() {
    if (!fs::exists(fashion_mnist_dir())) QSKIP("dataset-fashion-mnist is not installed");
    ImageSet f = load_dataset("fashion-mnist:test");
    QCOMPARE(f.n, std::int64_t(10000));
    QCOMPARE(f.geometry(), std::string("1x28x28"));
    QCOMPARE(f.labels.size(), std::size_t(10000));
    ImageSet d = load_dataset("mnist-digits");
    QCOMPARE(d.n, std::int64_t(5000));
    QCOMPARE(d.labels[0], 0);
    QCOMPARE(d.labels[4999], 9);
    // Centre of mass lands within half a pixel of the canvas centre, as in MNIST.
    double m = 0, mx = 0, my = 0;
    for (int y = 0; y < 28; ++y)
      for (int x = 0; x < 28; ++x) {
        const double v = d.pixels[1234 * 784 + y * 28 + x];
        m += v, mx += v * x, my += v * y;
      }
    QVERIFY(std::abs(mx / m - 13.5) <= 0.5);
    QVERIFY(std::abs(my / m - 13.5) <= 0.5);
  }

  void noise_is_seeded() {
    LoadOptions o;
    o.noise_geometry = {3, 8, 8};
    o.seed = 4;
    ImageSet a = load_dataset("uniform-noise:20", o), b = load_dataset("uniform-noise:20", o);
    QCOMPARE(a.n, std::int64_t(20));
    QCOMPARE(a.c, 3);
    QVERIFY(a.pixels == b.pixels);
    o.seed = 5;
    QVERIFY(load_dataset("uniform-noise:20", o).pixels != a.pixels);
    ImageSet g = load_dataset("gaussian-noise:10", o);
    QCOMPARE(g.n, std::int64_t(10));
    expect_error([&] { load_dataset("uniform-noise:abc", o); }, "must be a number");
  }

  void transforms_flip_invert_select_and_are_recorded() {
    ImageSet s;
    s.name = "toy";
    s.source = "toy";
    s.n = 3, s.c = 1, s.h = 2, s.w = 3;
    s.pixels = {0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15, 20, 21, 22, 23, 24, 25};
    s.labels = {7, 8, 7};
    const ImageSet v = apply_transform(s, "vflip");
    QCOMPARE(int(v.pixels[0]), 3);  // row 1 comes first
    QCOMPARE(int(v.pixels[5]), 2);
    const ImageSet h = apply_transform(s, "hflip");
    QCOMPARE(int(h.pixels[0]), 2);
    QCOMPARE(int(h.pixels[3]), 5);
    const ImageSet i = apply_transform(s, "invert");
    QCOMPARE(int(i.pixels[1]), 254);
    QCOMPARE(i.conversions.back(), std::string("inverted (255 − x)"));
    QCOMPARE(i.name, std::string("toy-invert"));
    const ImageSet k = apply_transform(s, "classes=7");
    QCOMPARE(k.n, std::int64_t(2));
    QCOMPARE(int(k.pixels[6]), 20);
    const ImageSet w = apply_transform(s, "without=7");
    QCOMPARE(w.n, std::int64_t(1));
    QCOMPARE(w.labels[0], 8);
    const ImageSet first = apply_transform(s, "head=2");
    QCOMPARE(first.n, std::int64_t(2));
    QCOMPARE(first.name, std::string("toy"));
    expect_error([&] { apply_transform(s, "rotate"); }, "unknown transform");
    expect_error([&] { apply_transform(s, "classes=x"); }, "not a class number");
    expect_error([&] { apply_transform(s, "classes=3"); }, "no image is left");
    ImageSet unlabelled = s;
    unlabelled.labels.clear();
    expect_error([&] { apply_transform(unlabelled, "without=1"); }, "no labels");
    // Through the loader, chained after a built-in name.
    LoadOptions o;
    o.noise_geometry = {1, 4, 4};
    const ImageSet n = load_dataset("uniform-noise:5@head=2@invert", o);
    QCOMPARE(n.n, std::int64_t(2));
    QCOMPARE(n.source, std::string("uniform-noise:5@head=2@invert"));
    QCOMPARE(int(n.pixels[0]), 255 - int(load_dataset("uniform-noise:5", o).pixels[0]));
  }

  void letters_are_seeded_centred_glyphs() {
    LoadOptions o;
    o.seed = 3;
    const ImageSet a = load_dataset("letters:40", o), b = load_dataset("letters:40", o);
    QCOMPARE(a.n, std::int64_t(40));
    QCOMPARE(a.geometry(), std::string("1x28x28"));
    QCOMPARE(a.class_names.size(), std::size_t(52));
    QVERIFY(a.pixels == b.pixels);
    for (std::int64_t i = 0; i < a.n; ++i) {
      double m = 0, mx = 0, my = 0;
      for (int y = 0; y < 28; ++y)
        for (int x = 0; x < 28; ++x) {
          const double v = a.pixels[i * 784 + y * 28 + x];
          m += v, mx += v * x, my += v * y;
        }
      QVERIFY2(m > 0, "every image holds a glyph");
      QVERIFY(std::abs(mx / m - 13.5) <= 1.0 && std::abs(my / m - 13.5) <= 1.0);
    }
    o.seed = 4;
    QVERIFY(load_dataset("letters:40", o).pixels != a.pixels);
  }

  void conversion_is_recorded() {
    ImageSet s;
    s.n = 2, s.c = 3, s.h = 32, s.w = 32;
    s.pixels.assign(2 * 3 * 32 * 32, 100);
    ImageSet t = convert_to_geometry(s, 1, 28, 28);
    QCOMPARE(t.geometry(), std::string("1x28x28"));
    QCOMPARE(t.conversions.size(), std::size_t(2));
    QCOMPARE(int(t.pixels[5]), 100);  // a flat grey stays grey through luma and area resize
  }

  void unknown_and_missing() {
    write_bytes(dir() / "junk.bin", "hello world, not a dataset");
    expect_error([&] { load_dataset((dir() / "junk.bin").string()); }, "unrecognised format");
    expect_error([&] { load_dataset((dir() / "nope").string()); }, "no such file");
  }

 private:
  static std::string read_file_bytes(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
};

QTEST_GUILESS_MAIN(TestData)
#include "test_data.moc"
