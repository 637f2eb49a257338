#!/usr/bin/env bash
# Compile every Qt Designer file here into the module the app imports: ui/NAME.ui becomes
# cti_desktop/gui/ui_generated/NAME_ui.py. Run it after editing a layout (pyside6-designer ui/NAME.ui);
# tests/gui/test_ui_generated.py fails while a module and its .ui file disagree.
set -euo pipefail
cd "$(dirname "$0")/.."
UIC="${PYSIDE6_UIC:-.venv/bin/pyside6-uic}"
for form in ui/*.ui; do
  name="$(basename "$form" .ui)"
  "$UIC" "$form" -o "cti_desktop/gui/ui_generated/${name}_ui.py"
  echo "$form -> cti_desktop/gui/ui_generated/${name}_ui.py"
done
