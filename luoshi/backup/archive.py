"""One backup archive: the database, the uploaded files, and a manifest that vouches for both.

The archive is a plain tar (mode 0600) holding

    manifest.json          format, time, app version, database vendor, applied migrations,
                           the audit chain's head, and the SHA-256 and size of every other member
    database.sqlite3       SQLite: a consistent copy made with SQLite's online backup API
    database.pgdump        PostgreSQL: pg_dump's custom format
    media/…                every file under MEDIA_ROOT

It does not hold the audit MAC key (luoshi.audit.keys) nor the secret key:
those are backed up apart (docs/backup.md). A restore checks every checksum
before it touches anything.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from luoshi.audit.models import ChainHead

FORMAT = "luoshi.backup/1"
MANIFEST = "manifest.json"
DATABASE = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
CHUNK = 1 << 20


class BackupError(Exception):
    """The backup or the restore cannot go on; the message says why, for the operator."""


@dataclass
class Manifest:
    created: str
    version: str
    vendor: str
    migrations: list[list[str]]
    audit_head: dict
    files: dict[str, dict] = field(default_factory=dict)
    format: str = FORMAT

    def to_json(self) -> bytes:
        return json.dumps(self.__dict__, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


# --- backing up -------------------------------------------------------------


def backup(output: Path) -> Path:
    """Write a new archive into the folder `output`; its path."""
    vendor = connection.vendor
    if vendor not in DATABASE:
        raise BackupError(f"cannot back up a {vendor} database")
    output.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    target = output / f"luoshi-backup-{stamp}.tar"
    with tempfile.TemporaryDirectory(prefix="luoshi-backup-") as scratch:
        os.chmod(scratch, 0o700)
        dump = Path(scratch) / DATABASE[vendor]
        # The head read before the dump: the dump holds at least this much of the chain.
        head = ChainHead.objects.values("seq", "hash").first() or {"seq": 0, "hash": ""}
        _dump_database(dump)
        manifest = Manifest(
            created=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            version=_version(),
            vendor=vendor,
            migrations=[list(m) for m in MigrationRecorder.Migration.objects.order_by("id").values_list("app", "name")],
            audit_head=head,
        )
        members = [(DATABASE[vendor], dump), *_media_files()]
        partial = target.with_name(target.name + ".partial")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
                for name, path in members:
                    manifest.files[name] = {"sha256": _sha256(path), "size": path.stat().st_size}
                    tar.add(path, arcname=name, recursive=False, filter=_private)
                body = manifest.to_json()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mode, info.mtime = len(body), 0o600, int(dt.datetime.now().timestamp())
                tar.addfile(info, io.BytesIO(body))
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
    return target


def _dump_database(path: Path) -> None:
    if connection.vendor == "sqlite":
        # The online backup API copies a consistent snapshot while the server keeps writing.
        copy = sqlite3.connect(path)
        try:
            sqlite_copy(connection_for_copy(), copy)
        finally:
            copy.close()
        path.chmod(0o600)
        return
    run_pg("pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(path))


def connection_for_copy() -> sqlite3.Connection:
    """Django's own SQLite connection, outside any transaction (one open on it would block the copy)."""
    if connection.in_atomic_block:
        raise BackupError("cannot back up or restore SQLite inside a transaction")
    connection.ensure_connection()
    return connection.connection


def sqlite_copy(source: sqlite3.Connection, target: sqlite3.Connection, patience: float = 60.0) -> None:
    """source.backup(target), giving up after `patience` seconds of a locked database.

    Python's backup() waits for a lock without end; a writer that holds one
    for a minute is a fault worth reporting, not waiting out.
    """
    waits = 0
    step = 0.25

    def progress(status: int, remaining: int, total: int) -> None:
        nonlocal waits
        if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            waits += 1
            if waits * step > patience:
                raise BackupError(f"the SQLite database stayed locked for {patience:.0f} s; try again")

    source.backup(target, progress=progress, sleep=step)


def _media_files() -> list[tuple[str, Path]]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    found = []
    for folder, _dirs, files in os.walk(root):
        for name in sorted(files):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                found.append((f"media/{path.relative_to(root).as_posix()}", path))
    return sorted(found)


def _private(info: tarfile.TarInfo) -> tarfile.TarInfo:
    info.mode, info.uid, info.gid, info.uname, info.gname = 0o600, 0, 0, "", ""
    return info


# --- reading an archive back --------------------------------------------------


def read_manifest(archive: Path) -> Manifest:
    """The archive's manifest, after checking every member against it; BackupError names what is wrong."""
    try:
        tar = tarfile.open(archive, mode="r:")
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"{archive} is not a readable backup archive: {exc}") from None
    with tar:
        try:
            members = {m.name: m for m in tar.getmembers()}
        except (tarfile.TarError, EOFError, OSError) as exc:
            raise BackupError(f"{archive} is damaged: {exc}") from None
        if MANIFEST not in members:
            raise BackupError(f"{archive} has no {MANIFEST}: not a Luoshi backup")
        try:
            manifest = Manifest(**json.loads(tar.extractfile(members[MANIFEST]).read()))
        except (ValueError, TypeError) as exc:
            raise BackupError(f"{archive}: the manifest cannot be read ({exc})") from None
        if manifest.format != FORMAT:
            raise BackupError(f"{archive} is a {manifest.format!r} archive; this version reads {FORMAT!r}")
        unlisted = set(members) - set(manifest.files) - {MANIFEST}
        if unlisted:
            raise BackupError(f"{archive} holds files its manifest does not list: {sorted(unlisted)[:5]}")
        for name, expected in manifest.files.items():
            member = members.get(name)
            if member is None:
                raise BackupError(f"{archive} lacks {name}, which its manifest lists")
            if not member.isfile() or not _safe(name):
                raise BackupError(f"{archive}: refusing {name!r} (not a plain file inside the archive)")
            digest = hashlib.sha256()
            stream = tar.extractfile(member)
            try:
                while chunk := stream.read(CHUNK):
                    digest.update(chunk)
            except (tarfile.TarError, OSError, EOFError) as exc:
                raise BackupError(f"{archive} is damaged at {name}: {exc}") from None
            if digest.hexdigest() != expected["sha256"] or member.size != expected["size"]:
                raise BackupError(f"{archive} is damaged: {name} does not match its checksum")
        if DATABASE.get(manifest.vendor) not in manifest.files:
            raise BackupError(f"{archive} holds no database")
    return manifest


def _safe(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and (name in DATABASE.values() or path.parts[0] == "media")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _version() -> str:
    try:
        return metadata.version("luoshi")
    except metadata.PackageNotFoundError:
        return "unknown"


def run_pg(program: str, *args: str) -> None:
    """Run pg_dump or pg_restore against the configured database; BackupError with its message on failure."""
    exe = shutil.which(program)
    if exe is None:
        raise BackupError(f"{program} is not on PATH: install the PostgreSQL client (Debian: postgresql-client) "
                          "of the server's major version or newer")
    db = connection.settings_dict
    env = {**os.environ, "PGDATABASE": db["NAME"]}
    for key, var in (("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD"), ("HOST", "PGHOST"), ("PORT", "PGPORT")):
        if db.get(key):
            env[var] = str(db[key])
    if db.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = db["OPTIONS"]["sslmode"]
    done = subprocess.run([exe, *args], env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{program} failed: {done.stderr.strip()[:2000]}")
