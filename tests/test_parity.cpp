// Stage-2 parity with the MSMA authors' published CIFAR-10 results, computed from their
// own score-norm matrices (tests/data/msma-cifar10, see its README).
#include <QtTest>

#include "data/npy.h"
#include "density/density_model.h"
#include "metrics/metrics.h"

using namespace msma;

namespace {
const std::string kDir = std::string(MSMA_TEST_DATA) + "/msma-cifar10/";
Eigen::MatrixXd load(const std::string& name) { return read_npy_matrix(kDir + name + ".npy"); }
std::vector<double> vec(const Eigen::VectorXd& v) { return {v.data(), v.data() + v.size()}; }
const std::vector<std::string> kOdin = {"ood_lsun_crop", "ood_lsun_resize", "ood_imagenet_crop",
                                        "ood_imagenet_resize", "ood_isun"};
}  // namespace

class TestParity : public QObject {
  Q_OBJECT
  Eigen::MatrixXd train, test, svhn;

 private Q_SLOTS:
  void initTestCase() {
    train = load("train_cifar10");
    test = load("test_cifar10");
    svhn = load("ood_svhn");
    QCOMPARE(train.rows(), Eigen::Index(50000));
    QCOMPARE(train.cols(), Eigen::Index(10));
  }

  void knn_reproduces_the_notebook() {
    auto knn = make_density_model("knn", {{"k", 5}});
    knn->fit(train, nullptr, nullptr);
    const auto t = vec(knn->score(test));
    const OodMetrics m = evaluate_ood(t, vec(knn->score(svhn)), 0);
    // Notebook: AUROC 99.1484 (scikit-learn here: 99.148397), FPR@95 4.11 (outliers
    // positive), detection error 4.48; health (train vs test) 55.28.
    QVERIFY2(std::abs(100 * m.auroc - 99.1484) <= 1e-4, qPrintable(QString::number(100 * m.auroc, 'f', 6)));
    QVERIFY(std::abs(100 * m.fpr_at_95_tpr_authors - 4.11) < 0.01);
    QVERIFY(std::abs(100 * m.detection_error - 4.48) < 0.01);
    QVERIFY(m.fpr_at_95_tpr != m.fpr_at_95_tpr_authors);  // the conventions really differ
    QVERIFY(std::abs(100 * auroc(vec(knn->score(train)), t) - 55.28) < 0.01);
    // ODIN sets 99.86–99.95, noise 100 (scikit-learn: 99.8585–99.9465).
    for (const auto& name : kOdin) {
      const double a = 100 * auroc(t, vec(knn->score(load(name))));
      QVERIFY2(a >= 99.855 && a <= 99.955, qPrintable(QString::fromStdString(name) + " " + QString::number(a)));
    }
    for (const char* noise : {"ood_gaussian", "ood_uniform"}) QCOMPARE(auroc(t, vec(knn->score(load(noise)))), 1.0);
  }

  void knn_fitted_on_cifar101() {
    auto knn = make_density_model("knn", {{"k", 5}});
    knn->fit(load("cifar101"), nullptr, nullptr);
    const double a = 100 * auroc(vec(knn->score(test)), vec(knn->score(svhn)));
    QVERIFY2(std::abs(a - 99.26) < 0.005, qPrintable(QString::number(a, 'f', 4)));
  }

  void gmm_with_the_authors_selection() {
    // Standardise, k ∈ {2,…,20}, 10-fold unshuffled CV, refit with the best k; EM is seeded.
    // Authors: 95.90 (their unseeded EM over 20 seeds: 95.5 ± 0.85, range 94.5–97.0).
    double sum = 0;
    const int seeds = 5;
    for (int seed = 0; seed < seeds; ++seed) {
      auto gmm = make_density_model("gmm", {{"seed", seed}});
      gmm->fit(train, nullptr, nullptr);
      const auto t = vec(gmm->score(test));
      const double a = 100 * auroc(t, vec(gmm->score(svhn)));
      qInfo("seed %d: %s, SVHN AUROC %.3f", seed, gmm->summary().c_str(), a);
      QVERIFY2(a >= 94.0 && a <= 97.5, qPrintable(QString::number(a)));
      sum += a;
      if (seed == 0) {
        for (const auto& name : kOdin) QVERIFY(100 * auroc(t, vec(gmm->score(load(name)))) >= 99.99);
        for (const char* noise : {"ood_gaussian", "ood_uniform"})
          QVERIFY(100 * auroc(t, vec(gmm->score(load(noise)))) >= 99.99);
        const double health = 100 * auroc(vec(gmm->score(train)), t);
        QVERIFY2(std::abs(health - 51.2) <= 0.5, qPrintable(QString::number(health)));
      }
    }
    const double mean = sum / seeds;
    QVERIFY2(mean >= 94.8 && mean <= 96.3, qPrintable(QString::number(mean)));
  }

  void flow_separates_svhn() {
    auto flow = make_density_model("flow", {{"epochs", FLOW_EPOCHS}, {"seed", 0}});
    flow->fit(train, nullptr, nullptr);
    const double a = 100 * auroc(vec(flow->score(test)), vec(flow->score(svhn)));
    qInfo("%s: SVHN AUROC %.3f", flow->summary().c_str(), a);
    QVERIFY2(a >= 95.0, qPrintable(QString::number(a)));
  }
};

QTEST_GUILESS_MAIN(TestParity)
#include "test_parity.moc"
