<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>msma::ui</name>
    <message>
        <location filename="../ui/export/report.cpp" line="31"/>
        <location filename="../ui/export/report.cpp" line="34"/>
        <location filename="../ui/export/report.cpp" line="76"/>
        <source>MSMA run report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export/report.cpp" line="34"/>
        <source>Run directory:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export/report.cpp" line="37"/>
        <source>Inliers:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export/report.cpp" line="38"/>
        <source>network:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export/report.cpp" line="41"/>
        <source>batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export/report.cpp" line="41"/>
        <source>seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export/report.cpp" line="43"/>
        <source>aux model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export/report.cpp" line="43"/>
        <source>OOD set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export/report.cpp" line="44"/>
        <source>det. error %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export/report.cpp" line="44"/>
        <source>health AUROC %</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>msma::ui::DatasetsPanel</name>
    <message>
        <location filename="../ui/views/datasets_panel.cpp" line="26"/>
        <source>Inlier train</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/datasets_panel.cpp" line="27"/>
        <source>Inlier test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/datasets_panel.cpp" line="28"/>
        <source>OOD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/datasets_panel.cpp" line="34"/>
        <source>Drop image files, folders, archives, IDX, CIFAR-10, SVHN .mat or .npy files here, or add a built-in set:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/datasets_panel.cpp" line="38"/>
        <source>Fashion-MNIST (train)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/datasets_panel.cpp" line="39"/>
        <source>Fashion-MNIST (test)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/datasets_panel.cpp" line="40"/>
        <source>MNIST digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/datasets_panel.cpp" line="41"/>
        <source>Uniform noise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/datasets_panel.cpp" line="42"/>
        <source>Gaussian noise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/datasets_panel.cpp" line="49"/>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/datasets_panel.cpp" line="55"/>
        <source>Images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/datasets_panel.cpp" line="55"/>
        <source>Dataset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/datasets_panel.cpp" line="55"/>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/datasets_panel.cpp" line="55"/>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/datasets_panel.cpp" line="55"/>
        <source>Geometry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/datasets_panel.cpp" line="55"/>
        <source>Format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/datasets_panel.cpp" line="56"/>
        <source>Conversion to the inlier geometry</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/views/datasets_panel.cpp" line="184"/>
        <source>%n image(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/views/datasets_panel.cpp" line="188"/>
        <source>(no inlier training set yet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/datasets_panel.cpp" line="189"/>
        <source>none: this is the inlier geometry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/datasets_panel.cpp" line="195"/>
        <source>none: same geometry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/datasets_panel.cpp" line="209"/>
        <source>Choose an inlier training set (drop one, or add Fashion-MNIST).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/datasets_panel.cpp" line="210"/>
        <source>Choose an inlier test set (a dataset with the role &apos;Inlier test&apos;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/datasets_panel.cpp" line="211"/>
        <source>Add at least one OOD dataset to evaluate against.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>msma::ui::GalleryModel</name>
    <message>
        <location filename="../ui/views/gallery_view.cpp" line="54"/>
        <source>%1 #%2
OOD score %3 (rank %4)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>msma::ui::GalleryView</name>
    <message>
        <location filename="../ui/views/gallery_view.cpp" line="213"/>
        <source>Only the projection&apos;s selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/gallery_view.cpp" line="214"/>
        <source>Only flagged (above the threshold)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/gallery_view.cpp" line="218"/>
        <source>Dataset:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/gallery_view.cpp" line="239"/>
        <source>All datasets</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/views/gallery_view.cpp" line="266"/>
        <source>%n image(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>msma::ui::HistogramView</name>
    <message>
        <location filename="../ui/views/histogram_view.cpp" line="50"/>
        <source>All scales (small multiples)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/histogram_view.cpp" line="52"/>
        <source>Noise level:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/histogram_view.cpp" line="95"/>
        <source>‖σ·s(x)‖ at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/histogram_view.cpp" line="96"/>
        <source>density</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/histogram_view.cpp" line="117"/>
        <source> (AUROC %1 %)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/histogram_view.cpp" line="120"/>
        <source> (inlier test)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/histogram_view.cpp" line="134"/>
        <source>inspected image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/histogram_view.cpp" line="142"/>
        <source>AUROC </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/histogram_view.cpp" line="143"/>
        <source>Score norms at %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>msma::ui::InspectorView</name>
    <message>
        <location filename="../ui/views/gallery_view.cpp" line="95"/>
        <location filename="../ui/views/gallery_view.cpp" line="120"/>
        <source>Click an image to inspect it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/gallery_view.cpp" line="103"/>
        <source>Zoom:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/gallery_view.cpp" line="140"/>
        <source>inlier 5–95 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/gallery_view.cpp" line="143"/>
        <source>this image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/gallery_view.cpp" line="154"/>
        <source>‖σ·s(x)‖</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/gallery_view.cpp" line="158"/>
        <source>Score norms per noise level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/gallery_view.cpp" line="175"/>
        <source>%1 #%2 — OOD score (%3) %4, rank %5 of %6; higher than %7 % of inlier test images; %8</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/gallery_view.cpp" line="183"/>
        <source>flagged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/gallery_view.cpp" line="183"/>
        <source>not flagged</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>msma::ui::MainWindow</name>
    <message>
        <location filename="../ui/main_window.cpp" line="37"/>
        <location filename="../ui/main_window.cpp" line="66"/>
        <location filename="../ui/main_window.cpp" line="268"/>
        <source>MSMA Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="46"/>
        <source>Datasets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="47"/>
        <source>Training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="48"/>
        <source>Histograms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="49"/>
        <source>Projection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="50"/>
        <source>ROC / PR</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="51"/>
        <source>Flagged images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="53"/>
        <source>Drop datasets on the window, or open a run (Ctrl+O).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="59"/>
        <source>MSMA Studio — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="69"/>
        <source>%1: %2 / %3 · ETA %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="83"/>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="84"/>
        <source>&amp;New run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="88"/>
        <source>&amp;Open run…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="89"/>
        <source>Open a run directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="92"/>
        <source>Open &amp;recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="94"/>
        <source>&amp;Add datasets…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="95"/>
        <source>Add datasets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="99"/>
        <source>&amp;Export current view…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="100"/>
        <source>Export view (PNG, SVG, PDF and CSV are written)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="105"/>
        <source>Exported %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="107"/>
        <location filename="../ui/main_window.cpp" line="117"/>
        <location filename="../ui/main_window.cpp" line="127"/>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="110"/>
        <source>Export per-image &amp;scores (CSV)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="111"/>
        <source>Per-image scores</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="112"/>
        <source>CSV (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="120"/>
        <source>Export run &amp;report…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="121"/>
        <source>Run report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="122"/>
        <source>PDF (*.pdf);;HTML (*.html)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="131"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="132"/>
        <source>&amp;Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="133"/>
        <source>&amp;Start training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="134"/>
        <source>&amp;Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="135"/>
        <source>&amp;Analyse run (score, fit, evaluate)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="139"/>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="144"/>
        <source>&amp;Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="145"/>
        <source>&amp;Preferences…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="146"/>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="147"/>
        <source>&amp;About MSMA Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="148"/>
        <source>About MSMA Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="149"/>
        <source>MSMA Studio finds out-of-distribution images without labels by multiscale score matching (Mahmood, Oliva &amp; Styner, ICLR 2021).

%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="157"/>
        <location filename="../ui/main_window.cpp" line="172"/>
        <source>Preferences</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="159"/>
        <source>System language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="164"/>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="172"/>
        <source>The language changes when MSMA Studio starts next.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="177"/>
        <source>Loading %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="215"/>
        <source>This view has nothing to export; choose a chart tab.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="221"/>
        <location filename="../ui/main_window.cpp" line="239"/>
        <source>Open a run first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="247"/>
        <source>ROC and precision–recall curves (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="248"/>
        <source>Score-norm histograms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="249"/>
        <source>Projection of the score-norm vectors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="268"/>
        <source>Training is running. Stop it (the last checkpoint is kept) and quit?</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>msma::ui::PipelineWorker</name>
    <message>
        <location filename="../ui/workers/pipeline_worker.cpp" line="22"/>
        <source>%1: done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/workers/pipeline_worker.cpp" line="25"/>
        <source>%1: cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/workers/pipeline_worker.cpp" line="28"/>
        <source>%1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/workers/pipeline_worker.cpp" line="41"/>
        <source>Training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/workers/pipeline_worker.cpp" line="87"/>
        <source>Analysis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/workers/pipeline_worker.cpp" line="91"/>
        <source>Loading results</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>msma::ui::ProjectionCanvas</name>
    <message>
        <location filename="../ui/views/projection_view.cpp" line="117"/>
        <source>No run loaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/projection_view.cpp" line="161"/>
        <source> (inlier test)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/projection_view.cpp" line="164"/>
        <source>PC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/projection_view.cpp" line="164"/>
        <source>kPC</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>msma::ui::ProjectionView</name>
    <message>
        <location filename="../ui/views/projection_view.cpp" line="223"/>
        <source>PCA (with OOD-score contours)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/projection_view.cpp" line="224"/>
        <source>Kernel PCA (RBF, non-linear)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/projection_view.cpp" line="225"/>
        <source>Clear selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/projection_view.cpp" line="227"/>
        <source>Projection:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/projection_view.cpp" line="230"/>
        <source>Drag: rectangle · Shift+drag: lasso · click: clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/views/projection_view.cpp" line="242"/>
        <source>%n point(s) selected</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/views/projection_view.cpp" line="252"/>
        <source>PCA: %1 % of the variance on two axes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/projection_view.cpp" line="254"/>
        <source>Kernel PCA: contours need an invertible projection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/projection_view.cpp" line="265"/>
        <source>Projecting…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>msma::ui::RocView</name>
    <message>
        <location filename="../ui/views/roc_view.cpp" line="41"/>
        <source>Custom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/roc_view.cpp" line="42"/>
        <source>Keep %1 % of inliers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/roc_view.cpp" line="50"/>
        <source>OOD set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/roc_view.cpp" line="50"/>
        <source>AUROC % [95 % CI]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/roc_view.cpp" line="50"/>
        <source>AUPR-in %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/roc_view.cpp" line="50"/>
        <source>AUPR-out %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/roc_view.cpp" line="51"/>
        <source>FPR at 95 % TPR %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/roc_view.cpp" line="51"/>
        <source>Detection error %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/roc_view.cpp" line="67"/>
        <source>Auxiliary model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/roc_view.cpp" line="72"/>
        <source>Threshold:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/roc_view.cpp" line="119"/>
        <source>false positive rate (inliers flagged)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/roc_view.cpp" line="120"/>
        <source>true positive rate (OOD flagged)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/roc_view.cpp" line="121"/>
        <source>recall (inliers)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/roc_view.cpp" line="122"/>
        <source>precision (inliers)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/roc_view.cpp" line="123"/>
        <source>ROC, %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/roc_view.cpp" line="124"/>
        <source>Precision–recall, inliers positive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/roc_view.cpp" line="168"/>
        <source>Health AUROC (fit vs inlier test, ≈ 50 % is healthy): %1 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/roc_view.cpp" line="177"/>
        <source>OOD score (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/roc_view.cpp" line="178"/>
        <source>share of set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/roc_view.cpp" line="202"/>
        <source>threshold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/roc_view.cpp" line="207"/>
        <source>OOD scores: images right of the threshold are flagged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/roc_view.cpp" line="227"/>
        <source>%1: %2 of %3 flagged (%4 %)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/roc_view.cpp" line="228"/>
        <source> (inliers)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/roc_view.cpp" line="228"/>
        <source> (outliers)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/roc_view.cpp" line="233"/>
        <source>Threshold %1 — </source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>msma::ui::TrainingView</name>
    <message>
        <location filename="../ui/views/training_view.cpp" line="59"/>
        <source>U-Net (fast on CPUs)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="60"/>
        <source>RefineNet (NCSN v1, the paper&apos;s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="62"/>
        <source>fp32</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="63"/>
        <source>bf16 (CPU autocast)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="77"/>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="79"/>
        <location filename="../ui/views/training_view.cpp" line="88"/>
        <source>Run directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="82"/>
        <source>Then score, fit the auxiliary models and evaluate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="89"/>
        <source>Architecture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="90"/>
        <source>Width (channels)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="91"/>
        <source>Depth (U-Net levels)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="92"/>
        <source>Noise levels L</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="93"/>
        <source>Largest σ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="94"/>
        <source>Smallest σ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="95"/>
        <source>Batch size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="96"/>
        <source>Learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="97"/>
        <source>Steps (0: use minutes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="98"/>
        <source>Minutes (0: use steps)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="99"/>
        <source>Seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="100"/>
        <source>Threads (0: all cores)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="101"/>
        <source>Checkpoint every (steps)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="102"/>
        <source>Precision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="104"/>
        <source>Configuration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="107"/>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="108"/>
        <location filename="../ui/views/training_view.cpp" line="267"/>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="110"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="111"/>
        <source>Resume from latest checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="120"/>
        <source>Checkpoints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="126"/>
        <source>loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="129"/>
        <source>EMA (0.98)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="132"/>
        <source>moving average</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="137"/>
        <source>step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="140"/>
        <source>DSM loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="144"/>
        <source>Training loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="151"/>
        <source>Ready.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="158"/>
        <source>Smoothing window (steps):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="240"/>
        <source>Give a number of steps or minutes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="252"/>
        <source>Loading the datasets…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="262"/>
        <source>Cancelling…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="267"/>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="268"/>
        <source>Paused at step %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="277"/>
        <source>Step %1%2 · loss %3 (EMA %4) · %5 steps/s · %6 images/s · ETA %7</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="316"/>
        <source>%1: %2 of %3 · ETA %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="332"/>
        <source>Cancelled at step %1; the checkpoint is kept, resume any time.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
