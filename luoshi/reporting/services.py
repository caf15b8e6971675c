"""Writes to reporting rounds and progress reports, each in one transaction with its event.

A report's life: draft → submitted (by a reporter of the unit) → approved (by
the unit's leader, or returned by them to the reporter with a comment) →
accepted or returned (by the office, with a comment). A
report that has left draft is never edited in place: `new_version` writes a
new row (version + 1, `supersedes` the old one), so the history keeps every
text a unit ever submitted.

Races are settled in the database, not in Python: every state change is a
conditional UPDATE on the state (and, for the draft form, on `revision`), so
of two people acting on the same report one wins and the other gets a
Conflict; a form posted twice is recognised by its hidden `form_token`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import os
import uuid
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi import access
from luoshi.audit.events import diff, record
from luoshi.intake.bounded import check_zip_members
from luoshi.intake.errors import DEFAULT_LIMITS, IntakeError
from luoshi.reporting.models import ProgressReport, ReportAttachment, ReportingRound
from luoshi.status.maintain import touch
from luoshi.work.models import Assignment, Indicator, Observation, Plan, Task
from luoshi.work.services import Conflict, close_task

State = ProgressReport.State

__all__ = ["Conflict", "StaleReport"]


class StaleReport(Conflict):
    """The draft changed since the form was drawn; nothing was written."""

    def __init__(self, current: ProgressReport, expected: int):
        super().__init__(_("Someone else saved this report while you were editing it."))
        self.current = current
        self.expected = expected


# --- rounds ------------------------------------------------------------------


def default_round(today: dt.date) -> tuple[str, dt.date, dt.date]:
    """The round an office usually opens today: this month, due the 5th of the next month."""
    label = f"{today.year}年{today.month}月"
    first_next = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return label, today, first_next.replace(day=5)


def open_round(actor, plan: Plan, period_label: str, opens: dt.date, deadline: dt.date) -> ReportingRound:
    """Open a reporting round: every unit assigned to a task of the plan now has a report to file."""
    access.require(actor, "round.open", plan)
    period_label = (period_label or "").strip()
    if not period_label:
        raise ValidationError(_("Name the period of the round."))
    if deadline < opens:
        raise ValidationError(_("The deadline cannot be before the round opens."))
    with transaction.atomic():
        if ReportingRound.objects.filter(plan=plan, period_label=period_label).exists():
            raise ValidationError(_("This plan already has a round for %(period)s.") % {"period": period_label})
        rnd = ReportingRound.objects.create(plan=plan, period_label=period_label, opens=opens, deadline=deadline)
        record(actor, "round.opened", rnd, {"period": [None, period_label], "opens": [None, opens],
                                            "deadline": [None, deadline]})
    return rnd


# --- content and attachments -------------------------------------------------

# Extension → (content type sent back on download, leading bytes the file must start with).
ALLOWED_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".txt": ("text/plain", ()),
}


def max_attachment_bytes() -> int:
    return int(getattr(settings, "LUOSHI_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024))


# Word and Excel files are zip archives. Inflated, a real one grows about tenfold (a 20 MB
# spreadsheet of XML to ~200 MB); a zip bomb grows a thousandfold. Every member is inflated
# and counted (not its declared size, which a bomb fakes) by the intake's own check.
ZIP_TYPES = (".docx", ".xlsx")
ZIP_LIMITS = dataclasses.replace(DEFAULT_LIMITS, max_unzipped_bytes=256 * 1024 * 1024)


def _check_archive(upload, name: str) -> None:
    """A .docx/.xlsx that is a zip bomb, has too many members, or is encrypted or damaged → ValidationError."""
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if len(archive.infolist()) > ZIP_LIMITS.max_zip_entries:
                raise IntakeError("too many entries")
            check_zip_members(data, archive, ZIP_LIMITS)
    except (IntakeError, zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise ValidationError(
            _("%(name)s cannot be attached: it is damaged or encrypted, or unpacks to more than %(mb)s MB.")
            % {"name": name, "mb": ZIP_LIMITS.max_unzipped_bytes // 1048576}
        ) from None


def check_upload(upload) -> str:
    """The content type to store for an upload, or ValidationError.

    The type comes from our whitelist, never from the browser, and the first
    bytes must match it: a renamed executable is not a PDF.
    """
    name = os.path.basename(upload.name or "")
    ext = os.path.splitext(name)[1].lower()
    if ext not in ALLOWED_TYPES:
        raise ValidationError(
            _("%(name)s: only PDF, Word (.docx), Excel (.xlsx), JPEG, PNG and text files can be attached.")
            % {"name": name}
        )
    limit = max_attachment_bytes()
    if upload.size > limit:
        raise ValidationError(
            _("%(name)s is larger than the limit of %(mb)s MB.") % {"name": name, "mb": round(limit / 1048576, 1)}
        )
    content_type, magics = ALLOWED_TYPES[ext]
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if magics and not any(head.startswith(m) for m in magics):
        raise ValidationError(_("%(name)s is not the kind of file its name says.") % {"name": name})
    if ext == ".txt" and b"\x00" in head:
        raise ValidationError(_("%(name)s is not a text file.") % {"name": name})
    if ext in ZIP_TYPES:
        _check_archive(upload, name)
    return content_type


@dataclass
class Content:
    """What a unit writes in a report."""

    text: str
    percent: int = 0
    stage: str = ""
    risk_flag: bool = False
    risk_reason: str = ""
    is_completion: bool = False
    values: dict[int, Decimal] = field(default_factory=dict)  # indicator pk → value
    files: list = field(default_factory=list)  # uploaded files to attach
    remove: list[int] = field(default_factory=list)  # attachment pks to drop from a draft

    def columns(self) -> dict[str, Any]:
        return {
            "text": self.text.strip(), "percent": self.percent, "stage": self.stage.strip(),
            "risk_flag": self.risk_flag, "risk_reason": self.risk_reason.strip() if self.risk_flag else "",
            "is_completion": self.is_completion,
        }


def _validate(content: Content, assignment: Assignment) -> None:
    errors = []
    if not content.text.strip():
        errors.append(_("Write what has been done."))
    if not 0 <= content.percent <= 100:
        errors.append(_("The percent complete is between 0 and 100."))
    if content.risk_flag and not content.risk_reason.strip():
        errors.append(_("Say what the risk is."))
    if content.is_completion:
        if assignment.role != Assignment.Role.LEAD:
            errors.append(_("Only the lead unit reports a task complete."))
        if content.percent != 100:
            errors.append(_("A completion report says 100%."))
    for upload in content.files:
        try:
            check_upload(upload)
        except ValidationError as e:
            errors.extend(e.messages)
    if errors:
        raise ValidationError(errors)


def _write_values(report: ProgressReport, values: dict[int, Decimal]) -> None:
    """The report's indicator values as Observations linked to it (replacing a draft's)."""
    period = report.round.period_label if report.round_id else timezone.localdate().isoformat()
    indicators = set(Indicator.objects.filter(task_id=report.task_id, pk__in=values).values_list("pk", flat=True))
    Observation.objects.filter(report=report).delete()
    Observation.objects.bulk_create(
        Observation(indicator_id=pk, period=period[:32], value=value, report=report)
        for pk, value in values.items() if pk in indicators and value is not None
    )


def attach_file(actor, report: ProgressReport, uploads) -> list[ReportAttachment]:
    """Store each upload (type and size checked by check_upload, hashed) as an attachment of `report`.

    Records no event: the caller's event for the report covers it. Call it
    inside the caller's transaction.
    """
    # The bytes are written before the transaction commits; if it rolls back
    # they stay as an unreferenced file, never as a row without its file.
    rows = []
    for upload in uploads:
        content_type = check_upload(upload)
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        row = ReportAttachment(
            report=report, original_name=os.path.basename(upload.name)[:255], content_type=content_type,
            size=upload.size, sha256=digest.hexdigest(), uploaded_by=actor,
        )
        row.file.save("upload", upload, save=False)
        row.save()
        rows.append(row)
    return rows


def _carry_attachments(old: ProgressReport, new: ProgressReport, remove: list[int]) -> None:
    ReportAttachment.objects.bulk_create(
        ReportAttachment(
            report=new, file=a.file.name, original_name=a.original_name, content_type=a.content_type, size=a.size,
            sha256=a.sha256, uploaded_by=a.uploaded_by,
        )
        for a in old.attachments.exclude(pk__in=remove)
    )
    # A new version carries the old one's values forward unless it says otherwise.
    Observation.objects.bulk_create(
        Observation(indicator_id=o.indicator_id, period=o.period, value=o.value, report=new)
        for o in Observation.objects.filter(report=old)
    )


def unit_assignment(user, task: Task) -> Assignment | None:
    """The assignment through which `user` reports on `task` (their own unit first, the lead role first)."""
    units = access.unit_ids(user)
    rows = [
        a for a in task.assignments.exclude(state=Assignment.State.RETURNED)
        if a.organization_id in units
    ]
    rows.sort(key=lambda a: (a.organization_id != user.organization_id, a.role != Assignment.Role.LEAD, a.pk))
    return rows[0] if rows else None


def latest_version(task: Task, organization_id: int, rnd: ReportingRound | None) -> ProgressReport | None:
    return (
        ProgressReport.objects.filter(task=task, organization_id=organization_id, round=rnd)
        .order_by("-version").first()
    )


def previous_report(task: Task, organization_id: int) -> ProgressReport | None:
    """What the unit last sent on the task, in any round: its newest submitted, approved or accepted version."""
    return (
        ProgressReport.objects.filter(
            task=task, organization_id=organization_id, state__in=(State.SUBMITTED, State.APPROVED, State.ACCEPTED),
        ).select_related("round").order_by("-submitted_at", "-pk").first()
    )


def prefill(task: Task, organization_id: int, rnd: ReportingRound | None) -> str:
    """The lead unit's new report starts from what its supporting units submitted in the round.

    Each contribution (the newest submitted version of each supporting unit)
    is quoted under its unit's name, so the lead unit edits one text instead
    of asking every supporting unit again.
    """
    if not task.assignments.filter(organization_id=organization_id, role=Assignment.Role.LEAD).exists():
        return ""
    supports = task.assignments.filter(role=Assignment.Role.SUPPORT).exclude(state=Assignment.State.RETURNED)
    newest: dict[int, ProgressReport] = {}
    for r in (
        ProgressReport.objects.filter(
            task=task, round=rnd, organization_id__in=supports.values("organization_id"),
            state__in=(State.SUBMITTED, State.APPROVED, State.ACCEPTED),
        ).select_related("organization").order_by("organization_id", "version")
    ):
        newest[r.organization_id] = r
    parts = [f"【{r.organization}】\n{r.text.strip()}" for r in sorted(newest.values(), key=lambda r: str(r.organization))]
    return "\n\n".join(parts)


# --- the report lifecycle ----------------------------------------------------


def _by_token(token: uuid.UUID | None) -> ProgressReport | None:
    return ProgressReport.objects.filter(form_token=token).first() if token else None


def _insert(**fields: Any) -> ProgressReport:
    """Insert one report row; a duplicate form token or version is a Conflict, not a 500."""
    try:
        with transaction.atomic():
            return ProgressReport.objects.create(**fields)
    except IntegrityError:
        raise Conflict(_("This report was just written by someone else; open it to see their version.")) from None


def create_report(
    actor, task: Task, rnd: ReportingRound | None, content: Content, token: uuid.UUID | None = None,
    submit: bool = False,
) -> ProgressReport:
    """A unit's first report on a task in a round (a draft, or submitted at once)."""
    access.require(actor, "report.write", task)
    assignment = unit_assignment(actor, task)
    if assignment is None:
        raise PermissionDenied("report.write")
    if rnd is not None and rnd.plan_id != task.plan_id:
        raise ValidationError(_("This round belongs to another plan."))
    if task.completed_at is not None:
        raise ValidationError(_("This task is closed; the office reopens it if more is to be reported."))
    _validate(content, assignment)
    with transaction.atomic():
        found = _by_token(token)
        if found is not None:
            return found
        if latest_version(task, assignment.organization_id, rnd) is not None:
            raise Conflict(_("Your unit already has a report on this task for this round; open it instead."))
        report = _insert(task=task, organization_id=assignment.organization_id, round=rnd, version=1,
                         created_by=actor, form_token=token, **content.columns())
        _write_values(report, content.values)
        attach_file(actor, report, content.files)
        record(actor, "report.created", report, {"percent": [None, report.percent], "version": [None, 1]})
        if submit:
            _submit(actor, report)
    return report


def update_draft(actor, report: ProgressReport, expected_revision: int, content: Content,
                 submit: bool = False) -> ProgressReport:
    """Save a draft again if nobody saved it since `expected_revision`."""
    access.require(actor, "report.edit", report)
    assignment = unit_assignment(actor, report.task) or Assignment(role=Assignment.Role.SUPPORT)
    _validate(content, assignment)
    with transaction.atomic():
        current = ProgressReport.objects.select_for_update().get(pk=report.pk)
        if current.state != State.DRAFT:
            raise Conflict(_("This report has been submitted in the meantime; a change now makes a new version."))
        if current.revision != expected_revision:
            raise StaleReport(current, expected_revision)
        before = {name: getattr(current, name) for name in ProgressReport.CONTENT_FIELDS}
        columns = content.columns()
        if not ProgressReport.objects.filter(pk=current.pk, revision=expected_revision, state=State.DRAFT).update(
            **columns, revision=F("revision") + 1
        ):
            raise StaleReport(ProgressReport.objects.get(pk=current.pk), expected_revision)
        current.refresh_from_db()
        _write_values(current, content.values)
        current.attachments.filter(pk__in=content.remove).delete()
        attach_file(actor, current, content.files)
        record(actor, "report.updated", current, diff(before, columns))
        if submit:
            _submit(actor, current)
    report.refresh_from_db()
    return report


def new_version(
    actor, report: ProgressReport, expected_revision: int, content: Content, token: uuid.UUID | None = None,
    submit: bool = False,
) -> ProgressReport:
    """A changed report after submission: a new row, version + 1, superseding `report`.

    Allowed while the report waits for the unit's leader (submitted) and after
    the office returned it; an approved report is with the office, and an
    accepted one is final.
    """
    access.require(actor, "report.edit", report)
    assignment = unit_assignment(actor, report.task) or Assignment(role=Assignment.Role.SUPPORT)
    _validate(content, assignment)
    with transaction.atomic():
        found = _by_token(token)
        if found is not None:
            return found
        current = ProgressReport.objects.select_for_update().get(pk=report.pk)
        if ProgressReport.objects.filter(supersedes=current).exists():
            raise Conflict(_("A newer version of this report already exists; open it instead."))
        if current.state not in (State.SUBMITTED, State.RETURNED):
            raise Conflict(_("This report can no longer be changed: it is %(state)s.")
                           % {"state": current.get_state_display()})
        if current.revision != expected_revision:
            raise StaleReport(current, expected_revision)
        new = _insert(task_id=current.task_id, organization_id=current.organization_id, round_id=current.round_id,
                      version=current.version + 1, supersedes=current, created_by=actor, form_token=token,
                      **content.columns())
        _carry_attachments(current, new, content.remove)
        if content.values:
            _write_values(new, content.values)
        attach_file(actor, new, content.files)
        record(actor, "report.revised", new, {"version": [current.version, new.version],
                                              "percent": [current.percent, new.percent]})
        if submit:
            _submit(actor, new)
    return new


def _submit(actor, report: ProgressReport, expected_revision: int | None = None) -> ProgressReport:
    rows = ProgressReport.objects.filter(pk=report.pk, state=State.DRAFT, superseded_by__isnull=True)
    if expected_revision is not None:
        rows = rows.filter(revision=expected_revision)
    now = timezone.now()
    if not rows.update(state=State.SUBMITTED, submitted_by=actor, submitted_at=now, revision=F("revision") + 1):
        current = ProgressReport.objects.get(pk=report.pk)
        if current.state == State.SUBMITTED and current.submitted_by_id == actor.pk:
            return current  # the same person clicked twice: already done
        if current.state == State.DRAFT:
            raise StaleReport(current, expected_revision or current.revision)
        raise Conflict(_("This report has already been submitted."))
    report.refresh_from_db()
    touch(report.task_id)
    record(actor, "report.submitted", report, {"state": [State.DRAFT, State.SUBMITTED]})
    return report


def submit_report(actor, report: ProgressReport, expected_revision: int | None = None) -> ProgressReport:
    """Send a draft to the unit's leader. Submitting twice is harmless; a draft changed meanwhile is a conflict."""
    access.require(actor, "report.edit", report)
    with transaction.atomic():
        ProgressReport.objects.select_for_update().get(pk=report.pk)
        return _submit(actor, report, expected_revision)


def approve_report(actor, report: ProgressReport) -> ProgressReport:
    """The unit's leader approves a submitted report; it goes to the office."""
    access.require(actor, "report.approve", report)
    with transaction.atomic():
        if not ProgressReport.objects.filter(pk=report.pk, state=State.SUBMITTED, superseded_by__isnull=True).update(
            state=State.APPROVED, approved_by=actor, approved_at=timezone.now(), revision=F("revision") + 1
        ):
            raise Conflict(_("This report is no longer waiting for approval."))
        report.refresh_from_db()
        record(actor, "report.approved", report, {"state": [State.SUBMITTED, State.APPROVED]})
    return report


def return_report(actor, report: ProgressReport, comment: str) -> ProgressReport:
    """The unit's leader returns a submitted report to its reporter (退回), saying what to change.

    The report keeps its text (it is never edited in place); the reporter
    writes a new version of it. A submitted report counts for the task's
    light, a returned one no longer does: the status moves in the same
    transaction, as when the office returns a report.
    """
    access.require(actor, "report.return", report)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(_("Say what the reporter should change."))
    with transaction.atomic():
        if not ProgressReport.objects.filter(pk=report.pk, state=State.SUBMITTED, superseded_by__isnull=True).update(
            state=State.RETURNED, reviewed_by=actor, reviewed_at=timezone.now(), review_comment=comment,
            revision=F("revision") + 1,
        ):
            raise Conflict(_("This report is no longer waiting for approval."))
        report.refresh_from_db()
        touch(report.task_id)
        record(actor, "report.returned", report,
               {"state": [State.SUBMITTED, State.RETURNED], "comment": [None, comment]})
    return report


def review_report(actor, report: ProgressReport, accept: bool, comment: str = "") -> ProgressReport:
    """The office accepts a report or returns it with a comment.

    Accepting a completion report closes the task (办结销号) in the same
    transaction: the light turns done exactly when the office says so.
    """
    access.require(actor, "report.review", report)
    comment = (comment or "").strip()
    if not accept and not comment:
        raise ValidationError(_("Say what the unit should change."))
    state = State.ACCEPTED if accept else State.RETURNED
    with transaction.atomic():
        if not ProgressReport.objects.filter(pk=report.pk, state=State.APPROVED, superseded_by__isnull=True).update(
            state=state, reviewed_by=actor, reviewed_at=timezone.now(), review_comment=comment,
            revision=F("revision") + 1,
        ):
            raise Conflict(_("This report has already been reviewed."))
        report.refresh_from_db()
        if not accept:  # a returned report no longer counts; accepting keeps it counted (as approving does)
            touch(report.task_id)
        record(actor, f"report.{state}", report,
               {"state": [State.APPROVED, state], "comment": [None, comment or None]})
        if accept and report.is_completion:
            task = Task.objects.get(pk=report.task_id)
            if task.completed_at is None:
                close_task(actor, task, comment=comment, report=report)
    return report
