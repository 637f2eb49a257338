"""Workarounds for defects of third-party Qt libraries, one module each. None applies itself on import:
start-up calls each `apply()` explicitly, and each checks it runs on the versions it was tested with."""
