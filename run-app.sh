#!/usr/bin/env bash
# Install CTI Desktop into a virtual environment (once) and start it. The first run creates the embedded
# SQLite database with demo data. Extra arguments go to the app, e.g. ./run-app.sh --db sqlite:///other.db
set -euo pipefail
cd "$(dirname "$0")"
VENV="${CTI_DESKTOP_VENV:-.venv}"
PYTHON="${PYTHON:-python3}"
if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c "import cti_desktop, PySide6" 2>/dev/null || [ pyproject.toml -nt "$VENV/.installed" ]; then
  "$VENV/bin/python" -m pip install --quiet --upgrade pip
  "$VENV/bin/python" -m pip install --quiet -e .
  touch "$VENV/.installed"
fi
exec "$VENV/bin/cti-desktop" "$@"
