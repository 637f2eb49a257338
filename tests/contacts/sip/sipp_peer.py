"""sipp as the other end of the agent's phone in tests and the benchmark: the PBX offering calls, the far
end of outbound calls, the registrar. Each run gets free ports (bound on 127.0.0.1 with port 0), so tests
can run beside others."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCENARIOS = Path(__file__).parent / "scenarios"
# .ci/run sets this: there the SIP tests must run, never skip.
REQUIRE_ENV = "CTI_DESKTOP_REQUIRE_SIPP"


def sipp_path() -> str | None:
    return shutil.which("sipp")


def why_no_sipp() -> str | None:
    """Why the SIP tests cannot run here, in one line; None when they can."""
    if sipp_path() is None:
        return "sipp is not installed (Debian: apt-get install sip-tester)"
    try:
        import pjsua2  # noqa: F401
    except ImportError as exc:
        return f"pjsua2-python is not installed: {exc}"
    return None


def require_sipp() -> None:
    """Skip the calling test, in one line, when sipp or pjsua2 is missing; fail instead where
    CTI_DESKTOP_REQUIRE_SIPP=1 (.ci/run), so the SIP tests can never silently not run there."""
    import pytest

    reason = why_no_sipp()
    if reason is None:
        return
    if os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(f"{reason}, and {REQUIRE_ENV}=1 requires the SIP tests to run")
    pytest.skip(reason)


def free_port() -> int:
    """A UDP port on 127.0.0.1 nobody uses now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def free_media_port() -> int:
    """An even port whose next one is free too (RTP and RTCP)."""
    for _ in range(50):
        port = free_port() & ~1
        try:
            with (
                socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as a,
                socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as b,
            ):
                a.bind(("127.0.0.1", port))
                b.bind(("127.0.0.1", port + 1))
        except OSError:
            continue
        return port
    raise OSError("no free pair of ports for the media")


@dataclass
class SippRun:
    process: asyncio.subprocess.Process
    port: int
    scenario: str
    log_dir: Path

    async def finish(self, timeout_s: float = 30.0) -> int:
        """sipp's exit status (0: every call went as its scenario says)."""
        try:
            await asyncio.wait_for(self.process.wait(), timeout_s)
        except TimeoutError:
            self.process.kill()
            await self.process.wait()
        return int(self.process.returncode or 0)

    def errors(self) -> str:
        """What sipp logged as unexpected, for a failing test's message."""
        text = ""
        for path in sorted(self.log_dir.glob("*errors*")):
            text += path.read_text(errors="replace")[-3000:]
        return text


def sipp_command(
    scenario: str,
    log_dir: Path,
    port: int,
    *,
    remote: str = "",
    service: str = "agent1001",
    calls: int = 1,
    rate: float | None = None,
    limit: int | None = None,
    timeout_s: int = 20,
    extra: tuple[str, ...] = (),
) -> list[str]:
    """The command line of sipp playing `scenario` (a file under scenarios/) from `port`; `remote`
    host:port for the calls it places, none when it only answers."""
    sipp = sipp_path()
    if sipp is None:
        raise RuntimeError("sipp is not installed")
    command = [sipp]
    if remote:
        command.append(remote)
    command += [
        "-sf", str(SCENARIOS / scenario),
        "-i", "127.0.0.1",
        "-p", str(port),
        "-mi", "127.0.0.1",
        "-mp", str(free_media_port()),
        "-s", service,
        "-m", str(calls),
        "-nostdin",
        "-timeout", f"{timeout_s}s",
        "-timeout_error",
        "-trace_err",
        "-error_file", str(log_dir / f"{Path(scenario).stem}-errors.log"),
    ]  # fmt: skip
    if rate is not None:
        command += ["-r", str(rate)]
    if limit is not None:
        command += ["-l", str(limit)]
    return command + list(extra)


async def start_sipp(
    scenario: str,
    log_dir: Path,
    *,
    remote: str = "",
    **options: Any,
) -> SippRun:
    """Start sipp playing `scenario`; options as for `sipp_command`."""
    port = free_port()
    log_dir.mkdir(parents=True, exist_ok=True)
    command = sipp_command(scenario, log_dir, port, remote=remote, **options)
    process = await asyncio.create_subprocess_exec(
        *command,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
        cwd=log_dir,
        env={**os.environ, "TERM": "dumb"},
    )
    return SippRun(process, port, scenario, log_dir)
