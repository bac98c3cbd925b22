#include "models/run_results.h"

#include <algorithm>
#include <utility>

#include "common/error.h"
#include "data/npy.h"
#include "data/load.h"
#include "run/detect.h"
#include "run/pipeline.h"
#include "run/run_dir.h"

namespace fs = std::filesystem;

namespace msma::ui {

std::shared_ptr<RunResults> RunResults::load(const fs::path& dir, bool with_images, const ProgressFn& progress,
                                             const CancelToken* cancel) {
  auto r = std::make_shared<RunResults>();
  r->dir = dir;
  const RunDir run(dir);
  r->config = run.load_config();
  const ScoreMatrices m = load_run_matrices(run, r->config);
  const ScoreMatrices norms = m.feature_set == "norms" ? m : load_run_norms(run, r->config);
  r->fit = m.fit;
  r->feature_set = m.feature_set;
  r->feature_names = m.feature_names;
  r->sigmas = r->config.schedule.sigmas();  // the one source (scoring checks it against the checkpoint)
  r->metrics = run.read_json("metrics.json");
  for (const auto& kind : r->config.aux) {
    const fs::path p = run.aux() / (kind + ".json");
    if (!fs::exists(p)) continue;
    r->models[kind] = std::shared_ptr<DensityModel>(load_density_model(p.string()));
    r->aux_kinds.push_back(kind);
  }
  if (r->aux_kinds.empty()) throw Error(run.aux().string() + ": no fitted auxiliary model; run 'fit' first");
  r->sets.push_back({"test", true, norms.test, m.test, {}, nullptr});
  for (std::size_t k = 0; k < m.ood.size(); ++k)
    r->sets.push_back({m.ood[k].first, false, norms.ood[k].second, m.ood[k].second, {}, nullptr});
  for (auto& c : load_checked_sets(run, r->config))
    r->sets.push_back({c.name, false, std::move(c.norms), std::move(c.features), {}, nullptr, true, c.input});
  // The evaluation's own per-image scores (what metrics.json was computed from, exactly);
  // only checked sets, and a model fitted since the evaluation, are scored here.
  PerImageScores saved = read_per_image_scores(run.file("per_image_scores.csv"));
  for (auto& s : r->sets) {
    const auto set = s.checked ? saved.end() : saved.find(s.name);
    for (const auto& [kind, model] : r->models) {
      if (set != saved.end()) {
        const auto scores = set->second.find(kind);
        if (scores != set->second.end() && scores->second.size() == s.features.rows()) {
          s.ood_score[kind] = std::move(scores->second);  // each (set, kind) is taken once
          continue;
        }
      }
      s.ood_score[kind] = model->score(s.features);
    }
  }
  r->evidence = compute_evidence(*r);
  if (with_images) {
    if (cancel) cancel->check();
    r->attach_images(load_datasets(r->config, progress, nullptr));
  }
  return r;
}

void RunResults::attach_images(RunData&& data) {
  const Geometry g{data.test.c, data.test.h, data.test.w};  // the run's geometry
  sets[0].images = std::make_shared<const ImageSet>(std::move(data.test));
  for (std::size_t k = 0; k < data.ood.size() && k + 1 < sets.size(); ++k)
    sets[k + 1].images = std::make_shared<const ImageSet>(std::move(data.ood[k]));
  for (auto& s : sets) {
    if (!s.checked) continue;
    // Checked data may have moved since: its scores still show, its images do not.
    try {
      s.images = std::make_shared<const ImageSet>(load_in_run_geometry(s.input, config, g));
    } catch (const Error&) {
      s.images = nullptr;
    }
    if (s.images && s.images->n != s.norms.rows()) s.images = nullptr;  // changed since it was checked
  }
  for (const auto& s : sets)
    if (s.images && s.images->n != s.norms.rows())
      throw Error(dir.string() + ": dataset '" + s.name + "' now has " + std::to_string(s.images->n) +
                  " images but its score matrix has " + std::to_string(s.norms.rows()) + " rows; rescore the run");
}

std::pair<Eigen::VectorXd, Eigen::VectorXd> RunResults::inlier_band() const {
  const Eigen::MatrixXd& x = inlier().norms;
  Eigen::VectorXd lo(x.cols()), hi(x.cols());
  for (Eigen::Index c = 0; c < x.cols(); ++c) {
    std::vector<double> v(x.col(c).data(), x.col(c).data() + x.rows());
    lo[c] = quantile(v, 0.05);
    hi[c] = quantile(v, 0.95);
  }
  return {lo, hi};
}

}  // namespace msma::ui
