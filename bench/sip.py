"""Benchmark of the SIP phone in the agent's app: sipp plays the PBX and offers inbound calls.

    python bench/sip.py [--rate 10] [--seconds 30] [--json PATH]

The real app (`cti_desktop` with --db, offscreen, with the demo data a first run creates) runs in a child
process with the SIP connector listening on a free port of 127.0.0.1 (`[telephony] connector = "sip"`,
auto_answer on: the child builds the app's services with these settings; everything else is the app's
own start-up). sipp sends `rate` calls a second for `seconds` seconds
(tests/contacts/sip/scenarios/inbound_short_answered.xml), all from +1 206 555 0100, Jane Doe in the demo
CRM: each rings, is answered by the phone, and the caller hangs up 20 ms later. The demo's event flow
"Voice Contact onConnecting" finds the caller in the CRM and pops her record into a tab of the
workspace. The agent (the child) closes each ended contact, as an agent clicks Close, and the record's
tab once the calls it was popped for have ended, so each call opens it anew. Figures:

- `calls`: calls sipp placed; `failed_calls`: calls sipp counted as failed, plus calls whose caller's
  record was never painted, that never connected or never ended;
- `invite_to_pop_ms_p50` / `_p99`: from the moment sipp sent the INVITE (its message log) to the paint
  of the caller's CRM record in the workspace, the record's heading with her name (the app's clock; both
  wall clocks of one machine). A record already open for another call of the same caller is refreshed
  in place: its next frame is the one that shows the pop;
- `max_stall_ms`: the longest gap in a 2 ms Qt timer beyond its interval, in the app, over the run;
- `rss_mb`: the app's resident memory once the calls are over.

Figures, not pass/fail: budget 0 failed, p99 <= 30 ms, stall <= 16 ms. BENCH_DEBUG=1 also prints the
longest stalls, slow SIP events, slow garbage collections and where a pop's time went (INVITE to the
phone's hand-over, INVITE to the flow's pop).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "tests" / "contacts" / "sip" / "scenarios" / "inbound_short_answered.xml"
READY = "BENCH-READY"
RESULT = "BENCH-RESULT"
TICK_MS = 2


# ----------------------------------------------------------------------------------------- the app


def child_app(url: str) -> int:
    """The app with the SIP phone; reports its address, then, once told the calls are over, what the
    agent saw."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QLabel, QWidget

    from cti_desktop.cli import main
    from cti_desktop.contacts.model import AgentState, ContactState
    from cti_desktop.contacts.sip.settings import SipSettings, TelephonySettings
    from cti_desktop.gui import main_window
    from cti_desktop.gui.startup import SETTLE_AFTER_MS
    from cti_desktop.gui.workspace.record_views import RecordView
    from cti_desktop.services import app_services

    original_build = app_services.build_telephony
    original_attach = main_window.MainWindow.attach_services
    sip = SipSettings(listen="127.0.0.1:0", user="agent1001", auto_answer=True)

    def build_telephony(settings: Any, credentials: Any = None) -> Any:
        update = {"telephony": TelephonySettings(connector="sip", sip=sip)}
        return original_build(settings.model_copy(update=update), credentials)

    popped: dict[str, float] = {}  # SIP Call-ID -> when the caller record was painted
    connected: set[str] = set()
    received: dict[str, float] = {}  # SIP Call-ID -> when PJSIP handed its INVITE over
    pop_asked: dict[str, float] = {}  # SIP Call-ID -> when its flow asked for the pop
    ended: set[str] = set()
    gaps: list[float] = []
    state = {"last": time.perf_counter(), "measuring": False}

    def tick() -> None:
        now = time.perf_counter()
        if state["measuring"]:
            gaps.append((now - state["last"]) * 1000 - TICK_MS)
            if os.environ.get("BENCH_DEBUG") and gaps[-1] > 8:
                print(f"gap {gaps[-1]:.1f} ms at {time.time():.3f}", file=sys.stderr, flush=True)
        state["last"] = now

    def attach(window: Any, services: Any) -> None:
        original_attach(window, services)
        phone = services.telephony
        workspace = window.workspace
        tabs = workspace.tabs
        pending: dict[str, QWidget] = {}  # SIP Call-ID -> the record view its pop opened, not yet painted
        owners: dict[QWidget, set[str]] = {}  # a record view -> the calls that popped it

        class PaintProbe(QObject):
            """Takes the time when a record view's heading (the caller's name) is painted with a pop
            of a call waiting for it."""

            def __init__(self, view: QWidget, heading: QWidget) -> None:
                super().__init__(heading)
                self.view = view

            def eventFilter(self, watched: QObject, event: QEvent) -> bool:
                if event.type() != QEvent.Type.Paint:
                    return False
                waiting = [cid for cid, view in pending.items() if view is self.view]
                if not waiting:
                    return False
                watched.event(event)  # paint now, then take the time
                now = time.time()
                for call_id in waiting:
                    popped[call_id] = now
                    del pending[call_id]
                QTimer.singleShot(0, close_done_tabs)
                return True

        def screenpop(contact_id: str, _pop: dict[str, Any]) -> None:
            # Runs after the workspace opened the pop (connected after it): the record's tab is current.
            view = tabs.currentWidget()
            if not isinstance(view, RecordView):
                return
            call_id = phone.sip_call_id(contact_id)
            received[call_id] = phone.received_at(contact_id)
            pop_asked[call_id] = time.time()
            if view not in owners:
                owners[view] = set()
                heading = view.findChild(QLabel, "recordHeading")
                heading.installEventFilter(PaintProbe(view, heading))
            owners[view].add(call_id)
            pending[call_id] = view
            # A new view is painted anyway; a view already open (the same caller on another call) is
            # refreshed in place, and its next frame is the one that shows this pop.
            view.update()

        def close_done_tabs() -> None:
            """The agent closes a record's tab once the calls it was popped for have ended."""
            for view, calls in list(owners.items()):
                if calls <= ended and view not in pending.values():
                    del owners[view]
                    index = tabs.indexOf(view)
                    if index >= 0:
                        tabs.tabCloseRequested.emit(index)  # as a click on the tab's close button

        services.runner.screenpop_requested.connect(screenpop)

        def updated(contact: Any) -> None:
            call_id = phone.sip_call_id(contact.contactId)
            if contact.state == ContactState.CONNECTED:
                connected.add(call_id)
            elif contact.state == ContactState.ENDED:
                ended.add(call_id)
                # The agent closes the ended call (the Close button) and its record, on the next turn
                # of the loop.
                QTimer.singleShot(0, lambda: phone.close(contact.contactId))
                QTimer.singleShot(0, close_done_tabs)

        phone.contact_updated.connect(updated)
        if os.environ.get("BENCH_DEBUG"):
            handle = phone._handle

            def timed(event: Any) -> None:
                began = time.perf_counter()
                handle(event)
                if (took := (time.perf_counter() - began) * 1000) > 3:
                    name = type(event).__name__
                    print(f"event {name} {took:.1f} ms at {time.time():.3f}", file=sys.stderr, flush=True)

            phone._handle = timed
        phone.set_agent_status(AgentState.AVAILABLE)
        timer = QTimer(window)
        timer.setInterval(TICK_MS)
        timer.timeout.connect(tick)
        timer.start()
        window.bench_timer = timer

        if os.environ.get("BENCH_DEBUG"):
            import gc

            started: dict[str, float] = {}

            def gc_timing(phase: str, info: dict[str, Any]) -> None:
                if phase == "start":
                    started["t"] = time.perf_counter()
                elif (took := (time.perf_counter() - started.get("t", 0.0)) * 1000) > 2:
                    print(f"gc gen{info['generation']} {took:.1f} ms at {time.time():.3f}", file=sys.stderr)

            gc.callbacks.append(gc_timing)

        def ready() -> None:
            if not phone.address:
                QTimer.singleShot(10, ready)
                return
            state["measuring"] = True
            state["last"] = time.perf_counter()
            print(READY, json.dumps({"address": phone.address}), flush=True)
            if os.environ.get("BENCH_DEBUG"):
                print(f"ready at {time.time():.3f}", file=sys.stderr, flush=True)
            threading.Thread(target=wait_for_done, args=(window,), daemon=True).start()

        # Once start-up has settled (the modules a call needs loaded, the heap frozen), as for an agent
        # who takes calls all shift.
        QTimer.singleShot(SETTLE_AFTER_MS + 500, ready)

    def wait_for_done(window: Any) -> None:
        sys.stdin.readline()  # the parent says the calls are over
        QTimer.singleShot(0, window, lambda: report(window))

    def report(window: Any) -> None:
        state["measuring"] = False
        print(
            RESULT,
            json.dumps(
                {
                    "popped": popped,
                    "received": received,
                    "pop_asked": pop_asked,
                    "connected": sorted(connected),
                    "ended": sorted(ended),
                    "max_stall_ms": max(gaps, default=0.0),
                    "rss_mb": rss_mb(),
                }
            ),
            flush=True,
        )
        window._closing = True
        window.close()

    app_services.build_telephony = build_telephony  # type: ignore[assignment]
    main_window.MainWindow.attach_services = attach  # type: ignore[method-assign]
    return main(["--db", url])


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


# -------------------------------------------------------------------------------------------- sipp


def free_port() -> int:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


_SENT = re.compile(r"^-+ (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+)\s*\n\S+ message sent", re.MULTILINE)


def invite_times(message_log: Path) -> dict[str, float]:
    """When sipp sent each INVITE (its message log), by Call-ID."""
    text = message_log.read_text(errors="replace")
    times: dict[str, float] = {}
    blocks = _SENT.split(text)
    # split() yields [before, stamp, body, stamp, body, ...]; a body runs to the next separator.
    for stamp, body in zip(blocks[1::2], blocks[2::2], strict=True):
        message = body.split("\n-----", 1)[0].split("\n\n", 1)[-1].lstrip()
        if not message.startswith("INVITE "):
            continue
        match = re.search(r"^Call-ID:\s*(\S+)", message, re.MULTILINE | re.IGNORECASE)
        if match and match.group(1) not in times:
            times[match.group(1)] = datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S.%f").timestamp()
    return times


def sipp_totals(stats: Path) -> tuple[int, int]:
    """(calls placed, calls failed) from sipp's statistics file, its last row."""
    with stats.open(newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    header, last = rows[0], rows[-1]
    value = dict(zip(header, last, strict=False))
    return int(value["TotalCallCreated"]), int(value["FailedCall(C)"])


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def run(rate: float, seconds: float) -> dict[str, Any]:
    sipp = shutil.which("sipp")
    if sipp is None:
        raise SystemExit("bench/sip.py needs sipp (Debian: apt-get install sip-tester)")
    scratch = Path(tempfile.mkdtemp(prefix="cti-bench-sip-"))
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(QT_QPA_PLATFORM="offscreen", CTI_DESKTOP_NO_USER_FILES="1", CTI_DESKTOP_NULL_AUDIO="1")
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    url = f"sqlite:///{scratch / 'bench.db'}"
    app = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), "--child", "--db", url],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        # The offscreen platform's notes on every window resize are noise here; BENCH_DEBUG=1 shows them
        # with the longest stalls.
        stderr=None if os.environ.get("BENCH_DEBUG") else subprocess.DEVNULL,
        text=True,
        env=env,
    )
    assert app.stdout is not None and app.stdin is not None
    try:
        address = ""
        for line in app.stdout:
            if line.startswith(READY):
                address = json.loads(line[len(READY) :])["address"]
                break
        if not address:
            raise SystemExit("the app did not start its SIP phone")
        calls = max(1, round(rate * seconds))
        stats = scratch / "sipp-stats.csv"
        messages = scratch / "sipp-messages.log"
        command = [
            sipp, address, "-sf", str(SCENARIO), "-i", "127.0.0.1", "-p", str(free_port()),
            "-mi", "127.0.0.1", "-mp", str(free_port() & ~1), "-s", "agent1001",
            "-r", str(rate), "-m", str(calls), "-nostdin",
            "-timeout", f"{int(seconds) + 30}s", "-timeout_error",
            "-trace_msg", "-message_file", str(messages),
            "-trace_stat", "-stf", str(stats), "-fd", "1",
            "-trace_err", "-error_file", str(scratch / "sipp-errors.log"),
        ]  # fmt: skip
        done = subprocess.run(
            command,
            cwd=scratch,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        time.sleep(0.5)  # the last BYE's answer reaches the app
        app.stdin.write("done\n")
        app.stdin.flush()
        result: dict[str, Any] = {}
        for line in app.stdout:
            if line.startswith(RESULT):
                result = json.loads(line[len(RESULT) :])
                break
        app.wait(timeout=30)
    finally:
        if app.poll() is None:
            app.kill()
    placed, sipp_failed = sipp_totals(stats)
    sent = invite_times(messages)
    popped: dict[str, float] = result["popped"]
    delays = [(popped[cid] - sent[cid]) * 1000 for cid in sent if cid in popped]
    answered = set(result["connected"]) & set(result["ended"])
    unseen = sum(1 for cid in sent if cid not in popped or cid not in answered)
    if os.environ.get("BENCH_DEBUG"):
        for name, stage in (("received", result["received"]), ("pop_asked", result["pop_asked"])):
            ms = [(stage[cid] - sent[cid]) * 1000 for cid in sent if cid in stage]
            if ms:
                print(
                    f"INVITE sent -> {name}: p50 {statistics.median(ms):.2f} ms, "
                    f"p99 {percentile(ms, 0.99):.2f} ms",
                    file=sys.stderr,
                )
    figures = {
        "calls": placed,
        "failed_calls": max(sipp_failed, unseen),
        "invite_to_pop_ms_p50": round(statistics.median(delays), 2) if delays else None,
        "invite_to_pop_ms_p99": round(percentile(delays, 0.99), 2) if delays else None,
        "max_stall_ms": round(result["max_stall_ms"], 2),
        "rss_mb": round(result["rss_mb"], 1),
    }
    if done.returncode != 0:
        print(f"sipp exited with {done.returncode}; its log: {scratch}", file=sys.stderr)
    else:
        shutil.rmtree(scratch, ignore_errors=True)
    return figures


def print_table(figures: dict[str, Any]) -> None:
    budgets = {
        "calls": "",
        "failed_calls": "0",
        "invite_to_pop_ms_p50": "",
        "invite_to_pop_ms_p99": "<= 30 ms",
        "max_stall_ms": "<= 16 ms",
        "rss_mb": "",
    }
    print(f"{'figure':<24} {'value':>10}   budget")
    for key, budget in budgets.items():
        print(f"{key:<24} {figures[key]!s:>10}   {budget}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=10.0, help="calls a second (default 10)")
    parser.add_argument("--seconds", type=float, default=30.0, help="for how long (default 30)")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        if os.environ.get("BENCH_PROFILE"):
            import cProfile

            profile = cProfile.Profile()
            code = profile.runcall(child_app, args.db)
            profile.dump_stats(os.environ["BENCH_PROFILE"])
            return int(code)
        return child_app(args.db)
    figures = run(args.rate, args.seconds)
    print_table(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
