#!/usr/bin/env bash
# Install the test dependencies into a virtual environment and run every check: ruff, mypy, the
# import-linter layering contract, and the whole pytest suite (GUI tests run offscreen).
# Extra arguments go to pytest, e.g. ./run-tests.sh tests/flows -x
set -euo pipefail
cd "$(dirname "$0")"
VENV="${CTI_DESKTOP_VENV:-.venv}"
PYTHON="${PYTHON:-python3}"
if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet -e ".[test,packaging]"
export QT_QPA_PLATFORM=offscreen
echo "== ruff"
"$VENV/bin/ruff" check cti_desktop tests bench
echo "== mypy"
"$VENV/bin/mypy"
echo "== import-linter"
"$VENV/bin/lint-imports"
echo "== pytest (SQLite)"
"$VENV/bin/pytest" -p no:cacheprovider "$@"
# The store's tests again on PostgreSQL, each on a fresh database of the server at 127.0.0.1:5432
# (CTI_DESKTOP_TEST_PG to use another). Without a reachable server this pass is skipped with one line;
# CI sets CTI_DESKTOP_REQUIRE_POSTGRES=1, which makes that a failure.
echo "== pytest (PostgreSQL)"
if why=$("$VENV/bin/python" -m tests.postgres); then
  "$VENV/bin/pytest" -p no:cacheprovider --db-engine postgresql "$@"
elif [ "${CTI_DESKTOP_REQUIRE_POSTGRES:-0}" = "1" ]; then
  echo "FAILED: $why" >&2
  exit 1
else
  echo "skipped: $why"
fi
