"""SQLite's planner statistics (luoshi.lib.sqlite): the daily refresh job analyzes a database never
analyzed, then only the tables whose statistics are missing or ten times off.

Real SQLite files: the test database (with its tasks) is copied to a file with
SQLite's backup API, and the job runs on that file as cron runs it, in its own
process (`manage.py refresh_status`).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.db.backends.sqlite3.base import DatabaseWrapper

from luoshi.lib import sqlite as stats
from luoshi.work.models import Task
from tests import factories as f

pytestmark = [
    # Committed rows: SQLite's backup of the test database waits on an open transaction.
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's statistics"),
]

TASKS = 30


def file_copy(tmp_path: Path) -> Path:
    """The test database as it is now (tasks included), as a file without statistics."""
    path = tmp_path / "luoshi.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    # The test database went through migrate, which analyzed it (post_migrate): start from none.
    target.execute("DROP TABLE IF EXISTS sqlite_stat1")
    target.commit()
    target.close()
    return path


def statistics(path: Path) -> dict[str, int]:
    """Rows per table as sqlite_stat1 records them; {} when the database was never analyzed."""
    db = sqlite3.connect(path)
    try:
        if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone():
            return {}
        return {tbl: int(stat.split()[0]) for tbl, _idx, stat in db.execute("SELECT * FROM sqlite_stat1")}
    finally:
        db.close()


def run_refresh(path: Path) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LUOSHI_")}
    env.update(LUOSHI_DATABASE_URL=f"sqlite:///{path}", LUOSHI_VAR_DIR=str(path.parent))
    out = subprocess.run([sys.executable, "manage.py", "refresh_status"], cwd=settings.BASE_DIR, env=env,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout


@pytest.fixture
def tasks(transactional_db):
    unit = f.org()
    plan = f.plan(f.org())
    for i in range(TASKS):
        f.task(plan, lead=unit, title=f"任务{i}")
    return plan


@pytest.fixture
def on_file(tmp_path):
    """A Django connection of its own to a file (closed at the end)."""
    opened = []

    def open_(path: Path) -> DatabaseWrapper:
        wrapper = DatabaseWrapper({**connection.settings_dict, "NAME": str(path)}, alias="statistics_file")
        opened.append(wrapper)
        return wrapper

    yield open_
    for wrapper in opened:
        wrapper.close()


def test_the_daily_refresh_job_analyzes_a_database_never_analyzed_then_nothing_that_did_not_move(tasks, tmp_path):
    path = file_copy(tmp_path)
    assert statistics(path) == {}

    out = run_refresh(path)

    recorded = statistics(path)
    assert recorded["work_task"] == Task.objects.count() == TASKS
    assert recorded["work_assignment"] == TASKS
    assert "planner statistics: analyzed every table" in out

    # The next day: no table moved tenfold, nothing is analyzed again.
    out = run_refresh(path)
    assert statistics(path) == recorded
    assert "planner statistics" not in out


def test_only_a_table_that_grew_tenfold_or_got_its_first_rows_is_analyzed_again(tasks, tmp_path, on_file):
    path = file_copy(tmp_path)
    db = on_file(path)
    assert stats.update_statistics(db) == ["*"]
    assert "django_session" not in statistics(path)  # empty when analyzed: no statistics

    raw = sqlite3.connect(path)

    def add_sessions(n: int, start: int) -> None:
        raw.executemany("INSERT INTO django_session (session_key, session_data, expire_date) VALUES (?, '', ?)",
                        [(f"key{start + i:05d}", "2030-01-01 00:00:00") for i in range(n)])
        raw.commit()

    add_sessions(3, 0)
    assert stats.update_statistics(db) == ["django_session"]  # its first rows
    assert statistics(path)["django_session"] == 3

    add_sessions(20, 3)  # 23 rows: not yet ten times 3
    assert stats.update_statistics(db) == []
    add_sessions(7, 23)  # 30 rows
    assert stats.update_statistics(db) == ["django_session"]
    recorded = statistics(path)
    assert recorded["django_session"] == 30 and recorded["work_task"] == TASKS

    raw.execute("DELETE FROM django_session WHERE session_key > 'key00002'")  # 3 left: a tenth
    raw.commit()
    assert stats.update_statistics(db) == ["django_session"]
    raw.close()


def test_a_new_index_on_an_analyzed_table_gets_its_statistics(tasks, tmp_path, on_file):
    path = file_copy(tmp_path)
    db = on_file(path)
    stats.update_statistics(db)
    raw = sqlite3.connect(path)
    raw.execute("CREATE INDEX statistics_test_idx ON work_task (title)")
    # A partial index no row matches gets no statistics from ANALYZE: it must not look new every day.
    raw.execute("CREATE INDEX statistics_test_partial_idx ON work_task (title) WHERE title = 'none'")
    raw.commit()

    assert stats.update_statistics(db) == ["work_task"]
    assert stats.update_statistics(db) == []
    indexes = {idx for (idx,) in raw.execute("SELECT idx FROM sqlite_stat1 WHERE tbl = 'work_task'")}
    raw.close()
    assert "statistics_test_idx" in indexes


def test_migrate_left_statistics_in_the_test_database():
    # pytest-django built this database with migrate; post_migrate ran luoshi.lib.sqlite.after_migrate.
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
        assert cursor.fetchone() is not None

