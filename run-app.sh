#!/usr/bin/env bash
# Install CTI Desktop into a virtual environment (once) and start it. The first run creates the embedded
# SQLite database with demo data. Extra arguments go to the app, e.g. ./run-app.sh --db sqlite:///other.db
# The installation says one line; what pip said is shown only when it fails.
set -euo pipefail
cd "$(dirname "$0")"
VENV="${CTI_DESKTOP_VENV:-.venv}"
PYTHON="${PYTHON:-python3}"

install() {
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip &&
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e .
}

if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import cti_desktop, PySide6" 2>/dev/null ||
  [ pyproject.toml -nt "$VENV/.installed" ]; then
  echo "Installing CTI Desktop into $VENV (about a minute, first time only)…"
  said="$(mktemp)"
  trap 'rm -f "$said"' EXIT
  if ! { [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"; } >"$said" 2>&1 || ! install >>"$said" 2>&1; then
    cat "$said" >&2
    echo "The installation into $VENV failed: what went wrong is above." >&2
    exit 1
  fi
  touch "$VENV/.installed"
  rm -f "$said"
  trap - EXIT
fi
exec "$VENV/bin/cti-desktop" "$@"
