"""The form renderer shared by the overlay and the element editor's preview."""

from cti_desktop.gui.forms.editors import ValueEditor, create_editor
from cti_desktop.gui.forms.form_view import FormView, literal_defaults

__all__ = ["FormView", "ValueEditor", "create_editor", "literal_defaults"]
