"""load_demo: the sample programme's shape, its idempotence, and its originality."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from luoshi.accounts.models import User
from luoshi.audit.models import Event
from luoshi.demo import content
from luoshi.demo.builder import TZ, build
from luoshi.ingest.links import span_url
from luoshi.jobs.models import Job
from luoshi.lib.text import fold
from luoshi.meetings.models import Commitment, Directive, Meeting, SourceDocument
from luoshi.org.models import Membership, Organization
from luoshi.reporting.models import ProgressReport, ReportAttachment
from luoshi.reporting.queue_views import my_work_sections, review_queue_sections
from luoshi.status.lights import lights_for
from luoshi.supervision.models import Bulletin, Digest, Reminder
from luoshi.work.models import Assignment, ExtensionRequest, Plan, Task
from luoshi.work.progress import Status, Thresholds

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"

EXPECTED_PERSONAS = {
    "office": ("周敏", User.Role.OFFICE_ADMIN, "领导小组办公室"),
    "dept": ("陈立", User.Role.UNIT_REPORTER, "省发展改革委"),
    "city": ("林晓", User.Role.UNIT_REPORTER, "南通市政府"),
    "leader": ("何建平", User.Role.UNIT_LEADER, "南通市政府"),
    "member": ("宋文涛", User.Role.GROUP_MEMBER, "省长三角领导小组"),
    "security": ("郑宇", User.Role.SECURITY_ADMIN, None),
    "audit": ("冯洁", User.Role.AUDIT_ADMIN, None),
}


def row_counts() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in apps.get_models(include_auto_created=True)}


def nantong() -> Organization:
    return Organization.objects.get(name="南通市人民政府")


def test_loading_twice_leaves_every_table_exactly_as_the_first_run_did(db, fast_hashing, capsys):
    call_command("load_demo")
    first = row_counts()
    first_out = capsys.readouterr().out
    call_command("load_demo")
    second_out = capsys.readouterr().out

    assert row_counts() == first
    assert first["work.Task"] >= 12 and first["audit.Event"] > 0
    assert "rows created" in first_out
    assert "0 rows created" in second_out
    # The personas table is printed both times, with the shared password.
    for out in (first_out, second_out):
        assert content.PASSWORD in out
        assert all(username in out for username in EXPECTED_PERSONAS)


def test_the_second_build_reports_nothing_created(demo):
    assert demo.total > 200
    again = build()
    assert again.total == 0
    assert dict(again.created) == {}
    assert again.corrections == []  # the confirmed document is not reviewed again


def test_a_rerun_keeps_a_password_the_user_changed(demo):
    office = User.objects.get(username="office")
    office.set_password("Changed-by-Zhou-Min-1")
    office.save()
    build()
    office.refresh_from_db()
    assert office.check_password("Changed-by-Zhou-Min-1")
    assert not office.check_password(content.PASSWORD)


def test_a_rerun_completes_a_partly_deleted_programme(demo):
    task = Task.objects.get(plan__title=content.PLAN_TITLE, external_id="12")
    task.delete()
    result = build()
    assert result.created["work.Task"] == 1
    assert Task.objects.filter(plan__title=content.PLAN_TITLE, external_id="12").exists()
    assert build().total == 0


def test_the_province_has_its_group_office_government_departments_and_thirteen_cities(demo):
    group = Organization.objects.get(name=content.GROUP_NAME, kind=Organization.Kind.LEADING_GROUP)
    office = Organization.objects.get(kind=Organization.Kind.OFFICE, parent=group)
    assert office.short_name == "领导小组办公室"
    assert group.region.code == "320000"

    cities = Organization.objects.filter(kind=Organization.Kind.GOVERNMENT, region__parent__code="320000")
    assert cities.count() == 13
    assert all(org.name == f"{org.region.name}人民政府" for org in cities)
    assert nantong().region.code == "320600"

    departments = Organization.objects.filter(kind=Organization.Kind.DEPARTMENT, region__code="320000")
    assert departments.count() >= 12
    assert {"省发展改革委", "省科技厅", "省应急管理厅", "省财政厅"} <= set(departments.values_list("short_name", flat=True))


def test_the_group_has_a_first_leader_a_leader_deputies_and_members(demo):
    seats = Counter(Membership.objects.filter(group__name=content.GROUP_NAME).values_list("role", flat=True))
    assert seats[Membership.Role.FIRST_LEADER] == 1
    assert seats[Membership.Role.LEADER] == 1
    assert seats[Membership.Role.DEPUTY_LEADER] >= 2
    assert seats[Membership.Role.MEMBER] >= 4
    first = Membership.objects.get(group__name=content.GROUP_NAME, role=Membership.Role.FIRST_LEADER)
    assert {p.title for p in first.person.posts.all()} >= {"省委书记"}
    assert first.post.title.endswith("第一组长")


def test_the_seven_personas_have_their_role_unit_language_and_password(demo):
    for username, (name, role, unit) in EXPECTED_PERSONAS.items():
        user = User.objects.get(username=username)
        assert (user.display_name, user.role) == (name, role), username
        assert (user.organization.short_name if user.organization else None) == unit, username
        assert user.language == "zh-hans"
        assert user.check_password(content.PASSWORD), username
        assert user.is_active
        assert user.is_staff == (username == "office")
        assert not user.is_superuser
    assert [u.username for u in demo.personas] == list(EXPECTED_PERSONAS)


def test_the_report_authors_beyond_the_personas_cannot_sign_in(demo):
    others = User.objects.exclude(username__in=EXPECTED_PERSONAS)
    assert others.exists()
    assert not any(user.has_usable_password() for user in others)


def test_the_plenary_was_held_by_video_with_a_main_venue_and_sub_venues(demo):
    meeting = Meeting.objects.get(
        organization__name=content.GROUP_NAME, kind=Meeting.Kind.PLENARY, sequence=5
    )
    assert meeting.format == Meeting.Format.VIDEO
    assert meeting.date == dt.date(2026, 2, 12)
    assert meeting.session == "第五次全体会议"
    main = meeting.venues.get(is_main=True)
    assert (main.name, main.region.name) == ("南京主会场", "南京市")
    subs = meeting.venues.filter(is_main=False)
    assert subs.count() >= 3
    assert {"南通分会场", "苏州分会场", "盐城分会场"} <= set(subs.values_list("name", flat=True))
    assert all(v.region is not None for v in subs)

    roles = set(meeting.participations.values_list("role", flat=True))
    assert roles == {"chair", "speaker", "exchange", "attendee"}
    exchange = meeting.participations.get(role="exchange", venue__name="南通分会场")
    assert exchange.posts_as_printed
    assert list(meeting.agenda.values_list("kind", flat=True)) == ["convey", "hear_report", "adopt", "deploy"]


def test_every_directive_is_a_confirmed_要_sentence_with_a_work_area(demo):
    directives = Directive.objects.filter(meeting__sequence=5)
    assert directives.count() >= 12
    assert all(d.text.startswith("要") and d.state == "confirmed" and d.work_area_id for d in directives)
    assert directives.values("work_area").distinct().count() == 10

    commitments = Commitment.objects.filter(meeting__sequence=5)
    assert commitments.count() == 3
    assert all(c.text.startswith("南通将") and c.party == nantong() for c in commitments)


def test_the_plan_has_a_dozen_tasks_each_with_exactly_one_lead(demo):
    tasks = Task.objects.filter(plan__title=content.PLAN_TITLE).annotate(
        leads=Count("assignments", filter=Q(assignments__role=Assignment.Role.LEAD))
    )
    assert tasks.count() >= 12
    assert all(t.leads == 1 for t in tasks), [(t.external_id, t.leads) for t in tasks if t.leads != 1]
    plan = tasks.first().plan
    assert plan.adopted_at.sequence == 5 and plan.year == 2026

    top = tasks.filter(parent=None)
    assert top.count() >= 12
    assert all(t.source_directive_id and t.work_area_id for t in top)
    assert all(t.start and t.due and t.start.year == t.due.year == 2026 for t in tasks)
    with_milestones = top.filter(milestones__isnull=False).distinct().count()
    assert with_milestones >= top.count() * 2 // 3
    assert tasks.filter(indicators__observations__isnull=False).exists()


def test_the_city_commitments_are_child_tasks_led_by_the_city_government(demo):
    children = Task.objects.filter(plan__title=content.PLAN_TITLE, parent__isnull=False)
    assert children.count() == 3
    for child in children:
        assert child.source_commitment is not None
        lead = child.assignments.get(role=Assignment.Role.LEAD)
        assert lead.organization == nantong()
        # Filed under the provincial task of the directive the pledge answers; its own source is the pledge.
        assert child.parent.parent is None
        answers = {text: parent for _key, parent, text in content.COMMITMENTS}[child.source_commitment.text]
        directive_text = {key: text for key, _area, text in content.DIRECTIVES}[answers]
        assert child.parent.source_directive.text == directive_text
        assert child.source_directive_id is None
        assert list(child.regions.values_list("code", flat=True)) == ["320600"]


# --- the plenary through the intake flow --------------------------------------------


def report_document() -> SourceDocument:
    return SourceDocument.objects.get(filename=content.REPORT_FILENAME)


def test_the_meeting_and_plan_come_from_the_sample_report_read_and_confirmed_through_the_intake(demo):
    document = report_document()
    assert bytes(document.content) == content.REPORT_PATH.read_bytes()
    assert document.state == SourceDocument.State.CONFIRMED and not document.error
    assert document.published == content.REPORT_PUBLISHED
    assert document.uploaded_by.username == "office"
    assert document.title == "省推进长三角一体化发展领导小组召开第五次全体会议"
    # Read by the intake job, as an upload on the intake page is.
    assert Job.objects.get(kind="ingest.read", payload__document=document.pk).state == "done"

    meeting = Meeting.objects.get(organization__name=content.GROUP_NAME, sequence=5)
    assert meeting.source_document == document
    assert Plan.objects.get(title=content.PLAN_TITLE).adopted_at == meeting
    assert set(Directive.objects.filter(meeting=meeting)) == set(document.directives.all())
    assert set(Commitment.objects.filter(meeting=meeting)) == set(document.commitments.all())

    # The web page's footer is kept aside as boilerplate, not read as text.
    for clutter in ("版权所有", "ICP备", "新闻热线", "责任编辑"):
        assert clutter not in document.text
        assert any(clutter in line for line in document.extraction["boilerplate"]), clutter
    assert document.text.startswith("本报讯")


def test_every_task_remembers_the_sentence_of_the_report_it_came_from(demo):
    text = report_document().text
    tasks = Task.objects.filter(plan__title=content.PLAN_TITLE).select_related(
        "source_directive__document", "source_commitment__document"
    )
    for task in tasks:
        # A provincial task comes from a directive, a city's child task from its pledge.
        source = task.source_commitment if task.parent_id else task.source_directive
        assert source is not None, task.external_id
        assert source.document.filename == content.REPORT_FILENAME
        assert text[source.span_start : source.span_end] == source.text, task.external_id
        assert span_url(source).endswith(f"#span-{source.span_start}-{source.span_end}")
    top = [t for t in tasks if t.parent_id is None]
    assert {t.source_directive.text for t in top} == {text for _key, _area, text in content.DIRECTIVES}


def test_the_reading_found_every_directive_and_commitment_by_itself(demo):
    # What the office corrected are meeting details and work areas; every
    # sentence it confirmed was read as one directive or commitment.
    sentences = [n for n in demo.corrections if n.startswith(("split", "merged", "rejected"))]
    missed = [n for n in demo.corrections if n.endswith("not read, added") and n.startswith(("directive", "commitment"))]
    assert not sentences and not missed, demo.corrections


def test_reports_exist_in_every_state_with_consistent_timestamps(demo):
    reports = ProgressReport.objects.select_related("round")
    assert set(reports.values_list("state", flat=True)) == set(ProgressReport.State.values)
    assert set(reports.values_list("round__period_label", flat=True)) == {
        "2026年一季度", "2026年二季度", "2026年三季度"
    }
    for r in reports:
        has = (r.submitted_at is not None, r.approved_at is not None, r.reviewed_at is not None)
        expected = {
            "draft": (False, False, False),
            "submitted": (True, False, False),
            "approved": (True, True, False),
            "accepted": (True, True, True),
            "returned": (True, True, True),
        }[r.state]
        assert has == expected, r
        stamps = [t for t in (r.created_at, r.submitted_at, r.approved_at, r.reviewed_at) if t]
        assert stamps == sorted(stamps), r
        assert r.created_at.date() >= r.round.opens, r
        if r.submitted_at:
            assert r.submitted_at.date() >= r.round.opens
            assert r.submitted_by_id == r.created_by_id
        if r.approved_at:
            assert r.approved_by.role == User.Role.UNIT_LEADER
            assert r.approved_by.organization_id == r.organization_id
        if r.reviewed_at:
            assert r.reviewed_by.username == "office"
        assert r.organization.assignments.filter(task=r.task).exists()
    returned = reports.filter(state="returned")
    assert returned.exists() and all(r.review_comment for r in returned)


def test_a_returned_report_is_superseded_by_a_resubmitted_second_version(demo):
    second = ProgressReport.objects.filter(version=2, supersedes__isnull=False)
    assert second.count() >= 1
    for v2 in second:
        v1 = v2.supersedes
        assert v1.state == "returned" and v1.version == 1
        assert (v1.task_id, v1.organization_id, v1.round_id) == (v2.task_id, v2.organization_id, v2.round_id)
        assert v2.created_at > v1.reviewed_at
        assert v2.submitted_at is None or v2.submitted_at > v1.reviewed_at
    assert second.filter(organization=nantong()).exists()
    # One unit is still revising: its second version is a draft.
    assert second.filter(state="draft").count() == 1


TODAY = dt.date(2026, 11, 26)


def test_at_the_end_of_november_the_plan_shows_a_realistic_mix_of_lights(demo):
    tasks = list(Task.objects.filter(plan__title=content.PLAN_TITLE))
    # Today is passed in, and the default thresholds, so neither the clock nor the environment matters.
    lights = lights_for(tasks, TODAY, Thresholds())
    by_ext = {t.external_id: lights[t.pk] for t in tasks}
    status = {ext: light.status for ext, light in by_ext.items()}

    assert Counter(status.values()) == {
        Status.ON_TRACK: 10, Status.AT_RISK: 4, Status.OVERDUE: 1, Status.DONE: 1, Status.NOT_STARTED: 1,
    }, status
    assert sorted(e for e, s in status.items() if s == Status.ON_TRACK) == sorted(
        ["1", "2", "4", "5", "5.1", "6.1", "7.1", "8", "12", "13"]
    )
    # 3 flags a risk; 6 and 7 lag behind through their Nantong children; 9's report was returned.
    assert sorted(e for e, s in status.items() if s == Status.AT_RISK) == ["3", "6", "7", "9"]
    assert status["10"] == Status.OVERDUE and (by_ext["10"].percent or 0) < 100
    assert status["11"] == Status.DONE
    assert status["14"] == Status.NOT_STARTED

    done = [t for t in tasks if t.completed_at]
    assert [t.external_id for t in done] == ["11"] and done[0].completed_by.username == "office"

    # Exactly one at-risk light comes from a flagged risk, and it shows the unit's reason.
    flagged = ProgressReport.objects.filter(risk_flag=True, round__period_label="2026年三季度").get()
    assert flagged.task.external_id == "3" and flagged.risk_reason
    assert flagged.risk_reason in by_ext["3"].reason
    assert all(r.risk_reason for r in ProgressReport.objects.filter(risk_flag=True))
    assert [e for e, light in by_ext.items() if flagged.risk_reason in light.reason] == ["3"]


def test_the_third_quarter_round_has_accepted_pending_returned_and_draft_reports(demo):
    q3 = ProgressReport.objects.filter(round__period_label="2026年三季度")
    states = Counter(q3.values_list("state", flat=True))
    assert states["accepted"] > len(q3) // 2
    assert states["approved"] == 2
    assert states["returned"] == 1 and states["draft"] == 1
    round_ = q3.first().round
    assert (round_.opens, round_.deadline) == (dt.date(2026, 10, 1), dt.date(2026, 10, 5))
    assert q3.get(state="returned").review_comment
    assert all(r.created_at.date() <= TODAY for r in q3)


def test_the_office_granted_one_extension_and_the_timeline_keeps_both_dates(demo):
    task = Task.objects.get(plan__title=content.PLAN_TITLE, external_id="2")
    assert task.due == dt.date(2026, 12, 31)
    granted = task.extension_requests.get()
    assert granted.state == ExtensionRequest.State.ACCEPTED
    assert (granted.previous_due, granted.requested_due) == (dt.date(2026, 10, 31), dt.date(2026, 12, 31))
    assert granted.organization.short_name == "省发展改革委" and granted.reason
    assert granted.requested_by.username == "dept" and granted.decided_by.username == "office"
    assert granted.decided_at.astimezone(TZ).date() == dt.date(2026, 10, 10) and granted.decision_comment
    # The unit asked with its third-quarter report; the office decided after reading that report.
    report = ProgressReport.objects.get(task=task, round__period_label="2026年三季度")
    assert report.submitted_at < granted.requested_at < report.reviewed_at < granted.decided_at

    asked = task.events.get(action="extension.requested")
    decided = task.events.get(action="extension.accepted")
    assert (asked.at, asked.actor.username) == (granted.requested_at, "dept")
    assert (decided.at, decided.actor.username) == (granted.decided_at, "office")
    assert decided.changes["due"] == ["2026-10-31", "2026-12-31"]
    # The due date moved by the decision only, not by an edit of the task.
    assert not [e for e in task.events.filter(action="task.updated") if "due" in e.changes]


def test_one_extension_request_waits_in_the_offices_review_queue(demo):
    task = Task.objects.get(plan__title=content.PLAN_TITLE, external_id="7")
    pending = task.extension_requests.get()
    assert pending.state == ExtensionRequest.State.PENDING and pending.decided_at is None
    assert (pending.previous_due, pending.requested_due) == (dt.date(2026, 11, 30), dt.date(2027, 1, 31))
    assert task.due == dt.date(2026, 11, 30)  # not moved until the office decides
    assert pending.requested_by.organization == pending.organization
    assert pending.organization == task.assignments.get(role=Assignment.Role.LEAD).organization
    assert pending.requested_at.astimezone(TZ).date() <= TODAY
    assert task.events.filter(action="extension.requested").count() == 1
    office = User.objects.get(username="office")
    assert list(review_queue_sections(office)["extensions"]) == [pending]
    assert ExtensionRequest.objects.filter(state=ExtensionRequest.State.PENDING).count() == 1


# --- sign-for ----------------------------------------------------------------------------


def test_units_signed_for_their_assignments_the_day_or_two_after_the_plan(demo):
    assignments = Assignment.objects.filter(task__plan__title=content.PLAN_TITLE).select_related(
        "task", "organization", "signed_by__organization"
    )
    assert Counter(assignments.values_list("state", flat=True)) == {"signed": 43, "returned": 1, "pending": 1}
    for a in assignments.filter(state=Assignment.State.SIGNED):
        assert a.signed_by.organization == a.organization, a
        assert a.signed_by.role in (User.Role.UNIT_REPORTER, User.Role.UNIT_LEADER), a
        assert a.assigned_by.username == "office" and a.due_to_sign, a
        assert a.created_at < a.signed_at and a.signed_at.astimezone(TZ).date() <= a.due_to_sign, a
        if a.task.external_id != "14":
            assert a.signed_at.astimezone(TZ).date() in (dt.date(2026, 2, 14), dt.date(2026, 2, 15)), a
        signed = Event.objects.get(object_type="work.assignment", object_id=str(a.pk), action="assignment.signed")
        assert (signed.at, signed.actor, signed.task_id) == (a.signed_at, a.signed_by, a.task_id)
    # The personas' units sign with the personas' accounts.
    assert assignments.filter(organization__short_name="南通市政府", signed_by__username="city").count() == 3


def test_a_supporting_unit_returned_its_assignment_and_the_office_assigned_another(demo):
    returned = Assignment.objects.get(state=Assignment.State.RETURNED)
    assert (returned.task.external_id, returned.organization.short_name) == ("2", "省商务厅")
    assert returned.role == Assignment.Role.SUPPORT and returned.return_reason
    assert returned.returned_by.organization == returned.organization
    assert returned.returned_at.astimezone(TZ).date() <= returned.due_to_sign
    replacement = returned.task.assignments.get(organization__short_name="省自然资源厅")
    assert replacement.role == Assignment.Role.SUPPORT and replacement.state == Assignment.State.SIGNED
    assert returned.returned_at < replacement.created_at < replacement.signed_at
    actions = [e.action for e in returned.task.events.order_by("at", "pk") if e.action.startswith("assignment.")]
    assert "assignment.returned" in actions
    assert actions.index("assignment.returned") < len(actions) - 1 - actions[::-1].index("assignment.created")
    office = User.objects.get(username="office")
    assert returned in review_queue_sections(office)["returned_assignments"]


def test_one_recent_assignment_still_waits_for_its_unit_to_sign_for_it(demo):
    pending = Assignment.objects.get(state=Assignment.State.PENDING)
    assert (pending.task.external_id, pending.organization.short_name) == ("14", "省发展改革委")
    assert pending.created_at.astimezone(TZ).date() == dt.date(2026, 11, 20)
    assert pending.due_to_sign == dt.date(2026, 11, 23) and pending.signed_at is None
    dept = User.objects.get(username="dept")
    assert list(my_work_sections(dept, TODAY)["to_sign"]) == [pending]
    lead = pending.task.assignments.get(role=Assignment.Role.LEAD)
    assert lead.state == Assignment.State.SIGNED and lead.signed_at.astimezone(TZ).date() == dt.date(2026, 11, 20)


# --- close-out, reminders, the digest, the bulletin, attachments ---------------------------


def test_task_11_was_closed_by_accepting_its_completion_report(demo):
    task = Task.objects.get(plan__title=content.PLAN_TITLE, external_id="11")
    report = ProgressReport.objects.get(task=task, is_completion=True)
    assert (report.percent, report.state) == (100, ProgressReport.State.ACCEPTED)
    assert report.organization == task.assignments.get(role=Assignment.Role.LEAD).organization
    assert task.completed_at == report.reviewed_at and task.completed_by == report.reviewed_by
    closed = task.events.get(action="task.closed")
    assert closed.at == task.completed_at and closed.changes["report"] == [None, str(report.code)]
    assert ProgressReport.objects.filter(is_completion=True).count() == 1


def test_the_accepted_completion_report_carries_a_stored_attachment(demo, client):
    attachment = ReportAttachment.objects.select_related("report").get()
    assert attachment.report.state == ProgressReport.State.ACCEPTED and attachment.report.is_completion
    assert attachment.original_name.endswith(".txt") and attachment.content_type == "text/plain"
    data = content.DRILL_EVALUATION.encode("utf-8")
    assert attachment.size == len(data) and attachment.sha256 == hashlib.sha256(data).hexdigest()
    with attachment.file.open("rb") as fh:
        assert fh.read() == data
    assert attachment.uploaded_by == attachment.report.created_by
    assert attachment.uploaded_at == attachment.report.created_at
    client.force_login(User.objects.get(username="office"))
    response = client.get(reverse("reporting:attachment_download", args=[attachment.code]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content if response.streaming else [response.content]) == data


def test_the_office_sent_manual_reminders_in_november(demo):
    manual = Reminder.objects.filter(kind=Reminder.Kind.MANUAL).select_related("task", "recipient")
    batches = {r.batch for r in manual}
    assert len(batches) == len(content.MANUAL_REMINDERS) >= 3
    for r in manual:
        assert r.created_by.username == "office" and r.message
        assert r.recipient.organization_id == r.organization_id
        assert r.task.assignments.filter(organization_id=r.organization_id).exists()
        assert r.created_at.astimezone(TZ).month == 11 and r.created_at.astimezone(TZ).date() < TODAY
        assert r.read_at is None or r.read_at > r.created_at
    reminded = Event.objects.filter(action="task.reminded")
    assert reminded.count() == len(batches)
    assert {(e.task_id, e.at) for e in reminded} == {(r.task_id, r.created_at) for r in manual}
    # Nantong's reporter read hers; its leader has not yet.
    nantong_reminders = {r.recipient.username: r for r in manual.filter(organization=nantong())}
    assert nantong_reminders["city"].is_read and not nantong_reminders["leader"].is_read


def test_one_daily_digest_ran_on_25_november(demo):
    digests = Digest.objects.select_related("recipient")
    assert set(digests.values_list("date", flat=True)) == {dt.date(2026, 11, 25)}
    assert digests.count() >= 5
    for digest in digests:
        items = Reminder.objects.filter(recipient=digest.recipient, digest_date=digest.date)
        assert digest.items == items.count() > 0
        assert all(r.created_at == digest.created_at for r in items)
        assert digest.created_at.astimezone(TZ).date() == digest.date
    kinds = set(Reminder.objects.filter(digest_date__isnull=False).values_list("kind", flat=True))
    assert {Reminder.Kind.OVERDUE, Reminder.Kind.DUE_SOON} <= kinds
    overdue = Reminder.objects.get(kind=Reminder.Kind.OVERDUE, recipient__username="wjw")
    assert overdue.task.external_id == "10" and "9月30日" in overdue.message
    assert Event.objects.filter(action="reminder.digest_sent").count() == digests.count()


def test_the_first_supervision_bulletin_has_a_generated_and_an_edited_version(demo):
    bulletin = Bulletin.objects.get()
    assert (bulletin.number, bulletin.as_of) == (1, dt.date(2026, 10, 10))
    assert bulletin.plan.title == content.PLAN_TITLE and bulletin.created_by.username == "office"
    first, second = bulletin.versions.order_by("version")
    assert (first.version, second.version) == (1, 2)
    assert first.text.startswith("一、总体情况") and "截至2026年10月10日" in first.text
    assert "五、下一步工作要求" in first.text
    assert second.text.startswith(first.text) and second.text.endswith(content.BULLETIN["addition"])
    assert first.created_at == bulletin.created_at < second.created_at
    assert [e.action for e in Event.objects.filter(object_type="supervision.bulletin").order_by("at")] == [
        "bulletin.created", "bulletin.saved"
    ]
    # Drafted on 10 October: the reports sent in November are not in it.
    assert "产业链省际协作项目清单（牵头单位：省工业和信息化厅；进度滞后" in first.text


def test_every_task_has_a_timeline_and_every_report_step_is_an_event(demo):
    for task in Task.objects.filter(plan__title=content.PLAN_TITLE):
        actions = set(task.events.values_list("action", flat=True))
        assert {"task.created", "assignment.created"} <= actions, task.external_id
    for state in ("submitted", "approved", "accepted", "returned"):
        assert Event.objects.filter(action=f"report.{state}").exists(), state
    assert Event.objects.filter(action="task.closed").count() == 1
    assert not Event.objects.filter(action="task.completed").exists()


def test_every_event_carries_the_time_its_step_happened_not_the_time_of_the_run(db, fast_hashing):
    run_started = timezone.now()
    build()
    events = Event.objects.all()
    assert events.exists()
    assert not events.filter(at__gte=run_started).exists()
    first, last = events.order_by("at").first().at, events.order_by("at").last().at
    assert first >= dt.datetime(2026, 2, 12, tzinfo=TZ)
    assert last < dt.datetime(2026, 11, 27, tzinfo=TZ)
    plan = Task.objects.filter(plan__title=content.PLAN_TITLE).first().plan
    # The office confirmed the report the morning it was published, the day after the plenary.
    assert Event.objects.get(action="plan.created").at == plan.created_at
    assert Event.objects.get(action="meeting.created").at.date() == content.REPORT_PUBLISHED
    document = SourceDocument.objects.get()
    upload = Event.objects.get(action="document.upload")
    assert upload.at == document.uploaded_at
    assert upload.at < Event.objects.get(action="document.read").at < Event.objects.get(action="document.confirmed").at

    step_time = {
        "report.created": "created_at", "report.submitted": "submitted_at", "report.approved": "approved_at",
        "report.accepted": "reviewed_at", "report.returned": "reviewed_at",
    }
    for report in ProgressReport.objects.all():
        steps = list(Event.objects.filter(object_type="reporting.progressreport", object_id=str(report.pk))
                     .order_by("at", "pk"))
        assert steps[0].action == "report.created", report
        for event in steps:
            assert event.at == getattr(report, step_time[event.action]), (report, event.action)


def test_task_timelines_read_in_date_order(demo):
    roster = {spec["ext"]: 1 + len(spec["support"]) for spec in content.TASKS}
    for task in Task.objects.filter(plan__title=content.PLAN_TITLE):
        by_time = list(task.events.order_by("at", "pk").values_list("action", "at"))
        by_pk = list(task.events.order_by("pk").values_list("action", "at"))
        # Written in the order things happened, so the newest-first timeline is also oldest-last.
        assert by_time == by_pk, task.external_id
        assert by_time[0][0] == "task.created"
        assert task.created_at == by_time[0][1]
        # The task's units as the office first assigned them; their answers and any new unit come later.
        assert all(action == "assignment.created" for action, _at in by_time[1 : roster[task.external_id] + 1])
        if task.completed_at:
            assert by_time[-1] == ("task.closed", task.completed_at)


# --- originality -----------------------------------------------------------------------


OFFICIAL_NAME = "省推进长三角一体化发展领导小组"


def report_sentences() -> list[str]:
    """The sentences of the sample report's body (its lines ending in 。).

    The leading group's name, and the posts printed with it, are the real body's
    and shared with real reports by design; they are masked.
    """
    lines = content.REPORT_PATH.read_text(encoding="utf-8").splitlines()
    body = [line.replace(OFFICIAL_NAME, "〇") for line in lines if line.endswith("。")]
    return [sentence + "。" for line in body for sentence in line.split("。") if sentence]


def demo_texts() -> list[str]:
    return (
        [text for _key, _area, text in content.DIRECTIVES]
        + [text for _key, _parent, text in content.COMMITMENTS]
        + [t["title"] for t in content.TASKS]
        + [t["description"] for t in content.TASKS]
        + [r["text"] for r in content.REPORTS]
        + [r["comment"] for r in content.REPORTS if "comment" in r]
        + [r["risk_reason"] for r in content.REPORTS if "risk_reason" in r]
        + [text for _kind, text in content.AGENDA]
        + [content.MEETING_SUMMARY]
        + [r["reason"] for r in content.RETURNED_ASSIGNMENTS]
        + [e["reason"] for e in content.EXTENSIONS]
        + [e["comment"] for e in content.EXTENSIONS if "comment" in e]
        + [r["note"] for r in content.MANUAL_REMINDERS]
        + [content.BULLETIN["addition"]]
        + [line for line in content.DRILL_EVALUATION.splitlines() if line.strip()]
        + report_sentences()
    )


def demo_names() -> list[str]:
    return [name for name, _posts, _seat in content.PEOPLE] + [
        display for _u, display, *_rest in content.PERSONAS + content.AUTHORS + content.CLERKS
    ]


@pytest.fixture(scope="module")
def corpus_texts() -> dict[str, str]:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    # Folded so that a Traditional-script original matches a Simplified copy.
    return {
        str(path.relative_to(CORPUS)): fold(path.read_text(encoding="utf-8", errors="replace"))
        for path in sorted(CORPUS.rglob("*"))
        if path.is_file() and path.suffix in {".txt", ".json", ".md", ".html"}
    }


@pytest.mark.corpus
def test_no_demo_sentence_is_copied_from_the_corpus(corpus_texts):
    assert any(name.startswith("dev/") for name in corpus_texts)
    for text in demo_texts():
        folded = fold(text)
        hits = [name for name, body in corpus_texts.items() if folded in body]
        assert not hits, (text, hits)


@pytest.mark.corpus
def test_no_twelve_character_run_of_demo_text_is_shared_with_the_corpus(corpus_texts):
    # Stricter than whole sentences: catches a copied clause with an edited ending.
    window = 12
    for text in demo_texts():
        folded = fold(text)
        for i in range(max(1, len(folded) - window + 1)):
            run = folded[i : i + window]
            hits = [name for name, body in corpus_texts.items() if run in body]
            assert not hits, (run, text, hits)


@pytest.mark.corpus
def test_no_demo_person_shares_a_name_with_anyone_in_the_corpus(corpus_texts):
    # The corpus names real officials; the demo's people are invented.
    for name in demo_names():
        hits = [path for path, body in corpus_texts.items() if fold(name) in body]
        assert not hits, (name, hits)
