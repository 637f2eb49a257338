"""Modules pyside6-uic writes from the Qt Designer files in ui/ (`ui/NAME.ui` → `NAME_ui.py`): never edit
them by hand; change the .ui file (`pyside6-designer ui/NAME.ui`) and run `ui/regenerate.sh`."""
