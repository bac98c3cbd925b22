#!/usr/bin/env bash
# Builds the Debian package msma-studio_<version>_amd64.deb (cpack -G DEB), installs it with
# apt and checks what was installed: both programs from /usr/bin, the desktop entry and the
# AppStream metainfo. Reuses build/ (as scripts/test.sh leaves it), so the package is built
# for this CPU (-march=native); MSMA_PORTABLE=1 builds a package for any x86-64 machine in
# build-package/ instead (a second full build).
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
BUILD=build
EXTRA=()
if [ "${MSMA_PORTABLE:-0}" = 1 ]; then BUILD=build-package; EXTRA=(-DMSMA_NATIVE_ARCH=OFF -DMSMA_BUILD_TESTS=OFF); fi
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release "${EXTRA[@]}"
cmake --build "$BUILD" -j"$(nproc)"
rm -f "$BUILD"/msma-studio_*.deb
(cd "$BUILD" && cpack -G DEB)
deb=$(ls "$PWD/$BUILD"/msma-studio_*_amd64.deb)
echo "built $deb"
dpkg-deb --info "$deb" | sed -n '/Depends/p'
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --reinstall "$deb"
# The installed programs, run from /usr/bin as a user would.
/usr/bin/msma --version
/usr/bin/msma info fashion-mnist:test
QT_QPA_PLATFORM=offscreen /usr/bin/msma-studio --version
desktop-file-validate /usr/share/applications/io.github.msmastudio.MSMAStudio.desktop
appstreamcli validate --no-net /usr/share/metainfo/io.github.msmastudio.MSMAStudio.metainfo.xml
for f in /usr/share/icons/hicolor/scalable/apps/msma-studio.svg /usr/share/icons/hicolor/48x48/apps/msma-studio.png; do
  test -s "$f" || { echo "missing $f" >&2; exit 1; }
done
echo "package ok: $deb"
