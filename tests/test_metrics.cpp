// Metrics against values computed by hand, ties included.
#include <QtTest>

#include "common/error.h"
#include "metrics/metrics.h"

using namespace msma;

class TestMetrics : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void auroc_by_hand_with_ties() {
    // in = {1,2,3}, ood = {2,4}. Pairs (ood > in): 4 beats all 3; 2 beats 1, ties 2 (½) and
    // loses to 3 → (3 + 1 + 0.5) / 6 = 0.75.
    QCOMPARE(auroc({1, 2, 3}, {2, 4}), 0.75);
    QCOMPARE(auroc({0, 0}, {0, 0, 0}), 0.5);  // all tied
    QCOMPARE(auroc({1, 2}, {3, 4}), 1.0);
    QCOMPARE(auroc({3, 4}, {1, 2}), 0.0);
  }

  void fpr_conventions_and_detection_error() {
    // 20 inliers with scores 0..19, 20 OOD with scores 10..29.
    std::vector<double> in, ood;
    for (int i = 0; i < 20; ++i) in.push_back(i), ood.push_back(10 + i);
    OodMetrics m = evaluate_ood(in, ood, 0);
    // Usual: keep ≥ 95 % of inliers (19 of 20) → threshold flags only scores ≥ 19
    // → OOD accepted: scores 10..18 = 9 of 20 = 0.45.
    QCOMPARE(m.fpr_at_95_tpr, 0.45);
    // Authors': catch ≥ 95 % of OOD (19 of 20) → flag scores ≥ 11 → inliers flagged 11..19 = 9/20.
    QCOMPARE(m.fpr_at_95_tpr_authors, 0.45);
    // Keep ≥ 80 % (16) of inliers → flag ≥ 16 → OOD accepted 10..15 = 6/20.
    QCOMPARE(m.fpr_at_80_tpr, 0.30);
    // Best threshold 20 (flag 20..29): tpr = 0.5, fpr = 0 → ½·0.5 + 0 = 0.25. Also 10: tpr=1,
    // fpr=0.5 → 0.25. Nothing beats 0.25.
    QCOMPARE(m.detection_error, 0.25);
    QCOMPARE(m.roc.front().fpr, 0.0);
    QCOMPARE(m.roc.back().tpr, 1.0);
    // Pairs won: ood 10..19 beat v in-scores and tie one each (145 + 5), ood 20..29 beat all 20 (200).
    QCOMPARE(m.auroc, 350.0 / 400.0);
  }

  void conventions_differ_when_asymmetric() {
    // Inliers tight, OOD spread: the two FPR@95 conventions must differ.
    std::vector<double> in, ood;
    for (int i = 0; i < 100; ++i) in.push_back(i * 0.01);
    for (int i = 0; i < 100; ++i) ood.push_back(-5 + i * 0.1);
    OodMetrics m = evaluate_ood(in, ood, 0);
    QVERIFY(std::abs(m.fpr_at_95_tpr - m.fpr_at_95_tpr_authors) > 0.1);
  }

  void average_precision_by_hand() {
    // in = {0, 1}, ood = {2, 0.5}. AUPR-out (OOD positive), descending: 2 (ood) P=1 R=.5;
    // 1 (in) ; 0.5 (ood) P=2/3 R=1; 0 (in). AP = .5·1 + .5·(2/3) = 5/6.
    OodMetrics m = evaluate_ood({0, 1}, {2, 0.5}, 0);
    QVERIFY(std::abs(m.aupr_out - 5.0 / 6.0) < 1e-12);
    // AUPR-in (inliers positive, ascending): 0 (in) P=1 R=.5; 0.5 (ood); 1 (in) P=2/3 R=1 → 5/6.
    QVERIFY(std::abs(m.aupr_in - 5.0 / 6.0) < 1e-12);
    // Tied block: in={1}, ood={1}: one step with P=½ → AP = ½ both ways.
    OodMetrics t = evaluate_ood({1}, {1}, 0);
    QCOMPARE(t.aupr_out, 0.5);
    QCOMPARE(t.aupr_in, 0.5);
  }

  void bootstrap_interval_brackets_auroc() {
    std::vector<double> in, ood;
    for (int i = 0; i < 200; ++i) in.push_back(std::sin(i * 1.3)), ood.push_back(std::sin(i * 0.7) + 0.5);
    OodMetrics m = evaluate_ood(in, ood, 500, 1);
    QVERIFY(m.auroc_ci_low < m.auroc);
    QVERIFY(m.auroc < m.auroc_ci_high);
    QVERIFY(m.auroc_ci_high - m.auroc_ci_low < 0.2);
    OodMetrics again = evaluate_ood(in, ood, 500, 1);
    QCOMPARE(again.auroc_ci_low, m.auroc_ci_low);  // seeded
  }

  void rejects_nan() {
    bool thrown = false;
    try {
      evaluate_ood({1, std::nan("")}, {2}, 0);
    } catch (const Error& e) {
      thrown = std::string(e.what()).find("NaN") != std::string::npos;
    }
    QVERIFY(thrown);
  }
};

QTEST_GUILESS_MAIN(TestMetrics)
#include "test_metrics.moc"
