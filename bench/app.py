"""Benchmark of the agent's app: start-up, click to data, the event loop under load, memory.

    python bench/app.py [--quick] [--json PATH]

All figures are taken with 500 CTI actions and 100 flows stored, on the offscreen platform:

- `startup_s_median`: a whole process, from launch to the Actions tab populated (500 rows) and accepting
  clicks, through the app's own start-up (`python -m cti_desktop`, i.e. `run_app`): the child reports the
  moment the Actions list has painted its first frame with its rows, visible and enabled (a click then
  either runs at once or, while the store is still loading, waits as "Starting…" and runs when it has);
- `bare_window_s_median`: the same for a bare PySide6 process that shows an empty QMainWindow, up to its
  first paint, measured in the same run, and `startup_ratio` between the two;
- `services_ready_s_median`: from launch until the store, the flow engine and the other tabs are loaded
  too (the moment an action started during start-up begins to run);
- `click_to_data_ms_median` / `_p99`: from a mouse click on an action's Execute button to the value painted
  in the Data tab (the paint event of its view that shows the new row), for a 25-block flow that ends in
  Send Data to Overlay, through the real services (runner, store, qasync);
- `max_stall_ms`: the longest gap in a 2 ms Qt timer beyond its interval while 100 flows each wait on a
  50 ms HTTP call to a local server;
- `rss_mb`: resident memory of a process with the main window, the overlay and the element editor open,
  once start-up has settled (the modules a call needs loaded, the heap frozen).

Figures, not pass/fail: the machine (2 shared cores) moves them by several per cent from run to run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ACTIONS = 500
FLOWS = 100
FLOW_BLOCKS = 25
READY = "BENCH-READY"
SERVICES_READY = "BENCH-SERVICES-READY"


# ------------------------------------------------------------------------------------------ the store


def chain(blocks: list[tuple[str, dict[str, Any], str]]) -> dict[str, Any]:
    """A linear flow: (type, controls, outcome to follow) per block, Start first, End last."""
    actions: list[dict[str, Any]] = []
    for index, (block_type, controls, outcome) in enumerate(blocks):
        ports = {outcome: f"b{index + 1}"} if index + 1 < len(blocks) else {}
        actions.append(
            {
                "id": f"b{index}",
                "type": block_type,
                "controls": controls,
                "ports": ports,
                "position": [index * 40, 0],
            }
        )
    return {"actions": actions}


def data_flow() -> dict[str, Any]:
    """25 blocks ending in Send Data to Overlay: contact properties, a switch, property edits, a phone
    format (the shape of the engine benchmark's flow)."""
    blocks: list[tuple[str, dict[str, Any], str]] = [("SE_Start", {}, "done")]
    blocks += [("SE_ContactProperties", {}, "done")] * 10
    blocks.append(("SE_CoreTruthy", {"value": "$.contact.phoneNumber"}, "true"))
    blocks += [
        ("SE_SetProperty", {"key": f"bench{n}", "value": f"{{{{$.contact.queueName}}}}-{n}"}, "done")
        for n in range(10)
    ]
    blocks.append(
        ("SE_CoreFormatPhoneNumber", {"phoneNumber": "$.contact.phoneNumber", "countryCode": "US"}, "done")
    )
    blocks.append(
        (
            "SE_SendDataToOverlay",
            {
                "value": {
                    "Caller": "$.actions.b1.results.formattedPhoneNumber",
                    "Formatted": "$.actions.b22.results.value",
                }
            },
            "done",
        )
    )
    blocks.append(("SE_End", {}, "done"))
    assert len(blocks) == FLOW_BLOCKS, len(blocks)
    return chain(blocks)


def http_flow(url: str) -> dict[str, Any]:
    return chain(
        [
            ("SE_Start", {}, "done"),
            ("SE_HttpRequest", {"method": "GET", "url": url, "timeoutMs": 10_000}, "success"),
            ("SE_End", {}, "done"),
        ]
    )


def seed(url: str) -> None:
    """500 actions (every fifth with a form) over 100 flows, plus the click-to-data flow and its action."""
    from cti_desktop.domain.actions import CtiAction, PayloadEntry
    from cti_desktop.domain.forms import FormField, FormSpec
    from cti_desktop.store.actions import ActionRepository
    from cti_desktop.store.database import open_store
    from cti_desktop.store.flows import FlowRepository

    engine = open_store(url)
    flows = FlowRepository(engine)
    ids = []
    for n in range(FLOWS - 1):
        saved = flows.save(f"Flow {n:03d}", data_flow(), source="ctiAction", active=True)
        ids.append(saved.row.id)
    bench = flows.save("Bench Data", data_flow(), source="ctiAction", active=True).row.id
    form = FormSpec("Details", "Fill in", (FormField("firstName", label="First name", required=True),))
    actions = [CtiAction("Bench Data", flow_id=bench, order=0, payload=(PayloadEntry("mode", "bench"),))]
    actions += [
        CtiAction(
            f"Action {n:03d}", flow_id=ids[n % len(ids)], order=n + 1, form=form if n % 5 == 0 else FormSpec()
        )
        for n in range(ACTIONS - 1)
    ]
    ActionRepository(engine).save_many(actions)
    engine.dispose()


# -------------------------------------------------------------------------------------------- children


class TickGaps:
    """How late each tick of a timer came, beyond its interval."""

    def __init__(self, interval_ms: int) -> None:
        self.interval_ms = interval_ms
        self.gaps: list[float] = []
        self.last = time.perf_counter()

    def tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append((now - self.last) * 1000 - self.interval_ms)
        self.last = now

    def reset(self) -> None:
        self.gaps.clear()
        self.last = time.perf_counter()

    def worst(self) -> float:
        return max(self.gaps, default=0.0)


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    # An installed app runs from compiled bytecode; a shell that forbids writing it would make every
    # launch compile the package again and measure that instead (see compile_package()).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["CTI_DESKTOP_NO_USER_FILES"] = "1"
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


class FirstPaint:
    """Calls `then` right after `widget` has painted its first frame."""

    def __init__(self, widget: Any, then: Any) -> None:
        from PySide6.QtCore import QEvent, QObject

        class Filter(QObject):
            def eventFilter(self, watched: Any, event: Any) -> bool:
                if event.type() == QEvent.Type.Paint:
                    widget.removeEventFilter(self)
                    # Paint now (a viewport paints through its view's viewportEvent), then report.
                    parent = widget.parentWidget()
                    if hasattr(parent, "viewportEvent") and parent.viewport() is widget:
                        parent.viewportEvent(event)
                    else:
                        widget.event(event)
                    then()
                    return True
                return False

        self.filter = Filter(widget)
        widget.installEventFilter(self.filter)


def child_app(url: str, open_editor: bool) -> int:
    """The real start-up (`cti_desktop` with --db), reporting when the Actions tab has painted its rows,
    then (RSS or) when the services are attached."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from cti_desktop.cli import main
    from cti_desktop.gui import main_window
    from cti_desktop.gui.startup import SETTLE_AFTER_MS

    original_show = main_window.MainWindow.show
    original_attach = main_window.MainWindow.attach_services

    def show(window: Any) -> None:
        panel = window.drawer.panel("Actions")
        window.bench_probe = FirstPaint(panel.view.viewport(), lambda: painted(window))
        original_show(window)

    def painted(window: Any) -> None:
        panel = window.drawer.panel("Actions")
        assert panel.proxy.rowCount() == ACTIONS, panel.proxy.rowCount()
        assert panel.view.isVisible() and panel.view.isEnabled()
        print(READY, "{}", flush=True)

    def attach(window: Any, services: Any) -> None:
        original_attach(window, services)
        if open_editor:
            # Once start-up has settled (the modules a call needs loaded, the heap frozen): what an agent's
            # PC holds for the rest of the shift.
            QTimer.singleShot(SETTLE_AFTER_MS + 500, lambda: measure_memory(window))
        else:
            print(SERVICES_READY, "{}", flush=True)
            QTimer.singleShot(0, window.close)

    def measure_memory(window: Any) -> None:
        window.open_element_editor()
        QApplication.processEvents()
        print(SERVICES_READY, json.dumps({"rss_mb": rss_mb()}), flush=True)
        QTimer.singleShot(0, window.close)

    main_window.MainWindow.show = show  # type: ignore[method-assign]
    main_window.MainWindow.attach_services = attach  # type: ignore[method-assign]
    return main(["--db", url, "--no-demo"])


def child_bare() -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication([])
    window = QMainWindow()
    window.resize(1200, 760)

    def painted() -> None:
        print(READY, "{}", flush=True)
        QTimer.singleShot(0, app.quit)

    probe = FirstPaint(window, painted)
    window.show()
    code = app.exec()
    del probe
    return code


def child_server() -> int:
    """A local HTTP server that answers every GET after 50 ms, in its own process so its threads do not
    compete with the app for the interpreter lock."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            threading.Event().wait(0.05)
            body = b'{"ok": true}'
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            return

    ThreadingHTTPServer.request_queue_size = 256
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(READY, json.dumps({"port": server.server_address[1]}), flush=True)
    server.serve_forever()
    return 0


def rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def compile_package() -> None:
    """Compile the app's modules once before timing start-ups, as installing it does."""
    import compileall

    compileall.compile_dir(ROOT / "cti_desktop", quiet=1)


def launch(args: list[str]) -> tuple[float, dict[str, Any], float | None]:
    """Seconds from launching a child to its READY line, what it reported last, and the seconds to its
    SERVICES_READY line (None if it has none)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(),
    )
    assert process.stdout is not None
    elapsed = services = None
    report: dict[str, Any] = {}
    for line in process.stdout:
        if line.startswith(SERVICES_READY):
            services = time.perf_counter() - started
            report = json.loads(line[len(SERVICES_READY) :].strip() or "{}")
            break
        if line.startswith(READY):
            elapsed = time.perf_counter() - started
            if "bare" in args:
                break
    _, err = process.communicate(timeout=60)
    if elapsed is None or process.returncode != 0:
        raise RuntimeError(f"the child {args} failed (exit code {process.returncode}):\n{err}")
    return elapsed, report, services


# -------------------------------------------------------------------------------------- in-process runs


def in_process(url: str, clicks: int, stall_rounds: int) -> dict[str, Any]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["CTI_DESKTOP_NO_USER_FILES"] = "1"
    import asyncio

    import qasync
    from PySide6.QtCore import QEvent, QObject, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QHBoxLayout, QWidget

    from cti_desktop.compat import httpcore_pool
    from cti_desktop.gui.app import create_application
    from cti_desktop.gui.overlay.actions_panel import ActionsPanel
    from cti_desktop.gui.overlay.data_panel import DataPanel
    from cti_desktop.memory import settle_after_startup
    from cti_desktop.services.app_services import build_services
    from cti_desktop.settings import Settings
    from cti_desktop.store.database import open_store

    httpcore_pool.apply()  # as the app's start-up does (cti_desktop.cli.main)
    app = create_application(["bench"])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    engine = open_store(url)
    services = build_services(Settings(), url, engine)
    # Event flows are not part of these measurements.
    services.dispatcher.detach()
    contact = services.telephony.incoming("+12065550100", "Sales")
    services.overlay.select_contact(contact.contactId)

    # The two tabs side by side, both shown: the click lands in one, the data is painted in the other.
    host = QWidget()
    layout = QHBoxLayout(host)
    actions = ActionsPanel(services)
    data = DataPanel(services)
    layout.addWidget(actions)
    layout.addWidget(data)
    host.resize(800, 600)
    host.show()
    # As run_app does once its window is up.
    settle_after_startup()

    class PaintProbe(QObject):
        """Notes when the data view has painted a frame that shows the newest entry."""

        def __init__(self) -> None:
            super().__init__()
            self.expected = -1
            self.painted_at = 0.0

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if (
                event.type() == QEvent.Type.Paint
                and self.expected >= 0
                and data.model.rowCount()
                and data.model.item(0, 0).rowCount() >= self.expected
            ):
                # Paint now (the tree paints its viewport through viewportEvent), then take the time.
                data.view.viewportEvent(event)
                self.painted_at = time.perf_counter()
                self.expected = -1
                return True
            return False

    probe = PaintProbe()
    data.view.viewport().installEventFilter(probe)
    bench_action = actions.action_named("Bench Data")
    assert bench_action is not None

    async def wait(predicate: Any, timeout: float = 10.0) -> None:
        deadline = time.perf_counter() + timeout
        while not predicate():
            if time.perf_counter() > deadline:
                raise TimeoutError("the benchmark waited too long")
            await asyncio.sleep(0.001)

    async def click_to_data() -> list[float]:
        """Click, wait for the painted value, wait for the run to end (its record is written), again."""
        samples: list[float] = []
        await asyncio.sleep(0.2)
        for n in range(clicks + 5):
            if n % 50 == 0:
                data.clear_all()
                await asyncio.sleep(0.01)
            group = data.model.item(0, 0) if data.model.rowCount() else None
            probe.expected = (group.rowCount() if group is not None else 0) + 2
            probe.painted_at = 0.0
            finished: list[Any] = []
            actions.run_finished.connect(finished.append)
            pos = actions.button_center(bench_action)
            started = time.perf_counter()
            QTest.mouseClick(actions.view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
            await wait(lambda: probe.painted_at > 0)
            elapsed = (probe.painted_at - started) * 1000
            await wait(partial(bool, finished))
            actions.run_finished.disconnect(finished.append)
            assert finished[0].ok, finished[0].details
            if n >= 5:  # the first runs warm caches up
                samples.append(elapsed)
        return samples

    async def stall() -> float:
        server = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--child", "server"],
            stdout=subprocess.PIPE,
            text=True,
            env=child_env(),
        )
        assert server.stdout is not None
        line = server.stdout.readline()
        port = json.loads(line[len(READY) :])["port"]
        services.flows.save(
            "Bench HTTP", http_flow(f"http://127.0.0.1:{port}/slow"), source="ctiAction", active=True
        )
        worst = 0.0
        try:
            # The first request builds the shared HTTP client: a start-up cost, not a stall under load.
            await services.runner.run("Bench HTTP", contact=contact)
            for _ in range(stall_rounds):
                ticks = TickGaps(2)
                timer = QTimer()
                timer.setTimerType(Qt.TimerType.PreciseTimer)
                timer.setInterval(ticks.interval_ms)
                timer.timeout.connect(ticks.tick)
                timer.start()
                await asyncio.sleep(0.05)
                ticks.reset()
                results = await asyncio.gather(
                    *(services.runner.run("Bench HTTP", contact=contact) for _ in range(100))
                )
                timer.stop()
                bad = [r for r in results if not r.completed]
                assert not bad, bad[0].error
                worst = max(worst, ticks.worst())
        finally:
            server.terminate()
            server.wait(10)
        return worst

    async def main() -> dict[str, Any]:
        samples = await click_to_data()
        worst = await stall()
        await services.aclose()
        samples.sort()
        return {
            "click_to_data_ms_median": round(statistics.median(samples), 3),
            "click_to_data_ms_p99": round(samples[min(len(samples) - 1, int(len(samples) * 0.99))], 3),
            "click_to_data_samples": len(samples),
            "max_stall_ms": round(worst, 3),
        }

    try:
        return loop.run_until_complete(main())
    finally:
        actions.teardown()
        data.teardown()
        services.close()
        host.close()
        host.deleteLater()
        # Closed here, while Qt is still whole: a loop left to the garbage collector at exit crashes.
        loop.close()
        asyncio.set_event_loop(None)


# ------------------------------------------------------------------------------------------------ main


def run(quick: bool) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="cti-bench-app-"))
    url = f"sqlite:///{folder / 'bench.db'}"
    seed(url)
    compile_package()
    startups = 3 if quick else 11
    app_times: list[float] = []
    bare_times: list[float] = []
    services_times: list[float] = []
    # Interleaved, so both see the same machine.
    for _ in range(startups):
        elapsed, _, services = launch(["--child", "app", "--db", url])
        app_times.append(elapsed)
        assert services is not None
        services_times.append(services)
        bare_times.append(launch(["--child", "bare"])[0])
    _, memory, _ = launch(["--child", "app", "--db", url, "--open-editor"])
    figures = {
        "startup_s_median": round(statistics.median(app_times), 3),
        "bare_window_s_median": round(statistics.median(bare_times), 3),
        "services_ready_s_median": round(statistics.median(services_times), 3),
        "startup_runs": startups,
    }
    figures["startup_ratio"] = round(figures["startup_s_median"] / figures["bare_window_s_median"], 2)
    figures.update(in_process(url, clicks=60 if quick else 300, stall_rounds=1 if quick else 3))
    figures["rss_mb"] = round(memory["rss_mb"], 1)
    figures.update({"actions": ACTIONS, "flows": FLOWS + 1, "flow_blocks": FLOW_BLOCKS, "quick": quick})
    return figures


def print_table(figures: dict[str, Any]) -> None:
    budgets = {
        "startup_s_median": "< 0.6 s and < 3x bare",
        "bare_window_s_median": "",
        "startup_ratio": "< 3",
        "services_ready_s_median": "",
        "click_to_data_ms_median": "< 5 ms",
        "click_to_data_ms_p99": "< 16 ms",
        "max_stall_ms": "< 16 ms",
        "rss_mb": "< 150 MB",
    }
    print(f"{'figure':<26} {'value':>10}   budget")
    for key, budget in budgets.items():
        print(f"{key:<26} {figures[key]:>10}   {budget}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (a smoke run)")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--child", choices=("app", "bare", "server"), help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--open-editor", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child == "app":
        return child_app(args.db, args.open_editor)
    if args.child == "bare":
        return child_bare()
    if args.child == "server":
        return child_server()
    sys.path.insert(0, str(ROOT))
    figures = run(args.quick)
    print_table(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
