#!/usr/bin/env bash
# Build the one-folder bundle with PyInstaller and, on Debian/Ubuntu, the .deb, into dist/.
#
#   packaging/build.sh                   uses .venv (created and filled with ".[packaging]" if missing)
#   PYTHON=/path/to/python packaging/build.sh    uses that interpreter's environment as it is
#
# Environment: DIST_DIR (default dist), BUILD_DIR (default build/pyinstaller), SKIP_DEB=1 (bundle only).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
DIST_DIR="${DIST_DIR:-$ROOT/dist}"
BUILD_DIR="${BUILD_DIR:-$ROOT/build/pyinstaller}"

if [ -z "${PYTHON:-}" ]; then
  if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
  fi
  PYTHON=.venv/bin/python
  if ! "$PYTHON" -c "import PyInstaller, cti_desktop" 2>/dev/null; then
    "$PYTHON" -m pip install --quiet --upgrade pip
    "$PYTHON" -m pip install --quiet -e ".[packaging]"
  fi
fi
if ! "$PYTHON" -c "import PyInstaller" 2>/dev/null; then
  echo "build.sh: PyInstaller is not installed for $PYTHON; install the packaging extra: $PYTHON -m pip install -e '.[packaging]'" >&2
  exit 1
fi

echo "== bundle (PyInstaller)"
"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$DIST_DIR" --workpath "$BUILD_DIR" packaging/cti-desktop.spec
BUNDLE="$DIST_DIR/cti-desktop"
"$BUNDLE/cti-desktop" --version

if [ "$(uname -s)" = "Linux" ] && [ "${SKIP_DEB:-0}" != "1" ]; then
  echo "== .deb (dpkg-deb)"
  "$PYTHON" packaging/build_deb.py --bundle "$BUNDLE" --output "$DIST_DIR"
fi

echo "== sizes"
du -sh "$BUNDLE"
ls -l "$DIST_DIR"/*.deb 2>/dev/null || true
