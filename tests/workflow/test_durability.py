"""An acknowledged report survives kill -9 of the server.

A real gunicorn serves a file-based SQLite database (WAL, synchronous=FULL,
luoshi/lib/dburl.py). A reporter posts reports in a loop; the whole server
process group is killed with SIGKILL while posts are in flight; the server is
started again on the same file, and every report whose POST was answered with
the redirect to its page is found in the database.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
N_TASKS = 60
KILL_AFTER = 12

SEED = """
import json, datetime as dt, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from luoshi.accounts.models import User
from luoshi.org.models import Organization
from tests import factories as f
city = Organization.objects.create(name="测试市人民政府", kind="government")
group = Organization.objects.create(name="领导小组", kind="leading_group")
f.user("city", User.Role.UNIT_REPORTER, city)
plan = f.plan(group, title="2026年重点工作安排")
tasks = [str(f.task(plan, lead=city, title=f"任务{i}").code) for i in range(N_TASKS)]
rnd = f.reporting_round(plan, "2026年11月", dt.date(2026, 11, 1), dt.date(2099, 12, 5))
print(json.dumps({"tasks": tasks, "round": str(rnd.code)}))
""".replace("N_TASKS", str(N_TASKS))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, env: dict[str, str]):
        self.env = env
        self.port = free_port()
        # Its own session: SIGKILL goes to the master and every worker at once.
        self.proc = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "luoshi.wsgi:application", "-b", f"127.0.0.1:{self.port}",
             "-w", "2", "--timeout", "30"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/accounts/login/", timeout=1)
                return
            except OSError:
                time.sleep(0.1)
        self.kill()
        raise RuntimeError("gunicorn did not start")

    def kill(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait(timeout=10)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def get(self, path: str) -> int:
        return self.opener.open(self.base + path, timeout=10).status

    def post(self, path: str, data: dict) -> tuple[int, str]:
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.csrf()}, doseq=True).encode()
        request = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})
        try:
            response = self.opener.open(request, timeout=10)
            return response.status, response.headers.get("Location", "")
        except urllib.error.HTTPError as e:  # 302 surfaces here once redirects are not followed
            return e.code, e.headers.get("Location", "")

    def login(self) -> None:
        from tests.factories import PASSWORD

        self.get("/accounts/login/")
        status, _ = self.post("/accounts/login/", {"username": "city", "password": PASSWORD})
        assert status == 302


def test_every_report_the_server_acknowledged_survives_kill_minus_nine(tmp_path):
    db = tmp_path / "luoshi.sqlite3"
    env = {
        **os.environ, "LUOSHI_DATABASE_URL": f"sqlite:///{db}", "LUOSHI_VAR_DIR": str(tmp_path / "var"),
        "LUOSHI_SECRET_KEY": "durability-test-key", "DJANGO_SETTINGS_MODULE": "luoshi.settings",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    seeded = subprocess.run([sys.executable, "-c", SEED], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=60)
    assert seeded.returncode == 0, seeded.stderr
    seed = json.loads(seeded.stdout.strip().splitlines()[-1])

    server = Server(env)
    acked: list[str] = []
    errors: list[Exception] = []
    try:
        browser = Browser(server.url)
        browser.login()

        def post_all() -> None:
            for code in seed["tasks"]:
                token = str(uuid.uuid4())
                try:
                    status, location = browser.post(f"/reporting/tasks/{code}/report/", {
                        "round": seed["round"], "text": f"进展 {token}", "percent": 30, "token": token,
                        "action": "submit",
                    })
                except (OSError, urllib.error.URLError) as e:
                    errors.append(e)  # the server is gone: this one was never acknowledged
                    return
                if status == 302 and "/reporting/reports/" in location:
                    acked.append(token)

        poster = threading.Thread(target=post_all)
        poster.start()
        deadline = time.monotonic() + 20
        while len(acked) < KILL_AFTER and poster.is_alive() and time.monotonic() < deadline:
            time.sleep(0.005)
        server.kill()  # mid-load: the poster is still sending
        poster.join(timeout=15)
    finally:
        server.kill()

    print(f"acknowledged {len(acked)} of {N_TASKS}; {len(errors)} post(s) failed when the server died")
    assert len(acked) >= KILL_AFTER, errors
    assert len(acked) < N_TASKS, "the server was killed after the load, not during it"

    restarted = Server(env)
    try:
        browser = Browser(restarted.url)
        browser.login()
        with sqlite3.connect(db) as conn:
            stored = {row[0] for row in conn.execute(
                "SELECT form_token FROM reporting_progressreport WHERE state = 'submitted'")}
            code = conn.execute("SELECT code FROM reporting_progressreport LIMIT 1").fetchone()[0]
        missing = [t for t in acked if uuid.UUID(t).hex not in stored]
        assert not missing, f"{len(missing)} acknowledged reports lost"
        # And the restarted server serves them.
        assert browser.get(f"/reporting/reports/{uuid.UUID(code)}/") == 200
    finally:
        restarted.kill()
