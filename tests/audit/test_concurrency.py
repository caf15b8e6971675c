"""Writers at the same time never fork the chain: several processes on a SQLite file, threads on PostgreSQL."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, connections

from luoshi.audit.events import record
from luoshi.audit.models import ChainHead, Event
from luoshi.backup.archive import connection_for_copy, sqlite_copy

pytestmark = pytest.mark.django_db(transaction=True)

WRITERS, EACH = 4, 25
ROOT = Path(__file__).resolve().parents[2]

WRITER = """
import django
django.setup()
from luoshi.audit.events import record
from luoshi.accounts.models import User
user = User.objects.order_by("pk").first()
for i in range({each}):
    record(user, "test.concurrent", user, {{"writer": {n}, "i": i}})
"""


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite file case")
def test_processes_writing_to_one_sqlite_file_at_once_keep_one_chain(world, tmp_path):
    database = tmp_path / "luoshi.sqlite3"
    copy = sqlite3.connect(database)
    sqlite_copy(connection_for_copy(), copy)  # the test database, migrations and personas, as a file
    copy.close()
    env = {**os.environ, "LUOSHI_DATABASE_URL": f"sqlite:///{database}", "DJANGO_SETTINGS_MODULE": "luoshi.settings"}
    writers = [subprocess.Popen([sys.executable, "-c", WRITER.format(each=EACH, n=n)], cwd=ROOT, env=env)
               for n in range(WRITERS)]
    assert [w.wait(timeout=300) for w in writers] == [0] * WRITERS
    verified = subprocess.run([sys.executable, "manage.py", "verify_audit"], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=300)
    assert verified.returncode == 0, verified.stderr
    with sqlite3.connect(database) as db:
        seqs = [row[0] for row in db.execute("SELECT seq FROM audit_event WHERE action = 'test.concurrent'")]
    assert len(seqs) == len(set(seqs)) == WRITERS * EACH


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL case")
def test_threads_writing_at_once_on_postgresql_keep_one_chain(world):
    user = world.users["office"]
    failures = []

    def write(n: int) -> None:
        try:
            for i in range(EACH):
                record(user, "test.concurrent", user, {"writer": n, "i": i})
        except Exception as exc:  # noqa: BLE001 - reported below
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures
    seqs = list(Event.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1)) and ChainHead.objects.get().seq == len(seqs)
    assert Event.objects.filter(action="test.concurrent").count() == WRITERS * EACH
    with open(os.devnull, "w") as quiet:
        call_command("verify_audit", stdout=quiet)  # raises CommandError on a fork
