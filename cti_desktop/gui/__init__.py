"""The Qt user interface.

Importing this package loads PySide6 and disarms two memory costs that have nothing to do with the app:
the source text PySide6's import hook leaves in `linecache`, and httpx's command-line client."""

from __future__ import annotations

import sys

import PySide6.QtCore  # noqa: F401  (installs PySide6's import hook, patched below)

# Not httpx's command-line client (rich, pygments, click), which its __init__ imports whenever those are
# installed (they come with the test tools): 8 MB the app never uses. httpx catches the ImportError and
# installs a stub; the bundle excludes the module too.
sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]


def _uses_pyside(module: object) -> bool:
    """PySide6's own test (is "PySide6" in the module's source?) without `inspect.getsource`, which keeps
    every module's source in `linecache` for the life of the process: about 30 MB once SQLAlchemy,
    pydantic and httpx are loaded (and ~90 ms of start-up). A module without a .py file: False, as in
    PySide6."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return False
    try:
        with open(path, "rb") as source:
            return b"PySide6" in source.read()
    except OSError:
        return False


def _patch_feature_hook() -> None:
    # PySide6 (6.4 and later) calls `feature_imported(module)` after every import, which looks up
    # `_mod_uses_pyside` in its module's globals at each call. Other versions: left as they are.
    feature = sys.modules.get("PySide6.support.feature")
    hook = getattr(feature, "feature_imported", None)
    namespace = getattr(hook, "__globals__", None)
    if isinstance(namespace, dict) and "_mod_uses_pyside" in namespace:
        namespace["_mod_uses_pyside"] = _uses_pyside


_patch_feature_hook()
