#include "views/training_view.h"

#include <algorithm>

#include "common/progress.h"
#include "density/density_model.h"

#include "score/features.h"

#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QListWidget>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>
#include <QValueAxis>

#include "views/datasets_panel.h"
#include "workers/pipeline_worker.h"

namespace msma::ui {

namespace {
QSpinBox* spin(int lo, int hi, int v) {
  auto* s = new QSpinBox;
  s->setRange(lo, hi);
  s->setValue(v);
  return s;
}
QDoubleSpinBox* dspin(double lo, double hi, double v, int decimals) {
  auto* s = new QDoubleSpinBox;
  s->setDecimals(decimals);
  s->setRange(lo, hi);
  s->setValue(v);
  return s;
}
}  // namespace

TrainingView::TrainingView(PipelineWorker* worker, DatasetsPanel* datasets, QWidget* parent)
    : QWidget(parent), worker_(worker), datasets_(datasets) {
  const RunConfig d;  // the core's defaults
  arch_ = new QComboBox;
  arch_->addItem(tr("U-Net (fast on CPUs)"), "unet");
  arch_->addItem(tr("RefineNet (NCSN v1, the paper's)"), "refinenet");
  precision_ = new QComboBox;
  precision_->addItem(tr("auto (bf16 where it measures faster on this CPU)"), "auto");
  precision_->addItem(tr("fp32"), "fp32");
  precision_->addItem(tr("bf16 (CPU autocast)"), "bf16");
  precision_->setCurrentIndex(precision_->findData(QString::fromStdString(d.train.precision)));
  features_ = new QComboBox;
  for (const auto& f : feature_sets()) {
    features_->addItem(QString::fromStdString(f.name), QString::fromStdString(f.name));
    features_->setItemData(features_->count() - 1, QString::fromStdString(f.description), Qt::ToolTipRole);
  }
  features_->setCurrentIndex(features_->findData(QString::fromStdString(d.features)));
  // The method: a preset fills the fields below it (run/run_config.h's apply_preset), and
  // shows "custom" once one of them differs from both.
  preset_ = new QComboBox;
  preset_->setObjectName("preset");
  preset_->addItem(tr("default (the measured best)"), "default");
  preset_->addItem(tr("paper (the MSMA authors' choices)"), "paper");
  preset_->addItem(tr("custom"), "");
  connect(preset_, &QComboBox::activated, this, [this] {
    const std::string preset = preset_->currentData().toString().toStdString();
    if (preset.empty()) return;
    RunConfig c = config();
    apply_preset(c, preset);
    setConfig(c);
  });
  parameterisation_ = new QComboBox;
  parameterisation_->addItem(tr("noise: s = net/σ (trains more easily)"), "noise");
  parameterisation_->addItem(tr("score: the net outputs the score (NCSN v1, the paper's)"), "score");
  upsample_ = new QComboBox;
  upsample_->setObjectName("upsample");
  upsample_->addItem(tr("conv-nearest: convolve coarse, then upsample (a third fewer multiply-adds)"), "conv-nearest");
  upsample_->addItem(tr("nearest-conv: upsample, then convolve (runs before 2026-12-03)"), "nearest-conv");
  emaDecay_ = dspin(0, 0.999999, d.train.ema_decay, 6);
  emaWarmup_ = new QCheckBox(tr("warm-up: decay min(EMA, 1 − (1 + step)^−¾)"));
  lrSchedule_ = new QComboBox;
  lrSchedule_->addItem(tr("constant (the paper's)"), "constant");
  lrSchedule_->addItem(tr("cosine to 10 % over the steps or minutes"), "cosine");
  warmupSteps_ = spin(0, 100000000, d.train.warmup_steps);
  parameterisation_->setCurrentIndex(parameterisation_->findData(QString::fromStdString(d.model.parameterisation)));
  upsample_->setCurrentIndex(upsample_->findData(QString::fromStdString(d.model.upsample)));
  emaWarmup_->setChecked(d.train.ema_warmup);
  lrSchedule_->setCurrentIndex(lrSchedule_->findData(QString::fromStdString(d.train.lr_schedule)));
  // One check box per registered auxiliary model (density/density_model.h), the core's
  // description as its tooltip; the first of the run's list is detect's default (config()).
  auto* auxRow = new QHBoxLayout;
  for (const auto& m : aux_models()) {
    auto* box = new QCheckBox(QString::fromStdString(m.kind));
    box->setToolTip(QString::fromStdString(m.description));
    box->setObjectName("aux-" + QString::fromStdString(m.kind));
    auxRow->addWidget(box);
    auxChecks_.emplace_back(m.kind, box);
  }
  auxRow->addStretch(1);
  setAuxChecks(d.aux);
  width_ = spin(4, 1024, d.model.width);
  depth_ = spin(1, 6, d.model.depth);
  levels_ = spin(1, 1000, d.schedule.levels);
  sigmaHigh_ = dspin(1e-4, 1000, d.schedule.sigma_high, 4);
  sigmaLow_ = dspin(1e-5, 100, d.schedule.sigma_low, 5);
  batch_ = spin(1, 65536, d.train.batch_size);
  lr_ = dspin(1e-6, 1, d.train.learning_rate, 6);
  steps_ = spin(0, 100000000, 0);
  minutes_ = dspin(0, 100000, 10, 1);
  seed_ = new QLineEdit(QString::number(d.seed));
  threads_ = spin(0, 1024, 0);
  checkpointEvery_ = spin(1, 100000000, static_cast<int>(d.train.checkpoint_every));
  dir_ = new QLineEdit(QDir::home().filePath("msma-runs/run-" + QDateTime::currentDateTime().toString("yyyyMMdd-HHmmss")));
  auto* browse = new QPushButton(tr("Browse…"));
  connect(browse, &QPushButton::clicked, this, [this] {
    const QString d = QFileDialog::getExistingDirectory(this, tr("Run directory"), dir_->text());
    if (!d.isEmpty()) setRunDir(d);
  });
  analyse_ = new QCheckBox(tr("Then score, fit the auxiliary models and evaluate"));
  analyse_->setChecked(true);
  auto* form = new QFormLayout;
  auto* dirRow = new QHBoxLayout;
  dirRow->addWidget(dir_, 1);
  dirRow->addWidget(browse);
  form->addRow(tr("Run directory"), dirRow);
  form->addRow(tr("Method preset"), preset_);
  form->addRow(tr("Architecture"), arch_);
  form->addRow(tr("Parameterisation"), parameterisation_);
  form->addRow(tr("U-Net decoder"), upsample_);
  form->addRow(tr("Width (channels)"), width_);
  form->addRow(tr("Depth (U-Net levels)"), depth_);
  form->addRow(tr("Noise levels L"), levels_);
  form->addRow(tr("Largest σ"), sigmaHigh_);
  form->addRow(tr("Smallest σ"), sigmaLow_);
  form->addRow(tr("Batch size"), batch_);
  form->addRow(tr("Learning rate"), lr_);
  form->addRow(tr("Learning-rate schedule"), lrSchedule_);
  form->addRow(tr("Warm-up steps"), warmupSteps_);
  auto* emaRow = new QHBoxLayout;
  emaRow->addWidget(emaDecay_);
  emaRow->addWidget(emaWarmup_, 1);
  form->addRow(tr("EMA of weights (0: off), scored with"), emaRow);
  form->addRow(tr("Steps (0: use minutes)"), steps_);
  form->addRow(tr("Minutes (0: use steps)"), minutes_);
  form->addRow(tr("Seed"), seed_);
  form->addRow(tr("Threads (0: all cores)"), threads_);
  form->addRow(tr("Checkpoint every (steps)"), checkpointEvery_);
  form->addRow(tr("Precision"), precision_);
  form->addRow(tr("Features for the auxiliary models"), features_);
  form->addRow(tr("Auxiliary models"), auxRow);
  form->addRow(analyse_);
  auto* cfgBox = new QGroupBox(tr("Configuration"));
  cfgBox->setLayout(form);
  // The decoder is the U-Net's; the preset follows every field it sets.
  connect(arch_, &QComboBox::currentIndexChanged, this,
          [this] { upsample_->setEnabled(arch_->currentData().toString() == "unet"); });
  for (QComboBox* box : {parameterisation_, lrSchedule_, precision_, features_})
    connect(box, &QComboBox::currentIndexChanged, this, &TrainingView::showPreset);
  connect(emaDecay_, &QDoubleSpinBox::valueChanged, this, &TrainingView::showPreset);
  connect(warmupSteps_, &QSpinBox::valueChanged, this, &TrainingView::showPreset);
  connect(emaWarmup_, &QCheckBox::toggled, this, &TrainingView::showPreset);
  for (const auto& [kind, box] : auxChecks_) connect(box, &QCheckBox::toggled, this, &TrainingView::showPreset);
  showPreset();

  start_ = new QPushButton(tr("Start"));
  pause_ = new QPushButton(tr("Pause"));
  pause_->setCheckable(true);
  cancel_ = new QPushButton(tr("Cancel"));
  resume_ = new QPushButton(tr("Resume from latest checkpoint"));
  pause_->setEnabled(false);
  cancel_->setEnabled(false);
  start_->setShortcut(QKeySequence("Ctrl+R"));
  connect(start_, &QPushButton::clicked, this, &TrainingView::start);
  connect(resume_, &QPushButton::clicked, this, &TrainingView::resume);
  connect(cancel_, &QPushButton::clicked, this, &TrainingView::cancel);
  connect(pause_, &QPushButton::toggled, this, &TrainingView::setPaused);
  checkpoints_ = new QListWidget;
  auto* ckBox = new QGroupBox(tr("Checkpoints"));
  auto* ckLay = new QVBoxLayout(ckBox);
  ckLay->addWidget(checkpoints_);
  ckLay->addWidget(resume_);

  raw_ = new QLineSeries;
  raw_->setName(tr("loss"));
  raw_->setPen(QPen(QColor(160, 160, 160), 1));
  ema_ = new QLineSeries;
  ema_->setName(tr("EMA (0.98)"));
  ema_->setPen(QPen(QColor(31, 119, 180), 2));
  avg_ = new QLineSeries;
  avg_->setName(tr("moving average"));
  avg_->setPen(QPen(QColor(214, 39, 40), 2));
  chart_ = new QChart;
  for (auto* s : {raw_, ema_, avg_}) chart_->addSeries(s);
  ax_ = new QValueAxis;
  ax_->setTitleText(tr("step"));
  ax_->setLabelFormat("%d");
  ay_ = new QValueAxis;
  ay_->setTitleText(tr("DSM loss"));
  chart_->addAxis(ax_, Qt::AlignBottom);
  chart_->addAxis(ay_, Qt::AlignLeft);
  for (auto* s : {raw_, ema_, avg_}) s->attachAxis(ax_), s->attachAxis(ay_);
  chart_->setTitle(tr("Training loss"));
  chartView_ = new QChartView(chart_);
  chartView_->setRenderHint(QPainter::Antialiasing);
  window_ = spin(1, 1000, 50);
  connect(window_, &QSpinBox::valueChanged, this, &TrainingView::redrawLoss);

  bar_ = new QProgressBar;
  status_ = new QLabel(tr("Ready."));
  stage_ = new QLabel;
  stageBar_ = new QProgressBar;
  stageBar_->setVisible(false);
  auto* buttons = new QHBoxLayout;
  for (auto* b : {start_, pause_, cancel_}) buttons->addWidget(b);
  buttons->addStretch();
  buttons->addWidget(new QLabel(tr("Smoothing window (steps):")));
  buttons->addWidget(window_);
  auto* right = new QVBoxLayout;
  right->addLayout(buttons);
  right->addWidget(chartView_, 1);
  right->addWidget(bar_);
  right->addWidget(status_);
  right->addWidget(stage_);
  right->addWidget(stageBar_);
  auto* left = new QVBoxLayout;
  left->addWidget(cfgBox);
  left->addWidget(ckBox, 1);
  auto* lay = new QHBoxLayout(this);
  lay->addLayout(left);
  lay->addLayout(right, 1);

  connect(worker_, &PipelineWorker::trainProgress, this, &TrainingView::onTrainProgress);
  connect(worker_, &PipelineWorker::stageProgress, this, &TrainingView::onStage);
  connect(worker_, &PipelineWorker::finished, this, &TrainingView::onFinished);
  connect(worker_, &PipelineWorker::checkpointsChanged, this, &TrainingView::onCheckpoints);
  connect(worker_, &PipelineWorker::runOpened, this, &TrainingView::showRun);
  connect(dir_, &QLineEdit::editingFinished, this, &TrainingView::requestCheckpoints);
  sinceRedraw_.start();
}

RunConfig TrainingView::config() const {
  RunConfig c = base_;  // what the form does not show comes from the config last set
  datasets_->applyTo(c);
  c.model.arch = arch_->currentData().toString().toStdString();
  c.model.parameterisation = parameterisation_->currentData().toString().toStdString();
  c.model.upsample = upsample_->currentData().toString().toStdString();
  c.model.width = width_->value();
  c.model.depth = depth_->value();
  c.schedule.levels = c.model.levels = levels_->value();
  c.schedule.sigma_high = sigmaHigh_->value();
  c.schedule.sigma_low = sigmaLow_->value();
  c.train.batch_size = batch_->value();
  c.train.learning_rate = lr_->value();
  c.train.lr_schedule = lrSchedule_->currentData().toString().toStdString();
  c.train.warmup_steps = warmupSteps_->value();
  c.train.ema_decay = emaDecay_->value();
  c.train.ema_warmup = emaWarmup_->isChecked();
  c.train.steps = steps_->value();
  c.train.minutes = minutes_->value();
  c.seed = c.train.seed = seed_->text().toULongLong();
  c.train.threads = c.score.threads = threads_->value();
  c.train.checkpoint_every = checkpointEvery_->value();
  c.train.precision = c.score.precision = precision_->currentData().toString().toStdString();
  c.features = features_->currentData().toString().toStdString();
  // The checked models in the order of the config last set (its first is detect's default),
  // then those newly checked, in registry order.
  c.aux.clear();
  auto checked = [this](const std::string& kind) {
    for (const auto& [k, box] : auxChecks_)
      if (k == kind) return box->isChecked();
    return false;
  };
  for (const auto& kind : base_.aux)
    if (checked(kind)) c.aux.push_back(kind);
  for (const auto& [kind, box] : auxChecks_)
    if (box->isChecked() && std::find(c.aux.begin(), c.aux.end(), kind) == c.aux.end()) c.aux.push_back(kind);
  return c;
}

void TrainingView::setConfig(const RunConfig& c) {
  base_ = c;
  arch_->setCurrentIndex(arch_->findData(QString::fromStdString(c.model.arch)));
  parameterisation_->setCurrentIndex(parameterisation_->findData(QString::fromStdString(c.model.parameterisation)));
  upsample_->setCurrentIndex(upsample_->findData(QString::fromStdString(c.model.upsample)));
  width_->setValue(c.model.width);
  depth_->setValue(c.model.depth);
  levels_->setValue(c.schedule.levels);
  sigmaHigh_->setValue(c.schedule.sigma_high);
  sigmaLow_->setValue(c.schedule.sigma_low);
  batch_->setValue(c.train.batch_size);
  lr_->setValue(c.train.learning_rate);
  lrSchedule_->setCurrentIndex(lrSchedule_->findData(QString::fromStdString(c.train.lr_schedule)));
  warmupSteps_->setValue(c.train.warmup_steps);
  emaDecay_->setValue(c.train.ema_decay);
  emaWarmup_->setChecked(c.train.ema_warmup);
  steps_->setValue(static_cast<int>(c.train.steps));
  minutes_->setValue(c.train.minutes);
  seed_->setText(QString::number(c.seed));
  threads_->setValue(c.train.threads);
  checkpointEvery_->setValue(static_cast<int>(c.train.checkpoint_every));
  precision_->setCurrentIndex(precision_->findData(QString::fromStdString(c.train.precision)));
  features_->setCurrentIndex(features_->findData(QString::fromStdString(c.features)));
  setAuxChecks(c.aux);
  datasets_->setWorkingGeometry(c.working);
  showPreset();
}

QString TrainingView::preset() const { return preset_->currentData().toString(); }

void TrainingView::showPreset() {
  // The preset whose fields the form holds, else "custom" (the GMM grid counts: a run's
  // stored settings are compared whole).
  const RunConfig c = config();
  QString name;
  for (const char* p : {"default", "paper"}) {
    RunConfig q = c;
    apply_preset(q, p);
    if (q.to_json() == c.to_json()) name = p;
  }
  preset_->setCurrentIndex(preset_->findData(name));
}

void TrainingView::setAuxChecks(const std::vector<std::string>& kinds) {
  for (const auto& [kind, box] : auxChecks_) box->setChecked(std::find(kinds.begin(), kinds.end(), kind) != kinds.end());
}

QString TrainingView::runDir() const { return dir_->text(); }
void TrainingView::setRunDir(const QString& dir) {
  dir_->setText(dir);
  requestCheckpoints();
}
int TrainingView::lossPoints() const { return static_cast<int>(losses_.size()); }
QString TrainingView::statusText() const { return status_->text(); }
QString TrainingView::stageText() const { return stage_->text(); }
bool TrainingView::stageBarShown() const { return !stageBar_->isHidden(); }

void TrainingView::start() { launch(false); }
void TrainingView::resume() { launch(true); }

void TrainingView::launch(bool resume) {
  if (running_) return;
  RunConfig cfg = config();
  if (!resume) {
    const QString problem = datasets_->applyTo(cfg);
    if (!problem.isEmpty()) {
      status_->setText(problem);
      return;
    }
    if (cfg.train.steps <= 0 && cfg.train.minutes <= 0) {
      status_->setText(tr("Give a number of steps or minutes."));
      return;
    }
    if (cfg.aux.empty()) {
      status_->setText(tr("Choose at least one auxiliary model."));
      return;
    }
  }
  losses_.clear();
  emas_.clear();
  redrawLoss();
  running_ = true;
  start_->setEnabled(false);
  resume_->setEnabled(false);
  pause_->setEnabled(true);
  cancel_->setEnabled(true);
  status_->setText(tr("Loading the datasets…"));
  const QString dir = runDir();
  const bool trainOnly = !analyse_->isChecked();
  QMetaObject::invokeMethod(worker_, [w = worker_, cfg, dir, resume, trainOnly] { w->train(cfg, dir, resume, trainOnly); },
                            Qt::QueuedConnection);
  Q_EMIT runStarted(dir);
}

void TrainingView::cancel() {
  worker_->cancel();
  status_->setText(tr("Cancelling…"));
}

void TrainingView::setPaused(bool paused) {
  worker_->setPaused(paused);
  pause_->setText(paused ? tr("Resume") : tr("Pause"));
  if (paused) status_->setText(tr("Paused at step %1.").arg(lastStep_));
}

void TrainingView::onTrainProgress(qint64 step, qint64 total, double loss, double smoothed, double ips, double eta) {
  lastStep_ = step;
  losses_.emplace_back(step, loss);
  emas_.emplace_back(step, smoothed);
  if (step <= 1 || stageBar_->isVisible()) {  // the loading stages are over
    stage_->clear();
    stageBar_->setVisible(false);
  }
  // Under a step budget the bar counts steps; under a time budget, time (elapsed / total).
  const double budget = minutes_->value() * 60;
  const double fraction = total > 0 ? double(step) / total : budget > 0 && eta >= 0 ? 1 - eta / budget : 0;
  bar_->setRange(0, 1000);
  bar_->setValue(static_cast<int>(1000 * std::clamp(fraction, 0.0, 1.0)));
  status_->setText(tr("Step %1%2 · loss %3 (EMA %4) · %5 steps/s · %6 images/s · ETA %7")
                       .arg(step)
                       .arg(total > 0 ? QString(" / %1").arg(total) : QString())
                       .arg(loss, 0, 'f', 2)
                       .arg(smoothed, 0, 'f', 2)
                       .arg(ips / std::max(1, batch_->value()), 0, 'f', 2)
                       .arg(ips, 0, 'f', 0)
                       .arg(QString::fromStdString(format_duration(eta))));
  // Redraw at most 5 times a second: a chart of 100k points must not flood the GUI thread.
  if (sinceRedraw_.elapsed() > 200) redrawLoss();
}

std::vector<double> TrainingView::movingAverage() const {
  // Mean of the last `window` raw losses (fewer at the start), by prefix sums.
  const std::size_t n = losses_.size(), w = static_cast<std::size_t>(window_->value());
  std::vector<double> prefix(n + 1, 0.0), out(n);
  for (std::size_t i = 0; i < n; ++i) prefix[i + 1] = prefix[i] + losses_[i].y();
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t a = i + 1 > w ? i + 1 - w : 0;
    out[i] = (prefix[i + 1] - prefix[a]) / static_cast<double>(i + 1 - a);
  }
  return out;
}

void TrainingView::redrawLoss() {
  sinceRedraw_.restart();
  const std::size_t n = losses_.size();
  const std::size_t stride = std::max<std::size_t>(1, n / 2000);  // at most ~2,000 drawn points
  QList<QPointF> raw, ema, avg;
  const std::vector<double> moving = movingAverage();
  double lo = 1e300, hi = -1e300;
  for (std::size_t i = 0; i < n; i += stride) {
    raw << losses_[i];
    ema << emas_[i];
    avg << QPointF(losses_[i].x(), moving[i]);
    lo = std::min({lo, emas_[i].y(), losses_[i].y(), avg.back().y()});
    hi = std::max({hi, emas_[i].y(), losses_[i].y()});
  }
  raw_->replace(raw);
  ema_->replace(ema);
  avg_->replace(avg);
  if (n > 0) {
    ax_->setRange(losses_.front().x(), std::max(losses_.back().x(), losses_.front().x() + 1));
    ay_->setRange(std::max(0.0, lo * 0.9), hi * 1.05);
  }
}

void TrainingView::onStage(const QString& stage, qint64 done, qint64 total, double eta) {
  const QString etaText = QString::fromStdString(format_duration(eta));
  stage_->setText(tr("%1: %2 of %3 · ETA %4").arg(stage).arg(done).arg(total).arg(etaText));
  stageBar_->setVisible(true);
  stageBar_->setRange(0, total > 0 ? static_cast<int>(std::min<qint64>(total, 1 << 30)) : 0);
  if (total > 0) stageBar_->setValue(static_cast<int>(std::min(done, total)));
}

void TrainingView::onFinished(bool ok, bool cancelled, const QString& message) {
  // Every job of the worker shows its stages here (opening or checking a run too), and its
  // bar ends with it.
  stageBar_->setVisible(false);
  stage_->clear();
  if (!running_) return;
  running_ = false;
  redrawLoss();
  start_->setEnabled(true);
  resume_->setEnabled(true);
  pause_->setEnabled(false);
  pause_->setChecked(false);
  cancel_->setEnabled(false);
  status_->setText(cancelled ? tr("Cancelled at step %1; the checkpoint is kept, resume any time.").arg(lastStep_)
                             : message);
  requestCheckpoints();
  Q_EMIT runFinished(runDir(), ok);
}

QWidget* TrainingView::exportWidget() { return chartView_; }

QString TrainingView::exportCsv() const {
  QString out = "step,loss,ema,moving_average\n";
  const std::vector<double> moving = movingAverage();
  for (std::size_t i = 0; i < losses_.size(); ++i)
    out += QString("%1,%2,%3,%4\n").arg(losses_[i].x()).arg(losses_[i].y(), 0, 'g', 8).arg(emas_[i].y(), 0, 'g', 8)
               .arg(moving[i], 0, 'g', 8);
  return out;
}

void TrainingView::showRun(const OpenedRun& run) {
  if (running_ || run.dir != runDir()) return;
  if (run.config) setConfig(*run.config);
  onCheckpoints(run.dir, run.checkpoints);
  losses_.clear();
  emas_.clear();
  for (const auto& p : run.log) {
    losses_.emplace_back(p.step, p.loss);
    emas_.emplace_back(p.step, p.smoothed_loss);
  }
  lastStep_ = losses_.empty() ? 0 : static_cast<qint64>(losses_.back().x());
  if (!losses_.empty()) status_->setText(tr("Run trained to step %1 (from its training log).").arg(lastStep_));
  redrawLoss();
}

void TrainingView::requestCheckpoints() {
  QMetaObject::invokeMethod(worker_, [w = worker_, dir = runDir()] { w->listCheckpoints(dir); }, Qt::QueuedConnection);
}

void TrainingView::onCheckpoints(const QString& dir, const QStringList& names) {
  if (dir != runDir()) return;  // an answer about a directory no longer shown
  checkpoints_->clear();
  checkpoints_->addItems(names);
}

}  // namespace msma::ui
