"""The CCP Element Editor: CTI actions with their payload and a visual form designer."""

from cti_desktop.gui.editor.dialog import ElementEditorDialog, open_element_editor

__all__ = ["ElementEditorDialog", "open_element_editor"]
