"""A floor of seats on one PostgreSQL store: how fast a supervisor's change reaches every seat, whether
any seat misses one, and how long the floor takes to catch up after the server drops every connection.

    python bench/fleet.py [--seats 500] [--seconds 20] [--processes N] [--json PATH] [--server CONNINFO]

Each seat is the app's own change-following code (`services.live_changes.LiveChanges`: one listening
connection woken by NOTIFY, reconnecting with back-off and catching up from the change log), applying
into its own change bus, as asyncio tasks spread over one process per core (`--processes`). A
supervisor, in a process of its own (so its changes come from another origin, as from another PC),
saves a CTI action every 100 ms through the store's repository. Half-way, every seat's connection is
killed with `pg_terminate_backend`, as a server restart or a failover does.

Figures, not pass/fail. JSON keys: `seats`, `changes`, `propagation_ms_p50`, `propagation_ms_p99` (from
the supervisor starting a save to a seat applying it), `missed_changes` (changes some seat never applied),
`resync_after_drop_s` (from the kill until every seat has reconnected and applied every change made
meanwhile), `server_connections` (the seats' connections the server counted while they listened).
The server's `max_connections` must exceed the seats (see the README).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from sqlalchemy.engine import URL  # noqa: E402

from cti_desktop.services.changes import Change, ChangeBus, ChangeKind  # noqa: E402
from cti_desktop.services.live_changes import LiveChanges  # noqa: E402
from cti_desktop.store.database import ServerOptions, make_engine, open_store  # noqa: E402

SEAT_APP_NAME = "cti-desktop/bench-seat"
PERIOD_S = 0.1

SUPERVISOR = """
import json, sys, time
from cti_desktop.domain.actions import CtiAction
from cti_desktop.store.actions import ActionRepository
from cti_desktop.store.database import make_engine

engine = make_engine(sys.argv[1])
repository = ActionRepository(engine)
changes, period = int(sys.argv[2]), float(sys.argv[3])
print("ready", flush=True)
sys.stdin.readline()
started = time.monotonic()
for number in range(changes):
    time.sleep(max(0.0, started + number * period - time.monotonic()))
    before = time.time()
    saved = repository.save(CtiAction(f"Bench action {number}"))
    print(json.dumps({"id": saved.id, "started": before, "saved": time.time()}), flush=True)
engine.dispose()
"""


class Seat:
    """One seat: the app's LiveChanges on its own bus, noting when each action change arrived and when
    the seat came back after losing its connection."""

    def __init__(self, engine: Any, url: str) -> None:
        self.bus = ChangeBus()
        self.arrived: dict[int, float] = {}
        self.back: list[float] = []
        self.bus.changed.connect(self._heard)
        self.live = LiveChanges(engine, url, self.bus, options=ServerOptions(application_name=SEAT_APP_NAME))
        self.live.status_changed.connect(self._status)

    def _heard(self, change: Change) -> None:
        if change.kind == ChangeKind.ACTION:
            now = time.time()
            for action_id in change.ids:
                self.arrived.setdefault(int(action_id), now)

    def _status(self, status: Any) -> None:
        if status.live and status.text.startswith("Database: reconnected"):
            self.back.append(time.time())


def _percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


async def _until(predicate: Any, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.01)
    return True


def _server_connections(server: str, database: str) -> int:
    with psycopg.connect(f"{server} dbname=postgres") as connection:
        row = connection.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND application_name = %s",
            (database, SEAT_APP_NAME),
        ).fetchone()
    return int(row[0]) if row else 0


def _drop_seat_connections(server: str, database: str) -> int:
    with psycopg.connect(f"{server} dbname=postgres", autocommit=True) as connection:
        rows = connection.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND application_name = %s",
            (database, SEAT_APP_NAME),
        ).fetchall()
    return len(rows)


# -- a group of seats: one process each (the machine's cores share the floor) ---------------------------


async def seat_group(url: str, count: int) -> None:
    """Run `count` seats; say "live" when all listen; on "stop LAST_ID" wait until each has applied it,
    stop, and print what each seat saw as one JSON line."""
    engine = make_engine(url)
    seats = [Seat(engine, url) for _ in range(count)]
    tasks = [asyncio.create_task(seat.live.run()) for seat in seats]
    if not await _until(lambda: all(seat.live.status.live for seat in seats), 120):
        print(json.dumps({"error": f"only {sum(s.live.status.live for s in seats)} of {count} connected"}))
        return
    print("live", flush=True)
    loop = asyncio.get_running_loop()
    line = await loop.run_in_executor(None, sys.stdin.readline)
    last = int(line.split()[1])
    await _until(lambda: all(last in seat.arrived for seat in seats), 30)
    for seat in seats:
        await seat.live.stop()
    await asyncio.gather(*tasks, return_exceptions=True)
    engine.dispose()
    print(json.dumps({"seats": [{"arrived": seat.arrived, "back": seat.back} for seat in seats]}), flush=True)


async def run(
    seats_wanted: int, seconds: float, server: str, url: str, database: str, processes: int
) -> dict[str, Any]:
    environment = dict(os.environ, PYTHONPATH=str(ROOT))
    sizes = [seats_wanted // processes + (1 if i < seats_wanted % processes else 0) for i in range(processes)]
    started = time.monotonic()
    groups = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            str(Path(__file__).resolve()),
            "--seat-group",
            url,
            str(size),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=environment,
            limit=2**30,
        )
        for size in sizes
        if size
    ]
    for group in groups:
        assert group.stdout is not None
        said = (await group.stdout.readline()).decode().strip()
        if said != "live":
            raise SystemExit(f"a group of seats did not start: {said}")
    print(f"{seats_wanted} seats listening after {time.monotonic() - started:.1f} s", flush=True)
    connections = await asyncio.to_thread(_server_connections, server, database)

    changes = int(seconds / PERIOD_S)
    supervisor = await asyncio.create_subprocess_exec(
        sys.executable, "-c", SUPERVISOR, url, str(changes), str(PERIOD_S),
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=environment,
    )  # fmt: skip
    assert supervisor.stdout is not None and supervisor.stdin is not None
    await supervisor.stdout.readline()  # ready
    supervisor.stdin.write(b"go\n")
    await supervisor.stdin.drain()
    published: dict[int, float] = {}
    saved_at: dict[int, float] = {}
    drop_at_change = changes // 2
    dropped_wall: float | None = None
    while True:
        line = await supervisor.stdout.readline()
        if not line:
            break
        saved = json.loads(line)
        published[saved["id"]] = saved["started"]
        saved_at[saved["id"]] = saved["saved"]
        if len(published) == drop_at_change and dropped_wall is None:
            dropped_wall = time.time()
            killed = await asyncio.to_thread(_drop_seat_connections, server, database)
            print(f"killed {killed} seat connections after change {drop_at_change}", flush=True)
    await supervisor.wait()

    seen: list[dict[str, Any]] = []
    for group in groups:
        assert group.stdin is not None and group.stdout is not None
        group.stdin.write(f"stop {max(published)}\n".encode())
        await group.stdin.drain()
    for group in groups:
        assert group.stdout is not None
        report = json.loads(await group.stdout.readline())
        seen.extend(
            {"arrived": {int(k): v for k, v in seat["arrived"].items()}, "back": seat["back"]}
            for seat in report["seats"]
        )
        await group.wait()
    return _figures(seats_wanted, published, saved_at, seen, dropped_wall, connections)


def _figures(
    seats_wanted: int,
    published: dict[int, float],
    saved_at: dict[int, float],
    seen: list[dict[str, Any]],
    dropped_wall: float | None,
    connections: int,
) -> dict[str, Any]:
    resync_s = float("nan")
    if dropped_wall is not None:
        # Each seat is back once it has reconnected and applied every change started while any seat was
        # down; the floor is back when the last seat is.
        backs = [min((t for t in seat["back"] if t >= dropped_wall), default=float("inf")) for seat in seen]
        all_back = max(backs)
        meanwhile = [c for c, start in published.items() if dropped_wall <= start <= all_back]
        done = [
            max([back, *(seat["arrived"].get(c, float("inf")) for c in meanwhile)])
            for seat, back in zip(seen, backs, strict=True)
        ]
        resync_s = max(done) - dropped_wall

    # Propagation while live: the changes started while the connections were down (and until every
    # seat was back) belong to the resync figure instead.
    def while_live(start: float) -> bool:
        return dropped_wall is None or not (dropped_wall <= start <= dropped_wall + resync_s)

    propagation = [
        (seat["arrived"][change] - start) * 1000
        for change, start in published.items()
        if while_live(start)
        for seat in seen
        if change in seat["arrived"]
    ]
    if dropped_wall is not None:
        before_drop = [
            (seat["arrived"][c] - start) * 1000
            for c, start in published.items()
            if start < dropped_wall
            for seat in seen
            if c in seat["arrived"]
        ]
        after_back = [
            (seat["arrived"][c] - start) * 1000
            for c, start in published.items()
            if start > dropped_wall + resync_s
            for seat in seen
            if c in seat["arrived"]
        ]
        print(
            f"(propagation p99 before the drop {_percentile(before_drop, 0.99):.1f} ms, "
            f"after every seat was back {_percentile(after_back, 0.99):.1f} ms)",
            flush=True,
        )
    saving = [(saved_at[c] - published[c]) * 1000 for c in published]
    print(
        f"(the supervisor's save itself: p50 {statistics.median(saving):.1f} ms, "
        f"p99 {_percentile(saving, 0.99):.1f} ms)",
        flush=True,
    )
    missed = sum(1 for change in published if any(change not in seat["arrived"] for seat in seen))
    return {
        "seats": seats_wanted,
        "changes": len(published),
        "propagation_ms_p50": round(statistics.median(propagation), 2) if propagation else None,
        "propagation_ms_p99": round(_percentile(propagation, 0.99), 2) if propagation else None,
        "missed_changes": missed,
        "resync_after_drop_s": round(resync_s, 3),
        "server_connections": connections,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seats", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=20.0, help="how long the supervisor publishes")
    parser.add_argument("--server", default="host=127.0.0.1 port=5432 user=postgres", help="libpq conninfo")
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument(
        "--processes",
        type=int,
        default=os.cpu_count() or 1,
        help="processes the seats share (default: one per core)",
    )
    parser.add_argument("--seat-group", nargs=2, metavar=("URL", "COUNT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seat_group:
        asyncio.run(seat_group(args.seat_group[0], int(args.seat_group[1])))
        return 0
    database = f"cti_fleet_{uuid.uuid4().hex[:10]}"
    params = psycopg.conninfo.conninfo_to_dict(args.server)
    with psycopg.connect(f"{args.server} dbname=postgres", autocommit=True) as admin:
        limit = int(admin.execute("SHOW max_connections").fetchone()[0])  # type: ignore[index]
        if limit < args.seats + 20:
            print(
                f"The server allows {limit} connections; {args.seats} seats need more. Raise it with "
                f"ALTER SYSTEM SET max_connections = {args.seats + 100}; then restart PostgreSQL.",
                file=sys.stderr,
            )
            return 2
        admin.execute(f'CREATE DATABASE "{database}"')
    url = URL.create(
        "postgresql+psycopg",
        username=str(params.get("user", "postgres")),
        password=str(params["password"]) if "password" in params else None,
        host=str(params.get("host", "127.0.0.1")),
        port=int(params.get("port", 5432)),
        database=database,
    ).render_as_string(hide_password=False)
    try:
        open_store(url).dispose()
        figures = asyncio.run(
            run(args.seats, args.seconds, args.server, url, database, max(1, args.processes))
        )
    finally:
        with psycopg.connect(f"{args.server} dbname=postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    for key, value in figures.items():
        print(f"{key}: {value}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
