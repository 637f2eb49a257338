"""pjsua2-python's wheels bundle OpenSSL 1.0.2, which knows no digest until told to load them; PJSIP 2.15
asks OpenSSL whether MD5 exists before answering a digest challenge, so every REGISTER or INVITE a PBX
challenges fails with "The algorithm (MD5) ... is not supported" (PJ_ENOTSUP). PJSIP loads the digests
itself only when it opens a TLS socket.

`apply()` loads them in the bundled OpenSSL, once, before the phone starts; only for the pjsua2-python
versions it was tested on (`TESTED`), on any other it stays off and says why in the log.
"""

from __future__ import annotations

import ctypes
import logging
from importlib import metadata
from pathlib import Path

log = logging.getLogger(__name__)

# The pjsua2-python versions this was tested on: from the first (inclusive) up to the second (exclusive).
TESTED = ((2, 15), (2, 16))
_applied = False


def _version() -> tuple[int, ...]:
    try:
        text = metadata.version("pjsua2-python")
    except metadata.PackageNotFoundError:
        return ()
    return tuple(int(part) for part in text.split(".")[:3] if part.isdigit())


def _loaded_openssl_1_0() -> str | None:
    """The path of the OpenSSL 1.0 libcrypto pjsua2 loaded (in a checkout or an installer's bundle)."""
    import pjsua2  # noqa: F401 - loads its libcrypto

    maps = Path("/proc/self/maps")
    if not maps.is_file():
        return None
    for line in maps.read_text(errors="replace").splitlines():
        path = line.split(maxsplit=5)[-1] if line.count(" ") >= 5 else ""
        name = Path(path).name
        if name.startswith("libcrypto") and ".so.1.0" in name:
            return path
    return None


def apply() -> bool:
    """Load OpenSSL's digests in the OpenSSL pjsua2 uses; True when done (now or before)."""
    global _applied
    if _applied:
        return True
    version = _version()
    if not (TESTED[0] <= version[:2] < TESTED[1]):
        log.info("pjsua2-python %s: the OpenSSL digest workaround is not applied", version)
        return False
    crypto = _loaded_openssl_1_0()
    if crypto is None:  # no OpenSSL 1.0 in the process (Windows, macOS wheels initialise their own)
        return False
    library = ctypes.CDLL(crypto)
    load = getattr(library, "OpenSSL_add_all_digests", None)
    if load is None:
        return False
    load.restype = None
    load()
    _applied = True
    return True
