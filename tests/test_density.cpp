// Auxiliary models: a GMM recovers a known mixture; kNN equals brute force; save/load.
#include <QtTest>
#include <map>
#include <random>

#include "common/atomic_file.h"
#include "common/error.h"
#include "density/gmm.h"
#include "density/knn.h"
#include "run/pipeline.h"
#include "run/run_config.h"

using namespace msma;

namespace {
Eigen::MatrixXd three_clusters(int per, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> g(0, 1);
  const double centres[3][2] = {{0, 0}, {10, 0}, {0, 10}};
  const double scales[3] = {1.0, 0.5, 2.0};
  Eigen::MatrixXd x(3 * per, 2);
  for (int c = 0; c < 3; ++c)
    for (int i = 0; i < per; ++i) {
      x(c * per + i, 0) = centres[c][0] + scales[c] * g(rng);
      x(c * per + i, 1) = centres[c][1] + scales[c] * g(rng);
    }
  // Interleave so unshuffled folds see every cluster.
  Eigen::MatrixXd y(x.rows(), 2);
  for (int i = 0; i < per; ++i)
    for (int c = 0; c < 3; ++c) y.row(3 * i + c) = x.row(c * per + i);
  return y;
}
}  // namespace

class TestDensity : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void gmm_recovers_known_mixture() {
    const Eigen::MatrixXd x = three_clusters(400, 1);
    Gmm gmm(GmmOptions{{1, 2, 3, 4, 5, 6}, 5, false, 1e-6, 2, 200, 1e-6, 7, 2});
    gmm.fit(x, nullptr, nullptr);
    QCOMPARE(gmm.chosen_k(), 3);  // held-out likelihood picks the true count
    // Means, mapped back from standardised space, land within 0.2 of the true centres.
    const auto& fit = gmm.mixture();
    const nlohmann::json j = gmm.to_json();
    const Eigen::Vector2d mean(j["mean"][0].get<double>(), j["mean"][1].get<double>());
    const Eigen::Vector2d scale(j["scale"][0].get<double>(), j["scale"][1].get<double>());
    const double truth[3][2] = {{0, 0}, {10, 0}, {0, 10}};
    for (const auto& t : truth) {
      double best = 1e9;
      for (const auto& m : fit.means) {
        const Eigen::Vector2d raw = m.cwiseProduct(scale) + mean;
        best = std::min(best, (raw - Eigen::Vector2d(t[0], t[1])).norm());
      }
      QVERIFY2(best < 0.2, qPrintable(QString("centre (%1,%2) missed by %3").arg(t[0]).arg(t[1]).arg(best)));
    }
    double wsum = fit.weights.sum();
    QVERIFY(std::abs(wsum - 1) < 1e-9);
    for (int c = 0; c < 3; ++c) QVERIFY(std::abs(fit.weights(c) - 1.0 / 3) < 0.03);
    // Far points are more OOD than cluster centres.
    Eigen::MatrixXd q(2, 2);
    q << 0, 0, 30, 30;
    const Eigen::VectorXd s = gmm.score(q);
    QVERIFY(s(1) > s(0) + 10);
  }

  void gmm_save_load_roundtrip() {
    const Eigen::MatrixXd x = three_clusters(100, 2);
    Gmm gmm(GmmOptions{{3}, 10, false, 1e-6, 1, 100, 1e-3, 1, 1});
    gmm.fit(x, nullptr, nullptr);
    const QString path = QDir::temp().filePath("msma-test-gmm.json");
    save_density_model(gmm, path.toStdString());
    auto loaded = load_density_model(path.toStdString());
    QVERIFY((loaded->score(x) - gmm.score(x)).cwiseAbs().maxCoeff() < 1e-9);
    QFile::remove(path);
  }

  void gmm_is_seeded() {
    const Eigen::MatrixXd x = three_clusters(150, 3);
    GmmOptions o{{2, 3, 4}, 5, false, 1e-6, 1, 100, 1e-3, 11, 2};
    Gmm a(o), b(o);
    a.fit(x, nullptr, nullptr);
    b.fit(x, nullptr, nullptr);
    QCOMPARE(a.score(x), b.score(x));
  }

  void knn_matches_brute_force() {
    std::mt19937_64 rng(5);
    std::normal_distribution<double> g(0, 1);
    Eigen::MatrixXd fit(500, 10), query(60, 10);
    for (Eigen::Index i = 0; i < fit.size(); ++i) fit.data()[i] = g(rng);
    for (Eigen::Index i = 0; i < query.size(); ++i) query.data()[i] = 1.5 * g(rng);
    Knn knn(5);
    knn.fit(fit, nullptr, nullptr);
    const Eigen::VectorXd s = knn.score(query);
    for (Eigen::Index q = 0; q < query.rows(); ++q) {
      std::vector<double> d;
      for (Eigen::Index i = 0; i < fit.rows(); ++i) d.push_back((fit.row(i) - query.row(q)).norm());
      std::nth_element(d.begin(), d.begin() + 4, d.end());
      QVERIFY(std::abs(s(q) - d[4]) < 1e-12);
    }
    // A fit point finds itself first: its score is its 4th other neighbour's distance.
    const Eigen::VectorXd self = knn.score(fit.topRows(1));
    std::vector<double> d;
    for (Eigen::Index i = 0; i < fit.rows(); ++i) d.push_back((fit.row(i) - fit.row(0)).norm());
    std::sort(d.begin(), d.end());
    QCOMPARE(d[0], 0.0);
    QVERIFY(std::abs(self(0) - d[4]) < 1e-12);
    const QString path = QDir::temp().filePath("msma-test-knn.json");
    save_density_model(knn, path.toStdString());
    QCOMPARE(load_density_model(path.toStdString())->score(query), s);
    QFile::remove(path);
  }

  void knn_scores_fit_vectors_without_themselves() {
    std::mt19937_64 rng(7);
    std::normal_distribution<double> g(0, 1);
    Eigen::MatrixXd fit(200, 6);
    for (Eigen::Index i = 0; i < fit.size(); ++i) fit.data()[i] = g(rng);
    fit.row(7) = fit.row(3);  // a duplicate: its twin is a real other neighbour at distance 0
    fit.col(2) *= 50.0;
    auto knn = make_density_model("knn", {{"k", 5}, {"standardise", true}});
    knn->fit(fit, nullptr, nullptr);
    const Eigen::MatrixXd z = Standardiser(fit).apply(fit);
    const Eigen::VectorXd loo = knn->score_fit_vectors(fit);
    for (Eigen::Index i = 0; i < fit.rows(); ++i) {
      std::vector<double> d;
      for (Eigen::Index j = 0; j < fit.rows(); ++j)
        if (j != i) d.push_back((z.row(j) - z.row(i)).norm());
      std::nth_element(d.begin(), d.begin() + 4, d.end());
      QVERIFY2(std::abs(loo(i) - d[4]) < 1e-9, qPrintable(QString::number(i)));
    }
    QVERIFY((loo.array() >= knn->score(fit).array()).all());  // one neighbour further out
    // A saved and loaded model finds the same points (its arithmetic is the same bits).
    const QString path = QDir::temp().filePath("msma-test-knn-loo.json");
    save_density_model(*knn, path.toStdString());
    QCOMPARE(load_density_model(path.toStdString())->score_fit_vectors(fit), loo);
    QFile::remove(path);
    // Vectors it was not fitted on are refused, naming the row, never scored as if they were.
    Eigen::MatrixXd other = fit;
    other(41, 0) += 0.5;
    try {
      knn->score_fit_vectors(other);
      QFAIL("a vector that is no fit point was scored as one");
    } catch (const Error& e) {
      QVERIFY2(QString(e.what()).contains("vector 42"), e.what());
    }
    QVERIFY_THROWS_EXCEPTION(Error, knn->score_fit_vectors(fit.topRows(10)));
    // With only k fit points nothing can be left out: scored as any vector.
    Knn tiny(5);
    tiny.fit(fit.topRows(5), nullptr, nullptr);
    QCOMPARE(tiny.score_fit_vectors(fit.topRows(5)), tiny.score(fit.topRows(5)));
  }

  void knn_in_many_dimensions_finds_the_exact_neighbours() {
    // Above kTreeMaxFeatures the search screens by a matrix product (‖q‖² + ‖p‖² − 2q·p):
    // far from the origin that loses digits to cancellation, and near-ties crowd the k-th
    // neighbour; the distances must still be the exact ones.
    std::mt19937_64 rng(8);
    std::normal_distribution<double> g(0, 1);
    const int d = 3 * kTreeMaxFeatures;
    Eigen::MatrixXd fit(400, d), query(50, d);
    for (Eigen::Index i = 0; i < fit.size(); ++i) fit.data()[i] = 1e5 + 0.01 * g(rng);
    for (Eigen::Index i = 0; i < query.size(); ++i) query.data()[i] = 1e5 + 0.012 * g(rng);
    fit.row(9) = fit.row(4);  // a duplicate: a real other neighbour at distance 0
    query.row(3) = fit.row(17);
    auto naive_kth = [&](const Eigen::RowVectorXd& q, Eigen::Index skip_row, int k) {
      std::vector<double> dist;
      for (Eigen::Index i = 0; i < fit.rows(); ++i)
        if (i != skip_row) dist.push_back((fit.row(i) - q).norm());
      std::nth_element(dist.begin(), dist.begin() + (k - 1), dist.end());
      return dist[k - 1];
    };
    Knn knn(5);
    knn.fit(fit, nullptr, nullptr);
    const Eigen::VectorXd s = knn.score(query);
    for (Eigen::Index q = 0; q < query.rows(); ++q) {
      const double want = naive_kth(query.row(q), -1, 5);
      QVERIFY2(std::abs(s(q) - want) <= 1e-12 * want, qPrintable(QString::number(q)));
    }
    const Eigen::VectorXd loo = knn.score_fit_vectors(fit);
    for (Eigen::Index i = 0; i < fit.rows(); ++i) {
      const double want = naive_kth(fit.row(i), i, 5);
      QVERIFY2(std::abs(loo(i) - want) <= 1e-12 * want, qPrintable(QString::number(i)));
    }
    Eigen::MatrixXd other = fit;
    other(41, 0) += 0.5;
    try {
      knn.score_fit_vectors(other);
      QFAIL("a vector that is no fit point was scored as one");
    } catch (const Error& e) {
      QVERIFY2(QString(e.what()).contains("vector 42"), e.what());
    }
    const QString path = QDir::temp().filePath("msma-test-knn-wide.json");
    save_density_model(knn, path.toStdString());
    QCOMPARE(load_density_model(path.toStdString())->score(query), s);
    QFile::remove(path);
  }

  void knn_standardised_equals_knn_on_standardised_rows() {
    std::mt19937_64 rng(6);
    std::normal_distribution<double> g(0, 1);
    Eigen::MatrixXd fit(300, 4), query(40, 4);
    for (Eigen::Index i = 0; i < fit.size(); ++i) fit.data()[i] = g(rng);
    for (Eigen::Index i = 0; i < query.size(); ++i) query.data()[i] = g(rng);
    fit.col(1) *= 1000.0;  // one column in other units would dominate raw distances
    query.col(1) *= 1000.0;
    auto knn = make_density_model("knn", {{"k", 5}, {"standardise", true}});
    knn->fit(fit, nullptr, nullptr);
    const Standardiser st(fit);
    Knn plain(5);
    plain.fit(st.apply(fit), nullptr, nullptr);
    const Eigen::VectorXd s = knn->score(query);
    QVERIFY((s - plain.score(st.apply(query))).cwiseAbs().maxCoeff() < 1e-12);
    const QString path = QDir::temp().filePath("msma-test-knn-std.json");
    save_density_model(*knn, path.toStdString());
    QCOMPARE(load_density_model(path.toStdString())->score(query), s);
    QFile::remove(path);
  }

  void a_kind_an_ensemble_holds_with_the_same_options_is_fitted_once() {
    const Eigen::MatrixXd fit = three_clusters(60, 4);
    const nlohmann::json gmm_opt = {{"k_grid", {1, 2}}, {"seed", 3}}, knn_opt = {{"k", 5}};
    const std::map<std::string, nlohmann::json> options = {
        {"ensemble", {{"members", {"gmm", "knn"}}, {"gmm", gmm_opt}, {"knn", knn_opt}}},
        {"gmm", gmm_opt},
        {"knn", knn_opt}};
    auto of = [&](const std::string& kind) { return options.at(kind); };
    const auto models = fit_density_models({"ensemble", "gmm", "knn"}, of, fit, nullptr, nullptr);
    QCOMPARE(models.size(), std::size_t{3});
    QCOMPARE(models[1].get(), models[0]->fitted_member("gmm", gmm_opt));
    QCOMPARE(models[2].get(), models[0]->fitted_member("knn", knn_opt));
    // Other options: a model of its own, fitted on the same vectors.
    const nlohmann::json other = {{"k_grid", {1}}, {"seed", 3}};
    const auto own = fit_density_models({"ensemble", "gmm"},
                                        [&](const std::string& k) { return k == "gmm" ? other : options.at(k); },
                                        fit, nullptr, nullptr);
    QVERIFY(own[0]->fitted_member("gmm", other) == nullptr);
    QVERIFY(own[1].get() != own[0]->fitted_member("gmm", gmm_opt));
    auto alone = make_density_model("gmm", other);
    alone->fit(fit, nullptr, nullptr);
    QCOMPARE(own[1]->score(fit), alone->score(fit));
  }

  void ensemble_sums_members_as_distances_scaled_by_their_fit_spread() {
    const Eigen::MatrixXd fit = three_clusters(100, 8);
    Eigen::MatrixXd query(4, 2);
    query << 0, 0, 10, 0, 5, 5, 30, -30;
    const nlohmann::json gmm_opt = {{"k_grid", {3}}, {"seed", 1}}, knn_opt = {{"k", 5}};
    auto ens = make_density_model("ensemble", {{"members", {"gmm", "knn"}}, {"gmm", gmm_opt}, {"knn", knn_opt}});
    ens->fit(fit, nullptr, nullptr);
    // The same members fitted alone: the GMM's NLL as √(2·(NLL − its lowest on a fit vector)),
    // the kNN's distance as it is, each divided by the population std of those on the fit set.
    auto gmm = make_density_model("gmm", gmm_opt);
    auto knn = make_density_model("knn", knn_opt);
    gmm->fit(fit, nullptr, nullptr);
    knn->fit(fit, nullptr, nullptr);
    QVERIFY(gmm->scores_neg_log_likelihood() && !knn->scores_neg_log_likelihood());
    auto spread = [&](const Eigen::VectorXd& v) { return std::sqrt((v.array() - v.mean()).square().mean()); };
    const double floor = gmm->score(fit).minCoeff();
    auto gmm_distance = [&](const Eigen::VectorXd& nll) -> Eigen::VectorXd {
      return (2 * (nll.array() - floor).max(0.0)).sqrt().matrix();
    };
    const Eigen::VectorXd expected = gmm_distance(gmm->score(query)) / spread(gmm_distance(gmm->score(fit))) +
                                     knn->score(query) / spread(knn->score(fit));
    const Eigen::VectorXd s = ens->score(query);
    QVERIFY((s - expected).cwiseAbs().maxCoeff() < 1e-9 * expected.cwiseAbs().maxCoeff());
    QVERIFY(s(3) > s(2) && s(2) > s(0));  // far outlier > between clusters > a cluster centre
    // A far vector's GMM part grows linearly with its distance: 30 and 60 above the widest
    // cluster's centre (0, 10) give about twice as much (its raw NLL about four times).
    Eigen::MatrixXd far(2, 2);
    far << 0, 40, 0, 70;
    const Eigen::VectorXd fd = gmm_distance(gmm->score(far));
    QVERIFY2(fd(1) / fd(0) > 1.9 && fd(1) / fd(0) < 2.1, std::to_string(fd(1) / fd(0)).c_str());
    // Its fit vectors: each member's own fit scoring (kNN leaving each point out), same scales.
    const Eigen::VectorXd own = ens->score_fit_vectors(fit);
    const Eigen::VectorXd own_expected = gmm_distance(gmm->score(fit)) / spread(gmm_distance(gmm->score(fit))) +
                                         knn->score_fit_vectors(fit) / spread(knn->score(fit));
    QVERIFY((own - own_expected).cwiseAbs().maxCoeff() < 1e-9 * own_expected.cwiseAbs().maxCoeff());
    QVERIFY((own.array() >= ens->score(fit).array() - 1e-12).all() && (own - ens->score(fit)).maxCoeff() > 0);
    const QString path = QDir::temp().filePath("msma-test-ensemble.json");
    save_density_model(*ens, path.toStdString());
    QCOMPARE(load_density_model(path.toStdString())->score(query), s);

    // "sum" adds the raw scores, as ensembles saved before the distance form did; such a saved
    // file (no combine rule, no floors) loads and scores as it was fitted.
    auto sum = make_density_model("ensemble", {{"members", {"gmm", "knn"}}, {"combine", "sum"}, {"gmm", gmm_opt},
                                               {"knn", knn_opt}});
    sum->fit(fit, nullptr, nullptr);
    const Eigen::VectorXd raw_expected =
        gmm->score(query) / spread(gmm->score(fit)) + knn->score(query) / spread(knn->score(fit));
    const Eigen::VectorXd raw = sum->score(query);
    QVERIFY((raw - raw_expected).cwiseAbs().maxCoeff() < 1e-9 * raw_expected.cwiseAbs().maxCoeff());
    nlohmann::json legacy = sum->to_json();
    legacy["kind"] = "ensemble";
    legacy.erase("combine");
    legacy.erase("floors");
    legacy["options"].erase("combine");
    write_file_atomic(path.toStdString(), legacy.dump());
    QCOMPARE(load_density_model(path.toStdString())->score(query), raw);
    // A distance-form file without its floors is refused, naming the file.
    nlohmann::json broken = ens->to_json();
    broken["kind"] = "ensemble";
    broken.erase("floors");
    write_file_atomic(path.toStdString(), broken.dump());
    QVERIFY_THROWS_EXCEPTION(Error, load_density_model(path.toStdString()));
    QFile::remove(path);
    QVERIFY_THROWS_EXCEPTION(Error, make_density_model("ensemble", {{"members", {"ensemble"}}}));
    QVERIFY_THROWS_EXCEPTION(Error, make_density_model("ensemble", {{"combine", "product"}}));

    // Weights multiply each member's part; a member not named weighs 1. They are saved, and a
    // file saved before weights (none in it) weighs its members alike, as it was fitted.
    auto weighted = make_density_model("ensemble", {{"members", {"gmm", "knn"}}, {"weights", {{"gmm", 0.6}, {"knn", 1.4}}},
                                                    {"gmm", gmm_opt}, {"knn", knn_opt}});
    weighted->fit(fit, nullptr, nullptr);
    const Eigen::VectorXd weighted_expected = 0.6 * gmm_distance(gmm->score(query)) / spread(gmm_distance(gmm->score(fit))) +
                                              1.4 * knn->score(query) / spread(knn->score(fit));
    const Eigen::VectorXd w = weighted->score(query);
    QVERIFY((w - weighted_expected).cwiseAbs().maxCoeff() < 1e-9 * weighted_expected.cwiseAbs().maxCoeff());
    QVERIFY((w - s).cwiseAbs().maxCoeff() > 1e-3 * s.cwiseAbs().maxCoeff());  // the weights changed the scores
    save_density_model(*weighted, path.toStdString());
    QCOMPARE(load_density_model(path.toStdString())->score(query), w);
    nlohmann::json unweighted = weighted->to_json();
    unweighted["kind"] = "ensemble";
    unweighted.erase("weights");
    write_file_atomic(path.toStdString(), unweighted.dump());
    QCOMPARE(load_density_model(path.toStdString())->score(query), s);
    nlohmann::json bad_weight = weighted->to_json();
    bad_weight["kind"] = "ensemble";
    bad_weight["weights"] = {0.6, -1.0};
    write_file_atomic(path.toStdString(), bad_weight.dump());
    QVERIFY_THROWS_EXCEPTION(Error, load_density_model(path.toStdString()));
    QFile::remove(path);
    auto half = make_density_model("ensemble", {{"members", {"gmm", "knn"}}, {"weights", {{"knn", 0.5}}},
                                                {"gmm", gmm_opt}, {"knn", knn_opt}});
    half->fit(fit, nullptr, nullptr);
    const Eigen::VectorXd half_expected = gmm_distance(gmm->score(query)) / spread(gmm_distance(gmm->score(fit))) +
                                          0.5 * knn->score(query) / spread(knn->score(fit));
    QVERIFY((half->score(query) - half_expected).cwiseAbs().maxCoeff() < 1e-9 * half_expected.cwiseAbs().maxCoeff());
    for (const nlohmann::json& weights : {nlohmann::json{{"flow", 1.0}}, nlohmann::json{{"gmm", 0.0}},
                                          nlohmann::json{{"knn", "heavy"}}, nlohmann::json::array({1, 1})})
      QVERIFY_THROWS_EXCEPTION(Error, make_density_model("ensemble", {{"members", {"gmm", "knn"}}, {"weights", weights}}));
  }

  void flow_learns_density_and_roundtrips() {
    const Eigen::MatrixXd x = three_clusters(300, 6);
    for (const char* optimizer : {"adam", "adadelta"}) {
      auto flow = make_density_model("flow", {{"epochs", 15}, {"layers", 2}, {"hidden", 32}, {"optimizer", optimizer},
                                              {"learning_rate", std::string(optimizer) == "adam" ? 3e-3 : 1.0}, {"seed", 3}});
      flow->fit(x, nullptr, nullptr);
      Eigen::MatrixXd q(3, 2);
      q << 0, 0, 10, 0, 30, -30;  // two cluster centres and a far point
      const Eigen::VectorXd s = flow->score(q);
      QVERIFY2(s(2) > s(0) + 5 && s(2) > s(1) + 5, optimizer);
      const QString path = QDir::temp().filePath("msma-test-flow.json");
      save_density_model(*flow, path.toStdString());
      const Eigen::VectorXd again = load_density_model(path.toStdString())->score(q);
      QVERIFY((again - s).cwiseAbs().maxCoeff() < 1e-4);
      QFile::remove(path);
    }
  }

  // The registry is the one list of aux kinds: every entry builds a model of its own kind
  // from empty options and from a run's completed options, and an unknown kind names the
  // known ones. A run's options follow each kind's rule (seed, standardising, members).
  void registry_builds_every_kind_and_completes_run_options() {
    QCOMPARE(aux_kinds().size(), aux_models().size());
    RunConfig cfg;
    cfg.seed = 42;
    for (const auto& m : aux_models()) {
      QVERIFY(!m.description.empty());
      QCOMPARE(make_density_model(m.kind)->kind(), m.kind);
      QCOMPARE(make_density_model(m.kind, aux_options(cfg, m.kind))->kind(), m.kind);
    }
    QCOMPARE(aux_options(cfg, "gmm")["seed"].get<int>(), 42);
    QCOMPARE(aux_options(cfg, "gmm")["reg_covar"].get<double>(), 1e-4);  // the run's own setting kept
    QCOMPARE(aux_options(cfg, "knn")["standardise"].get<bool>(), true);  // richer features: mixed units
    cfg.features = "norms";
    QCOMPARE(aux_options(cfg, "knn")["standardise"].get<bool>(), false);
    const nlohmann::json ens = aux_options(cfg, "ensemble");
    QCOMPARE(ens["members"], (nlohmann::json{"gmm", "knn"}));
    QCOMPARE(ens["gmm"], aux_options(cfg, "gmm"));
    QCOMPARE(ens["weights"], (nlohmann::json{{"gmm", 0.6}, {"knn", 1.4}}));  // the run's default leans on the kNN
    cfg.aux_settings["ensemble"] = {{"members", {"gmm", "flow"}}};
    QCOMPARE(aux_options(cfg, "ensemble")["flow"]["seed"].get<int>(), 42);
    // A member's settings inside the ensemble's own still follow that member's rule.
    cfg.features = "stats";
    cfg.aux_settings["ensemble"] = {{"members", {"gmm", "knn"}}, {"knn", {{"k", 3}}}};
    const nlohmann::json given = aux_options(cfg, "ensemble");
    QCOMPARE(given["knn"]["k"].get<int>(), 3);
    QCOMPARE(given["knn"]["standardise"].get<bool>(), true);
    bool named = false;
    try {
      make_density_model("svm");
    } catch (const Error& e) {
      named = std::string(e.what()).find("unknown auxiliary model 'svm'") != std::string::npos &&
              std::string(e.what()).find(aux_kinds_text()) != std::string::npos;
    }
    QVERIFY(named);
  }

  void nan_input_is_rejected() {
    Eigen::MatrixXd x = three_clusters(20, 4);
    x(7, 1) = std::nan("");
    for (const char* kind : {"gmm", "knn", "flow"}) {
      auto m = make_density_model(kind, {{"k_grid", {2}}});
      bool ok = false;
      try {
        m->fit(x, nullptr, nullptr);
      } catch (const Error& e) {
        ok = std::string(e.what()).find("row 7, column 1 is NaN") != std::string::npos;
      }
      QVERIFY2(ok, kind);
    }
  }
};

QTEST_GUILESS_MAIN(TestDensity)
#include "test_density.moc"
