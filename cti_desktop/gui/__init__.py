"""The Qt user interface.

Importing this package keeps httpx's command-line client out. The workarounds for Qt libraries' own
defects are in `compat/`, applied explicitly at start-up (`gui.app.run_app`)."""

from __future__ import annotations

import sys

# Not httpx's command-line client (rich, pygments, click), which its __init__ imports whenever those are
# installed (they come with the test tools): 8 MB the app never uses. httpx catches the ImportError and
# installs a stub; the bundle excludes the module too.
sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
