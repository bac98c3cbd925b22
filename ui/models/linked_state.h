#pragma once
// The state the evidence views share, so that they stay linked: the loaded run, the chosen
// auxiliary model, the image being inspected, the points selected in the projection and the
// OOD-score threshold. Views read it and listen to its signals; none talks to another.
#include <QObject>
#include <QSet>
#include <QString>
#include <memory>

#include "models/run_results.h"

namespace msma::ui {

struct ImageRef {
  int set = -1;     // index into RunResults::sets
  qint64 row = -1;  // image index within the set
  bool valid() const { return set >= 0 && row >= 0; }
  bool operator==(const ImageRef& o) const { return set == o.set && row == o.row; }
  quint64 key() const { return (quint64(quint32(set)) << 40) | quint64(row); }
};

class LinkedState : public QObject {
  Q_OBJECT
 public:
  const std::shared_ptr<RunResults>& results() const { return results_; }
  const QString& auxKind() const { return aux_; }
  ImageRef current() const { return current_; }
  const QSet<quint64>& selection() const { return selection_; }
  bool hasSelection() const { return hasSelection_; }
  double threshold() const { return threshold_; }

  // OOD score of one image under the current auxiliary model.
  double score(const ImageRef& r) const;
  const Eigen::VectorXd& scores(int set) const;

 public Q_SLOTS:
  void setResults(std::shared_ptr<msma::ui::RunResults> results);
  void setAuxKind(const QString& kind);
  void setCurrent(const msma::ui::ImageRef& r);
  void setSelection(const QSet<quint64>& keys);  // from the projection
  void clearSelection();
  void setThreshold(double t);

 Q_SIGNALS:
  void resultsChanged();
  void auxKindChanged();
  void currentChanged(const msma::ui::ImageRef& r);
  void selectionChanged();
  void thresholdChanged(double t);

 private:
  std::shared_ptr<RunResults> results_;
  QString aux_;
  ImageRef current_;
  QSet<quint64> selection_;
  bool hasSelection_ = false;
  double threshold_ = 0;
};

}  // namespace msma::ui

Q_DECLARE_METATYPE(msma::ui::ImageRef)
