#include "export/chart_export.h"

#include <QFileInfo>
#include <QImage>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QWidget>

#include "common/error.h"

namespace msma::ui {

namespace {

[[noreturn]] void fail(const QString& path, const QString& why) {
  throw Error(QString("%1: %2").arg(path, why).toStdString());
}

void commit(QSaveFile& f) {
  if (!f.commit()) fail(f.fileName(), f.errorString());
}

void open(QSaveFile& f) {
  if (!f.open(QIODevice::WriteOnly)) fail(f.fileName(), f.errorString());
}

}  // namespace

void saveText(const QString& path, const QString& text) {
  QSaveFile f(path);
  open(f);
  f.write(text.toUtf8());
  commit(f);
}

void exportViewAs(Exportable& view, const QString& path) {
  QWidget* w = view.exportWidget();
  const QString suffix = QFileInfo(path).suffix().toLower();
  const QSize size = w->size().isEmpty() ? QSize(800, 600) : w->size();
  if (suffix == "csv") {
    saveText(path, view.exportCsv());
    return;
  }
  QSaveFile f(path);
  open(f);
  if (suffix == "png") {
    const qreal dpr = 2.0;  // print-quality raster regardless of the screen
    QImage img(size * dpr, QImage::Format_ARGB32_Premultiplied);
    img.setDevicePixelRatio(dpr);
    img.fill(Qt::white);
    QPainter p(&img);
    w->render(&p);
    p.end();
    if (!img.save(&f, "PNG")) fail(path, "could not encode PNG");
  } else if (suffix == "svg") {
    QSvgGenerator gen;
    gen.setOutputDevice(&f);
    gen.setSize(size);
    gen.setViewBox(QRect(QPoint(0, 0), size));
    gen.setTitle(view.exportName());
    QPainter p(&gen);
    w->render(&p);
  } else if (suffix == "pdf") {
    QPdfWriter pdf(&f);
    pdf.setTitle(view.exportName());
    pdf.setPageSize(QPageSize(QSizeF(size), QPageSize::Point));
    pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
    pdf.setResolution(72);
    QPainter p(&pdf);
    w->render(&p);
  } else {
    f.cancelWriting();
    fail(path, "unknown export format (use .png, .svg, .pdf or .csv)");
  }
  commit(f);
}

QStringList exportView(Exportable& view, const QString& basePath) {
  QStringList written;
  for (const char* suffix : {".png", ".svg", ".pdf", ".csv"}) {
    const QString path = basePath + suffix;
    exportViewAs(view, path);
    written << path;
  }
  return written;
}

}  // namespace msma::ui
