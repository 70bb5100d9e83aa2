#!/bin/sh
# SPDX-License-Identifier: MIT
# Install what budgetkit needs from Debian 12 (bookworm) packages.
#   sh .ci/install-deps.sh          build dependencies
#   sh .ci/install-deps.sh --test   build + test dependencies
#   BK_WITHOUT_PDF=1 sh .ci/install-deps.sh ...   leave out MuPDF (the optional pdf reader)
# Runs as root, or through sudo when it exists.
set -eu
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi

BUILD_PKGS="build-essential cmake pkg-config zlib1g-dev libxlsxwriter-dev libxml2-dev libxslt1-dev
  libcsv-dev libminizip-dev libjson-c-dev libfreexl-dev libsqlite3-dev"
# The pdf plugin builds only when MuPDF (and what its static link needs) is there.
PDF_PKGS="libmupdf-dev libmujs-dev libgumbo-dev libopenjp2-7-dev libjbig2dec0-dev libjpeg62-turbo-dev libharfbuzz-dev libfreetype-dev"
[ -z "${BK_WITHOUT_PDF:-}" ] && BUILD_PKGS="$BUILD_PKGS $PDF_PKGS"
TEST_PKGS="python3 python3-openpyxl python3-jsonschema libxml2-utils clang libclang-rt-14-dev clang-format
  libreoffice-calc-nogui python3-pandas poppler-utils fonts-noto-cjk doxygen time unzip"

pkgs="$BUILD_PKGS"
[ "${1:-}" = "--test" ] && pkgs="$BUILD_PKGS $TEST_PKGS"

# Skip apt entirely when everything is already there.
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

# Another process may hold the apt lock: retry update, wait on install.
i=0
until $SUDO apt-get -o DPkg::Lock::Timeout=300 update -q; do
  i=$((i + 1))
  [ $i -ge 5 ] && { echo "apt-get update failed 5 times" >&2; exit 1; }
  sleep 10
done
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends \
  -o DPkg::Lock::Timeout=300 $missing
