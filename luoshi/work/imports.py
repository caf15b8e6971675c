"""Importing a breakdown table into a plan, and exporting a plan as one.

The sheet is read first (luoshi.work.spreadsheet, no database); then, in one
transaction, units are matched by folded name, tasks are created or updated
by their 序号 (external_id), and every change is recorded as an event. A
sheet that cannot be read raises SheetError before anything is written.

The import record (luoshi.sheets.SheetImport) lives in the sheets app: it is
the report of one upload and the layout the plan's export repeats.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from luoshi import access
from luoshi.audit.events import diff, record
from luoshi.intake import tasklist
from luoshi.lib.text import fold
from luoshi.org.models import Organization
from luoshi.sheets.models import SheetImport
from luoshi.status.maintain import changing, touch
from luoshi.work.models import Assignment, Plan, Task
from luoshi.work.spreadsheet import (
    DEFAULT_HEADERS,
    ExtraSheet,
    Layout,
    RowIssue,
    SheetError,
    SheetTask,
    compose_description,
    read_sheet,
    split_description,
    write_sheet,
)

__all__ = ["ExtraSheet", "NewPlan", "SheetError", "export_plan", "export_rows", "import_plan", "is_collective",
           "sheet_numbers", "tree_order"]

LEAD, SUPPORT = Assignment.Role.LEAD, Assignment.Role.SUPPORT

# 各地, 各部门, 市级各有关部门, 区直各部门, 各相关单位: a reference to many units,
# not a unit. Never created as an organization; kept in the description. The
# intake's task-list vocabulary decides (tasklist.json "collective").
is_collective = tasklist.is_collective


@dataclass
class NewPlan:
    title: str
    year: int | None
    organization: Organization


@dataclass
class _Report:
    rejected: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)
    created: list[dict[str, Any]] = field(default_factory=list)
    updated: list[dict[str, Any]] = field(default_factory=list)
    unchanged: int = 0
    missing: list[dict[str, Any]] = field(default_factory=list)
    created_units: list[str] = field(default_factory=list)

    def issue(self, issue: RowIssue) -> None:
        entry = {"row": issue.row, "code": issue.code, "params": issue.params, "text": issue.text}
        (self.rejected if issue.rejected else self.warnings).append(entry)


class _Units:
    """Organizations by folded full name and short name, loaded once per import."""

    def __init__(self, actor, create: bool, report: _Report):
        self.actor, self.create, self.report = actor, create, report
        self.by_key: dict[str, list[Organization]] = {}
        for org in Organization.objects.only("pk", "name", "short_name", "is_active", "name_folded"):
            self._add(org)

    def _add(self, org: Organization) -> None:
        for key in {org.name_folded or fold(org.name), fold(org.short_name)} - {""}:
            self.by_key.setdefault(key, []).append(org)

    def match(self, name: str) -> tuple[list[Organization], tuple[str, dict[str, Any]] | None]:
        """([organizations], (why not, its parameters)) for a unit name as written."""
        candidates = self.by_key.get(fold(name), [])
        active = [o for o in candidates if o.is_active] or candidates
        if len(active) == 1:
            return active, None
        if len(active) > 1:
            return [], ("unit_ambiguous", {"name": name, "count": len(active)})
        if is_collective(name):
            return [], ("unit_collective", {"name": name})
        if self.create:
            org = Organization.objects.create(name=name[:200], kind=Organization.Kind.OTHER)
            record(self.actor, "organization.created", org, {"name": org.name, "source": "sheet import"})
            self._add(org)
            self.report.created_units.append(org.name)
            return [org], None
        return [], ("unit_unknown", {"name": name})


def import_plan(actor, data: bytes, *, file_name: str = "", plan: Plan | None = None,
                new_plan: NewPlan | None = None, create_units: bool = False) -> SheetImport:
    """Import a breakdown table into `plan`, or into a new plan made from `new_plan`.

    Either everything is written (plan, units, tasks, assignments, events and
    the SheetImport with its report) or, on any error, nothing is. Raises
    PermissionDenied for anyone but the office and SheetError for a sheet
    that cannot be read.
    """
    access.require(actor, "programme.edit")
    if (plan is None) == (new_plan is None):
        raise ValueError("give either plan or new_plan")
    year = plan.year if plan is not None else new_plan.year
    parsed = read_sheet(data, year)
    if not parsed.tasks:
        raise SheetError("no_rows", row=parsed.header_row)
    report = _Report()
    for issue in parsed.issues:
        report.issue(issue)
    with transaction.atomic():
        plan_created = plan is None
        if plan is None:
            title = new_plan.title.strip() or parsed.layout.title
            if not title:
                raise SheetError("no_title")
            plan = Plan.objects.create(title=title[:300], year=new_plan.year, organization=new_plan.organization)
            record(actor, "plan.created", plan, {"title": plan.title, "year": plan.year, "source": "sheet import"})
        else:
            plan = Plan.objects.select_for_update().get(pk=plan.pk)
        with changing():  # one bulk status refresh for the plan, as the import ends
            _Sync(actor, plan, _Units(actor, create_units, report), report).run(parsed.tasks)
            touch(*plan.tasks.values_list("pk", flat=True))
        layout = parsed.layout
        sheet_import = SheetImport.objects.create(
            plan=plan, actor=actor if getattr(actor, "is_authenticated", False) else None,
            file_name=file_name[:255], plan_created=plan_created,
            created=len(report.created), updated=len(report.updated), unchanged=report.unchanged,
            layout={"columns": [list(c) for c in layout.columns], "title": layout.title,
                    "sheet_name": layout.sheet_name, "sections": layout.sections},
            report={"rejected": report.rejected, "warnings": report.warnings, "created": report.created,
                    "updated": report.updated, "missing": report.missing,
                    "created_units": report.created_units},
        )
        record(actor, "plan.imported", plan, {
            "file": file_name, "created": len(report.created), "updated": len(report.updated),
            "unchanged": report.unchanged, "rejected": len(report.rejected), "missing": len(report.missing),
        })
    return sheet_import


class _Sync:
    """Brings a plan's tasks in line with the sheet's, one task at a time."""

    def __init__(self, actor, plan: Plan, units: _Units, report: _Report):
        self.actor, self.plan, self.units, self.report = actor, plan, units, report
        tasks = list(Task.objects.select_for_update().filter(plan=plan).order_by("pk"))
        # Lock first, then read what the snapshots need, without a query per task.
        tasks = list(Task.objects.filter(pk__in=[t.pk for t in tasks]).select_related("parent")
                     .prefetch_related("assignments__organization").order_by("pk"))
        self.by_ext = {t.external_id: t for t in tasks if t.external_id}
        # Tasks made elsewhere (the intake review) carry no 序号; a sheet row
        # with the same title under the same parent is the same task. The
        # number our export gave such a task (its place: 5.1) is not adopted.
        self.unnumbered = {(t.parent_id, fold(t.title)): t for t in reversed(tasks) if not t.external_id}
        self.positional = sheet_numbers(tasks)
        self.all = tasks
        self.seen: set[int] = set()

    def _match(self, items: list[SheetTask]) -> list[tuple[Task | None, object]]:
        """For each row: the task it is (None: a new one) and the key of its parent (a pk, a new row, None)."""
        placed: dict[str, object] = {}  # external id → task pk, or ("new", row index)
        taken: set[int] = set()
        out: list[tuple[Task | None, object]] = []
        for i, item in enumerate(items):
            parent = placed.get(item.parent_id) if item.parent_id else None
            task = self.by_ext.get(item.external_id)
            if task is None and not isinstance(parent, tuple):
                task = self.unnumbered.get((parent, fold(item.title)))
            if task is not None and task.pk in taken:
                task = None
            if task is not None:
                taken.add(task.pk)
            out.append((task, parent))
            placed[item.external_id] = task.pk if task is not None else ("new", i)
        return out

    def _kept_orders(self, matched: list[tuple[Task | None, object]]) -> set[int]:
        """Tasks whose stored order stays: the sheet lists their siblings as the plan already orders them.

        `order` is compared among siblings, not as a number: a plan typed in
        elsewhere numbers its orders otherwise than the sheet's row positions,
        and exporting and importing it again changes nothing.
        """
        groups: dict[object, list[Task | None]] = {}
        for task, parent in matched:
            groups.setdefault(parent, []).append(task)
        siblings: dict[int | None, list[int]] = {}
        for t in sorted(self.all, key=lambda t: (t.order, t.pk)):
            siblings.setdefault(t.parent_id, []).append(t.pk)
        kept: set[int] = set()
        for parent, tasks in groups.items():
            if any(t is None or t.parent_id != parent for t in tasks):
                continue
            pks = [t.pk for t in tasks]
            listed = set(pks)
            if [pk for pk in siblings.get(parent, []) if pk in listed] == pks:
                kept.update(pks)
        return kept

    def run(self, items: list[SheetTask]) -> None:
        matched = self._match(items)
        kept = self._kept_orders(matched)
        placed: dict[str, Task] = {}
        for order, (item, (task, _parent_key)) in enumerate(zip(items, matched, strict=True), start=1):
            parent = placed.get(item.parent_id) if item.parent_id else None
            leads, supports, unknown_leads, unknown_supports = self._units(item)
            description = compose_description(item.text, item.due_text, unknown_leads, unknown_supports)
            wanted = {"title": item.title, "description": description, "due": item.due,
                      "parent": parent, "order": task.order if task is not None and task.pk in kept else order}
            if task is None:
                task = self._create(item, wanted, leads, supports)
            else:
                self._update(task, item, wanted, leads, supports)
            self.seen.add(task.pk)
            placed[item.external_id] = task
        for task in self.all:
            if task.pk not in self.seen:
                self.report.missing.append({"external_id": task.external_id, "title": task.title})

    def _units(self, item: SheetTask) -> tuple[list[Organization], list[Organization], list[str], list[str]]:
        out: dict[str, tuple[list[Organization], list[str]]] = {LEAD: ([], []), SUPPORT: ([], [])}
        for role, names in ((LEAD, item.leads), (SUPPORT, item.supports)):
            for name in names:
                orgs, why = self.units.match(name)
                if orgs:
                    out[role][0].extend(orgs)
                else:
                    out[role][1].append(name)
                    code, params = why
                    self.report.warnings.append({"row": item.row, "code": code, "params": params,
                                                 "text": item.title})
        lead_orgs = _unique_orgs(out[LEAD][0])
        lead_pks = {o.pk for o in lead_orgs}
        support_orgs = [o for o in _unique_orgs(out[SUPPORT][0]) if o.pk not in lead_pks]
        return lead_orgs, support_orgs, out[LEAD][1], out[SUPPORT][1]

    def _create(self, item: SheetTask, wanted: dict[str, Any], leads, supports) -> Task:
        task = Task.objects.create(plan=self.plan, external_id=item.external_id, **wanted)
        Assignment.objects.bulk_create(
            [Assignment(task=task, organization=o, role=LEAD) for o in leads]
            + [Assignment(task=task, organization=o, role=SUPPORT) for o in supports]
        )
        record(self.actor, "task.created", task, _snapshot_values(wanted, leads, supports, item.external_id))
        self.report.created.append({"row": item.row, "external_id": item.external_id, "title": task.title})
        return task

    def _update(self, task: Task, item: SheetTask, wanted: dict[str, Any], leads, supports) -> None:
        current = list(task.assignments.all())
        before = _snapshot_values(
            {"title": task.title, "description": task.description, "due": task.due, "parent": task.parent,
             "order": task.order},
            [a.organization for a in current if a.role == LEAD],
            [a.organization for a in current if a.role == SUPPORT],
            task.external_id,
        )
        external_id = item.external_id
        if not task.external_id and external_id == self.positional.get(task.pk):
            external_id = ""  # the place our export numbered it by, not a 序号 of its own
        after = _snapshot_values(wanted, leads, supports, external_id)
        changes = diff(before, after)
        if not changes:
            self.report.unchanged += 1
            return
        for name, value in wanted.items():
            setattr(task, name, value)
        task.external_id = external_id
        task.version += 1  # the row is locked (select_for_update in __init__)
        task.save()
        self._sync_assignments(task, current, leads, supports)
        record(self.actor, "task.updated", task, changes)
        self.report.updated.append({"row": item.row, "external_id": item.external_id, "title": task.title,
                                    "fields": sorted(changes)})

    def _sync_assignments(self, task: Task, current: list[Assignment], leads, supports) -> None:
        wanted = {o.pk: LEAD for o in leads} | {o.pk: SUPPORT for o in supports}
        for assignment in current:
            role = wanted.pop(assignment.organization_id, None)
            if role is None:
                assignment.delete()
            elif role != assignment.role:
                assignment.role = role
                assignment.save(update_fields=["role"])
        Assignment.objects.bulk_create([Assignment(task=task, organization_id=pk, role=role)
                                        for pk, role in wanted.items()])


def _unique_orgs(orgs: list[Organization]) -> list[Organization]:
    seen: set[int] = set()
    return [o for o in orgs if not (o.pk in seen or seen.add(o.pk))]


def _snapshot_values(values: dict[str, Any], leads, supports, external_id: str) -> dict[str, Any]:
    parent = values["parent"]
    return {
        "external_id": external_id, "title": values["title"], "description": values["description"],
        "due": values["due"], "order": values["order"],
        "parent": (parent.external_id or str(parent.code)) if parent is not None else None,
        "lead": sorted(o.name for o in leads), "support": sorted(o.name for o in supports),
    }


# --- export -----------------------------------------------------------------


def layout_for(plan: Plan) -> Layout:
    """The layout of the plan's latest import, or the usual columns."""
    last = SheetImport.objects.filter(plan=plan).order_by("-at", "-pk").only("layout").first()
    if last is None or not last.layout.get("columns"):
        return Layout(columns=list(DEFAULT_HEADERS), title=plan.title, sheet_name=plan.title[:31])
    data = last.layout
    return Layout(columns=[(k, h) for k, h in data["columns"]], title=data.get("title", ""),
                  sheet_name=data.get("sheet_name", ""), sections=list(data.get("sections", [])))


def tree_order(tasks: list[Task]) -> list[Task]:
    """`tasks` parents first, siblings by (order, pk); a task whose parent is not among them is at the top."""
    present = {t.pk for t in tasks}
    children: dict[int | None, list[Task]] = {}
    for task in sorted(tasks, key=lambda t: (t.order, t.pk)):
        children.setdefault(task.parent_id if task.parent_id in present else None, []).append(task)
    out: list[Task] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        task = stack.pop()
        out.append(task)
        stack.extend(reversed(children.get(task.pk, [])))
    return out


def sheet_numbers(tasks: list[Task]) -> dict[int, str]:
    """The 序号 each task gets in an exported sheet: its own, or its place (5, 5.1) when it has none.

    A place already used as another task's 序号 falls back to #n, the way
    read_sheet numbers rows without one. The import computes the same numbers
    to know that a task without 序号 was only given its place.
    """
    ordered = tree_order(tasks)
    used = {t.external_id for t in ordered if t.external_id}
    numbers: dict[int, str] = {}
    rank: dict[int | None, int] = {}
    present = {t.pk for t in ordered}
    counter = 0
    for task in ordered:
        parent = task.parent_id if task.parent_id in present else None
        rank[parent] = rank.get(parent, 0) + 1
        if task.external_id:
            numbers[task.pk] = task.external_id
            continue
        number = f"{numbers[parent]}.{rank[parent]}" if parent is not None else str(rank[parent])
        while number in used:
            counter += 1
            number = f"#{counter}"
        used.add(number)
        numbers[task.pk] = number
    return numbers


def export_rows(plan: Plan, tasks: QuerySet[Task] | None = None) -> tuple[Layout, list[SheetTask], list[Task]]:
    """The plan's layout, one SheetTask per task in tree order, and the tasks in that order.

    `tasks` narrows the export to the tasks a reader may see (a unit sees
    only its own); a task whose parent is left out is written at the top level.
    """
    queryset = plan.tasks.all() if tasks is None else tasks.filter(plan=plan)
    ordered = tree_order(list(queryset.select_related("parent").prefetch_related("assignments__organization")))
    numbers = sheet_numbers(ordered)
    rows: list[SheetTask] = []
    for task in ordered:
        text, due_text, unknown_leads, unknown_supports = split_description(task.description)
        assignments = list(task.assignments.all())
        rows.append(SheetTask(
            external_id=numbers[task.pk], title=task.title, text=text,
            parent_id=numbers.get(task.parent_id),
            leads=[a.organization.name for a in assignments if a.role == LEAD] + unknown_leads,
            supports=[a.organization.name for a in assignments if a.role == SUPPORT] + unknown_supports,
            due=task.due, due_text=due_text,
        ))
    return layout_for(plan), rows, ordered


def export_plan(plan: Plan, tasks: QuerySet[Task] | None = None, extra: list[ExtraSheet] = ()) -> bytes:
    """The plan as a breakdown table in the layout it was imported in, one row per task (see write_sheet)."""
    layout, rows, _ordered = export_rows(plan, tasks)
    return write_sheet(layout, rows, extra)
