"""The plan's reporting: rounds, progress reports through their steps, extensions, completion.

Reports go through the steps of luoshi.reporting (written, submitted,
approved by the unit's leader, accepted or returned by the office); a
returned report is superseded by a second version. A unit asks for more
time and the office decides (luoshi.work's extension requests); accepting a
completion report closes its task (办结销号). Each step is written with its
time in the story and recorded as the service would record it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F

from luoshi.demo import clock
from luoshi.demo import content as c
from luoshi.demo.clock import Story
from luoshi.reporting.models import ProgressReport, ReportAttachment, ReportingRound
from luoshi.reporting.services import attach_file
from luoshi.status.maintain import touch
from luoshi.work.models import Assignment, ExtensionRequest, Observation, Task


class Reports(Story):
    def rounds(self) -> dict[str, ReportingRound]:
        """The plan's reporting rounds by period label."""
        rounds: dict[str, ReportingRound] = {}
        for label, opens, deadline in c.ROUNDS:
            rounds[label], _ = self.get_or_create(
                ReportingRound, plan=self.the_plan, period_label=label, defaults={"opens": opens, "deadline": deadline}
            )
        return rounds

    @staticmethod
    def written(spec: dict) -> dt.datetime:
        return clock.at(spec["created"]) if "created" in spec else clock.at(spec["submitted"]) - c.CREATED_BEFORE_SUBMITTING

    # -- extension requests (延期申请) ----------------------------------------------

    def request_extension(self, spec: dict) -> None:
        """The lead unit asks to move the due date, as luoshi.work.services.request_extension records it."""
        task = self.tasks[spec["task"]]
        if task.extension_requests.filter(requested_due=spec["requested_due"]).exists():
            return
        if task.extension_requests.filter(state=ExtensionRequest.State.PENDING).exists():
            return  # someone asked through the UI: one open request per task
        lead = task.assignments.filter(role=Assignment.Role.LEAD).exclude(state=Assignment.State.RETURNED).first()
        if lead is None:
            return
        when, by = clock.at(spec["requested"]), self.users[spec["by"]]
        request = ExtensionRequest.objects.create(
            task=task, organization_id=lead.organization_id, previous_due=spec["previous_due"],
            requested_due=spec["requested_due"], reason=spec["reason"], requested_by=by,
        )
        ExtensionRequest.objects.filter(pk=request.pk).update(requested_at=when)
        self.result.created["work.ExtensionRequest"] += 1
        self.record(by, "extension.requested", request,
                    {"due": [request.previous_due, request.requested_due], "reason": [None, request.reason]},
                    at=when)

    def grant_extension(self, spec: dict) -> None:
        """The office grants the request, as decide_extension records it: the task's due date moves."""
        task = self.tasks[spec["task"]]
        request = task.extension_requests.filter(
            requested_due=spec["requested_due"], state=ExtensionRequest.State.PENDING, requested_at=clock.at(spec["requested"])
        ).first()
        if request is None:
            return
        when, comment = clock.at(spec["decided"]), spec.get("comment", "")
        ExtensionRequest.objects.filter(pk=request.pk).update(
            state=ExtensionRequest.State.ACCEPTED, decided_by=self.office_user, decided_at=when,
            decision_comment=comment,
        )
        # A due date someone changed through the UI meanwhile is theirs to keep.
        Task.objects.filter(pk=task.pk, due=request.previous_due).update(
            due=request.requested_due, version=F("version") + 1, updated_at=when
        )
        touch(task.pk)
        task.refresh_from_db()
        self.result.created["extensions granted"] += 1
        self.record(self.office_user, "extension.accepted", request,
                    {"due": [request.previous_due, request.requested_due], "comment": [None, comment or None]},
                    task=task, at=when)

    # -- reports ---------------------------------------------------------------

    def report(self, spec: dict, round_: ReportingRound) -> None:
        task = self.tasks[spec["task"]]
        unit = self.orgs[spec["unit"]]
        lookup = {"task": task, "organization": unit, "round": round_, "version": spec["version"]}
        report = ProgressReport.objects.filter(**lookup).first()
        if report is not None:
            self._attachment(report, spec)
            return
        supersedes = None
        if "supersedes" in spec:
            supersedes = ProgressReport.objects.get(task=task, organization=unit, round=round_,
                                                    version=spec["supersedes"])
        author = self.users[spec["by"]]
        approver = self.users.get(spec.get("approver", ""))
        submitted, approved, reviewed = (clock.at(spec.get(k)) for k in ("submitted", "approved", "reviewed"))
        written = self.written(spec)
        report = ProgressReport.objects.create(
            **lookup, supersedes=supersedes, text=spec["text"], percent=spec["percent"], stage=spec["stage"],
            risk_flag=spec.get("risk_flag", False), risk_reason=spec.get("risk_reason", ""),
            is_completion=spec.get("completion", False), state=spec["state"],
            created_by=author,
            submitted_by=author if submitted else None, submitted_at=submitted,
            approved_by=approver if approved else None, approved_at=approved,
            reviewed_by=self.office_user if reviewed else None, reviewed_at=reviewed,
            review_comment=spec.get("comment", ""),
        )
        self.result.created["reporting.ProgressReport"] += 1
        clock.backdate(report, written)
        self._attachment(report, spec)

        # The timeline replays the steps the report went through, each at its time.
        self.record(author, "report.created", report, {"version": report.version, "percent": report.percent},
                    at=written)
        if submitted:
            self.record(author, "report.submitted", report,
                        {"state": ["draft", "submitted"], "submitted_at": [None, submitted]}, at=submitted)
        if approved:
            self.record(approver, "report.approved", report,
                        {"state": ["submitted", "approved"], "approved_at": [None, approved]}, at=approved)
        if reviewed:
            state = spec["state"] if spec["state"] in ("accepted", "returned") else "accepted"
            changes: dict[str, Any] = {"state": ["approved", state], "reviewed_at": [None, reviewed]}
            if report.review_comment:
                changes["review_comment"] = report.review_comment
            self.record(self.office_user, f"report.{state}", report, changes, at=reviewed)
            if state == "accepted" and report.is_completion:
                self._close(task, report, reviewed)

        if "observation" in spec:
            period, value = spec["observation"]
            indicator = task.indicators.first()
            if indicator is not None:
                self.get_or_create(Observation, indicator=indicator, period=period,
                                   defaults={"value": Decimal(value), "report": report})

    def _close(self, task: Task, report: ProgressReport, when: dt.datetime) -> None:
        """Accepting a completion report closes the task (办结销号), as review_report and close_task do."""
        if not Task.objects.filter(pk=task.pk, completed_at__isnull=True).update(
            completed_at=when, completed_by=self.office_user, version=F("version") + 1, updated_at=when
        ):
            return
        touch(task.pk)
        task.refresh_from_db()
        changes = {"completed_at": [None, when], "report": [None, str(report.code)]}
        if report.review_comment:
            changes["comment"] = [None, report.review_comment]
        self.record(self.office_user, "task.closed", task, changes, at=when)
        self.result.created["tasks closed"] += 1

    def _attachment(self, report: ProgressReport, spec: dict) -> None:
        """The report's evidence, stored by the reporting code that stores an upload (type check, hash, file)."""
        if "attachment" not in spec or report.attachments.exists():
            return
        name, text = spec["attachment"]
        upload = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/plain")
        rows = attach_file(report.created_by, report, [upload])
        ReportAttachment.objects.filter(pk__in=[r.pk for r in rows]).update(uploaded_at=report.created_at)
        self.result.created["reporting.ReportAttachment"] += len(rows)


