#include "views/datasets_panel.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMimeData>
#include <QPainter>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent>
#include <numeric>

#include "data/conversion.h"
#include "data/load.h"
#include "data/builtin.h"
#include "views/common.h"

namespace msma::ui {

QString roleName(DatasetRole r) {
  switch (r) {
    case DatasetRole::InlierTrain: return DatasetsPanel::tr("Inlier train");
    case DatasetRole::InlierTest: return DatasetsPanel::tr("Inlier test");
    default: return DatasetsPanel::tr("OOD");
  }
}

DatasetsPanel::DatasetsPanel(QWidget* parent) : QWidget(parent) {
  setAcceptDrops(true);
  hint_ = new QLabel(tr("Drop image files, folders, archives, IDX, CIFAR-10, SVHN .mat or .npy files here, "
                        "or add a built-in set:"));
  hint_->setWordWrap(true);
  auto* builtins = new QHBoxLayout;
  for (const auto& set : builtin_sets()) {  // core's list; its labels translated here
    auto* b = new QPushButton(QCoreApplication::translate("msma::ui::DatasetsPanel", set.label.c_str()));
    b->setToolTip(QString::fromStdString(set.spec));
    const QString s = QString::fromStdString(set.spec);
    connect(b, &QPushButton::clicked, this, [this, s] { addSources({s}); });
    builtins->addWidget(b);
  }
  auto* remove = new QPushButton(tr("Remove"));
  connect(remove, &QPushButton::clicked, this, &DatasetsPanel::removeSelected);
  builtins->addStretch();
  builtins->addWidget(remove);
  // The working geometry: every set, inliers included, resized by its shorter side and
  // centre-cropped to it, so folders of photos in mixed sizes load.
  auto* geometry = new QHBoxLayout;
  imageSize_ = new QSpinBox;
  imageSize_->setRange(0, 4096);
  imageSize_->setSpecialValueText(tr("inlier set's own"));
  imageSize_->setSuffix(tr(" px"));
  imageSize_->setToolTip(tr("Working image size (square): every set, inliers included, is resized by its shorter "
                            "side and centre-cropped to it. Needed for folders of images in mixed sizes; applies "
                            "to datasets added after it is set."));
  channels_ = new QComboBox;
  channels_->addItem(tr("inlier set's own"), 0);
  channels_->addItem(tr("1 (gray)"), 1);
  channels_->addItem(tr("3 (RGB)"), 3);
  channels_->setEnabled(false);
  connect(imageSize_, qOverload<int>(&QSpinBox::valueChanged), this, [this](int v) {
    channels_->setEnabled(v > 0);
    rebuildTable();
    Q_EMIT datasetsChanged();
  });
  connect(channels_, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] {
    rebuildTable();
    Q_EMIT datasetsChanged();
  });
  geometry->addWidget(new QLabel(tr("Image size")));
  geometry->addWidget(imageSize_);
  geometry->addWidget(new QLabel(tr("Channels")));
  geometry->addWidget(channels_);
  geometry->addStretch();
  table_ = new QTableWidget;
  table_->setColumnCount(7);
  table_->setHorizontalHeaderLabels({tr("Images"), tr("Dataset"), tr("Role"), tr("Size"), tr("Geometry"), tr("Format"),
                                     tr("Conversion to the inlier geometry")});
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  table_->horizontalHeader()->setStretchLastSection(true);
  table_->verticalHeader()->setDefaultSectionSize(40);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->setIconSize(QSize(8 * 32, 32));
  errors_ = new QLabel;
  errors_->setStyleSheet("color: #b00020");
  errors_->setWordWrap(true);
  errors_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  auto* lay = new QVBoxLayout(this);
  lay->addWidget(hint_);
  lay->addLayout(builtins);
  lay->addLayout(geometry);
  lay->addWidget(table_, 1);
  lay->addWidget(errors_);
}

QString DatasetsPanel::lastError() const { return errorLines_.isEmpty() ? QString() : errorLines_.back(); }

void DatasetsPanel::dragEnterEvent(QDragEnterEvent* e) {
  if (e->mimeData()->hasUrls()) e->acceptProposedAction();
}

void DatasetsPanel::dropEvent(QDropEvent* e) {
  QStringList paths;
  for (const QUrl& u : e->mimeData()->urls())
    if (u.isLocalFile()) paths << u.toLocalFile();
  if (paths.isEmpty()) return;
  e->acceptProposedAction();
  addSources(paths);
}

void DatasetsPanel::addSources(const QStringList& specs) {
  for (const QString& spec : specs) {
    ++pending_;
    auto* watcher = new QFutureWatcher<std::shared_ptr<const ImageSet>>(this);
    auto count = std::make_shared<qint64>(0);
    auto error = std::make_shared<QString>();
    connect(watcher, &QFutureWatcher<std::shared_ptr<const ImageSet>>::finished, this, [=] {
      --pending_;
      const auto preview = watcher->result();
      watcher->deleteLater();
      if (!preview) {
        errorLines_ << *error;
        errors_->setText(errorLines_.join("\n"));
        Q_EMIT loadFailed(*error);
        Q_EMIT datasetsChanged();
        return;
      }
      DatasetEntry e;
      e.spec = spec;
      e.preview = preview;
      e.images = *count;
      const auto has = [&](DatasetRole r) {
        return std::any_of(entries_.begin(), entries_.end(), [&](const DatasetEntry& x) { return x.role == r; });
      };
      e.role = !has(DatasetRole::InlierTrain) ? DatasetRole::InlierTrain
               : !has(DatasetRole::InlierTest) && spec.startsWith("fashion-mnist:test") ? DatasetRole::InlierTest
                                                                                         : DatasetRole::Ood;
      entries_.push_back(e);
      rebuildTable();
      Q_EMIT datasetsChanged();
    });
    // Read the whole set off the GUI thread (that is what checks it), keep 8 images.
    LoadOptions opt;
    opt.read.working = workingGeometry();
    watcher->setFuture(QtConcurrent::run([spec, count, error, opt]() -> std::shared_ptr<const ImageSet> {
      try {
        const ImageSet s = load_dataset(spec.toStdString(), opt);
        *count = s.n;
        std::vector<std::int64_t> first(std::min<std::int64_t>(8, s.n));
        std::iota(first.begin(), first.end(), 0);
        auto p = std::make_shared<ImageSet>(s.subset(first, s.name));
        return p;
      } catch (const std::exception& e) {
        *error = QString::fromUtf8(e.what());
        if (!error->contains(spec)) *error = spec + ": " + *error;
        return nullptr;
      }
    }));
  }
}

void DatasetsPanel::setRole(int row, DatasetRole role) {
  if (row < 0 || row >= static_cast<int>(entries_.size())) return;
  // One inlier training set and one inlier test set: the previous holder becomes OOD.
  if (role != DatasetRole::Ood)
    for (auto& e : entries_)
      if (e.role == role) e.role = DatasetRole::Ood;
  entries_[row].role = role;
  rebuildTable();
  Q_EMIT datasetsChanged();
}

void DatasetsPanel::removeSelected() {
  const auto rows = table_->selectionModel()->selectedRows();
  std::vector<int> idx;
  for (const auto& r : rows) idx.push_back(r.row());
  std::sort(idx.rbegin(), idx.rend());
  for (int r : idx) entries_.erase(entries_.begin() + r);
  rebuildTable();
  Q_EMIT datasetsChanged();
}

void DatasetsPanel::rebuildTable() {
  const DatasetEntry* inlier = nullptr;
  for (const auto& e : entries_)
    if (e.role == DatasetRole::InlierTrain) inlier = &e;
  table_->setRowCount(static_cast<int>(entries_.size()));
  for (int row = 0; row < static_cast<int>(entries_.size()); ++row) {
    const DatasetEntry& e = entries_[row];
    const ImageSet& s = *e.preview;
    QPixmap strip(8 * 32, 32);
    strip.fill(Qt::white);
    {
      QPainter p(&strip);
      for (std::int64_t i = 0; i < s.n; ++i) p.drawImage(QRect(int(i) * 32, 0, 32, 32), imageOf(s, i));
    }
    auto* thumbs = new QTableWidgetItem;
    thumbs->setIcon(QIcon(strip));
    table_->setItem(row, 0, thumbs);
    auto* name = new QTableWidgetItem(QString::fromStdString(s.name));
    name->setToolTip(e.spec);
    table_->setItem(row, 1, name);
    auto* role = new QComboBox;
    for (auto r : {DatasetRole::InlierTrain, DatasetRole::InlierTest, DatasetRole::Ood}) role->addItem(roleName(r));
    role->setCurrentIndex(static_cast<int>(e.role));
    connect(role, &QComboBox::activated, this, [this, row](int i) { setRole(row, static_cast<DatasetRole>(i)); });
    table_->setCellWidget(row, 2, role);
    table_->setItem(row, 3, new QTableWidgetItem(tr("%n image(s)", "", static_cast<int>(e.images))));
    table_->setItem(row, 4, new QTableWidgetItem(QString::fromStdString(s.geometry())));
    table_->setItem(row, 5, new QTableWidgetItem(QString::fromStdString(s.format)));
    QString conv;
    const Geometry work = workingGeometry();
    if (!inlier) conv = tr("(no inlier training set yet)");
    else if (&e == inlier && work.h == 0) conv = tr("none: this is the inlier geometry");
    else {
      // The run's rule (core/run: load_in_run_geometry), shown on the set's first image.
      const ImageSet& in = *inlier->preview;
      ImageSet probe = to_run_geometry(s.subset({0}, s.name), run_geometry(work, in), work.h > 0);
      QStringList steps;
      for (const auto& c : probe.conversions) steps << QString::fromStdString(c);
      conv = steps.isEmpty() ? tr("none: same geometry") : steps.join("; ");
    }
    table_->setItem(row, 6, new QTableWidgetItem(conv));
  }
}

Geometry DatasetsPanel::workingGeometry() const {
  const int size = imageSize_->value();
  return size > 0 ? Geometry{channels_->currentData().toInt(), size, size} : Geometry{};
}

void DatasetsPanel::setWorkingGeometry(const Geometry& g) {
  imageSize_->setValue(g.h);  // square sizes only in the GUI; the CLI takes HxW
  channels_->setCurrentIndex(std::max(0, channels_->findData(g.c)));
}

QString DatasetsPanel::applyTo(RunConfig& cfg) const {
  const DatasetEntry *train = nullptr, *test = nullptr;
  std::vector<std::string> ood;
  for (const auto& e : entries_) {
    if (e.role == DatasetRole::InlierTrain) train = &e;
    else if (e.role == DatasetRole::InlierTest) test = &e;
    else ood.push_back(e.spec.toStdString());
  }
  if (!train) return tr("Choose an inlier training set (drop one, or add Fashion-MNIST).");
  if (!test) return tr("Choose an inlier test set (a dataset with the role 'Inlier test').");
  if (ood.empty()) return tr("Add at least one OOD dataset to evaluate against.");
  cfg.inlier_train = train->spec.toStdString();
  cfg.inlier_test = test->spec.toStdString();
  cfg.ood = ood;
  cfg.working = workingGeometry();
  return {};
}

}  // namespace msma::ui
