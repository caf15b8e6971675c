"""Files Luoshi creates are readable by its own account only (issue 10 item 7, 等保 访问控制):
the SQLite database with its -wal/-shm, the generated secret key and uploaded media are 0600,
their directories 0700 — whatever umask the service manager started the process with."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

ROOT = Path(__file__).resolve().parents[2]

# A fresh process as manage.py starts one: settings first, then a write that creates the database
# (in WAL mode, so -wal and -shm appear) while the connection stays open to list them: SQLite
# removes them when the last connection closes.
SCRIPT = """
import os, django
os.environ["DJANGO_SETTINGS_MODULE"] = "luoshi.settings"
django.setup()
from django.db import connection
with connection.cursor() as c:
    c.execute("CREATE TABLE t (x integer)")
    c.execute("INSERT INTO t VALUES (1)")
    var = os.environ["LUOSHI_VAR_DIR"]
    for name in sorted(os.listdir(var)) + ["."]:
        print(name, oct(os.stat(os.path.join(var, name)).st_mode & 0o777))
"""


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_fresh_install_creates_its_database_key_and_folder_for_its_own_account_only(tmp_path):
    var = tmp_path / "var"
    env = {k: v for k, v in os.environ.items() if not k.startswith("LUOSHI_")}
    env |= {"LUOSHI_VAR_DIR": str(var), "PYTHONPATH": str(ROOT)}
    # A permissive umask, as a careless unit file might leave it.
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, cwd=ROOT, capture_output=True, text=True, check=True,
        preexec_fn=lambda: os.umask(0o022),
    ).stdout
    modes = dict(line.split() for line in out.splitlines())
    assert modes["."] == "0o700"
    for name in ("luoshi.sqlite3", "luoshi.sqlite3-wal", "luoshi.sqlite3-shm", "secret_key"):
        assert modes.pop(name) == "0o600", name
    # …and whatever else the start created (static/) is closed too.
    assert all(m in ("0o600", "0o700") for m in modes.values()), modes


def test_an_uploaded_file_and_its_folders_are_the_services_alone(tmp_path, settings):
    storage = FileSystemStorage(location=tmp_path / "media")
    name = storage.save("attachments/2026/03/report.pdf", ContentFile(b"%PDF-1.7"))
    assert mode(Path(storage.path(name))) == 0o600
    for folder in ("attachments", "attachments/2026", "attachments/2026/03"):
        assert mode(tmp_path / "media" / folder) == 0o700, folder
