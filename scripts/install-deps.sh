#!/usr/bin/env bash
# Installs every Debian 12 package MSMA Studio needs to build, test and run the demo.
# Safe to run again: apt-get skips what is already there. Needs root (or sudo).
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
PACKAGES=(
  # toolchain
  build-essential cmake ninja-build pkg-config git
  # LibTorch 1.13 (CPU), oneDNN's headers (the library LibTorch runs on; scoring calls its
  # Winograd convolutions) and the numeric/image libraries
  libtorch-dev libdnnl-dev libgloo-dev libeigen3-dev libopencv-dev libnanoflann-dev
  # file formats: archives (zip/tar/gz), MATLAB .mat (SVHN), JSON, gzip (IDX .gz)
  libarchive-dev libmatio-dev nlohmann-json3-dev zlib1g-dev libcli11-dev
  # Qt 6.4: Widgets, Charts (its CMake config needs the OpenGL dev files), Svg, PrintSupport, Linguist, Test
  qt6-base-dev qt6-charts-dev libqt6opengl6-dev qt6-svg-dev qt6-tools-dev qt6-tools-dev-tools
  qt6-l10n-tools linguist-qt6 libgl-dev qt6-qpa-plugins
  # data: Fashion-MNIST IDX files and OpenCV's digits.png (5,000 MNIST digits)
  dataset-fashion-mnist opencv-doc
  # the benchmark's Python baselines, and /usr/bin/time for bench/memory.sh's peak RSS
  python3-torch python3-sklearn python3-numpy time
  # headless display for GUI screenshots
  xvfb xauth
  # checks of the Debian package's desktop entry and AppStream metainfo (scripts/package.sh)
  desktop-file-utils appstream
  # a CJK font, so the Simplified Chinese interface renders (and its screenshots)
  fonts-wqy-microhei
)
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}"
