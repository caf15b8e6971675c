"""Plans, their task trees, who does each task, milestones and indicators."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from luoshi.org.models import Organization, Region


class WorkArea(models.Model):
    """A configurable taxonomy of work areas (工作领域), seeded from DESIGN.md."""

    slug = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=64)
    keywords = models.TextField(_("keywords"), blank=True, help_text=_("One per line or separated by ·"))
    order = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("work area")
        verbose_name_plural = _("work areas")

    def __str__(self) -> str:
        return self.name


class Plan(models.Model):
    """A key-task list such as 2022年重点工作安排, for a year or a period."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="plans", verbose_name=_("organization")
    )
    title = models.CharField(_("title"), max_length=300)
    year = models.PositiveIntegerField(_("year"), null=True, blank=True)
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)
    adopted_at = models.ForeignKey(
        "meetings.Meeting", null=True, blank=True, on_delete=models.SET_NULL, related_name="adopted_plans",
        verbose_name=_("adopted at meeting"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Archived (confirmed by mistake, superseded): out of lists and counts, still readable; see work/archive.py.
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("archived by"),
    )
    archive_reason = models.TextField(_("reason for archiving"), blank=True)

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__isnull=True) | Q(period_start__isnull=True)
                | Q(period_end__gte=models.F("period_start")),
                name="plan_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Task(models.Model):
    """A key task; tasks form a tree of any depth (a city's commitments are children)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("plan"))
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children", verbose_name=_("parent task")
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    external_id = models.CharField(_("external id"), max_length=64, blank=True,
                                   help_text=_("Row number in the breakdown spreadsheet, kept for round trips"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    work_area = models.ForeignKey(
        WorkArea, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks", verbose_name=_("work area")
    )
    regions = models.ManyToManyField(Region, blank=True, related_name="tasks", verbose_name=_("regions concerned"))
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2, default=1)
    start = models.DateField(_("start"), null=True, blank=True)
    due = models.DateField(_("due"), null=True, blank=True)
    source_directive = models.ForeignKey(
        "meetings.Directive", null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks",
        verbose_name=_("source directive"),
    )
    source_commitment = models.ForeignKey(
        "meetings.Commitment", null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks",
        verbose_name=_("source commitment"),
    )
    completed_at = models.DateTimeField(_("completion accepted at"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("completion accepted by"),
    )
    # Optimistic lock: every write bumps it; a form posted with an old value is a conflict.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Archived with its sub-tasks (a task read twice, a mistake): out of lists and counts, still readable.
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("archived by"),
    )
    archive_reason = models.TextField(_("reason for archiving"), blank=True)

    class Meta:
        ordering = ["plan", "order", "pk"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "external_id"], condition=~Q(external_id=""), name="task_unique_external_id_per_plan"
            ),
            models.CheckConstraint(condition=Q(weight__gt=0), name="task_weight_positive"),
            models.CheckConstraint(
                condition=Q(due__isnull=True) | Q(start__isnull=True) | Q(due__gte=models.F("start")),
                name="task_due_after_start",
            ),
        ]
        indexes = [
            # the plan page: a plan's task tree in order
            models.Index(fields=["plan", "parent", "order"], name="task_plan_tree_idx"),
            # the supervision board: tasks by due date
            models.Index(fields=["due"], name="task_due_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.completed_at is not None


class Assignment(models.Model):
    """A unit's part in a task (lead or support) and whether it has signed for it (签收).

    A unit signs for an assignment or returns it with a reason within
    LUOSHI_SIGN_DAYS; a returned row is kept (the office sees why) and is
    reset to pending when the office assigns the task to that unit again.
    """

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead unit")
        SUPPORT = "support", _("Supporting unit")

    class State(models.TextChoices):
        PENDING = "pending", pgettext_lazy("assignment", "Awaiting sign-for")
        SIGNED = "signed", pgettext_lazy("assignment", "Signed for")
        RETURNED = "returned", pgettext_lazy("assignment", "Returned")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("task"))
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("organization")
    )
    role = models.CharField(_("role"), max_length=8, choices=Role.choices)
    state = models.CharField(
        pgettext_lazy("assignment", "sign-for state"), max_length=8, choices=State.choices, default=State.PENDING
    )
    due_to_sign = models.DateField(_("sign for by"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("assigned by"),
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("signed for by"),
    )
    signed_at = models.DateTimeField(_("signed for at"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=pgettext_lazy("assignment", "returned by"),
    )
    returned_at = models.DateTimeField(pgettext_lazy("assignment", "returned at"), null=True, blank=True)
    return_reason = models.TextField(_("reason for returning"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["task", "role", "pk"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(fields=["task", "organization"], name="assignment_unique_unit_per_task"),
            models.CheckConstraint(
                condition=~Q(state="returned") | ~Q(return_reason=""), name="assignment_return_needs_reason"
            ),
        ]
        indexes = [
            # "tasks my unit leads or supports": the unit's home page and every scoped list
            models.Index(fields=["organization", "role"], name="assignment_org_role_idx"),
            # "to sign for" on My work and "returned assignments" in the office's queue
            models.Index(fields=["state", "due_to_sign"], name="assignment_state_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} — {self.get_role_display()}"


class Milestone(models.Model):
    """A node (节点) of a task: by planned_date, planned_percent should be reached."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("task"))
    title = models.CharField(_("title"), max_length=200)
    planned_date = models.DateField(_("planned date"))
    planned_percent = models.PositiveSmallIntegerField(_("planned percent"))

    class Meta:
        ordering = ["task", "planned_date"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.CheckConstraint(condition=Q(planned_percent__lte=100), name="milestone_percent_at_most_100"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.planned_date}, {self.planned_percent}%)"


class Indicator(models.Model):
    class Direction(models.TextChoices):
        INCREASE = "increase", _("Higher is better")
        DECREASE = "decrease", _("Lower is better")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("task"))
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(pgettext_lazy("unit of measure", "unit"), max_length=32, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=18, decimal_places=4, null=True, blank=True)
    target = models.DecimalField(_("target"), max_digits=18, decimal_places=4)
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices, default=Direction.INCREASE)

    class Meta:
        ordering = ["task", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})" if self.unit else self.name


class Observation(models.Model):
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="observations", verbose_name=_("indicator")
    )
    period = models.CharField(_("period"), max_length=32)
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)
    report = models.ForeignKey(
        "reporting.ProgressReport", null=True, blank=True, on_delete=models.SET_NULL, related_name="observations",
        verbose_name=_("from report"),
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["indicator", "period", "recorded_at"]
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        indexes = [
            # an indicator's series on the task page
            models.Index(fields=["indicator", "period"], name="observation_series_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period}: {self.value}"


class ExtensionRequest(models.Model):
    """A unit's request to move a task's due date (延期申请) and the office's decision.

    Both dates are kept: `previous_due` is the due date when the unit asked,
    `requested_due` the one it asked for; an accepted request moves Task.due.
    """

    class State(models.TextChoices):
        PENDING = "pending", pgettext_lazy("extension request", "Pending")
        ACCEPTED = "accepted", pgettext_lazy("extension request", "Granted")
        DECLINED = "declined", pgettext_lazy("extension request", "Declined")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="extension_requests", verbose_name=_("task")
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="extension_requests", verbose_name=_("requesting unit")
    )
    previous_due = models.DateField(_("due date when asked"), null=True, blank=True)
    requested_due = models.DateField(_("requested due date"))
    reason = models.TextField(_("reason"))
    state = models.CharField(
        pgettext_lazy("extension request", "state"), max_length=8, choices=State.choices, default=State.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_comment = models.TextField(_("decision comment"), blank=True)

    class Meta:
        ordering = ["task", "-requested_at", "-pk"]
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        constraints = [
            # One open question per task: the office answers it before another is asked.
            models.UniqueConstraint(
                fields=["task"], condition=Q(state="pending"), name="extension_one_pending_per_task"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="extension_needs_reason"),
        ]
        indexes = [
            # the office's review queue: pending requests, oldest first
            models.Index(fields=["state", "requested_at"], name="extension_state_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.task} · {self.organization} → {self.requested_due}"
