// Data-parallel training and scoring over c10d/Gloo with real processes on 127.0.0.1:
// 2 ranks equal one process drawing the same global batches; distributed scoring equals
// single-process scoring bit for bit; a killed rank stops the other with a message and the
// last checkpoint stays loadable. Also the device choice on a LibTorch without CUDA.
#include <QProcess>
#include <QtTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/atomic_file.h"
#include "common/error.h"
#include "data/npy.h"
#include "distributed/communicator.h"
#include "model/device.h"
#include "run/run_dir.h"
#include "test_util.h"
#include "train/checkpoint.h"

namespace fs = std::filesystem;

namespace {

// A port nobody listens on now (the kernel's choice for an ephemeral bind).
int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  const int port = ntohs(a.sin_port);
  ::close(fd);
  return port;
}

struct Finished {
  int code;
  QString err;
};

Finished finish(QProcess& p, int timeout_ms = 300000) {
  if (!p.waitForFinished(timeout_ms)) {
    p.kill();
    p.waitForFinished();
    return {-2, "timed out: " + p.readAllStandardError()};
  }
  return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardError()};
}

// The weights (not the EMA) of a run's latest checkpoint, as one flat vector per tensor.
std::vector<torch::Tensor> final_weights(const QString& run_dir, std::int64_t* step = nullptr) {
  const msma::RunDir run(run_dir.toStdString());
  const msma::RunConfig cfg = run.load_config();
  msma::ModelConfig m = cfg.model;
  m.levels = cfg.schedule.levels;
  m.channels = 1;
  m.height = m.width_px = 12;
  msma::TrainConfig tc = cfg.train;
  msma::TrainState state = msma::make_train_state(m, cfg.schedule.sigmas(), tc);
  const auto latest = msma::latest_checkpoint(run.checkpoints());
  if (!latest) throw msma::Error(run_dir.toStdString() + ": no checkpoint");
  msma::load_checkpoint(*latest, state);
  if (step) *step = state.step;
  std::vector<torch::Tensor> out;
  for (const auto& p : state.net->parameters()) out.push_back(p.detach().clone().flatten());
  return out;
}

double max_abs_difference(const std::vector<torch::Tensor>& a, const std::vector<torch::Tensor>& b) {
  double d = 0;
  for (std::size_t k = 0; k < a.size(); ++k) d = std::max(d, (a[k] - b[k]).abs().max().item<double>());
  return d;
}

}  // namespace

class TestDistributed : public QObject {
  Q_OBJECT
  QTemporaryDir tmp;
  QStringList common;
  QString path(const QString& n) const { return tmp.filePath(n); }

  // Starts ranks 0..n-1 of `subcommand` (rank 0 on run_dir, the others on a scratch path).
  std::vector<std::unique_ptr<QProcess>> start_ranks(const QStringList& subcommand_and_args, int n, int port,
                                                     const QStringList& extra = {}) {
    std::vector<std::unique_ptr<QProcess>> ranks;
    for (int r = 0; r < n; ++r) {
      auto p = std::make_unique<QProcess>();
      QStringList args = subcommand_and_args;
      if (r > 0) args[1] = path("not-rank-0");
      args << extra << "--world-size" << QString::number(n) << "--rank" << QString::number(r) << "--master"
           << QString("127.0.0.1:%1").arg(port);
      p->start(MSMA_CLI, args);
      ranks.push_back(std::move(p));
    }
    return ranks;
  }

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY2(msma::distributed_available(), "this build has no c10d/Gloo (install libgloo-dev)");
    msma::ImageSet b = msma_test::blobs(301, 12, 12, 3);  // odd: shards of unequal size
    msma_test::write_bytes(path("blobs.npy").toStdString(), msma::npy_bytes_u8({301, 12, 12}, b.pixels.data()));
    common = {"--inlier", path("blobs.npy"), "--inlier-test", path("blobs.npy"), "--ood", "uniform-noise:150",
              "--width", "8", "--depth", "2", "--levels", "4", "--batch", "16", "--threads", "1",
              "--score-batch", "32", "--no-progress",
              // The equivalence checked here is of the data-parallel arithmetic: in fp32, as
              // before the product's default became bf16 autocast on CPUs that have it.
              "--precision", "fp32"};
  }

  void blocks_and_options() {
    // Batch-aligned blocks tile [0, n) in order, each starting on a batch boundary.
    for (std::int64_t n : {1, 63, 64, 65, 1000}) {
      for (int w : {1, 2, 3, 7}) {
        std::int64_t next = 0;
        for (int r = 0; r < w; ++r) {
          const auto [a, b] = msma::batch_aligned_block(n, 64, r, w);
          QCOMPARE(a, next);
          QVERIFY(a % 64 == 0 || a == n);
          next = b;
        }
        QCOMPARE(next, n);
      }
    }
    msma::DistOptions o;
    msma::parse_master("10.0.0.2:1234", o);
    QCOMPARE(QString::fromStdString(o.master_addr), QString("10.0.0.2"));
    QCOMPARE(o.master_port, 1234);
    QVERIFY_THROWS_EXCEPTION(msma::Error, msma::parse_master("10.0.0.2", o));
    QVERIFY_THROWS_EXCEPTION(msma::Error, msma::parse_master("host:99999", o));
    qputenv("WORLD_SIZE", "3");
    qputenv("RANK", "2");
    qputenv("MASTER_ADDR", "192.168.1.5");
    qputenv("MASTER_PORT", "4242");
    o = msma::dist_options_with_env(msma::DistOptions{}, false, false, false);
    QCOMPARE(o.world_size, 3);
    QCOMPARE(o.rank, 2);
    QCOMPARE(QString::fromStdString(o.master_addr), QString("192.168.1.5"));
    QCOMPARE(o.master_port, 4242);
    msma::DistOptions given;
    given.rank = 1;
    o = msma::dist_options_with_env(given, false, true, false);  // the flag wins over RANK
    QCOMPARE(o.rank, 1);
    qputenv("RANK", "5");
    QVERIFY_THROWS_EXCEPTION(msma::Error, msma::dist_options_with_env(msma::DistOptions{}, false, false, false));
    qputenv("RANK", "x");
    QVERIFY_THROWS_EXCEPTION(msma::Error, msma::dist_options_with_env(msma::DistOptions{}, false, false, false));
    for (const char* v : {"WORLD_SIZE", "RANK", "MASTER_ADDR", "MASTER_PORT"}) qunsetenv(v);
  }

  void device_choice() {
    QVERIFY(msma::resolve_device("cpu").is_cpu());
    QVERIFY_THROWS_EXCEPTION(msma::Error, msma::resolve_device("gpu"));
    QVERIFY_THROWS_EXCEPTION(msma::Error, msma::resolve_device("cuda:x"));
    if (!torch::cuda::is_available()) {
      QVERIFY(msma::resolve_device("auto").is_cpu());
      try {
        msma::resolve_device("cuda:0");
        QFAIL("cuda:0 accepted without CUDA");
      } catch (const msma::Error& e) {
        QVERIFY2(QString(e.what()).contains("no CUDA"), e.what());
      }
    } else {
      QVERIFY(msma::resolve_device("auto").is_cuda());
    }
  }

  void two_ranks_equal_one_process_on_the_same_batches() {
    const int port = free_port();
    auto ranks = start_ranks(QStringList{"train", path("dist")} << common << "--steps" << "6"
                                                                << "--checkpoint-every" << "3",
                             2, port);
    const Finished r0 = finish(*ranks[0]), r1 = finish(*ranks[1]);
    QVERIFY2(r0.code == 0, qPrintable(r0.err));
    QVERIFY2(r1.code == 0, qPrintable(r1.err));
    QVERIFY2(r0.err.contains("rank 0 of 2"), qPrintable(r0.err));
    QVERIFY2(!fs::exists(path("not-rank-0").toStdString()), "a rank other than 0 wrote files");
    QProcess single;
    single.start(MSMA_CLI, QStringList{"train", path("single")} << common << "--steps" << "6" << "--batch-parts" << "2");
    const Finished s = finish(single);
    QVERIFY2(s.code == 0, qPrintable(s.err));
    QProcess plain;  // one process drawing its batches the single-process way: other batches
    plain.start(MSMA_CLI, QStringList{"train", path("plain")} << common << "--steps" << "6");
    QCOMPARE(finish(plain).code, 0);

    std::int64_t step_dist = 0, step_single = 0;
    const auto wd = final_weights(path("dist"), &step_dist), ws = final_weights(path("single"), &step_single);
    QCOMPARE(step_dist, 6);
    QCOMPARE(step_single, 6);
    // Only the summation order of the gradients differs (two half-batch means averaged vs
    // one full-batch mean), so the weights agree to float rounding. The same network on
    // other batches moves measurably differently, which shows the comparison can fail.
    const double same = max_abs_difference(wd, ws);
    const double other = max_abs_difference(wd, final_weights(path("plain")));
    qInfo("max |w_2ranks - w_1process|: %.3g on the same batches, %.3g on other batches", same, other);
    QVERIFY2(same < 2e-5, qPrintable(QString::number(same)));
    QVERIFY(other > 100 * same);
    QVERIFY(other > 1e-4);
    // Both runs stored the same sampling (batch_parts = 2), so either resumes identically.
    QCOMPARE(msma::RunDir(path("dist").toStdString()).load_config().train.batch_parts, 2);
  }

  void distributed_scoring_equals_single_process_scoring() {
    // Score a copy of the same run in one process and with 2 ranks.
    fs::copy(path("dist").toStdString(), path("dist-copy").toStdString(), fs::copy_options::recursive);
    QProcess single;
    single.start(MSMA_CLI, {"score", path("dist-copy"), "--no-progress"});
    const Finished s = finish(single);
    QVERIFY2(s.code == 0, qPrintable(s.err));
    auto ranks = start_ranks({"score", path("dist"), "--no-progress"}, 2, free_port());
    const Finished r0 = finish(*ranks[0]), r1 = finish(*ranks[1]);
    QVERIFY2(r0.code == 0, qPrintable(r0.err));
    QVERIFY2(r1.code == 0, qPrintable(r1.err));
    int compared = 0;
    for (const char* name : {"fit", "test", "ood-uniform-noise"}) {
      const fs::path a = fs::path(path("dist").toStdString()) / "scores" / (std::string(name) + ".npy");
      const fs::path b = fs::path(path("dist-copy").toStdString()) / "scores" / (std::string(name) + ".npy");
      QVERIFY2(fs::exists(a), a.c_str());
      const Eigen::MatrixXd ma = msma::read_npy_matrix(a), mb = msma::read_npy_matrix(b);
      QCOMPARE(ma.rows(), mb.rows());
      QCOMPARE(ma.cols(), 4);
      QVERIFY2(ma == mb, name);  // exact, row order included
      ++compared;
    }
    QCOMPARE(compared, 3);
    QCOMPARE(msma::read_npy_matrix(fs::path(path("dist").toStdString()) / "scores" / "test.npy").rows(), 301);
  }

  void rank_zero_errors_reach_the_others() {
    // "dist" already holds a trained run: rank 0 refuses, rank 1 says why instead of waiting.
    auto ranks = start_ranks(QStringList{"train", path("dist")} << common << "--steps" << "2", 2, free_port(),
                             {"--dist-timeout", "60"});
    const Finished r0 = finish(*ranks[0], 90000), r1 = finish(*ranks[1], 90000);
    QCOMPARE(r0.code, 1);
    QCOMPARE(r1.code, 1);
    QVERIFY2(r1.err.contains("rank 0 stopped") && r1.err.contains("already holds a trained run"), qPrintable(r1.err));
  }

  void killed_rank_stops_the_other_and_checkpoint_survives() {
    for (int victim : {1, 0}) {
      const QString run = path(QString("kill-%1").arg(victim));
      auto ranks = start_ranks(QStringList{"train", run} << common << "--steps" << "100000" << "--checkpoint-every"
                                                          << "2",
                               2, free_port(), {"--dist-timeout", "60"});
      // Wait until rank 0 has written a checkpoint, then SIGKILL the victim.
      const fs::path ckpts = fs::path(run.toStdString()) / "checkpoints";
      QElapsedTimer t;
      t.start();
      while (msma::list_checkpoints(ckpts).size() < 2 && t.elapsed() < 120000) QTest::qWait(50);
      QVERIFY2(msma::list_checkpoints(ckpts).size() >= 2, "no checkpoint within 2 minutes");
      ranks[victim]->kill();
      ranks[victim]->waitForFinished();
      QProcess& survivor = *ranks[1 - victim];
      QElapsedTimer stop;
      stop.start();
      const Finished f = finish(survivor, 90000);
      qInfo("rank %d killed: rank %d exited %d after %lld ms", victim, 1 - victim, f.code,
            static_cast<long long>(stop.elapsed()));
      QVERIFY2(f.code != 0 && f.code != -2, qPrintable(f.err));
      QVERIFY2(f.err.contains("lost contact with the other ranks"), qPrintable(f.err));
      std::int64_t step = 0;
      QVERIFY(!final_weights(run, &step).empty());  // the latest complete checkpoint loads
      QVERIFY(step >= 2);
    }
  }
};

QTEST_GUILESS_MAIN(TestDistributed)
#include "test_distributed.moc"
