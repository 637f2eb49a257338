"""Workarounds for third-party libraries, one module each, applied explicitly at start-up and only on the
upstream versions they were tested on (pyproject.toml declares those as dependency bounds)."""
