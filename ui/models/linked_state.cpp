#include "models/linked_state.h"

namespace msma::ui {

double LinkedState::score(const ImageRef& r) const { return scores(r.set)[r.row]; }

const Eigen::VectorXd& LinkedState::scores(int set) const {
  return results_->sets.at(set).ood_score.at(aux_.toStdString());
}

void LinkedState::setResults(std::shared_ptr<RunResults> results) {
  results_ = std::move(results);
  current_ = {};
  selection_.clear();
  hasSelection_ = false;
  aux_ = results_ && !results_->aux_kinds.empty() ? QString::fromStdString(results_->aux_kinds.front()) : QString();
  // Default threshold: the one that keeps 95 % of inliers (the usual FPR@95 operating point).
  if (results_) {
    const auto& s = scores(0);
    threshold_ = quantile(std::vector<double>(s.data(), s.data() + s.size()), 0.95);
  }
  Q_EMIT resultsChanged();
}

void LinkedState::setAuxKind(const QString& kind) {
  if (kind == aux_ || !results_ || !results_->models.count(kind.toStdString())) return;
  aux_ = kind;
  const auto& s = scores(0);
  threshold_ = quantile(std::vector<double>(s.data(), s.data() + s.size()), 0.95);
  Q_EMIT auxKindChanged();
  Q_EMIT thresholdChanged(threshold_);
}

void LinkedState::setCurrent(const ImageRef& r) {
  if (r == current_) return;
  current_ = r;
  Q_EMIT currentChanged(r);
}

void LinkedState::setSelection(const QSet<quint64>& keys) {
  selection_ = keys;
  hasSelection_ = true;
  Q_EMIT selectionChanged();
}

void LinkedState::clearSelection() {
  selection_.clear();
  hasSelection_ = false;
  Q_EMIT selectionChanged();
}

void LinkedState::setThreshold(double t) {
  if (t == threshold_) return;
  threshold_ = t;
  Q_EMIT thresholdChanged(t);
}

}  // namespace msma::ui
