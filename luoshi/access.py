"""Who may see and do what — the one place that decides.

Every list, detail, export and API view fetches its objects through a
`visible_*` queryset or `get_visible()`, and checks actions with `can()` /
`require()`. An object outside a user's scope answers 404 (its existence is
not revealed); an action the user may not take answers 403 and changes nothing.

Roles (accounts.User.Role):
- office_admin   the leading-group office: the whole programme, every action
                 of the office (confirm, assign, review, remind); Django admin.
- unit_reporter  a department or city: the tasks its unit (or a unit under
                 it) leads or supports, and nothing else; writes and submits
                 its unit's reports.
- unit_leader    as a reporter, and approves the unit's reports.
- group_member   reads the whole programme (no drafts), changes nothing.
- security_admin manages accounts and roles of ordinary users; an admin or
                 office-staff account changes only with a second security
                 admin's approval (four eyes); reads no task content.
- audit_admin    reads the event log and nothing else.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from luoshi.accounts.models import User
from luoshi.audit.models import Event
from luoshi.meetings.models import Commitment, Directive, Meeting, SourceDocument
from luoshi.org.models import Organization, Person, Region
from luoshi.reporting.models import ProgressReport, ReportAttachment, ReportingRound
from luoshi.work.models import Assignment, ExtensionRequest, Plan, Task

Role = User.Role

CONTENT_ROLES = {Role.OFFICE_ADMIN, Role.UNIT_REPORTER, Role.UNIT_LEADER, Role.GROUP_MEMBER}
UNIT_ROLES = {Role.UNIT_REPORTER, Role.UNIT_LEADER}
# Report states the office and the group see; drafts and reports still
# waiting for their unit leader stay inside the unit. A returned report is the
# office's only when the office returned it (it had been approved): one the
# unit leader sent back to the reporter never left the unit (returned_in_unit).
OFFICE_REPORT_STATES = (ProgressReport.State.APPROVED, ProgressReport.State.ACCEPTED, ProgressReport.State.RETURNED)


def _role(user) -> str | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return user.role


def unit_ids(user) -> set[int]:
    """The user's unit and every unit under it (cached on the user object)."""
    cached = getattr(user, "_luoshi_unit_ids", None)
    if cached is None:
        cached = user.organization.descendant_ids() if user.organization_id else set()
        user._luoshi_unit_ids = cached
    return cached


def is_office(user) -> bool:
    return _role(user) == Role.OFFICE_ADMIN


def reads_content(user) -> bool:
    return _role(user) in CONTENT_ROLES


# --- querysets -------------------------------------------------------------


def visible_tasks(user) -> QuerySet[Task]:
    role = _role(user)
    if role in (Role.OFFICE_ADMIN, Role.GROUP_MEMBER):
        return Task.objects.all()
    if role in UNIT_ROLES:
        return Task.objects.filter(assignments__organization_id__in=unit_ids(user)).distinct()
    return Task.objects.none()


def visible_plans(user) -> QuerySet[Plan]:
    role = _role(user)
    if role in (Role.OFFICE_ADMIN, Role.GROUP_MEMBER):
        return Plan.objects.all()
    if role in UNIT_ROLES:
        return Plan.objects.filter(pk__in=visible_tasks(user).values("plan_id"))
    return Plan.objects.none()


def visible_meetings(user) -> QuerySet[Meeting]:
    role = _role(user)
    if role in (Role.OFFICE_ADMIN, Role.GROUP_MEMBER):
        return Meeting.objects.all()
    if role in UNIT_ROLES:
        # A unit reads the meetings its tasks come from: the meeting that
        # adopted the plan, and the meetings whose directives became its tasks.
        tasks = visible_tasks(user)
        return Meeting.objects.filter(
            Q(pk__in=Plan.objects.filter(pk__in=tasks.values("plan_id")).values("adopted_at_id"))
            | Q(pk__in=tasks.values("source_directive__meeting_id"))
        )
    return Meeting.objects.none()


def visible_documents(user) -> QuerySet[SourceDocument]:
    role = _role(user)
    if role in (Role.OFFICE_ADMIN, Role.GROUP_MEMBER):
        return SourceDocument.objects.all()
    if role in UNIT_ROLES:
        return SourceDocument.objects.filter(meetings__in=visible_meetings(user)).distinct()
    return SourceDocument.objects.none()


def visible_directives(user) -> QuerySet[Directive]:
    """A directive is read with its meeting, or with its document when it has no meeting."""
    if _role(user) not in CONTENT_ROLES:
        return Directive.objects.none()
    return Directive.objects.filter(
        Q(meeting__in=visible_meetings(user)) | Q(meeting__isnull=True, document__in=visible_documents(user))
    )


def visible_commitments(user) -> QuerySet[Commitment]:
    """A commitment is read with its meeting, or with its document when it has no meeting."""
    if _role(user) not in CONTENT_ROLES:
        return Commitment.objects.none()
    return Commitment.objects.filter(
        Q(meeting__in=visible_meetings(user)) | Q(meeting__isnull=True, document__in=visible_documents(user))
    )


def visible_reports(user) -> QuerySet[ProgressReport]:
    role = _role(user)
    if role == Role.OFFICE_ADMIN or role == Role.GROUP_MEMBER:
        return ProgressReport.objects.filter(
            (Q(state__in=OFFICE_REPORT_STATES) & ~returned_in_unit())
            | Q(superseded_by__isnull=False, submitted_at__isnull=False)
        )
    if role in UNIT_ROLES:
        units = unit_ids(user)
        led = Task.objects.filter(assignments__organization_id__in=units, assignments__role="lead")
        # Its own unit's reports in every state; a lead unit also reads what
        # its supporting units have submitted on the tasks it leads.
        return ProgressReport.objects.filter(
            Q(organization_id__in=units) | (Q(task__in=led) & ~Q(state=ProgressReport.State.DRAFT))
        )
    return ProgressReport.objects.none()


def returned_in_unit() -> Q:
    """Reports a unit leader returned to their reporter (退回): returned without ever being approved."""
    return Q(state=ProgressReport.State.RETURNED, approved_at__isnull=True)


def reporting_units(user, assignments) -> list:
    """Of `assignments`, those whose unit's reports `user` may follow (same rule as visible_reports).

    The office and members follow every unit; a unit follows its own units,
    and every unit on a task it leads. A round's "who has reported" page uses
    it, so a supporting city never sees "not reported" for a lead department
    whose reports it is simply not shown.
    """
    role = _role(user)
    if role in (Role.OFFICE_ADMIN, Role.GROUP_MEMBER):
        return list(assignments)
    if role not in UNIT_ROLES:
        return []
    units = unit_ids(user)
    led = {a.task_id for a in assignments if a.role == "lead" and a.organization_id in units}
    return [a for a in assignments if a.organization_id in units or a.task_id in led]


def visible_rounds(user) -> QuerySet[ReportingRound]:
    return ReportingRound.objects.filter(plan__in=visible_plans(user))


def visible_attachments(user) -> QuerySet[ReportAttachment]:
    """An attachment is read by whoever reads its report version."""
    return ReportAttachment.objects.filter(report__in=visible_reports(user))


def visible_assignments(user) -> QuerySet[Assignment]:
    return Assignment.objects.filter(task__in=visible_tasks(user))


def visible_extension_requests(user) -> QuerySet[ExtensionRequest]:
    role = _role(user)
    if role in (Role.OFFICE_ADMIN, Role.GROUP_MEMBER):
        return ExtensionRequest.objects.all()
    if role in UNIT_ROLES:
        return ExtensionRequest.objects.filter(organization_id__in=unit_ids(user))
    return ExtensionRequest.objects.none()


def visible_organizations(user) -> QuerySet[Organization]:
    # The directory of bodies and units is shared by everyone who works in the
    # programme; the security admin needs it to attach accounts to units.
    if _role(user) in CONTENT_ROLES | {Role.SECURITY_ADMIN}:
        return Organization.objects.all()
    return Organization.objects.none()


def visible_regions(user) -> QuerySet[Region]:
    if _role(user) in CONTENT_ROLES | {Role.SECURITY_ADMIN}:
        return Region.objects.all()
    return Region.objects.none()


def visible_people(user) -> QuerySet[Person]:
    if _role(user) in CONTENT_ROLES:
        return Person.objects.all()
    return Person.objects.none()


def visible_events(user) -> QuerySet[Event]:
    """The whole log for the audit admin; a task's timeline for who sees the task."""
    role = _role(user)
    if role == Role.AUDIT_ADMIN:
        return Event.objects.all()
    if role in CONTENT_ROLES:
        return Event.objects.filter(task__in=visible_tasks(user))
    return Event.objects.none()


def visible_users(user) -> QuerySet[User]:
    if _role(user) == Role.SECURITY_ADMIN:
        return User.objects.all()
    return User.objects.none()


# 三员分立: an account that holds one of these roles, or the administration
# site, is created, changed or reset only with a second security admin's approval.
ADMIN_ROLES = {Role.SECURITY_ADMIN, Role.AUDIT_ADMIN, Role.OFFICE_ADMIN}


def holds_admin_rights(account) -> bool:
    """An admin role (security, audit, office staff) or the administration site."""
    return account.role in ADMIN_ROLES or bool(account.is_staff)


def get_visible(queryset: QuerySet, **lookup) -> Model:
    """The one object matching `lookup` inside the user's scope, or 404."""
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError):
        raise Http404 from None


# --- actions ---------------------------------------------------------------


def can(user, action: str, obj=None) -> bool:
    """May `user` take `action` (on `obj`)? Unknown actions are refused."""
    role = _role(user)
    if role is None:
        return False
    check = _ACTIONS.get(action)
    if check is None:
        return False
    return bool(check(user, role, obj))


def require(user, action: str, obj=None) -> None:
    if not can(user, action, obj):
        raise PermissionDenied(action)


def _unit_assigned(user, task) -> bool:
    return task.assignments.filter(organization_id__in=unit_ids(user)).exists()


def _office(user, role, obj) -> bool:
    return role == Role.OFFICE_ADMIN


def _own_unit(user, role, obj) -> bool:
    """A unit user acting on a row that belongs to their unit (or one under it)."""
    return role in UNIT_ROLES and obj is not None and obj.organization_id in unit_ids(user)


def _unit_leader_of(user, role, report) -> bool:
    """A unit leader acting on a report of their unit (or one under it): approve it or return it."""
    return role == Role.UNIT_LEADER and report is not None and report.organization_id in unit_ids(user)


def _leads(user, role, task) -> bool:
    """A unit user whose unit is the task's lead unit (not one that returned it)."""
    return (
        role in UNIT_ROLES
        and task is not None
        and task.assignments.filter(
            organization_id__in=unit_ids(user), role=Assignment.Role.LEAD
        ).exclude(state=Assignment.State.RETURNED).exists()
    )


def _may_delegate(user, role, task) -> bool:
    # Passing a task down (再分派) is the lead unit's own decision: its own
    # users, not users of a unit below it that happens to be in scope.
    return (
        role in UNIT_ROLES
        and task is not None
        and user.organization_id is not None
        and task.assignments.filter(organization_id=user.organization_id, role=Assignment.Role.LEAD)
        .exclude(state=Assignment.State.RETURNED).exists()
    )


_ACTIONS = {
    "admin.site": lambda user, role, obj: role == Role.OFFICE_ADMIN and user.is_staff,
    "programme.edit": _office,  # plans, tasks, assignments, meetings, documents
    "report.review": _office,  # accept or return a report
    "report.write": lambda user, role, obj: role in UNIT_ROLES and obj is not None and _unit_assigned(user, obj),
    "report.approve": lambda user, role, obj: _unit_leader_of(user, role, obj),
    # 退回: the unit leader sends a submitted report back to its reporter with a comment.
    "report.return": lambda user, role, obj: _unit_leader_of(user, role, obj),
    # A unit's own report: write a draft, submit it, make a new version. The
    # office reviews but never writes a unit's text.
    "report.edit": _own_unit,
    "round.open": _office,
    "assignment.assign": _office,
    "assignment.sign": _own_unit,  # sign for it, or return it with a reason
    "task.delegate": _may_delegate,  # obj: the task; the unit must lead it
    "extension.request": _leads,  # obj: the task
    "extension.decide": _office,
    "task.close": _office,  # close after verifying completion, and reopen
    # The supervision board, bulletins and scorecards read the whole programme.
    "supervision.read": lambda user, role, obj: role in (Role.OFFICE_ADMIN, Role.GROUP_MEMBER),
    "task.remind": _office,
    "accounts.manage": lambda user, role, obj: role == Role.SECURITY_ADMIN,
    # obj: an account as it is, or as it would be after a change (a new one has no pk).
    # Ordinary accounts only, never one's own: everything else is a request.
    "account.change_alone": lambda user, role, obj: (
        role == Role.SECURITY_ADMIN and obj.pk != user.pk and not holds_admin_rights(obj)
    ),
    # obj: the account a request is about (None for a new one); nobody asks about their own.
    "account.request": lambda user, role, obj: role == Role.SECURITY_ADMIN and (obj is None or obj.pk != user.pk),
    # obj: an AccountRequest; a second security admin, who is neither its author nor its subject.
    "account.decide": lambda user, role, obj: (
        role == Role.SECURITY_ADMIN and obj.state == "pending"
        and obj.requested_by_id != user.pk and obj.account_id != user.pk
    ),
    "audit.read": lambda user, role, obj: role == Role.AUDIT_ADMIN,
}


# --- archive ---------------------------------------------------------------
# Archiving withdraws a document (later: a plan, a task) from lists and counts
# without deleting it: it stays readable through the visible_* querysets above.


def may_archive(user, obj=None) -> bool:
    """Archiving (with a reason, logged) is the office's: a wrong upload or a plan confirmed by mistake."""
    return is_office(user)


_ACTIONS["archive"] = lambda user, role, obj: may_archive(user, obj)


def current_documents(user) -> QuerySet[SourceDocument]:
    """The documents the user's lists show: visible and not archived."""
    return visible_documents(user).filter(archive__isnull=True)


def archived_documents(user) -> QuerySet[SourceDocument]:
    """Visible documents that were archived, for the 已归档 list (still readable one by one)."""
    return visible_documents(user).filter(archive__isnull=False)


def current_plans(user) -> QuerySet[Plan]:
    """The plans lists and counts show: visible and not archived (an archived plan opens by its link)."""
    return visible_plans(user).filter(archived_at__isnull=True)


def current_tasks(user) -> QuerySet[Task]:
    """The tasks lists and counts show: visible, not archived, and not in an archived plan."""
    return visible_tasks(user).filter(archived_at__isnull=True, plan__archived_at__isnull=True)


def archived_plans(user) -> QuerySet[Plan]:
    return visible_plans(user).filter(archived_at__isnull=False)


def archived_tasks(user) -> QuerySet[Task]:
    """Tasks archived one by one (those of an archived plan go with their plan)."""
    return visible_tasks(user).filter(archived_at__isnull=False, plan__archived_at__isnull=True)
