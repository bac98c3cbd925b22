#include "export/report.h"

#include <QBuffer>
#include <QFileInfo>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTextDocument>
#include <QCoreApplication>

#include "common/error.h"
#include "export/chart_export.h"

namespace msma::ui {

namespace {
QString png(const QImage& img) {
  QByteArray bytes;
  QBuffer buf(&bytes);
  buf.open(QIODevice::WriteOnly);
  img.save(&buf, "PNG");
  return QString("data:image/png;base64,") + bytes.toBase64();
}
}  // namespace

QString reportHtml(const RunResults& r, const QList<QPair<QString, QImage>>& plots, bool inlineImages) {
  QString h;
  h += "<html><head><meta charset='utf-8'><title>" + QCoreApplication::translate("Report", "MSMA run report") + "</title>"
       "<style>body{font-family:sans-serif;font-size:10pt} table{border-collapse:collapse} "
       "td,th{border:1px solid #999;padding:2px 6px;text-align:right} th{background:#eee}</style></head><body>";
  h += "<h2>" + QCoreApplication::translate("Report", "MSMA run report") + "</h2><p>" + QCoreApplication::translate("Report", "Run directory:") + " <code>" +
       QString::fromStdString(r.dir.string()).toHtmlEscaped() + "</code></p>";
  const RunConfig& c = r.config;
  h += "<p>" + QCoreApplication::translate("Report", "Inliers:") + " " + QString::fromStdString(c.inlier_train).toHtmlEscaped() + " / " +
       QString::fromStdString(c.inlier_test).toHtmlEscaped() + "; " + QCoreApplication::translate("Report", "network:") + " " +
       QString::fromStdString(c.model.arch) + QString(" width %1 depth %2, L = %3, σ %4 → %5, ")
           .arg(c.model.width).arg(c.model.depth).arg(c.schedule.levels).arg(c.schedule.sigma_high).arg(c.schedule.sigma_low) +
       QCoreApplication::translate("Report", "batch") + QString(" %1, lr %2, ").arg(c.train.batch_size).arg(c.train.learning_rate) + QCoreApplication::translate("Report", "seed") +
       QString(" %1</p>").arg(c.seed);
  // One row per aux model and OOD set of the run: the core's metric columns (%), as in the
  // CLI's table and the ROC view's, then the model's health AUROC.
  h += "<table><tr><th>" + QCoreApplication::translate("Report", "aux model") + "</th><th>" +
       QCoreApplication::translate("Report", "OOD set") + "</th><th>AUROC % [95 % CI]</th>";
  for (std::size_t c = 1; c < metric_columns().size(); ++c)
    h += "<th>" + QCoreApplication::translate("msma::MetricColumn", metric_columns()[c].header) + " %</th>";
  h += "<th>" + QCoreApplication::translate("Report", "health AUROC %") + "</th></tr>";
  for (const auto& kind : r.aux_kinds) {
    const AuxEvidence& ev = r.evidence.aux.at(kind);
    for (std::size_t s = 0; s < r.sets.size(); ++s) {
      if (r.sets[s].inlier || r.sets[s].checked || !ev.ood[s]) continue;
      const OodMetrics& m = *ev.ood[s];
      h += "<tr><td>" + QString::fromStdString(kind) + "</td><td>" +
           QString::fromStdString(r.sets[s].name).toHtmlEscaped() + "</td><td>" +
           QString::fromStdString(auroc_text(m)) + "</td>";
      for (std::size_t c = 1; c < metric_columns().size(); ++c)
        h += "<td>" + QString::number(metric_columns()[c].percent(m), 'f', 2) + "</td>";
      h += "<td>" + QString::number(100 * ev.health, 'f', 2) + "</td></tr>";
    }
  }
  h += "</table>";
  for (int k = 0; k < plots.size(); ++k)
    h += "<p><b>" + plots[k].first.toHtmlEscaped() + "</b><br><img width='640' src='" +
         (inlineImages ? png(plots[k].second) : QString("plot%1.png").arg(k)) + "'></p>";
  h += "</body></html>";
  return h;
}

void writeReport(const QString& path, const RunResults& r, const QList<QPair<QString, QImage>>& plots) {
  const QString suffix = QFileInfo(path).suffix().toLower();
  if (suffix == "html" || suffix == "htm") {
    saveText(path, reportHtml(r, plots, true));
    return;
  }
  if (suffix != "pdf") throw Error((path + ": the report is written as .html or .pdf").toStdString());
  QSaveFile f(path);
  if (!f.open(QIODevice::WriteOnly)) throw Error((path + ": " + f.errorString()).toStdString());
  {
    QPdfWriter pdf(&f);
    pdf.setTitle(QCoreApplication::translate("Report", "MSMA run report"));
    pdf.setPageSize(QPageSize(QPageSize::A4));
    QTextDocument doc;
    for (int k = 0; k < plots.size(); ++k)
      doc.addResource(QTextDocument::ImageResource, QUrl(QString("plot%1.png").arg(k)), plots[k].second);
    doc.setHtml(reportHtml(r, plots, false));
    doc.print(&pdf);
  }
  if (!f.commit()) throw Error((path + ": " + f.errorString()).toStdString());
}

}  // namespace msma::ui
