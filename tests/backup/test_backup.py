"""The restore drill: back up, destroy, restore, and find every report, attachment and event."""

from __future__ import annotations

import datetime as dt
import shutil
import tarfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from luoshi.audit.events import record
from luoshi.audit.models import ChainHead, Event
from luoshi.backup import archive
from luoshi.reporting import services as reports
from luoshi.reporting.models import ProgressReport, ReportAttachment
from tests import factories as f

needs_pg_tools = pytest.mark.skipif(
    "connection.vendor == 'postgresql' and not (shutil.which('pg_dump') and shutil.which('pg_restore'))"
)


class Out:
    def __init__(self):
        self.text = ""

    def write(self, s):
        self.text += s

    def flush(self):
        pass


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def programme(world) -> dict:
    """Reports with attachments and events: what the drill must find again."""
    rnd = f.reporting_round(world.plan, "2026年11月", dt.date(2026, 11, 1), dt.date(2026, 12, 5))
    for task, user in ((world.task_a, "dept"), (world.task_b, "city")):
        reports.create_report(world.users[user], task, rnd, reports.Content(
            text=f.hostile("进展"), files=[SimpleUploadedFile(f"{user}-报告.pdf", f"%PDF-1.4 {user}\n".encode())]),
            submit=True)
    record(world.users["office"], "task.updated", world.task_a, {"title": ["旧", "新"]})
    return {
        "reports": sorted(ProgressReport.objects.values_list("code", flat=True)),
        "attachments": {a.file.name: a.file.read() for a in ReportAttachment.objects.all()},
        "events": list(Event.objects.order_by("seq").values_list("seq", "action", "hash")),
        "head": ChainHead.objects.values_list("seq", "hash").get(),
    }


def make_backup(tmp_path: Path) -> Path:
    out = Out()
    call_command("backup", output=str(tmp_path / "backups"), stdout=out)
    return Path(out.text.strip())


def destroy(media: Path) -> None:
    """Lose the data: drop the tables that hold it and delete the uploaded files."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA foreign_keys = OFF")  # other tables point at these; the restore brings both back
        for table in ["reporting_reportattachment", "reporting_progressreport", "audit_event", "audit_chainhead"]:
            cursor.execute(f"DROP TABLE {table}" + (" CASCADE" if connection.vendor == "postgresql" else ""))
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA foreign_keys = ON")
    shutil.rmtree(media)


@needs_pg_tools
@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_after_the_data_is_lost_gives_back_every_report_attachment_and_event(world, media, tmp_path):
    before = programme(world)
    path = make_backup(tmp_path)
    assert path.stat().st_mode & 0o777 == 0o600
    manifest = archive.read_manifest(path)
    assert manifest.audit_head["seq"] == before["head"][0]
    assert ["audit", "0005_seal_events_and_refuse_changes"] in manifest.migrations
    assert len([n for n in manifest.files if n.startswith("media/")]) == 2

    destroy(media)
    out = Out()
    call_command("restore", str(path), force=True, stdout=out)

    assert sorted(ProgressReport.objects.values_list("code", flat=True)) == before["reports"]
    assert {a.file.name: a.file.read() for a in ReportAttachment.objects.all()} == before["attachments"]
    assert list(Event.objects.order_by("seq").values_list("seq", "action", "hash")) == before["events"]
    assert "chain intact" in out.text
    call_command("verify_audit", stdout=Out())
    # The chain goes on from where it was.
    assert record(world.users["office"], "task.updated", world.task_b).seq == before["head"][0] + 1


@needs_pg_tools
@pytest.mark.django_db(transaction=True)
def test_a_restore_over_a_database_that_holds_data_needs_force(world, media, tmp_path):
    path = make_backup(tmp_path)
    with pytest.raises(CommandError, match="--force"):
        call_command("restore", str(path), stdout=Out())


@pytest.mark.django_db(transaction=True)
def test_a_damaged_archive_is_refused_before_anything_is_touched(world, media, tmp_path):
    programme(world)
    path = make_backup(tmp_path)
    damaged = tmp_path / "damaged.tar"
    with tarfile.open(path) as source, tarfile.open(damaged, "w") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name.startswith("media/"):
                data = data.replace(b"PDF", b"PDG")
            target.addfile(member, __import__("io").BytesIO(data))
    events = Event.objects.count()
    with pytest.raises(CommandError, match="does not match its checksum"):
        call_command("restore", str(damaged), force=True, stdout=Out())
    assert Event.objects.count() == events


@pytest.mark.django_db(transaction=True)
def test_a_truncated_archive_is_refused(world, media, tmp_path):
    path = make_backup(tmp_path)
    cut = tmp_path / "cut.tar"
    cut.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(CommandError, match="damaged|not a readable|no manifest|lacks"):
        call_command("restore", str(cut), force=True, stdout=Out())
