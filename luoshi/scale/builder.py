"""Put a programme of a given size into the database, in bulk, the same for the same seed and day.

Nothing goes through the services: at a million reports one call per row
would take hours. The generator writes the rows the services would have
written (with their events) by bulk_create, in the order their foreign keys
need, and leaves derived state to the application's own refresh.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
import time
from collections import Counter
from dataclasses import dataclass, field

from django.core.management import call_command, get_commands
from django.db import connection

from luoshi.lib.sqlite import analyze_after_bulk_load
from luoshi.org.models import Organization
from luoshi.scale.directory import ScaleError, build_directory
from luoshi.scale.events import Log
from luoshi.scale.programme import build_programme
from luoshi.scale.reports import build_reports
from luoshi.scale.writer import Writer, bulk_session
from luoshi.work.models import Task

__all__ = ["Result", "ScaleError", "Size", "build"]


@dataclass(frozen=True)
class Size:
    tasks: int = 100_000
    reports: int = 1_000_000
    users: int = 5_000
    units: int = 300
    rounds: int = 40


@dataclass
class Result:
    rows: Counter = field(default_factory=Counter)
    seconds: Counter = field(default_factory=Counter)
    steps: dict[str, float] = field(default_factory=dict)
    accounts: dict[str, str] = field(default_factory=dict)
    large_plan: str = ""
    busiest_unit: str = ""
    busiest_tasks: int = 0

    @property
    def total_seconds(self) -> float:
        return sum(self.steps.values())


def _avoid() -> set[str]:
    """The demo's people: the scale programme never reuses their names."""
    from luoshi.demo import content  # dev tooling reading dev tooling; the application imports neither

    rows = content.PERSONAS + content.AUTHORS + content.CLERKS
    return {r[1] for r in rows} | {p[0] for p in content.PEOPLE}


def build(size: Size, seed: int, today: dt.date, password: str, force: bool = False) -> Result:
    if Task.objects.exists() and not force:
        raise ScaleError("the database already holds tasks: load_scale builds a programme into an empty one "
                         "(pass --force to add another programme beside it)")
    batch = 1 + Organization.objects.filter(kind=Organization.Kind.LEADING_GROUP,
                                            name__startswith="长三角区域协同发展领导小组").count()
    # A second programme (--force) draws other codes and names from the same seed.
    rng = random.Random(seed if batch == 1 else f"{seed}/{batch}")
    result = Result()
    w = Writer()
    w.log = Log(w)
    timed = _timer(result)
    with bulk_session():
        with timed("units and accounts"):
            d = build_directory(w, rng, size.units, size.users, batch, password, _avoid())
        with timed("plans, rounds, tasks, assignments"):
            prog = build_programme(w, rng, d, size.tasks, size.rounds, today, batch)
            w.flush()
        with timed("reports and events"):
            build_reports(w, rng, d, prog, size.reports, today)
            w.finish()
            w.log.finish()
    with timed("derived state and planner statistics"):
        if "refresh_status" in get_commands():
            call_command("refresh_status", verbosity=0)
        # After the status rows exist. On PostgreSQL what autovacuum would do within the hour;
        # on SQLite the first ANALYZE (refresh_status ran it already, unless older code lacks it):
        # the bench measures a settled database.
        analyze_after_bulk_load(connection)
    result.rows.update(w.rows)
    result.seconds.update(w.seconds)
    busiest = Counter(u.id for row in prog.tasks for _a, u, _r, state in row.units if state != "returned")
    by_id = {u.id: u for u in d.units if u.login}
    unit_id, count = max(((k, v) for k, v in busiest.items() if k in by_id), key=lambda kv: kv[1],
                         default=(None, 0))
    result.accounts = dict(d.accounts)
    if unit_id is not None:
        result.accounts["reporter"] = by_id[unit_id].login
        result.busiest_unit, result.busiest_tasks = by_id[unit_id].name, count
    result.large_plan = prog.plans[0].title
    return result


def _timer(result: Result):
    @contextlib.contextmanager
    def step(name: str):
        started = time.perf_counter()
        yield
        result.steps[name] = time.perf_counter() - started

    return step
