#pragma once
// The one-page run report: configuration, metrics of every auxiliary model and OOD set,
// and the main plots, as HTML (images inlined) or PDF.
#include <QImage>
#include <QList>
#include <QPair>
#include <QString>

#include "models/run_results.h"

namespace msma::ui {

// plots: (caption, picture) in order.
// inlineImages: data: URIs (a self-contained .html); else plotN.png resource names.
QString reportHtml(const RunResults& r, const QList<QPair<QString, QImage>>& plots, bool inlineImages = true);
// By suffix: .html or .pdf; written through QSaveFile. Throws msma::Error naming the file.
void writeReport(const QString& path, const RunResults& r, const QList<QPair<QString, QImage>>& plots);

}  // namespace msma::ui
