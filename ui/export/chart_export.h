#pragma once
// Export of any view: the picture as PNG, SVG and PDF, and the data it plots as CSV, each
// written through QSaveFile (a temporary name, renamed when complete).
#include <QString>
#include <QStringList>

class QWidget;

namespace msma::ui {

// Implemented by every view that can be exported.
class Exportable {
 public:
  virtual ~Exportable() = default;
  virtual QWidget* exportWidget() = 0;     // what is drawn
  virtual QString exportCsv() const = 0;   // the numbers behind it, with a header row
  virtual QString exportName() const = 0;  // a file-name stem ("roc-gmm")
};

// Writes base.png, base.svg, base.pdf and base.csv; returns the files written. Throws
// msma::Error naming the file on failure (nothing half-written is left).
QStringList exportView(Exportable& view, const QString& basePath);
// Single formats, chosen by the suffix of `path` (.png, .svg, .pdf, .csv).
void exportViewAs(Exportable& view, const QString& path);
// Writes text through QSaveFile.
void saveText(const QString& path, const QString& text);

}  // namespace msma::ui
