"""What the fuzz properties share: a digest of every stored row (the store unchanged after a refusal),
the command line run in-process with output a real terminal would take (strict UTF-8), and the count of
cases fuzzed per input that `bench/fuzz.py` reports."""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Engine, MetaData, select

from cti_desktop.cli import main

# Examples per property in CI; bench/fuzz.py sets many more through the environment.
EXAMPLES = int(os.environ.get("CTI_FUZZ_EXAMPLES", "40"))

# Cases fuzzed, per input: each property counts the cases it tried.
CASES: Counter[str] = Counter()


# The longest run of the expression property, in seconds (its run time limit is 1 s).
LONGEST_RUN_S: list[float] = [0.0]


def count(input_name: str) -> None:
    CASES[input_name] += 1


def longest(seconds: float) -> None:
    LONGEST_RUN_S[0] = max(LONGEST_RUN_S[0], seconds)


_TABLES: dict[str, MetaData] = {}


def store_digest(engine: Engine) -> str:
    """SHA-256 over every row of every table, in a stable order (the tables read once per database)."""
    metadata = _TABLES.get(str(engine.url))
    if metadata is None:
        metadata = _TABLES[str(engine.url)] = MetaData()
        metadata.reflect(engine)
    digest = hashlib.sha256()
    with engine.connect() as connection:
        for table in sorted(metadata.tables.values(), key=lambda t: t.name):
            rows = sorted(repr(tuple(row)) for row in connection.execute(select(table)))
            digest.update(f"{table.name}:{len(rows)}\n".encode())
            for row in rows:
                digest.update(row.encode("utf-8", "backslashreplace") + b"\n")
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class CliResult:
    code: int
    out: str
    err: str


def run_cli(argv: Sequence[str]) -> CliResult:
    """`cti-desktop ARGV` in this process, as from a terminal: stdout and stderr encode strictly as
    UTF-8, so printing text that is not valid Unicode fails here as it would there."""
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", write_through=True)
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", write_through=True)
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as exc:  # argparse's own usage errors
            code = exc.code if isinstance(exc.code, int) else 2
    return CliResult(code, _text(out), _text(err))


def _text(stream: io.TextIOWrapper) -> str:
    buffer = stream.buffer
    assert isinstance(buffer, io.BytesIO)
    return buffer.getvalue().decode("utf-8")


def assert_clear_refusal(result: CliResult, *, one_line: bool = True) -> None:
    """Exit 2 with the reason on stderr in one line starting `cti-desktop: ` (a list of problems after
    it where `one_line` is False), or argparse's own usage message; never a traceback."""
    assert result.code == 2, result
    assert "Traceback" not in result.err, result
    if result.err.startswith("usage: "):
        return
    assert result.err.startswith("cti-desktop: ") and result.err.endswith("\n"), result
    if one_line:
        assert result.err.count("\n") == 1, result
