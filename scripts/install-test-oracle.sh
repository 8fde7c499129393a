#!/bin/sh
# Download the test oracle of the 2026 administrative units: the vietnam-provinces 2026.9.0
# wheel from PyPI into ~/.cache/dlxh-oracle. It is GPL-3.0, so it is never installed,
# imported or copied into dlxh: tests/units/test_units_oracle.py reads its data as an archive.
# Idempotent (downloads only when missing); needs only the package index.
set -eu

SHA256=b5f3540a98937d38b9bebcbdb792fa4f5b9712737d41b05c7254beb2308ebcd1
DEST="${DLXH_ORACLE_DIR:-$HOME/.cache/dlxh-oracle}"
if ls "$DEST"/vietnam_provinces-2026.9.0-*.whl >/dev/null 2>&1; then
    echo "install-test-oracle: present in $DEST"
    exit 0
fi
mkdir -p "$DEST"
PYTHON="${PYTHON:-python3}"
echo "install-test-oracle: downloading vietnam-provinces 2026.9.0 (not installed) to $DEST"
"$PYTHON" -m pip download --quiet --no-deps --only-binary=:all: --python-version 3.12 \
    vietnam-provinces==2026.9.0 -d "$DEST"
# The file the test was written against.
echo "$SHA256  $DEST/vietnam_provinces-2026.9.0-py3-none-any.whl" | sha256sum -c --quiet - || {
    rm -f "$DEST"/vietnam_provinces-2026.9.0-*.whl
    echo "install-test-oracle: the downloaded wheel is not the expected one" >&2
    exit 1
}
