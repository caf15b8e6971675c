"""Screenshot of the office home page for the README (docs/screenshot-office-home.png).

Builds a throwaway demo database, serves it on a free local port and signs in
as the demo office persona in headless Chromium (Debian's /usr/bin/chromium;
`apt-get install -y chromium fonts-noto-cjk`). Nothing leaves the machine.

    .venv/bin/python scripts/screenshot.py [--out docs/screenshot-office-home.png] [--width 1360]
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Luoshi-demo-2026"
CHROMIUM = os.environ.get("LUOSHI_CHROMIUM", "/usr/bin/chromium")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server did not answer at {url}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshot-office-home.png"))
    parser.add_argument("--width", type=int, default=1360)
    parser.add_argument("--user", default="office")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="luoshi-shot-"))
    env = {
        **os.environ,
        "LUOSHI_DATABASE_URL": f"sqlite:///{workdir / 'shot.sqlite3'}",
        "LUOSHI_VAR_DIR": str(workdir),
        "LUOSHI_DEMO": "true",
        "LUOSHI_DEBUG": "false",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["migrate", "--noinput", "-v", "0"], ["load_demo", "-v", "0"]):
        subprocess.run(manage + command, env=env, cwd=ROOT, check=True)
    port = free_port()
    server = subprocess.Popen(manage + ["runserver", "--noreload", "--insecure", f"127.0.0.1:{port}"],
                              env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/accounts/login/")
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            page = browser.new_page(viewport={"width": args.width, "height": 900}, locale="zh-CN")
            page.goto(base + "/accounts/login/")
            page.fill("input[name=username]", args.user)
            page.fill("input[name=password]", PASSWORD)
            page.click("form.login-form button[type=submit]")
            page.wait_for_url(base + "/")
            page.screenshot(path=args.out, full_page=True)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(args.out)


if __name__ == "__main__":
    main()
