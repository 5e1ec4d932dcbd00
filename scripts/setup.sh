#!/usr/bin/env bash
# Installs every package CT Studio needs (Debian 12) and builds it with the `dev` preset.
# Idempotent and non-interactive: packages already present are not fetched again.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  # build (rsvg-convert renders the brand's SVG icon)
  cmake ninja-build ccache g++ pkg-config git librsvg2-bin
  # the brand's DEB (release preset) and its test, scripts/test-packages.sh
  help2man dpkg-dev fakeroot lintian appstream desktop-file-utils debootstrap
  # Qt 6 (Charts needs the OpenGL dev package, HttpServer needs WebSockets)
  qt6-base-dev qt6-charts-dev qt6-httpserver-dev qt6-websockets-dev libqt6opengl6-dev
  libqt6sql6-sqlite qt6-tools-dev qt6-l10n-tools qt6-tools-dev-tools qt6-translations-l10n
  libxkbcommon-dev libgl1-mesa-dev
  # compute and logging; OpenBLAS is what makes Debian's libtorch fast
  libtorch-dev libopenblas0-pthread liblapack-dev libblas-dev libspdlog-dev zlib1g-dev
  # secrets and users
  qtkeychain-qt6-dev libsodium-dev gnome-keyring dbus
  # remote hosts (rsync: resumable transfers; libcrypto: SHA-256 of every transferred file) and tests
  openssh-server openssh-client rsync libssl-dev python3 nodejs npm xvfb xauth fonts-noto-cjk
)

missing=()
# nodejs/npm may come from elsewhere than Debian (a newer build already on the machine).
if command -v node >/dev/null && command -v npm >/dev/null; then
  PACKAGES=("${PACKAGES[@]/nodejs/}")
  PACKAGES=("${PACKAGES[@]/npm/}")
fi
for p in "${PACKAGES[@]}"; do
  [ -n "$p" ] || continue
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "setup: installing ${#missing[@]} packages: ${missing[*]}"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

cmake --preset dev
cmake --build --preset dev
echo "setup: built into build/dev (ct: build/dev/app/ct, GUI: build/dev/app/ct-studio)"
