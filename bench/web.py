"""Benchmark of the web pages people open every day, served as `make run` serves them.

    .venv/bin/python bench/web.py --tasks 10000 --reports 100000 --users 1000           # SQLite
    .venv/bin/python bench/web.py --tasks 10000 --reports 100000 --users 1000 \\
        --database-url postgresql://root@127.0.0.1:5432/luoshi_bench                     # PostgreSQL

Builds the database with `manage.py migrate` and `manage.py load_scale` (or reuses one that
holds a programme: --db PATH for SQLite, --database-url for PostgreSQL, created if missing),
starts gunicorn with 2 workers × 4 threads and DEBUG off, signs in over HTTP as office staff
and as a reporter of the unit with the most tasks, then prints per page: p50/p95 at
concurrency 1, requests/s at concurrency 8, the response size, and the workers' RSS after the
page, and the server's CPU time per request (the workers' and, on PostgreSQL, the database
backends': on a shared machine latency includes the wait for a core, CPU time does not).
Then report submissions through the real form (GET the form, POST it with its CSRF
token) from 8 concurrent clients: submissions/s, POST p50/p95, and how many acknowledged
submissions are missing from the database (lost). Only the Python standard library: a small
HTTP client over http.client with a cookie jar. Traffic goes to 127.0.0.1 only; every loop is
bounded in count and time.

Signing in is what a person does: the password on the login page, then, for an account with a
second factor (office staff must have one), the code an authenticator app would show, computed
(RFC 6238) from the key of the account's authenticator in the bench database and posted to the
code page. An office account that has none yet is enrolled first through the enrolment page,
with a code computed from the key that page shows. The server takes each step's code once, so
each role signs in once and its 8 connections share that session, as a browser's tabs do.

--code DIR serves another checkout (the baseline of docs/performance.md was measured from a
snapshot of an earlier commit with luoshi/scale copied in). --json PATH writes the figures.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlencode, urlparse

ROOT = Path(__file__).resolve().parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
HOST = "127.0.0.1"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TOKEN_INPUT = re.compile(r'<input[^>]*name="token"[^>]*>')
VALUE = re.compile(r'value="([^"]+)"')
OTP_SECRET = re.compile(r'id="otp-secret">([A-Z2-7 ]+)<')
ENROL_PATH = "/accounts/two-step/enrol/"
VERIFY_PATH = "/accounts/two-step/verify/"

# Facts the bench needs from the database, read by the code being served (--code).
PROBE = r"""
import json, os, sys, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luoshi.settings")
django.setup()
from django.db.models import Count
from luoshi.accounts.models import User
from luoshi.reporting.models import ProgressReport
from luoshi.work.models import Assignment, Plan, Task
what = sys.argv[1]


def authenticator(user):
    try:  # a checkout from before the second factor (--code) has none
        from django_otp.plugins.otp_totp.models import TOTPDevice
    except ImportError:
        return None
    d = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    return d and {"key": d.key, "step": d.step, "t0": d.t0, "digits": d.digits, "drift": d.drift,
                  "last_t": d.last_t}


if what == "count":
    print(json.dumps({"tasks": Task.objects.count(), "reports": ProgressReport.objects.count()}))
elif what == "stored":
    tokens = json.load(sys.stdin)
    print(json.dumps(ProgressReport.objects.filter(form_token__in=tokens, state="submitted").count()))
else:
    plan = Plan.objects.annotate(n=Count("tasks")).order_by("-n").first()
    busiest = (Assignment.objects.exclude(state="returned").filter(organization__users__role="unit_reporter")
               .values("organization").annotate(n=Count("task", distinct=True)).order_by("-n")[0])
    reporter = User.objects.filter(organization_id=busiest["organization"], role="unit_reporter").order_by("pk")[0]
    office = User.objects.filter(role="office_admin", is_active=True).order_by("pk")[0]
    mine = Task.objects.filter(plan=plan, assignments__organization_id=reporter.organization_id,
                               assignments__state="signed")
    task = mine.annotate(r=Count("reports")).order_by("-r").first()
    rnd = None
    items = []
    if what == "round":
        from luoshi.reporting.services import open_round
        import datetime as dt
        from django.utils import timezone
        rnd = open_round(office, plan, "bench " + timezone.now().strftime("%Y-%m-%d %H:%M:%S"),
                         timezone.localdate(), timezone.localdate() + dt.timedelta(days=10))
        items = [str(c) for c in mine.filter(completed_at__isnull=True).values_list("code", flat=True)
                 .distinct()[: int(sys.argv[2])]]
    print(json.dumps({
        "office": office.username, "reporter": reporter.username, "unit": str(reporter.organization),
        "unit_tasks": busiest["n"], "plan": str(plan.code), "plan_tasks": plan.n, "task": str(task.code),
        "round": str(rnd.code) if rnd else None, "items": items,
        "authenticators": {u.username: authenticator(u) for u in (office, reporter)},
    }))
"""


def env_for(url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LUOSHI_")}
    env.update(LUOSHI_DATABASE_URL=url, LUOSHI_DEBUG="false", LUOSHI_DEMO="false", PYTHONUNBUFFERED="1")
    return env


def probe(code: Path, url: str, *args: str, stdin: str | None = None):
    out = subprocess.run([str(PYTHON), "-c", PROBE, *args], cwd=code, env=env_for(url), input=stdin,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def prepare(code: Path, url: str, size: argparse.Namespace) -> None:
    if url.startswith("postgres"):
        _create_pg_database(url)
    manage = [str(PYTHON), "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], cwd=code, env=env_for(url), check=True)
    counts = probe(code, url, "count")
    if counts["tasks"]:
        print(f"reusing the database: {counts['tasks']:,} tasks, {counts['reports']:,} reports", flush=True)
        # A database built by older code: the daily refresh fills what newer migrations added.
        refresh = subprocess.run([*manage, "refresh_status"], cwd=code, env=env_for(url), capture_output=True,
                                 text=True)
        if refresh.returncode == 0:
            print(f"refresh_status: {refresh.stdout.strip()}", flush=True)
        return
    print(f"building {size.tasks:,} tasks / {size.reports:,} reports / {size.users:,} users …", flush=True)
    subprocess.run([*manage, "load_scale", "--tasks", str(size.tasks), "--reports", str(size.reports),
                    "--users", str(size.users)], cwd=code, env=env_for(url), check=True)


def _create_pg_database(url: str) -> None:
    import psycopg  # the project's own dependency

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


# --- the server ----------------------------------------------------------------


class Server:
    def __init__(self, code: Path, url: str, port: int, log: Path) -> None:
        # As `make run` serves it (2 workers × 4 threads, DEBUG off); a long timeout so
        # a page that takes a minute is measured instead of killed at gunicorn's 30 s.
        cmd = [str(GUNICORN), "luoshi.wsgi:application", "--bind", f"{HOST}:{port}", "--workers", "2",
               "--threads", "4", "--timeout", "600", "--chdir", str(code),
               "--access-logfile", str(log), "--error-logfile", str(log)]
        self.port = port
        self.url = url
        self.proc = subprocess.Popen(cmd, cwd=code, env=env_for(url), start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if Client(port).get("/accounts/login/").status == 200:
                    return
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise SystemExit("bench: gunicorn did not answer within 60 s")

    def workers(self) -> list[int]:
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # a process that ended meanwhile
            if int(fields[1]) == self.proc.pid:
                pids.append(int(stat.parent.name))
        return pids

    def cpu_seconds(self) -> dict[int, float]:
        """CPU time used so far by each worker and, on PostgreSQL, each of the bench database's backends.

        On a machine shared with other work, latency measures the queue for the CPU as much as
        the page; CPU per request does not.
        """
        ticks = os.sysconf("SC_CLK_TCK")
        used = {}
        for pid in self.workers() + self.db_backends():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            used[pid] = (int(fields[11]) + int(fields[12])) / ticks  # utime + stime
        return used

    @staticmethod
    def cpu_between(before: dict[int, float], after: dict[int, float]) -> float:
        # A backend that closed in between takes its last share with it (an undercount);
        # one that opened counts whole.
        return sum(max(0.0, cpu - before.get(pid, 0.0)) for pid, cpu in after.items())

    def db_backends(self) -> list[int]:
        if not self.url.startswith("postgres"):
            return []  # SQLite runs inside the workers
        import psycopg

        name = urlparse(self.url).path.lstrip("/")
        with psycopg.connect(self.url, autocommit=True) as conn:
            rows = conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                                [name]).fetchall()
        return [r[0] for r in rows]

    def workers_rss_mb(self) -> list[float]:
        sizes = []
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                lines = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
            except OSError:
                continue  # a process that ended meanwhile
            if int(lines.get("PPid", "0")) == self.proc.pid and "VmRSS" in lines:
                sizes.append(int(lines["VmRSS"].split()[0]) / 1024)
        return sorted(sizes)

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()


# --- a small HTTP client with cookies --------------------------------------------------


@dataclass
class Response:
    status: int
    body: bytes
    headers: dict[str, str]
    seconds: float


class Client:
    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.conn = HTTPConnection(HOST, port, timeout=900)

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None) -> Response:
        headers = dict(headers or {})
        if self.cookies:
            # A copy first: connections sharing the jar (tabs) may add to it meanwhile.
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in list(self.cookies.items()))
        headers.setdefault("Referer", f"http://{HOST}:{self.port}{path}")
        started = time.perf_counter()
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                raw = self.conn.getresponse()
                data = raw.read()
                break
            except (ConnectionError, OSError):
                # A keep-alive connection the server closed: one new connection, once.
                self.conn.close()
                self.conn = HTTPConnection(HOST, self.port, timeout=900)
                if attempt == 2:
                    raise
        seconds = time.perf_counter() - started
        for name, value in raw.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        return Response(raw.status, data, {k.lower(): v for k, v in raw.getheaders()}, seconds)

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, fields: dict[str, str], multipart: bool = False) -> Response:
        if multipart:
            boundary = uuid.uuid4().hex
            parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
                     for k, v in fields.items()]
            body = ("".join(parts) + f"--{boundary}--\r\n").encode()
            kind = f"multipart/form-data; boundary={boundary}"
        else:
            body, kind = urlencode(fields).encode(), "application/x-www-form-urlencoded"
        return self.request("POST", path, body, {"Content-Type": kind})

    def login(self, username: str, password: str, factor: Authenticator | None = None) -> Client:
        """Sign in as a person does: the password, then enrolment or a code if the site asks for one."""
        page = self.get("/accounts/login/")
        csrf = CSRF_INPUT.search(page.body.decode()).group(1)
        r = self.post("/accounts/login/", {"csrfmiddlewaretoken": csrf, "username": username, "password": password})
        if r.status != 302:
            raise SystemExit(f"bench: signing in as {username} answered {r.status}")
        home = self.get("/")
        held_at = home.headers.get("location", "") if home.status == 302 else ""
        if held_at.startswith(ENROL_PATH):
            self.enrol(username)
        elif held_at.startswith(VERIFY_PATH):
            if factor is None:
                raise SystemExit(f"bench: {username} has an authenticator the bench database did not show")
            self.verify(username, factor)
        elif home.status != 200:
            raise SystemExit(f"bench: the home page of {username} answered {home.status} {held_at}")
        return self

    def enrol(self, username: str) -> Authenticator:
        """Set up an authenticator on the enrolment page: the key it shows, the code an app would show."""
        page = self.get(ENROL_PATH).body.decode()
        factor = Authenticator.from_secret(OTP_SECRET.search(page).group(1))
        r = self.post(ENROL_PATH, {"csrfmiddlewaretoken": CSRF_INPUT.search(page).group(1), "code": factor.code(),
                                   "next": "/"})
        if r.status != 200 or "recovery" not in r.body.decode():
            raise SystemExit(f"bench: enrolling {username} answered {r.status}")
        print(f"enrolled {username} in two-step verification through the enrolment page", flush=True)
        return factor

    def verify(self, username: str, factor: Authenticator) -> None:
        page = self.get(f"{VERIFY_PATH}?next=/").body.decode()
        r = self.post(VERIFY_PATH, {"csrfmiddlewaretoken": CSRF_INPUT.search(page).group(1), "code": factor.code(),
                                    "next": "/"})
        if r.status != 302 or r.headers.get("location") != "/":
            raise SystemExit(f"bench: the code for {username} answered {r.status}")

    def sharing(self) -> Client:
        """Another connection with this client's cookies: one more tab of the same browser."""
        other = Client(self.port)
        other.cookies = self.cookies  # one jar: a cookie the server renews reaches every tab
        return other


class Authenticator:
    """An authenticator app holding an account's key: RFC 6238 codes (HMAC-SHA1, as django-otp's TOTPDevice).

    The server refuses a code of a step already used, so a second code waits for the next step;
    a code is not given in the last seconds of its step, which might reach the server in the next.
    """

    def __init__(self, key: bytes, step: int = 30, t0: int = 0, digits: int = 6, drift: int = 0,
                 last_t: int = -1) -> None:
        self.key, self.step, self.t0, self.digits, self.drift, self.last_t = key, step, t0, digits, drift, last_t

    @classmethod
    def from_secret(cls, secret: str) -> Authenticator:
        raw = secret.replace(" ", "").upper()
        return cls(base64.b32decode(raw + "=" * (-len(raw) % 8)))

    @classmethod
    def from_device(cls, device: dict) -> Authenticator:
        return cls(bytes.fromhex(device["key"]), device["step"], device["t0"], device["digits"], device["drift"],
                   device["last_t"])

    def code(self) -> str:
        while True:
            elapsed = time.time() - self.t0
            t = int(elapsed // self.step) + self.drift
            left = self.step - elapsed % self.step
            if t > self.last_t and left > 2:
                break
            time.sleep(left + 0.1)
        self.last_t = t
        mac = hmac.new(self.key, t.to_bytes(8, "big"), hashlib.sha1).digest()
        offset = mac[-1] & 0x0F
        value = int.from_bytes(mac[offset:offset + 4], "big") & 0x7FFFFFFF
        return f"{value % 10 ** self.digits:0{self.digits}d}"


# --- measuring ---------------------------------------------------------------------------


@dataclass
class PageResult:
    name: str
    role: str
    path: str
    p50: float = 0.0
    p95: float = 0.0
    n1: int = 0
    rps8: float = 0.0
    n8: int = 0
    size: int = 0
    cpu: float = 0.0  # server CPU seconds per request at concurrency 1 (workers + database)
    errors: int = 0
    rss: list[float] = field(default_factory=list)


def pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def measure_page(server: Server, clients: list[Client], res: PageResult, args: argparse.Namespace) -> None:
    first = clients[0]
    for _ in range(2):  # warm both workers' caches and templates
        first.get(res.path)
    times: list[float] = []
    cpu0 = server.cpu_seconds()
    started = time.monotonic()
    while len(times) < args.requests and (time.monotonic() - started < args.seconds or len(times) < 3):
        r = first.get(res.path)
        res.errors += r.status != 200
        res.size = len(r.body)
        times.append(r.seconds)
    res.p50, res.p95, res.n1 = pct(times, 0.5), pct(times, 0.95), len(times)
    res.cpu = server.cpu_between(cpu0, server.cpu_seconds()) / len(times)
    if res.p50 > args.slow:
        # Eight requests of a page this slow take minutes and tell nothing new: at most
        # 2 workers' worth of them finish per p50.
        res.rss = server.workers_rss_mb()
        return

    done = [0] * len(clients)
    stop_at = time.monotonic() + args.seconds
    budget = args.requests * 4

    def loop(i: int) -> None:
        while time.monotonic() < stop_at and sum(done) < budget:
            r = clients[i].get(res.path)
            if r.status != 200:
                res.errors += 1
            done[i] += 1

    threads = [threading.Thread(target=loop, args=(i,)) for i in range(len(clients))]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    res.n8 = sum(done)
    res.rps8 = res.n8 / (time.perf_counter() - t0)
    res.rss = server.workers_rss_mb()


def submissions(server: Server, code: Path, url: str, facts: dict, factors: dict[str, Authenticator],
                args: argparse.Namespace) -> dict:
    work = probe(code, url, "round", str(args.submissions))
    items = list(work["items"])
    factor = factors.get(facts["reporter"])
    clients = [Client(server.port).login(facts["reporter"], args.password, factor) for _ in range(8)]
    lock = threading.Lock()
    posts: list[float] = []
    acknowledged: list[str] = []
    failed = [0]

    def loop(client: Client) -> None:
        while True:
            with lock:
                if not items:
                    return
                task = items.pop()
            path = f"/reporting/tasks/{task}/report/?round={work['round']}"
            page = client.get(path).body.decode()
            csrf = CSRF_INPUT.search(page)
            token_input = TOKEN_INPUT.search(page)
            if csrf is None or token_input is None:
                failed[0] += 1
                continue
            token = VALUE.search(token_input.group(0)).group(1)
            r = client.post(path, {"csrfmiddlewaretoken": csrf.group(1), "text": "本月按计划推进，已完成阶段节点。",
                                   "percent": "40", "stage": "实施", "risk_reason": "", "token": token,
                                   "action": "submit"}, multipart=True)
            with lock:
                posts.append(r.seconds)
                if r.status == 302 and "/reporting/reports/" in r.headers.get("location", ""):
                    acknowledged.append(token)
                else:
                    failed[0] += 1

    threads = [threading.Thread(target=loop, args=(c,)) for c in clients]
    cpu0 = server.cpu_seconds()
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    cpu = server.cpu_between(cpu0, server.cpu_seconds()) / max(1, len(acknowledged))
    stored = probe(code, url, "stored", stdin=json.dumps(acknowledged))
    return {"submitted": len(acknowledged), "per_second": len(acknowledged) / wall, "post_p50": pct(posts, 0.5),
            "post_p95": pct(posts, 0.95), "failed": failed[0], "lost": len(acknowledged) - stored, "cpu": cpu,
            "rss": server.workers_rss_mb()}


def tabs(client: Client, n: int = 8) -> list[Client]:
    """`n` connections of one signed-in browser: the client and n − 1 sharing its cookies."""
    return [client] + [client.sharing() for _ in range(n - 1)]


def _commit(code: Path) -> str:
    if (code / "COMMIT").exists():  # a snapshot (git archive) says which commit it is
        return (code / "COMMIT").read_text().strip()
    out = subprocess.run(["git", "-C", str(code), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    return out.stdout.strip() or code.name


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--tasks", type=int, default=10_000)
    p.add_argument("--reports", type=int, default=100_000)
    p.add_argument("--users", type=int, default=1_000)
    p.add_argument("--db", type=Path, help="SQLite file (default: var/bench/scale-TASKS.sqlite3)")
    p.add_argument("--database-url", help="postgresql://… (instead of SQLite)")
    p.add_argument("--code", type=Path, default=ROOT, help="the checkout to serve (default: this one)")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--requests", type=int, default=20, help="requests per page at concurrency 1 (at most)")
    p.add_argument("--seconds", type=float, default=20.0, help="time per page and phase (at most, roughly)")
    p.add_argument("--slow", type=float, default=5.0,
                   help="skip concurrency 8 for a page whose p50 is above this many seconds")
    p.add_argument("--submissions", type=int, default=160)
    p.add_argument("--password", default="Luoshi-scale-2026")
    p.add_argument("--json", type=Path, help="write the figures here too")
    p.add_argument("--without-statistics", action="store_true",
                   help="SQLite: drop the planner's statistics (sqlite_stat1) before serving, to measure what "
                        "they change (the next refresh_status analyzes again)")
    args = p.parse_args()
    # Stopped from outside: still stop gunicorn (the finally below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("bench: stopped"))
    code = args.code.resolve()
    if args.database_url:
        url, engine = args.database_url, "postgresql"
    else:
        db = (args.db or ROOT / "var" / "bench" / f"scale-{args.tasks}.sqlite3").resolve()
        db.parent.mkdir(parents=True, exist_ok=True)
        url, engine = f"sqlite:///{db}", "sqlite"
    prepare(code, url, args)
    if args.without_statistics and engine == "sqlite":
        with sqlite3.connect(db) as raw:
            raw.execute("DROP TABLE IF EXISTS sqlite_stat1")
        print("dropped the planner's statistics (sqlite_stat1)", flush=True)
    facts = probe(code, url, "facts")
    load_before = os.getloadavg()
    print(f"load average before: {' '.join(f'{x:.1f}' for x in load_before)} on {os.cpu_count()} cores",
          flush=True)
    print(f"{engine}: unit reporter {facts['reporter']} ({facts['unit']}, {facts['unit_tasks']:,} tasks), "
          f"office {facts['office']}, large plan of {facts['plan_tasks']:,} tasks", flush=True)
    log = ROOT / "var" / "bench" / f"gunicorn-{engine}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    server = Server(code, url, args.port, log)
    try:
        # The authenticators the accounts have in the database, as their owners' phones hold them.
        factors = {name: Authenticator.from_device(d) for name, d in facts["authenticators"].items() if d}
        office = tabs(Client(args.port).login(facts["office"], args.password, factors.get(facts["office"])))
        unit = tabs(Client(args.port).login(facts["reporter"], args.password, factors.get(facts["reporter"])))
        plan, task = facts["plan"], facts["task"]
        pages = [
            ("office home", "office", "/"), ("office review queue", "office", "/reporting/review/"),
            ("plan list /work/", "office", "/work/"), (f"plan page ({facts['plan_tasks']:,} tasks)", "office",
                                                        f"/work/plans/{plan}/"),
            ("supervision board", "office", f"/supervision/plans/{plan}/"),
            ("scorecard", "office", f"/supervision/plans/{plan}/scorecard/"),
            (f"unit home ({facts['unit_tasks']:,} tasks)", "unit", "/"),
            ("unit My work", "unit", "/reporting/my-work/"), ("task page", "unit", f"/work/tasks/{task}/"),
        ]
        results = []
        print(f"{'page':<30} {'role':<7} {'p50 ms':>9} {'p95 ms':>9} {'n':>4} {'CPU ms':>8} {'req/s@8':>8} "
              f"{'n':>4} {'KB':>8} {'err':>4}  worker RSS MB", flush=True)
        for name, role, path in pages:
            res = PageResult(name, role, path)
            measure_page(server, office if role == "office" else unit, res, args)
            results.append(res)
            print(f"{name:<30} {role:<7} {res.p50 * 1000:9.0f} {res.p95 * 1000:9.0f} {res.n1:4d} "
                  f"{res.cpu * 1000:8.0f} {res.rps8:8.1f} "
                  f"{res.n8:4d} {res.size / 1024:8.0f} {res.errors:4d}  "
                  + " / ".join(f"{mb:.0f}" for mb in res.rss), flush=True)
        sub = submissions(server, code, url, facts, factors, args)
        print(f"submissions at 8 clients: {sub['submitted']} in total, {sub['per_second']:.1f}/s, POST p50 "
              f"{sub['post_p50'] * 1000:.0f} ms p95 {sub['post_p95'] * 1000:.0f} ms, server CPU "
              f"{sub['cpu'] * 1000:.0f} ms per submission (form and post), failed {sub['failed']}, "
              f"lost {sub['lost']}; worker RSS " + " / ".join(f"{mb:.0f}" for mb in sub["rss"]) + " MB", flush=True)
    finally:
        server.stop()
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}", flush=True)
    if args.json:
        args.json.write_text(json.dumps({"engine": engine, "facts": facts, "pages": [r.__dict__ for r in results],
                                         "submissions": sub, "load": [load_before[0], os.getloadavg()[0]],
                                         "commit": _commit(code)},
                                        ensure_ascii=False, indent=1))


if __name__ == "__main__":
    sys.exit(main())
