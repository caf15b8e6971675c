"""Putting an archive back: checksums first, then the database, then the files, then the audit chain."""

from __future__ import annotations

import os
import shutil
import sqlite3
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection

from luoshi.audit import tasks as audit
from luoshi.audit.models import ChainCheck

from .archive import (
    DATABASE,
    MANIFEST,
    BackupError,
    Manifest,
    connection_for_copy,
    read_manifest,
    run_pg,
    sqlite_copy,
)

# A database "holds data" when any of these has a row; a fresh `migrate` fills
# only reference tables (work areas, content types), which a restore may replace.
DATA_TABLES = ["accounts_user", "audit_event", "work_task", "reporting_progressreport"]


@dataclass
class Restored:
    manifest: Manifest
    files: int
    check: ChainCheck


def holds_data() -> bool:
    tables = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table in DATA_TABLES:
            if table in tables:
                cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")
                if cursor.fetchone():
                    return True
    return False


def restore(archive: Path, force: bool = False) -> Restored:
    manifest = read_manifest(archive)  # refuses a damaged archive before anything is touched
    if manifest.vendor != connection.vendor:
        raise BackupError(f"the archive holds a {manifest.vendor} database; this server uses {connection.vendor}")
    if holds_data() and not force:
        raise BackupError("the database already holds users, events, tasks or reports; "
                          "restore with --force to replace them")
    with tempfile.TemporaryDirectory(prefix="luoshi-restore-") as scratch:
        os.chmod(scratch, 0o700)
        with tarfile.open(archive, mode="r:") as tar:
            dump = Path(scratch) / DATABASE[manifest.vendor]
            _extract(tar, DATABASE[manifest.vendor], dump)
            _load_database(dump)
            files = 0
            media = Path(settings.MEDIA_ROOT)
            for name in manifest.files:
                if name.startswith("media/"):
                    _extract(tar, name, media / name.removeprefix("media/"))
                    files += 1
    check = audit.check()
    if check.ok and check.length < manifest.audit_head.get("seq", 0):
        raise BackupError(f"the restored audit chain has {check.length} events; the archive's manifest "
                          f"promised at least {manifest.audit_head['seq']}")
    return Restored(manifest, files, check)


def _extract(tar: tarfile.TarFile, name: str, target: Path) -> None:
    # read_manifest() has checked the name is a plain file inside the archive.
    if name == MANIFEST:
        return
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    source = tar.extractfile(name)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        shutil.copyfileobj(source, out)
    os.chmod(target, 0o600)


def _load_database(dump: Path) -> None:
    if connection.vendor == "sqlite":
        # The backup API writes the copy into the live database page by page,
        # WAL and all, instead of swapping a file under an open connection.
        source = sqlite3.connect(dump)
        try:
            sqlite_copy(source, connection_for_copy())
        finally:
            source.close()
        name = connection.settings_dict["NAME"]
        if Path(str(name)).is_file():
            os.chmod(name, 0o600)
        return
    connection.close()  # pg_restore drops and recreates the tables: hold no locks on them
    run_pg("pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
            "--dbname", connection.settings_dict["NAME"], str(dump))
