<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>msma::MetricColumn</name>
    <message>
        <location filename="../core/metrics/metrics.cpp" line="14" />
        <source>AUPR-in</source>
        <translation>AUPR-in</translation>
    </message>
    <message>
        <location filename="../core/metrics/metrics.cpp" line="14" />
        <source>AUPR-out</source>
        <translation>AUPR-out</translation>
    </message>
    <message>
        <location filename="../core/metrics/metrics.cpp" line="14" />
        <source>FPR@95</source>
        <translation>FPR@95</translation>
    </message>
    <message>
        <location filename="../core/metrics/metrics.cpp" line="14" />
        <source>FPR@80</source>
        <translation>FPR@80</translation>
    </message>
    <message>
        <location filename="../core/metrics/metrics.cpp" line="14" />
        <source>DetErr</source>
        <translation>检测错误率</translation>
    </message>
    <message>
        <location filename="../core/metrics/metrics.cpp" line="14" />
        <source>FPR@95 authors</source>
        <translation>FPR@95（作者约定）</translation>
    </message>
</context>
<context>
    <name>Report</name>
    <message>
        <location filename="../ui/export/report.cpp" line="30" />
        <location filename="../ui/export/report.cpp" line="33" />
        <location filename="../ui/export/report.cpp" line="79" />
        <source>MSMA run report</source>
        <translation>MSMA 运行报告</translation>
    </message>
    <message>
        <location filename="../ui/export/report.cpp" line="33" />
        <source>Run directory:</source>
        <translation>运行目录：</translation>
    </message>
    <message>
        <location filename="../ui/export/report.cpp" line="36" />
        <source>Inliers:</source>
        <translation>内分布数据：</translation>
    </message>
    <message>
        <location filename="../ui/export/report.cpp" line="37" />
        <source>network:</source>
        <translation>网络：</translation>
    </message>
    <message>
        <location filename="../ui/export/report.cpp" line="40" />
        <source>batch</source>
        <translation>批大小</translation>
    </message>
    <message>
        <location filename="../ui/export/report.cpp" line="40" />
        <source>seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location filename="../ui/export/report.cpp" line="42" />
        <source>aux model</source>
        <translation>辅助模型</translation>
    </message>
    <message>
        <location filename="../ui/export/report.cpp" line="42" />
        <source>OOD set</source>
        <translation>分布外数据集</translation>
    </message>
    <message>
        <location filename="../ui/export/report.cpp" line="43" />
        <source>det. error %</source>
        <translation>检测错误率 %</translation>
    </message>
    <message>
        <location filename="../ui/export/report.cpp" line="43" />
        <source>health AUROC %</source>
        <translation>健康度 AUROC %</translation>
    </message>
</context>
<context>
    <name>msma::ui::DatasetsPanel</name>
    <message>
        <source>inlier set&apos;s own</source>
        <translation>与内分布训练集相同</translation>
    </message>
    <message>
        <source> px</source>
        <translation> 像素</translation>
    </message>
    <message>
        <source>Working image size (square): every set, inliers included, is resized by its shorter side and centre-cropped to it. Needed for folders of images in mixed sizes; applies to datasets added after it is set.</source>
        <translation>工作图像尺寸（正方形）：所有数据集（包括内分布集）按短边缩放并居中裁剪到该尺寸。图像尺寸不一的文件夹需要设置它；只作用于设置之后添加的数据集。</translation>
    </message>
    <message>
        <source>1 (gray)</source>
        <translation>1（灰度）</translation>
    </message>
    <message>
        <source>3 (RGB)</source>
        <translation>3（RGB）</translation>
    </message>
    <message>
        <source>Image size</source>
        <translation>图像尺寸</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>通道数</translation>
    </message>
    <message>
        <location filename="../ui/views/datasets_panel.cpp" line="26" />
        <source>Inlier train</source>
        <translation>内分布训练集</translation>
    </message>
    <message>
        <location filename="../ui/views/datasets_panel.cpp" line="27" />
        <source>Inlier test</source>
        <translation>内分布测试集</translation>
    </message>
    <message>
        <location filename="../ui/views/datasets_panel.cpp" line="28" />
        <source>OOD</source>
        <translation>分布外</translation>
    </message>
    <message>
        <location filename="../ui/views/datasets_panel.cpp" line="34" />
        <source>Drop image files, folders, archives, IDX, CIFAR-10, SVHN .mat or .npy files here, or add a built-in set:</source>
        <translation>将图像文件、文件夹、压缩包、IDX、CIFAR-10、SVHN .mat 或 .npy 文件拖放到此处，或添加内置数据集：</translation>
    </message>
    <message>
        <location filename="../ui/views/datasets_panel.cpp" line="38" />
        <source>Fashion-MNIST (train)</source>
        <translation>Fashion-MNIST（训练）</translation>
    </message>
    <message>
        <location filename="../core/data/builtin.cpp" line="9" />
        <source>Letters (Hershey fonts)</source>
        <translation>字母（Hershey 字体）</translation>
    </message>
    <message>
        <location filename="../ui/views/datasets_panel.cpp" line="39" />
        <source>Fashion-MNIST (test)</source>
        <translation>Fashion-MNIST（测试）</translation>
    </message>
    <message>
        <location filename="../ui/views/datasets_panel.cpp" line="40" />
        <source>MNIST digits</source>
        <translation>MNIST 手写数字</translation>
    </message>
    <message>
        <location filename="../ui/views/datasets_panel.cpp" line="41" />
        <source>Uniform noise</source>
        <translation>均匀噪声</translation>
    </message>
    <message>
        <location filename="../ui/views/datasets_panel.cpp" line="42" />
        <source>Gaussian noise</source>
        <translation>高斯噪声</translation>
    </message>
    <message>
        <location filename="../ui/views/datasets_panel.cpp" line="49" />
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../ui/views/datasets_panel.cpp" line="55" />
        <source>Images</source>
        <translation>图像</translation>
    </message>
    <message>
        <location filename="../ui/views/datasets_panel.cpp" line="55" />
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <location filename="../ui/views/datasets_panel.cpp" line="55" />
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../ui/views/datasets_panel.cpp" line="55" />
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../ui/views/datasets_panel.cpp" line="55" />
        <source>Geometry</source>
        <translation>几何尺寸</translation>
    </message>
    <message>
        <location filename="../ui/views/datasets_panel.cpp" line="55" />
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <location filename="../ui/views/datasets_panel.cpp" line="56" />
        <source>Conversion to the inlier geometry</source>
        <translation>转换为内分布几何尺寸</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/views/datasets_panel.cpp" line="184" />
        <source>%n image(s)</source>
        <translation><numerusform>%n 张图像</numerusform></translation>
    </message>
    <message>
        <location filename="../ui/views/datasets_panel.cpp" line="188" />
        <source>(no inlier training set yet)</source>
        <translation>（尚无内分布训练集）</translation>
    </message>
    <message>
        <location filename="../ui/views/datasets_panel.cpp" line="189" />
        <source>none: this is the inlier geometry</source>
        <translation>无：这就是内分布几何尺寸</translation>
    </message>
    <message>
        <location filename="../ui/views/datasets_panel.cpp" line="195" />
        <source>none: same geometry</source>
        <translation>无：几何尺寸相同</translation>
    </message>
    <message>
        <location filename="../ui/views/datasets_panel.cpp" line="209" />
        <source>Choose an inlier training set (drop one, or add Fashion-MNIST).</source>
        <translation>请选择内分布训练集（拖放一个，或添加 Fashion-MNIST）。</translation>
    </message>
    <message>
        <location filename="../ui/views/datasets_panel.cpp" line="210" />
        <source>Choose an inlier test set (a dataset with the role 'Inlier test').</source>
        <translation>请选择内分布测试集（角色为“内分布测试集”的数据集）。</translation>
    </message>
    <message>
        <location filename="../ui/views/datasets_panel.cpp" line="211" />
        <source>Add at least one OOD dataset to evaluate against.</source>
        <translation>请至少添加一个用于评估的分布外数据集。</translation>
    </message>
</context>
<context>
    <name>msma::ui::GalleryModel</name>
    <message>
        <location filename="../ui/views/gallery_view.cpp" line="54" />
        <source>%1 #%2
OOD score %3 (rank %4)</source>
        <translation>%1 #%2
分布外分数 %3（排名 %4）</translation>
    </message>
</context>
<context>
    <name>msma::ui::GalleryView</name>
    <message>
        <location filename="../ui/views/gallery_view.cpp" line="213" />
        <source>Only the projection's selection</source>
        <translation>仅投影中的选择</translation>
    </message>
    <message>
        <location filename="../ui/views/gallery_view.cpp" line="214" />
        <source>Only flagged (above the threshold)</source>
        <translation>仅已标记（高于阈值）</translation>
    </message>
    <message>
        <location filename="../ui/views/gallery_view.cpp" line="218" />
        <source>Dataset:</source>
        <translation>数据集：</translation>
    </message>
    <message>
        <location filename="../ui/views/gallery_view.cpp" line="239" />
        <source>All datasets</source>
        <translation>全部数据集</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/views/gallery_view.cpp" line="267" />
        <source>%n image(s)</source>
        <translation><numerusform>%n 张图像</numerusform></translation>
    </message>
</context>
<context>
    <name>msma::ui::HistogramView</name>
    <message>
        <location filename="../ui/views/histogram_view.cpp" line="50" />
        <source>All scales (small multiples)</source>
        <translation>全部尺度（小多图）</translation>
    </message>
    <message>
        <location filename="../ui/views/histogram_view.cpp" line="52" />
        <source>Noise level:</source>
        <translation>噪声水平：</translation>
    </message>
    <message>
        <location filename="../ui/views/histogram_view.cpp" line="95" />
        <source>‖σ·s(x)‖ at %1</source>
        <translation>%1 处的 ‖σ·s(x)‖</translation>
    </message>
    <message>
        <location filename="../ui/views/histogram_view.cpp" line="96" />
        <source>density</source>
        <translation>密度</translation>
    </message>
    <message>
        <location filename="../ui/views/histogram_view.cpp" line="117" />
        <source> (AUROC %1 %)</source>
        <translation>（AUROC %1 %）</translation>
    </message>
    <message>
        <location filename="../ui/views/histogram_view.cpp" line="120" />
        <source> (inlier test)</source>
        <translation>（内分布测试）</translation>
    </message>
    <message>
        <location filename="../ui/views/histogram_view.cpp" line="134" />
        <source>inspected image</source>
        <translation>所检查的图像</translation>
    </message>
    <message>
        <location filename="../ui/views/histogram_view.cpp" line="142" />
        <source>AUROC %: %1</source>
        <translation>AUROC %：%1</translation>
    </message>
    <message>
        <location filename="../ui/views/histogram_view.cpp" line="143" />
        <source>Score norms at %1</source>
        <translation>%1 处的分数范数</translation>
    </message>
</context>
<context>
    <name>msma::ui::InspectorView</name>
    <message>
        <location filename="../ui/views/gallery_view.cpp" line="95" />
        <location filename="../ui/views/gallery_view.cpp" line="120" />
        <source>Click an image to inspect it.</source>
        <translation>点击图像进行检查。</translation>
    </message>
    <message>
        <location filename="../ui/views/gallery_view.cpp" line="103" />
        <source>Zoom:</source>
        <translation>缩放：</translation>
    </message>
    <message>
        <location filename="../ui/views/gallery_view.cpp" line="140" />
        <source>inlier 5–95 %</source>
        <translation>内分布 5–95 %</translation>
    </message>
    <message>
        <location filename="../ui/views/gallery_view.cpp" line="143" />
        <source>this image</source>
        <translation>该图像</translation>
    </message>
    <message>
        <location filename="../ui/views/gallery_view.cpp" line="154" />
        <source>‖σ·s(x)‖</source>
        <translation>‖σ·s(x)‖</translation>
    </message>
    <message>
        <location filename="../ui/views/gallery_view.cpp" line="133" />
        <source>σ</source>
        <translation>σ</translation>
    </message>
    <message>
        <location filename="../ui/views/gallery_view.cpp" line="158" />
        <source>Score norms per noise level</source>
        <translation>各噪声水平的分数范数</translation>
    </message>
    <message>
        <location filename="../ui/views/gallery_view.cpp" line="175" />
        <source>%1 #%2 — OOD score (%3) %4, rank %5 of %6; higher than %7 % of inlier test images; %8</source>
        <translation>%1 #%2 — 分布外分数（%3）%4，排名 %5 / %6；高于 %7 % 的内分布测试图像；%8</translation>
    </message>
    <message>
        <location filename="../ui/views/gallery_view.cpp" line="183" />
        <source>flagged</source>
        <translation>已标记</translation>
    </message>
    <message>
        <location filename="../ui/views/gallery_view.cpp" line="183" />
        <source>not flagged</source>
        <translation>未标记</translation>
    </message>
</context>
<context>
    <name>msma::ui::MainWindow</name>
    <message>
        <source>Busy: new data can be checked when the current job ends.</source>
        <translation>忙碌中：当前任务结束后才能检查新数据。</translation>
    </message>
    <message>
        <source>&amp;Check new data against this run…</source>
        <translation>用此运行检查新数据(&amp;C)…</translation>
    </message>
    <message>
        <source>Open a finished run first (Ctrl+O).</source>
        <translation>请先打开一个已完成的运行（Ctrl+O）。</translation>
    </message>
    <message>
        <source>Folder of new images to check</source>
        <translation>要检查的新图像所在文件夹</translation>
    </message>
    <message numerus="yes">
        <source>Checking %n dataset(s) against %1…</source>
        <translation><numerusform>正在用 %1 检查 %n 个数据集…</numerusform></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="37" />
        <location filename="../ui/main_window.cpp" line="66" />
        <location filename="../ui/main_window.cpp" line="279" />
        <source>MSMA Studio</source>
        <translation>MSMA Studio</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="46" />
        <source>Datasets</source>
        <translation>数据集</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="47" />
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="48" />
        <source>Histograms</source>
        <translation>直方图</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="49" />
        <source>Projection</source>
        <translation>投影</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="50" />
        <source>ROC / PR</source>
        <translation>ROC / PR</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="51" />
        <source>Flagged images</source>
        <translation>标记的图像</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="53" />
        <source>Drop datasets on the window, or open a run (Ctrl+O).</source>
        <translation>将数据集拖放到窗口上，或打开一个运行（Ctrl+O）。</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="59" />
        <source>MSMA Studio — %1</source>
        <translation>MSMA Studio — %1</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="69" />
        <source>%1: %2 / %3 · ETA %4</source>
        <translation>%1：%2 / %3 · 预计剩余 %4</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="72" />
        <source>Training: step %1 of %2</source>
        <translation>训练：第 %1 步，共 %2 步</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="72" />
        <source>Training: step %1</source>
        <translation>训练：第 %1 步</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="86" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="87" />
        <source>&amp;New run</source>
        <translation>新建运行(&amp;N)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="91" />
        <source>&amp;Open run…</source>
        <translation>打开运行(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="92" />
        <source>Open a run directory</source>
        <translation>打开运行目录</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="95" />
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="97" />
        <source>&amp;Add datasets…</source>
        <translation>添加数据集(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="98" />
        <source>Add datasets</source>
        <translation>添加数据集</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="102" />
        <source>&amp;Export current view…</source>
        <translation>导出当前视图(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="103" />
        <source>Export view (PNG, SVG, PDF and CSV are written)</source>
        <translation>导出视图（将写出 PNG、SVG、PDF 和 CSV）</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="108" />
        <source>Exported %1</source>
        <translation>已导出 %1</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="110" />
        <location filename="../ui/main_window.cpp" line="120" />
        <location filename="../ui/main_window.cpp" line="130" />
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="113" />
        <source>Export per-image &amp;scores (CSV)…</source>
        <translation>导出逐图像分数(&amp;S)（CSV）…</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="114" />
        <source>Per-image scores</source>
        <translation>逐图像分数</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="115" />
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="123" />
        <source>Export run &amp;report…</source>
        <translation>导出运行报告(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="124" />
        <source>Run report</source>
        <translation>运行报告</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="125" />
        <source>PDF (*.pdf);;HTML (*.html)</source>
        <translation>PDF (*.pdf);;HTML (*.html)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="134" />
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="135" />
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="136" />
        <source>&amp;Start training</source>
        <translation>开始训练(&amp;S)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="137" />
        <source>&amp;Cancel</source>
        <translation>取消(&amp;C)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="138" />
        <source>&amp;Analyse run (score, fit, evaluate)</source>
        <translation>分析运行(&amp;A)（打分、拟合、评估）</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="142" />
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="147" />
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="148" />
        <source>&amp;Preferences…</source>
        <translation>首选项(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="149" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="150" />
        <source>&amp;About MSMA Studio</source>
        <translation>关于 MSMA Studio(&amp;A)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="151" />
        <source>About MSMA Studio</source>
        <translation>关于 MSMA Studio</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="152" />
        <source>&lt;h3&gt;MSMA Studio %1&lt;/h3&gt;&lt;p&gt;Finds out-of-distribution images without labels by multiscale score matching.&lt;/p&gt;&lt;p&gt;%2, Qt %3&lt;/p&gt;&lt;p&gt;&lt;b&gt;Cite the method as&lt;/b&gt;&lt;br&gt;Ahsan Mahmood, Junier Oliva, Martin Styner. &lt;i&gt;Multiscale Score Matching for Out-of-Distribution Detection.&lt;/i&gt; International Conference on Learning Representations (ICLR), 2021. arXiv:2010.13132.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;MSMA Studio %1&lt;/h3&gt;&lt;p&gt;通过多尺度分数匹配在无标签的情况下发现分布外图像。&lt;/p&gt;&lt;p&gt;%2，Qt %3&lt;/p&gt;&lt;p&gt;&lt;b&gt;引用本方法：&lt;/b&gt;&lt;br&gt;Ahsan Mahmood, Junier Oliva, Martin Styner. &lt;i&gt;Multiscale Score Matching for Out-of-Distribution Detection.&lt;/i&gt; International Conference on Learning Representations (ICLR), 2021. arXiv:2010.13132.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="160" />
        <location filename="../ui/main_window.cpp" line="175" />
        <source>Preferences</source>
        <translation>首选项</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="162" />
        <source>System language</source>
        <translation>系统语言</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="167" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="175" />
        <source>The language changes when MSMA Studio starts next.</source>
        <translation>语言将在下次启动 MSMA Studio 时更改。</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="180" />
        <source>Loading %1…</source>
        <translation>正在加载 %1…</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="219" />
        <source>This view has nothing to export; choose a chart tab.</source>
        <translation>此视图没有可导出的内容；请选择一个图表标签页。</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="225" />
        <location filename="../ui/main_window.cpp" line="243" />
        <source>Open a run first.</source>
        <translation>请先打开一个运行。</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="251" />
        <source>ROC and precision–recall curves (%1)</source>
        <translation>ROC 与精确率–召回率曲线（%1）</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="252" />
        <source>Score-norm histograms</source>
        <translation>分数范数直方图</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="253" />
        <source>Projection of the score-norm vectors</source>
        <translation>分数范数向量的投影</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="279" />
        <source>Training is running. Stop it (the last checkpoint is kept) and quit?</source>
        <translation>训练正在进行。要停止训练（保留最后一个检查点）并退出吗？</translation>
    </message>
</context>
<context>
    <name>msma::ui::PipelineWorker</name>
    <message>
        <source>Checking new data</source>
        <translation>正在检查新数据</translation>
    </message>
    <message>
        <location filename="../ui/workers/pipeline_worker.cpp" line="22" />
        <source>%1: done</source>
        <translation>%1：完成</translation>
    </message>
    <message>
        <location filename="../ui/workers/pipeline_worker.cpp" line="25" />
        <source>%1: cancelled</source>
        <translation>%1：已取消</translation>
    </message>
    <message>
        <location filename="../ui/workers/pipeline_worker.cpp" line="28" />
        <source>%1 failed: %2</source>
        <translation>%1 失败：%2</translation>
    </message>
    <message>
        <location filename="../ui/workers/pipeline_worker.cpp" line="41" />
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <location filename="../ui/workers/pipeline_worker.cpp" line="77" />
        <source>Analysis</source>
        <translation>分析</translation>
    </message>
    <message>
        <location filename="../ui/workers/pipeline_worker.cpp" line="86" />
        <source>Loading results</source>
        <translation>正在加载结果</translation>
    </message>
</context>
<context>
    <name>msma::ui::ProjectionCanvas</name>
    <message>
        <location filename="../ui/views/projection_view.cpp" line="117" />
        <source>No run loaded</source>
        <translation>未加载运行</translation>
    </message>
    <message>
        <location filename="../ui/views/projection_view.cpp" line="161" />
        <source> (inlier test)</source>
        <translation>（内分布测试）</translation>
    </message>
    <message>
        <location filename="../ui/views/projection_view.cpp" line="164" />
        <source>PC</source>
        <translation>主成分</translation>
    </message>
    <message>
        <location filename="../ui/views/projection_view.cpp" line="164" />
        <source>kPC</source>
        <translation>核主成分</translation>
    </message>
</context>
<context>
    <name>msma::ui::ProjectionView</name>
    <message>
        <source> (new data)</source>
        <translation>（新数据）</translation>
    </message>
    <message>
        <location filename="../ui/views/projection_view.cpp" line="223" />
        <source>PCA (with OOD-score contours)</source>
        <translation>PCA（含分布外分数等高线）</translation>
    </message>
    <message>
        <location filename="../ui/views/projection_view.cpp" line="224" />
        <source>Kernel PCA (RBF, non-linear)</source>
        <translation>核 PCA（RBF，非线性）</translation>
    </message>
    <message>
        <location filename="../ui/views/projection_view.cpp" line="225" />
        <source>Clear selection</source>
        <translation>清除选择</translation>
    </message>
    <message>
        <location filename="../ui/views/projection_view.cpp" line="227" />
        <source>Projection:</source>
        <translation>投影：</translation>
    </message>
    <message>
        <location filename="../ui/views/projection_view.cpp" line="230" />
        <source>Drag: rectangle · Shift+drag: lasso · click: clear</source>
        <translation>拖动：矩形 · Shift+拖动：套索 · 单击：清除</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/views/projection_view.cpp" line="242" />
        <source>%n point(s) selected</source>
        <translation><numerusform>已选择 %n 个点</numerusform></translation>
    </message>
    <message>
        <location filename="../ui/views/projection_view.cpp" line="252" />
        <source>PCA: %1 % of the variance on two axes</source>
        <translation>PCA：两个轴上占 %1 % 的方差</translation>
    </message>
    <message>
        <location filename="../ui/views/projection_view.cpp" line="254" />
        <source>Kernel PCA: contours need an invertible projection</source>
        <translation>核 PCA：等高线需要可逆投影</translation>
    </message>
    <message>
        <location filename="../ui/views/projection_view.cpp" line="265" />
        <source>Projecting…</source>
        <translation>正在投影…</translation>
    </message>
</context>
<context>
    <name>msma::ui::RocView</name>
    <message>
        <source>Around the inliers</source>
        <translation>内点附近</translation>
    </message>
    <message>
        <source>All sets</source>
        <translation>全部数据集</translation>
    </message>
    <message>
        <source>Around the inliers: their 0.5–99.5 % score range widened by a quarter on each side; scores beyond it are not drawn. Drag on the chart to zoom, right-click to zoom out.</source>
        <translation>内点附近：内点 0.5–99.5 % 的分数范围向两侧各扩展四分之一；超出范围的分数不绘制。在图上拖动可放大，右键单击可缩小。</translation>
    </message>
    <message>
        <source>Reset zoom</source>
        <translation>重置缩放</translation>
    </message>
    <message>
        <source>Score range:</source>
        <translation>分数范围：</translation>
    </message>
    <message>
        <source>OOD scores near the inliers (scores beyond not drawn); right of the threshold: flagged</source>
        <translation>内点附近的分布外分数（超出范围者不绘制）；阈值右侧：已标记</translation>
    </message>
    <message>
        <source>New data as OOD</source>
        <translation>将新数据视为分布外</translation>
    </message>
    <message>
        <source>Checked sets (new data dropped on the run) that get a ROC curve and a table row</source>
        <translation>作为分布外绘制 ROC 曲线并列入表格的已检查数据集（拖放到该运行上的新数据）</translation>
    </message>
    <message>
        <location filename="../ui/views/roc_view.cpp" line="41" />
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <location filename="../ui/views/roc_view.cpp" line="42" />
        <source>Keep %1 % of inliers</source>
        <translation>保留 %1 % 的内分布数据</translation>
    </message>
    <message>
        <location filename="../ui/views/roc_view.cpp" line="50" />
        <source>OOD set</source>
        <translation>分布外数据集</translation>
    </message>
    <message>
        <location filename="../ui/views/roc_view.cpp" line="50" />
        <source>AUROC % [95 % CI]</source>
        <translation>AUROC %［95 % 置信区间］</translation>
    </message>
    <message>
        <location filename="../ui/views/roc_view.cpp" line="50" />
        <source>AUPR-in %</source>
        <translation>AUPR-in %</translation>
    </message>
    <message>
        <location filename="../ui/views/roc_view.cpp" line="50" />
        <source>AUPR-out %</source>
        <translation>AUPR-out %</translation>
    </message>
    <message>
        <location filename="../ui/views/roc_view.cpp" line="51" />
        <source>FPR at 95 % TPR %</source>
        <translation>95 % TPR 时的 FPR %</translation>
    </message>
    <message>
        <location filename="../ui/views/roc_view.cpp" line="51" />
        <source>Detection error %</source>
        <translation>检测错误率 %</translation>
    </message>
    <message>
        <location filename="../ui/views/roc_view.cpp" line="67" />
        <source>Auxiliary model:</source>
        <translation>辅助模型：</translation>
    </message>
    <message>
        <location filename="../ui/views/roc_view.cpp" line="72" />
        <source>Threshold:</source>
        <translation>阈值：</translation>
    </message>
    <message>
        <location filename="../ui/views/roc_view.cpp" line="119" />
        <source>false positive rate (inliers flagged)</source>
        <translation>假阳性率（被标记的内分布数据）</translation>
    </message>
    <message>
        <location filename="../ui/views/roc_view.cpp" line="120" />
        <source>TPR (OOD flagged)</source>
        <translation>真阳性率（已标记的分布外）</translation>
    </message>
    <message>
        <location filename="../ui/views/roc_view.cpp" line="121" />
        <source>recall (inliers)</source>
        <translation>召回率（内分布数据）</translation>
    </message>
    <message>
        <location filename="../ui/views/roc_view.cpp" line="122" />
        <source>precision (inliers)</source>
        <translation>精确率（内分布数据）</translation>
    </message>
    <message>
        <location filename="../ui/views/roc_view.cpp" line="123" />
        <source>ROC, %1</source>
        <translation>ROC，%1</translation>
    </message>
    <message>
        <location filename="../ui/views/roc_view.cpp" line="124" />
        <source>Precision–recall, inliers positive</source>
        <translation>精确率–召回率，内分布为正类</translation>
    </message>
    <message>
        <location filename="../ui/views/roc_view.cpp" line="168" />
        <source>Features: %1 · health AUROC (fit vs inlier test, ≈ 50 % is healthy): %2 %</source>
        <translation>特征：%1 · 健康度 AUROC（拟合集对内分布测试集，≈ 50 % 为健康）：%2 %</translation>
    </message>
    <message>
        <location filename="../ui/views/roc_view.cpp" line="177" />
        <source>OOD score (%1)</source>
        <translation>分布外分数（%1）</translation>
    </message>
    <message>
        <location filename="../ui/views/roc_view.cpp" line="178" />
        <source>share</source>
        <translation>比例</translation>
    </message>
    <message>
        <location filename="../ui/views/roc_view.cpp" line="202" />
        <source>threshold</source>
        <translation>阈值</translation>
    </message>
    <message>
        <location filename="../ui/views/roc_view.cpp" line="207" />
        <source>OOD scores: images right of the threshold are flagged</source>
        <translation>分布外分数：阈值右侧的图像被标记</translation>
    </message>
    <message>
        <location filename="../ui/views/roc_view.cpp" line="227" />
        <source>%1: %2 of %3 flagged (%4 %)</source>
        <translation>%1：%3 张中标记了 %2 张（%4 %）</translation>
    </message>
    <message>
        <location filename="../ui/views/roc_view.cpp" line="228" />
        <source> (inliers)</source>
        <translation>（内分布）</translation>
    </message>
    <message>
        <location filename="../ui/views/roc_view.cpp" line="228" />
        <source> (outliers)</source>
        <translation>（分布外）</translation>
    </message>
    <message>
        <location filename="../ui/views/roc_view.cpp" line="233" />
        <source>Threshold %1 — </source>
        <translation>阈值 %1 — </translation>
    </message>
</context>
<context>
    <name>msma::ui::TrainingView</name>
    <message>
        <location filename="../ui/views/training_view.cpp" line="36" />
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="37" />
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="38" />
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="61" />
        <source>U-Net (fast on CPUs)</source>
        <translation>U-Net（在 CPU 上较快）</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="62" />
        <source>RefineNet (NCSN v1, the paper's)</source>
        <translation>RefineNet（NCSN v1，论文所用）</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="64" />
        <source>fp32</source>
        <translation>fp32</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="65" />
        <source>bf16 (CPU autocast)</source>
        <translation>bf16（CPU 自动混合精度）</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="64" />
        <source>auto (bf16 where it measures faster on this CPU)</source>
        <translation>自动（在此 CPU 上实测更快时用 bf16）</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="112" />
        <source>Features for the auxiliary models</source>
        <translation>辅助模型的特征</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="130" />
        <source>Auxiliary models</source>
        <translation>辅助模型</translation>
    </message>
    <message>
        <source>Method preset</source>
        <translation>方法预设</translation>
    </message>
    <message>
        <source>default (the measured best)</source>
        <translation>默认（实测最佳）</translation>
    </message>
    <message>
        <source>paper (the MSMA authors' choices)</source>
        <translation>论文（MSMA 作者的选择）</translation>
    </message>
    <message>
        <source>custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>Parameterisation</source>
        <translation>参数化</translation>
    </message>
    <message>
        <source>noise: s = net/σ (trains more easily)</source>
        <translation>噪声：s = net/σ（更易训练）</translation>
    </message>
    <message>
        <source>score: the net outputs the score (NCSN v1, the paper's)</source>
        <translation>分数：网络直接输出分数（NCSN v1，论文所用）</translation>
    </message>
    <message>
        <source>U-Net decoder</source>
        <translation>U-Net 解码器</translation>
    </message>
    <message>
        <source>conv-nearest: convolve coarse, then upsample (a third fewer multiply-adds)</source>
        <translation>conv-nearest：先在粗分辨率卷积，再上采样（乘加少三分之一）</translation>
    </message>
    <message>
        <source>nearest-conv: upsample, then convolve (runs before 2026-12-03)</source>
        <translation>nearest-conv：先上采样，再卷积（2026-12-03 之前的运行）</translation>
    </message>
    <message>
        <source>Learning-rate schedule</source>
        <translation>学习率调度</translation>
    </message>
    <message>
        <source>constant (the paper's)</source>
        <translation>恒定（论文所用）</translation>
    </message>
    <message>
        <source>cosine to 10 % over the steps or minutes</source>
        <translation>余弦衰减至 10 %（按步数或分钟）</translation>
    </message>
    <message>
        <source>Warm-up steps</source>
        <translation>预热步数</translation>
    </message>
    <message>
        <source>EMA of weights (0: off), scored with</source>
        <translation>权重 EMA（0：关闭），评分时使用</translation>
    </message>
    <message>
        <source>warm-up: decay min(EMA, 1 − (1 + step)^−¾)</source>
        <translation>预热：衰减率 min(EMA, 1 − (1 + step)^−¾)</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="284" />
        <source>Choose at least one auxiliary model.</source>
        <translation>请至少选择一个辅助模型。</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="79" />
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="81" />
        <location filename="../ui/views/training_view.cpp" line="90" />
        <source>Run directory</source>
        <translation>运行目录</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="84" />
        <source>Then score, fit the auxiliary models and evaluate</source>
        <translation>随后打分、拟合辅助模型并评估</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="91" />
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="92" />
        <source>Width (channels)</source>
        <translation>宽度（通道数）</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="93" />
        <source>Depth (U-Net levels)</source>
        <translation>深度（U-Net 层级）</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="94" />
        <source>Noise levels L</source>
        <translation>噪声水平数 L</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="95" />
        <source>Largest σ</source>
        <translation>最大 σ</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="96" />
        <source>Smallest σ</source>
        <translation>最小 σ</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="97" />
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="98" />
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="99" />
        <source>Steps (0: use minutes)</source>
        <translation>步数（0：按分钟）</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="100" />
        <source>Minutes (0: use steps)</source>
        <translation>分钟（0：按步数）</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="101" />
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="102" />
        <source>Threads (0: all cores)</source>
        <translation>线程数（0：全部核心）</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="103" />
        <source>Checkpoint every (steps)</source>
        <translation>检查点间隔（步）</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="104" />
        <source>Precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="106" />
        <source>Configuration</source>
        <translation>配置</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="109" />
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="110" />
        <location filename="../ui/views/training_view.cpp" line="269" />
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="112" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="113" />
        <source>Resume from latest checkpoint</source>
        <translation>从最新检查点继续</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="122" />
        <source>Checkpoints</source>
        <translation>检查点</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="128" />
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="131" />
        <source>EMA (0.98)</source>
        <translation>指数滑动平均（0.98）</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="134" />
        <source>moving average</source>
        <translation>移动平均</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="139" />
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="142" />
        <source>DSM loss</source>
        <translation>DSM 损失</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="146" />
        <source>Training loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="153" />
        <source>Ready.</source>
        <translation>就绪。</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="160" />
        <source>Smoothing window (steps):</source>
        <translation>平滑窗口（步）：</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="242" />
        <source>Give a number of steps or minutes.</source>
        <translation>请给出步数或分钟数。</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="254" />
        <source>Loading the datasets…</source>
        <translation>正在加载数据集…</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="264" />
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="269" />
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="270" />
        <source>Paused at step %1.</source>
        <translation>已在第 %1 步暂停。</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="286" />
        <source>Step %1%2 · loss %3 (EMA %4) · %5 steps/s · %6 images/s · ETA %7</source>
        <translation>第 %1%2 步 · 损失 %3（EMA %4）· %5 步/秒 · %6 张图像/秒 · 预计剩余 %7</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="325" />
        <source>%1: %2 of %3 · ETA %4</source>
        <translation>%1：%2 / %3 · 预计剩余 %4</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="341" />
        <source>Cancelled at step %1; the checkpoint is kept, resume any time.</source>
        <translation>已在第 %1 步取消；检查点已保留，可随时继续。</translation>
    </message>
    <message>
        <location filename="../ui/views/training_view.cpp" line="366" />
        <source>Run trained to step %1 (from its training log).</source>
        <translation>运行已训练至第 %1 步（来自其训练日志）。</translation>
    </message>
</context>
</TS>