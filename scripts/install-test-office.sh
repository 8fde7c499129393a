#!/bin/sh
# Install what the dlxh document tests need to turn .docx into PDF and read it back:
# LibreOffice Writer (headless), fonts with full Vietnamese coverage, and poppler's
# pdftotext/pdftoppm. Debian/Ubuntu only; idempotent (installs only what is missing).
#
# Times New Roman is not in Debian main: Liberation Serif (fonts-liberation2) is metric-
# compatible with it, so LibreOffice substitutes it and the page breaks stay where Word puts
# them. DejaVu is the fallback for any glyph the others lack.
set -eu

PACKAGES="libreoffice-writer-nogui fonts-liberation2 fonts-dejavu-core poppler-utils"

missing=""
for pkg in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $pkg"
    fi
done

if [ -z "$missing" ]; then
    echo "install-test-office: all present ($PACKAGES)"
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
else
    SUDO="sudo"
fi

echo "install-test-office: installing$missing"
$SUDO apt-get update -qq
# shellcheck disable=SC2086  # word splitting of the package list is intended
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends $missing
