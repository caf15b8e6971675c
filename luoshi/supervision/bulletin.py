"""The supervision bulletin (督查通报): the facts of a plan on a date, a draft, and the .docx.

`summarize()` gathers the facts in a fixed number of queries; `draft()` writes
them as the formal text the office edits (一、总体情况 … 五、下一步工作要求);
`to_docx()` lays a saved text out as an official document after GB/T 9704:
the red masthead, 第N期, the issuing office and date, a red rule, 仿宋 body
with a two-character first-line indent, 黑体 headings.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Max, Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from luoshi.org.models import Organization
from luoshi.status.lights import lights_for
from luoshi.supervision import mail
from luoshi.supervision.models import Bulletin
from luoshi.work.models import Assignment, ExtensionRequest, Plan, Task
from luoshi.work.progress import Light, Status, rollup_percent


@dataclass
class Line:
    task: Task
    light: Light
    leads: list[Organization]


@dataclass
class Lagging:
    unit: Organization
    at_risk: int = 0
    overdue: int = 0

    @property
    def total(self) -> int:
        return self.at_risk + self.overdue


@dataclass
class Unsigned:
    """A task not done that some assigned unit has not signed for (签收) yet."""

    task: Task
    assignments: list[Assignment]

    @property
    def late_since(self) -> dt.date | None:
        dates = [a.due_to_sign for a in self.assignments if a.due_to_sign]
        return min(dates) if dates else None


@dataclass
class Summary:
    """A plan's state on `as_of`: counts by light, the rolled-up percent, the lists, the lagging units."""

    plan: Plan
    as_of: dt.date
    counts: dict[str, int]
    percent: float | None
    lines: dict[str, list[Line]] = field(default_factory=dict)
    lagging: list[Lagging] = field(default_factory=list)
    unsigned: list[Unsigned] = field(default_factory=list)
    # Extension requests granted in the period: after the previous bulletin's
    # date (`since`, None for the first bulletin) up to `as_of`.
    since: dt.date | None = None
    extensions: list[ExtensionRequest] = field(default_factory=list)

    def late_unsigned(self) -> int:
        return sum(1 for u in self.unsigned if u.late_since and u.late_since < self.as_of)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def summarize(plan: Plan, as_of: dt.date, tasks: list[Task] | None = None) -> Summary:
    """The facts of the bulletin.

    percent = the weight-averaged percent of the plan's top-level tasks, each
    of which is itself rolled up from its children (progress.rollup_percent).
    A lagging unit leads at least one task that is at risk or overdue; units
    are ordered by overdue, then at-risk counts. Tasks awaiting sign-for are
    the open tasks with an assignment still pending; the period for granted
    extensions starts after the previous bulletin of the plan. Tasks archived one by one
    (luoshi.work.archive) are left out.
    """
    if tasks is None:
        tasks = list(
            Task.objects.filter(plan=plan, archived_at__isnull=True).prefetch_related(
                Prefetch("assignments", queryset=Assignment.objects.select_related("organization"))
            )
        )
    lights = lights_for(tasks, as_of)
    counts = Counter(lights[t.pk].status for t in tasks)
    top = [t for t in tasks if t.parent_id is None]
    percent = rollup_percent((t.weight, lights[t.pk].percent, lights[t.pk].status == Status.DONE) for t in top)
    lines: dict[str, list[Line]] = {status: [] for status in Status.ALL}
    lagging: dict[int, Lagging] = {}
    for t in sorted(tasks, key=lambda t: (t.due or dt.date.max, t.order, t.pk)):
        leads = [a.organization for a in t.assignments.all() if a.role == Assignment.Role.LEAD]
        status = lights[t.pk].status
        lines[status].append(Line(t, lights[t.pk], leads))
        if status in (Status.AT_RISK, Status.OVERDUE):
            for unit in leads:
                entry = lagging.setdefault(unit.pk, Lagging(unit))
                if status == Status.OVERDUE:
                    entry.overdue += 1
                else:
                    entry.at_risk += 1
    ordered = sorted(lagging.values(), key=lambda e: (-e.overdue, -e.at_risk, str(e.unit)))
    unsigned = []
    for t in sorted(tasks, key=lambda t: (t.due or dt.date.max, t.order, t.pk)):
        pending = [a for a in t.assignments.all() if a.state == Assignment.State.PENDING]
        if pending and lights[t.pk].status != Status.DONE:
            pending.sort(key=lambda a: (a.role != Assignment.Role.LEAD, a.pk))
            unsigned.append(Unsigned(t, pending))
    since = Bulletin.objects.filter(plan=plan, as_of__lt=as_of).aggregate(d=Max("as_of"))["d"]
    granted = ExtensionRequest.objects.filter(
        task__plan=plan, task__archived_at__isnull=True, state=ExtensionRequest.State.ACCEPTED, decided_at__date__lte=as_of,
    ).select_related("task", "organization").order_by("decided_at", "pk")
    if since is not None:
        granted = granted.filter(decided_at__date__gt=since)
    return Summary(plan, as_of, {s: counts.get(s, 0) for s in Status.ALL}, percent, lines, ordered,
                   unsigned, since, list(granted))


# --- the draft ---------------------------------------------------------------

CHINESE_NUMERALS = "一二三四五六七八九十"


def _sub(n: int, language: str) -> str:
    """（一）, （二） … in Chinese; (1), (2) … otherwise."""
    numeral = CHINESE_NUMERALS[n - 1] if language.startswith("zh") and n <= 10 else str(n)
    return _("(%(n)s) ") % {"n": numeral}


def _units(units: list[Organization], language: str) -> str:
    return pgettext("list separator", ", ").join(mail.in_script(str(u), language) for u in units) or _("none assigned")


def _task_line(n: int, line: Line, language: str, detail: str) -> str:
    title = mail.in_script(line.task.title, language)
    return _("%(n)d. %(task)s (lead: %(units)s%(detail)s).") % {
        "n": n, "task": title, "units": _units(line.leads, language), "detail": detail,
    }


def _sign_for(out: list[str], s: Summary, language: str) -> None:
    if not s.unsigned:
        return
    late = s.late_unsigned()
    total = ngettext(
        "%(n)d task is still awaiting sign-for by its assigned units",
        "%(n)d tasks are still awaiting sign-for by their assigned units",
        len(s.unsigned),
    ) % {"n": len(s.unsigned)}
    if late:
        out.append(ngettext(
            "%(total)s; for %(late)d of them the sign-for date has passed:",
            "%(total)s; for %(late)d of them the sign-for date has passed:",
            late,
        ) % {"total": total, "late": late})
    else:
        out.append(_("%(total)s:") % {"total": total})
    for n, u in enumerate(s.unsigned, 1):
        units = _units([a.organization for a in u.assignments], language)
        title = mail.in_script(u.task.title, language)
        if u.late_since and u.late_since < s.as_of:
            out.append(_("%(n)d. %(task)s (not signed for by %(units)s; the sign-for was due on %(date)s).") % {
                "n": n, "task": title, "units": units, "date": mail.day(u.late_since)})
        else:
            out.append(_("%(n)d. %(task)s (awaiting sign-for by %(units)s).") % {
                "n": n, "task": title, "units": units})


def _extensions(out: list[str], s: Summary, language: str) -> None:
    if not s.extensions:
        return
    count = len(s.extensions)
    if s.since is not None:
        out.append(ngettext(
            "Since the previous bulletin (as of %(date)s), %(n)d extension request was granted:",
            "Since the previous bulletin (as of %(date)s), %(n)d extension requests were granted:",
            count,
        ) % {"date": mail.day(s.since), "n": count})
    else:
        out.append(ngettext(
            "So far %(n)d extension request has been granted:",
            "So far %(n)d extension requests have been granted:",
            count,
        ) % {"n": count})
    for n, req in enumerate(s.extensions, 1):
        values = {"n": n, "task": mail.in_script(req.task.title, language),
                  "unit": mail.in_script(str(req.organization), language), "new": mail.day(req.requested_due)}
        if req.previous_due:
            out.append(_("%(n)d. %(task)s (%(unit)s; due date moved from %(old)s to %(new)s).")
                       % {**values, "old": mail.day(req.previous_due)})
        else:
            out.append(_("%(n)d. %(task)s (%(unit)s; due date set to %(new)s).") % values)


def draft(summary: Summary, language: str, issuer: str = "") -> str:
    """The bulletin's body as editable text in the active language; one paragraph per line."""
    s = summary
    c = s.counts
    plan = mail.in_script(s.plan.title, language)
    percent = f"{s.percent:.1f}".rstrip("0").rstrip(".") if s.percent is not None else "0"
    out: list[str] = []

    out.append(_("I. Overall situation"))
    out.append(_(
        "As of %(date)s, %(plan)s comprises %(total)d key tasks, with overall progress of %(percent)s%%. "
        "Of these, %(done)d are completed, %(on_track)d are on track, %(at_risk)d are at risk, "
        "%(overdue)d are overdue and %(not_started)d have not reported progress yet."
    ) % {
        "date": mail.day(s.as_of), "plan": plan, "total": s.total, "percent": percent,
        "done": c[Status.DONE], "on_track": c[Status.ON_TRACK], "at_risk": c[Status.AT_RISK],
        "overdue": c[Status.OVERDUE], "not_started": c[Status.NOT_STARTED],
    })
    if s.lagging:
        named = pgettext("list separator", ", ").join(
            _("%(unit)s (%(counts)s)") % {"unit": mail.in_script(str(e.unit), language), "counts": pgettext("count separator", ", ").join(
                part for part in (
                    ngettext("%(n)d at risk", "%(n)d at risk", e.at_risk) % {"n": e.at_risk} if e.at_risk else "",
                    ngettext("%(n)d overdue", "%(n)d overdue", e.overdue) % {"n": e.overdue} if e.overdue else "",
                ) if part
            )}
            for e in s.lagging
        )
        out.append(_("By lead unit, progress lags at: %(units)s.") % {"units": named})
    _sign_for(out, s, language)
    _extensions(out, s, language)

    out.append(_("II. Tasks progressing well"))
    done, on_track = s.lines[Status.DONE], s.lines[Status.ON_TRACK]
    if not done and not on_track:
        out.append(_("None at present."))
    if done:
        out.append(_sub(1, language) + _("Completed tasks"))
        out.extend(_task_line(n, line, language, "") for n, line in enumerate(done, 1))
    if on_track:
        out.append(_sub(2 if done else 1, language) + _("Tasks on track"))
        out.extend(
            _task_line(n, line, language, _(", %(percent)d%% done") % {"percent": round(line.light.percent or 0)})
            for n, line in enumerate(on_track, 1)
        )

    out.append(_("III. Tasks at risk"))
    if not s.lines[Status.AT_RISK]:
        out.append(_("None at present."))
    for n, line in enumerate(s.lines[Status.AT_RISK], 1):
        # The reason may be a unit's own sentence; its full stop would double the line's.
        reason = mail.in_script(line.light.reason, language).rstrip("。.；;，, ")
        out.append(_task_line(n, line, language, _("; %(reason)s") % {"reason": reason}))

    out.append(_("IV. Overdue tasks"))
    if not s.lines[Status.OVERDUE]:
        out.append(_("None at present."))
    for n, line in enumerate(s.lines[Status.OVERDUE], 1):
        days = (s.as_of - line.task.due).days
        out.append(_task_line(n, line, language, ngettext(
            ", due %(due)s, %(days)d day overdue", ", due %(due)s, %(days)d days overdue", days,
        ) % {"due": mail.day(line.task.due), "days": days}))

    out.append(_("V. Requirements for the next stage"))
    office = mail.in_script(issuer, language) if issuer else _("the office")
    out.append(_sub(1, language) + _(
        "Every lead unit is to check its tasks against the list and the milestones, speed up the work "
        "and make sure it is completed on time."))
    out.append(_sub(2, language) + _(
        "The lead units of tasks at risk or overdue are to analyse the causes, set out corrective measures "
        "with a timetable, and report them to %(office)s.") % {"office": office})
    out.append(_sub(3, language) + _(
        "Supporting units are to work actively with the lead units and report their progress on time."))
    out.append(_sub(4, language) + _(
        "%(office)s will keep tracking and supervising the work and will report on units whose work lags.")
        % {"office": office})
    return "\n".join(out)


def issuing_office(plan: Plan) -> str:
    """The office under the plan's body (e.g. the leading group's office), or the body itself."""
    office = (
        Organization.objects.filter(parent_id=plan.organization_id, kind=Organization.Kind.OFFICE)
        .order_by("pk").first()
    )
    return str(office or plan.organization)


# --- the .docx ---------------------------------------------------------------

RED = "C00000"
FANGSONG = "仿宋"
HEITI = "黑体"
KAITI = "楷体"
XIAOBIAOSONG = "方正小标宋简体"
# 三号 (16 pt) body, 二号 (22 pt) document title; the masthead is larger still.
BODY_PT = 16
TITLE_PT = 22
MASTHEAD_PT = 36
# Characters lxml refuses in XML; pasted text sometimes carries them.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
HEADING = re.compile(r"^([一二三四五六七八九十]+、|[IVX]+\.\s)")
SUBHEADING = re.compile(r"^(（[一二三四五六七八九十]+）|\([0-9一二三四五六七八九十]+\))")


def _clean(text: str) -> str:
    return _XML_ILLEGAL.sub("", text)


def _font(run, name: str, size: float, bold: bool = False, color: str | None = None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    if color:
        run.font.color.rgb = RGBColor.from_string(color)
    # Word picks the font of Chinese characters from w:eastAsia, not from w:ascii.
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _spacing(paragraph, line_pt: float = 28, before: float = 0, after: float = 0) -> None:
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt

    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(line_pt)
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)


def _indent_two_characters(paragraph) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    # firstLineChars is what Word shows as "2 字符"; firstLine is its fallback in points.
    paragraph.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
    ind = paragraph._p.get_or_add_pPr().find(qn("w:ind"))
    ind.set(qn("w:firstLineChars"), "200")


def _red_rule(paragraph) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), "18")  # eighths of a point: a 2.25 pt rule
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), RED)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def to_docx(title: str, number_line: str, issuer: str, date_line: str, heading: str, text: str) -> bytes:
    """An official-document .docx of a bulletin; returns its bytes."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
    from docx.shared import Cm

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    text_width = section.page_width - section.left_margin - section.right_margin

    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _spacing(p, MASTHEAD_PT * 1.3, before=12, after=6)
    _font(p.add_run(_clean(title)), XIAOBIAOSONG, MASTHEAD_PT, color=RED)

    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _spacing(p)
    _font(p.add_run(_clean(number_line)), FANGSONG, BODY_PT)

    p = doc.add_paragraph()
    p.paragraph_format.tab_stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT)
    _spacing(p, after=4)
    _font(p.add_run(_clean(issuer) + "\t" + _clean(date_line)), FANGSONG, BODY_PT)
    _red_rule(p)

    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _spacing(p, TITLE_PT * 1.6, before=18, after=12)
    _font(p.add_run(_clean(heading)), XIAOBIAOSONG, TITLE_PT)

    for raw in _clean(text).splitlines():
        line = raw.strip()
        if not line:
            continue
        p = doc.add_paragraph()
        _spacing(p)
        _indent_two_characters(p)
        if HEADING.match(line):
            _font(p.add_run(line), HEITI, BODY_PT, bold=True)
        elif SUBHEADING.match(line):
            _font(p.add_run(line), KAITI, BODY_PT, bold=True)
        else:
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            _font(p.add_run(line), FANGSONG, BODY_PT)

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
