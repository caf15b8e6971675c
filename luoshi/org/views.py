"""The directory: organizations, regions and people.

Every page reads through luoshi.access. The directory of bodies and regions
is open to everyone who works in the programme and to the security admin (who
attaches accounts to units); what hangs off it — people, tasks, meetings — is
filtered by the reader's own visible_* querysets, so the security admin sees
the tree without task content and a unit sees only its own tasks. The audit
admin has no business here (403).

List pages fetch whole trees in a fixed number of queries and build them in
Python; they never query per row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from luoshi import access
from luoshi.meetings.models import Participation
from luoshi.status.lights import lights_for
from luoshi.work.models import Assignment

from .models import Membership, Organization, Post, Region

PEOPLE_PER_PAGE = 100


def _require_directory(user) -> None:
    if not (access.reads_content(user) or access.can(user, "accounts.manage")):
        raise PermissionDenied("org.read")


def _flatten(roots: Iterable, children: dict, depth: int = 0) -> list[tuple[object, int]]:
    """Depth-first (node, depth) pairs, so a template draws a tree without recursion."""
    rows = []
    for node in roots:
        rows.append((node, depth))
        rows.extend(_flatten(children.get(node.pk, ()), children, depth + 1))
    return rows


# --- organizations ---------------------------------------------------------


@login_required
def organization_list(request: HttpRequest) -> HttpResponse:
    _require_directory(request.user)
    orgs = list(access.visible_organizations(request.user).select_related("region").order_by("name"))
    children: dict[int | None, list] = defaultdict(list)
    present = {o.pk for o in orgs}
    for org in orgs:
        # A unit whose parent is out of view is shown as a root rather than lost.
        children[org.parent_id if org.parent_id in present else None].append(org)
    for org in orgs:
        org.child_count = len(children.get(org.pk, ()))
    return render(request, "org/organization_list.html", {"rows": _flatten(children[None], children)})


@login_required
def organization_detail(request: HttpRequest, code) -> HttpResponse:
    user = request.user
    _require_directory(user)
    org = access.get_visible(access.visible_organizations(user).select_related("region", "parent"), code=code)
    people = access.visible_people(user)
    posts = list(
        Post.objects.filter(organization=org, person__in=people).select_related("person").order_by("end", "-start")
    )
    today = timezone.localdate()
    memberships = []
    if org.kind in Organization.GROUP_KINDS:
        memberships = list(
            Membership.objects.filter(group=org)
            .filter(Q(person__in=people) | Q(post__person__in=people))
            .select_related("person", "post__person", "post__organization")
            .order_by("role", "pk")
        )
    assignments = list(
        Assignment.objects.filter(organization=org, task__in=access.visible_tasks(user))
        .select_related("task", "task__plan")
        .order_by("task__due", "task__pk")
    )
    lights = lights_for([a.task for a in assignments], today)
    return render(request, "org/organization_detail.html", {
        "org": org,
        "children": access.visible_organizations(user).filter(parent=org).order_by("name"),
        "current_posts": [p for p in posts if p.end is None or p.end >= today],
        "past_posts": [p for p in posts if p.end is not None and p.end < today],
        "memberships": memberships,
        "assignments": assignments,
        "lights": lights,
        "shows_people": people.exists(),
    })


# --- regions ---------------------------------------------------------------


@login_required
def region_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require_directory(user)
    regions = list(access.visible_regions(user).order_by("code"))
    orgs_by_region: dict[int, list] = defaultdict(list)
    for org in access.visible_organizations(user).filter(region__isnull=False).order_by("name"):
        orgs_by_region[org.region_id].append(org)
    children: dict[int | None, list] = defaultdict(list)
    present = {r.pk for r in regions}
    for region in regions:
        region.orgs = orgs_by_region.get(region.pk, [])
        region.counties = []
        if region.level == Region.Level.COUNTY and region.parent_id in present:
            continue
        children[region.parent_id if region.parent_id in present else None].append(region)
    by_pk = {r.pk: r for r in regions}
    for region in regions:
        # Counties are folded into their city's row: the tree stays a
        # province → city overview, and a county is one click away.
        if region.level == Region.Level.COUNTY and region.parent_id in by_pk:
            by_pk[region.parent_id].counties.append(region)
    return render(request, "org/region_list.html", {"rows": _flatten(children[None], children)})


@login_required
def region_detail(request: HttpRequest, gb_code: str) -> HttpResponse:
    user = request.user
    _require_directory(user)
    region = access.get_visible(access.visible_regions(user).select_related("parent"), code=gb_code)
    tasks = list(
        access.visible_tasks(user).filter(regions=region).select_related("plan").order_by("due", "pk")
    )
    return render(request, "org/region_detail.html", {
        "region": region,
        "children": access.visible_regions(user).filter(parent=region).order_by("code"),
        "organizations": access.visible_organizations(user).filter(region=region).order_by("name"),
        "tasks": tasks,
        "lights": lights_for(tasks, timezone.localdate()),
    })


# --- people ----------------------------------------------------------------


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not access.reads_content(user):
        raise PermissionDenied("people.read")
    today = timezone.localdate()
    current = Post.objects.filter(Q(end__isnull=True) | Q(end__gte=today)).select_related("organization")
    people = access.visible_people(user).order_by("name", "pk").prefetch_related(
        Prefetch("posts", queryset=current.order_by("-start"), to_attr="current_posts")
    )
    page = Paginator(people, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "org/person_list.html", {"page": page, "query": ""})


@login_required
def person_detail(request: HttpRequest, code) -> HttpResponse:
    user = request.user
    if not access.reads_content(user):
        raise PermissionDenied("people.read")
    person = access.get_visible(access.visible_people(user), code=code)
    return render(request, "org/person_detail.html", {
        "person": person,
        "posts": person.posts.select_related("organization").order_by("-start", "-pk"),
        "memberships": Membership.objects.filter(Q(person=person) | Q(post__person=person))
        .select_related("group", "post").order_by("group__name", "role"),
        "participations": Participation.objects.filter(person=person, meeting__in=access.visible_meetings(user))
        .select_related("meeting", "venue").order_by("-meeting__date", "meeting__pk", "pk"),
    })
