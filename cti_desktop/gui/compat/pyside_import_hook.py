"""PySide6's import hook keeps every imported module's source text in `linecache`.

PySide6 (6.4 and later) calls `feature_imported(module)` after every import; it asks `_mod_uses_pyside`
whether the module's source mentions "PySide6", through `inspect.getsource`, which keeps the source of
every module in `linecache` for the life of the process: about 30 MB once SQLAlchemy, pydantic and httpx
are loaded, and ~90 ms of start-up. `apply()` swaps that question for one that reads the file without
caching it; the answer is the same.

Tested on the PySide6 versions of `TESTED`, which pyproject.toml's dependency bounds match; on any other
version `apply()` changes nothing and logs why, so a release that fixes or reshapes the hook is left alone.
"""

from __future__ import annotations

import logging
import sys

log = logging.getLogger(__name__)

# [lowest, highest) PySide6 versions this workaround was tested on: keep in step with pyproject.toml.
TESTED = ((6, 7), (6, 12))


def uses_pyside(module: object) -> bool:
    """PySide6's own test (is "PySide6" in the module's source?) without `inspect.getsource`. A module
    without a .py file: False, as in PySide6."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return False
    try:
        with open(path, "rb") as source:
            return b"PySide6" in source.read()
    except OSError:
        return False


def version_is_tested(version: str) -> bool:
    try:
        major_minor = tuple(int(part) for part in version.split(".")[:2])
    except ValueError:
        return False
    lowest, highest = TESTED
    return lowest <= major_minor < highest


def apply() -> bool:
    """Install the cache-free question into PySide6's hook; True when it was applied."""
    import PySide6
    import PySide6.QtCore  # installs the hook

    if not version_is_tested(PySide6.__version__):
        log.info("PySide6 %s: import hook workaround not applied (tested on %s)", PySide6.__version__, TESTED)
        return False
    feature = sys.modules.get("PySide6.support.feature")
    hook = getattr(feature, "feature_imported", None)
    namespace = getattr(hook, "__globals__", None)
    if not isinstance(namespace, dict) or "_mod_uses_pyside" not in namespace:
        log.info("PySide6 %s: its import hook has another shape; workaround not applied", PySide6.__version__)
        return False
    namespace["_mod_uses_pyside"] = uses_pyside
    return True
