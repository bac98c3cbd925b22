// Hostile inputs: each gives a clear error, bounded memory, and writes nothing.
#include <archive.h>
#include <archive_entry.h>
#include <matio.h>
#include <sys/resource.h>
#include <zlib.h>

#include <QtTest>
#include <cstring>
#include <opencv2/imgcodecs.hpp>
#include <fstream>

#include "common/error.h"
#include "data/load.h"
#include "run/run_dir.h"
#include "test_util.h"

namespace fs = std::filesystem;
using namespace msma;

namespace {
std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}
std::string error_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}
}  // namespace

class TestHostile : public QObject {
  Q_OBJECT
  QTemporaryDir tmp;
  fs::path dir() const { return fs::path(tmp.path().toStdString()); }

 private Q_SLOTS:
  void idx_claiming_2_pow_32_images_in_1kb() {
    std::string b("\x00\x00\x08\x03\xff\xff\xff\xff\x00\x00\x00\x1c\x00\x00\x00\x1c", 16);
    b += std::string(1008, '\0');
    const fs::path p = dir() / "huge-images-idx3-ubyte";
    msma_test::write_bytes(p, b);
    const std::string e = error_of([&] { load_dataset(p.string()); });
    QVERIFY2(e.find(p.string()) != std::string::npos && e.find("claims 4294967295") != std::string::npos, e.c_str());
  }

  void gzip_idx_expanding_beyond_its_header() {
    // Header: 10 images of 28×28 (7,856 bytes in all); the stream then inflates to 256 MiB.
    // Written in 1 MiB chunks so the test itself never holds the expanded data.
    const fs::path p = dir() / "liar-images-idx3-ubyte.gz";
    gzFile f = gzopen(p.c_str(), "wb9");
    QVERIFY(f);
    gzwrite(f, "\x00\x00\x08\x03\x00\x00\x00\x0a\x00\x00\x00\x1c\x00\x00\x00\x1c", 16);
    const std::string chunk(1 << 20, '\0');
    for (int i = 0; i < 256; ++i) gzwrite(f, chunk.data(), static_cast<unsigned>(chunk.size()));
    gzclose(f);
    QVERIFY(fs::file_size(p) < 2 << 20);
    rusage before{}, after{};
    getrusage(RUSAGE_SELF, &before);
    const std::string e = error_of([&] { load_dataset(p.string()); });
    getrusage(RUSAGE_SELF, &after);
    // Refused at the size the header promised, not after inflating the whole stream.
    QVERIFY2(e.find(p.string()) != std::string::npos && e.find("more than 7856 bytes") != std::string::npos, e.c_str());
    QVERIFY2(after.ru_maxrss - before.ru_maxrss < 64 * 1024, qPrintable(QString("peak RSS grew by %1 KiB").arg(after.ru_maxrss - before.ru_maxrss)));
  }

  void mat_with_absurd_dimensions() {
    const fs::path p = dir() / "absurd_32x32.mat";
    std::vector<std::uint8_t> x(32 * 32 * 3, 7);
    mat_t* mat = Mat_CreateVer(p.c_str(), nullptr, MAT_FT_MAT5);
    size_t dims[4] = {32, 32, 3, 1};
    matvar_t* v = Mat_VarCreate("X", MAT_C_UINT8, MAT_T_UINT8, 4, dims, x.data(), 0);
    Mat_VarWrite(mat, v, MAT_COMPRESSION_NONE);
    Mat_VarFree(v);
    Mat_Close(mat);
    // Patch the stored dimension N = 1 into 2^31 − 1.
    std::string b = slurp(p);
    const std::string want("\x20\x00\x00\x00\x20\x00\x00\x00\x03\x00\x00\x00\x01\x00\x00\x00", 16);
    const auto pos = b.find(want);
    QVERIFY(pos != std::string::npos);
    b.replace(pos + 12, 4, std::string("\xff\xff\xff\x7f", 4));
    msma_test::write_bytes(p, b);
    const std::string e = error_of([&] { load_dataset(p.string()); });
    // 32·32·3·(2^31 − 1) elements claimed in a 3 KB element: refused before matio allocates.
    QVERIFY2(e.find("claims 6597069763584 elements") != std::string::npos && e.find(p.string()) != std::string::npos, e.c_str());
  }

  void zip_bomb() {
    const fs::path p = dir() / "bomb.zip";
    msma_test::write_archive(p, {{"a.png", std::string(10 << 20, '\0')}}, true);  // 10 MiB of zeros, ~10 KiB compressed
    QVERIFY(fs::file_size(p) < 100000);
    LoadOptions opt;
    opt.read.max_bytes = 4 << 20;
    const std::string e = error_of([&] { load_dataset(p.string(), opt); });
    QVERIFY2(e.find("zip bomb") != std::string::npos, e.c_str());
  }

  void path_traversal_entry() {
    const fs::path sub = dir() / "inner";
    fs::create_directories(sub);
    cv::Mat img(4, 4, CV_8UC1, cv::Scalar(9));
    std::vector<uchar> png;
    cv::imencode(".png", img, png);
    const fs::path p = sub / "evil.zip";
    msma_test::write_archive(p, {{"../x.png", std::string(png.begin(), png.end())}}, true);
    const std::string e = error_of([&] { load_dataset(p.string()); });
    QVERIFY2(e.find("unsafe path") != std::string::npos, e.c_str());
    QVERIFY(!fs::exists(dir() / "x.png"));
    QVERIFY(!fs::exists(fs::current_path() / ".." / "x.png"));
  }

  void png_claiming_100k_by_100k() {
    cv::Mat img(2, 2, CV_8UC1, cv::Scalar(1));
    std::vector<uchar> png;
    cv::imencode(".png", img, png);
    std::string b(png.begin(), png.end());
    const std::string big("\x00\x01\x86\xa0", 4);  // 100,000
    b.replace(16, 4, big);
    b.replace(20, 4, big);
    // A well-formed lie: the IHDR chunk's CRC is made to match the patched sizes.
    const std::uint32_t crc = static_cast<std::uint32_t>(crc32(0L, reinterpret_cast<const Bytef*>(b.data() + 12), 17));
    for (int k = 0; k < 4; ++k) b[29 + k] = static_cast<char>((crc >> (24 - 8 * k)) & 0xff);
    fs::create_directories(dir() / "pngs");
    msma_test::write_bytes(dir() / "pngs" / "huge.png", b);
    const std::string e = error_of([&] { load_dataset((dir() / "pngs").string()); });
    QVERIFY2(e.find("claims 10000000000 pixels") != std::string::npos, e.c_str());
  }

  // Inputs found by the fuzzers (tests/fuzz), kept as regression tests.
  void fuzz_regressions_data() {
    QTest::addColumn<QString>("file");
    QTest::newRow("archive whose error has no message (was a NULL strlen crash)") << "archive-null-error-string.bin";
    QTest::newRow(".mat header that made matio malloc 8 GB") << "mat-8gb-header.mat";
    QTest::newRow(".mat dimensions beyond its data (matio malloc 5.8 GB)") << "mat-dims-beyond-data.mat";
    QTest::newRow(".mat data element shorter than its array (read overflow)") << "mat-short-data.mat";
    QTest::newRow("PNG-named DICOM that made GDCM abort") << "image-dicom-gdcm-abort.png";
  }
  void fuzz_regressions() {
    QFETCH(QString, file);
    const std::string p = std::string(MSMA_TEST_DATA) + "/fuzz-regressions/" + file.toStdString();
    LoadOptions opt;
    opt.read.max_bytes = 64 << 20;
    if (file.endsWith(".png")) {  // an image is read inside a folder, whose error names it
      const fs::path folder = dir() / "regression-images";
      fs::create_directories(folder);
      fs::copy_file(p, folder / file.toStdString(), fs::copy_options::overwrite_existing);
      const std::string e = error_of([&] { read_image_folder(folder, opt.read); });
      QVERIFY2(e.find(file.toStdString()) != std::string::npos && e.find("not a PNG") != std::string::npos, e.c_str());
      return;
    }
    const std::string e = error_of([&] {
      if (file.endsWith(".mat")) read_svhn_mat(p, opt.read);
      else {
        try {
          read_cifar_archive(p, opt.read);
        } catch (const Error&) {
        }
        read_image_archive(p, opt.read);
      }
    });
    QVERIFY2(e.find(p) != std::string::npos, e.c_str());  // a clear error naming the file
  }

  void config_with_wrong_types() {
    const fs::path run = dir() / "run";
    fs::create_directories(run);
    RunDir r(run);
    r.save_config(RunConfig{});
    std::string cfg = slurp(run / "config.json");
    msma_test::write_bytes(run / "config.json.good", cfg);
    const auto pos = cfg.find("\"seed\": 0");
    QVERIFY(pos != std::string::npos);
    cfg.replace(pos, 9, "\"seed\": \"zero\"");
    msma_test::write_bytes(run / "config.json", cfg);
    const std::string e = error_of([&] { r.load_config(); });
    QVERIFY2(e.find("config.json") != std::string::npos && e.find("invalid run configuration") != std::string::npos,
             e.c_str());
    msma_test::write_bytes(run / "config.json", "{\"seed\": [1, 2");
    QVERIFY(error_of([&] { r.load_config(); }).find("not valid JSON") != std::string::npos);
    // An aux model that is not registered, as a model or as settings: named, with the file.
    for (const char* field : {"\"models\": [", "\"aux\": {"}) {
      cfg = slurp(run / "config.json.good");
      const auto at = cfg.find(field);
      QVERIFY(at != std::string::npos);
      cfg.insert(at + std::strlen(field), std::string(field[1] == 'm' ? "\"svm\", " : "\"svm\": {}, "));
      msma_test::write_bytes(run / "config.json", cfg);
      const std::string bad = error_of([&] { r.load_config(); });
      QVERIFY2(bad.find("config.json") != std::string::npos && bad.find("unknown auxiliary model 'svm'") != std::string::npos,
               bad.c_str());
    }
  }
};

QTEST_GUILESS_MAIN(TestHostile)
#include "test_hostile.moc"
