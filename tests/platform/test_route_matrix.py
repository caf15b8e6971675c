"""Every route × every persona of the demo, by GET: what each role may open is what the access
module says, nothing answers with a server error, and a GET changes nothing (等保 access control).

The routes are read from the URL configuration itself, so a new page is crawled the day it is
added: a route whose arguments the crawl cannot fill fails the test until ``_ARGUMENTS`` learns
it (or ``_SKIP`` says why it is left out).
"""

from __future__ import annotations

import re
import uuid

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from luoshi.accounts.models import User
from luoshi.audit.models import Event
from luoshi.demo.builder import build
from luoshi.meetings.models import Meeting, SourceDocument
from luoshi.org.models import Organization, Person, Region
from luoshi.reporting.models import ProgressReport, ReportAttachment, ReportingRound
from luoshi.supervision.models import Bulletin, Reminder
from luoshi.work.models import Assignment, ExtensionRequest, Plan, Task

# Events a GET may write: 等保 wants every export and download in the log.
_DOWNLOAD_ACTIONS = {"download"}
PERSONAS = ("office", "dept", "city", "leader", "member", "security", "audit")
# Admin object pages take a database id per model; their list pages are crawled.
_SKIP = re.compile(r"^admin/.*<(path:object_id|id)>|^admin/\(\?P<url>|^admin/\^\(\?P<app_label>"
                   r"|^admin/r/|^admin/logout/|^accounts/logout/|^i18n/")


def _routes(patterns=None, prefix="", namespace=None):
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            yield from _routes(p.url_patterns, prefix + str(p.pattern), p.namespace or namespace)
        elif isinstance(p, URLPattern):
            yield namespace, p.name, prefix + str(p.pattern)


def _arguments() -> dict[str, str]:
    """A real object of the demo for each kind of argument, keyed by the path segment before it."""
    report = ProgressReport.objects.filter(state="submitted").first() or ProgressReport.objects.first()
    return {
        "plans": str(Plan.objects.first().code),
        "tasks": str(Task.objects.order_by("pk").first().code),
        "reports": str(report.code),
        "rounds": str(ReportingRound.objects.first().code),
        "assignments": str(Assignment.objects.first().code),
        "extensions": str(ExtensionRequest.objects.first().code),
        "bulletins": str(Bulletin.objects.first().code),
        "reminders": str(Reminder.objects.first().code),
        "attachments": str(ReportAttachment.objects.first().code),
        "units": str(Organization.objects.first().code),
        "regions": str(Region.objects.first().code),
        "people": str(Person.objects.first().code),
        "meetings": str(Meeting.objects.first().code),
        "documents": str(SourceDocument.objects.first().code),
        "users": "city",
        # none in the demo: an unknown code must still be refused or not found, never an error
        "requests": str(uuid.uuid4()),
        "imports": str(uuid.uuid4()),
    }


def _url(path: str, args: dict[str, str]) -> str | None:
    """The path with each <converter:name> filled from the segment before it; None if unknown."""
    parts = path.split("/")
    out = []
    for i, part in enumerate(parts):
        m = re.fullmatch(r"(.*)<(?:\w+:)?(\w+)>(.*)", part)
        if not m:
            out.append(part)
            continue
        if m.group(2) == "version":
            out.append(f"{m.group(1)}1{m.group(3)}")
            continue
        segment = parts[i - 1] if i else ""
        if segment == "meetings" and parts[0] == "meetings":
            segment = "meetings"
        if segment not in args:
            return None
        out.append(f"{m.group(1)}{args[segment]}{m.group(3)}")
    return "/" + "/".join(out)


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return build()


def _crawl() -> tuple[dict[tuple[str, str], int], list[str]]:
    args = _arguments()
    urls, unknown = [], []
    for _ns, _name, path in _routes():
        if _SKIP.search(path):
            continue
        url = _url(path, args)
        if url is None:
            unknown.append(path)
        else:
            urls.append(url)
    matrix = {}
    for who in (None, *PERSONAS):
        client = Client()
        if who:
            client.force_login(User.objects.get(username=who))
        for url in urls:
            matrix[(who or "anonymous", url)] = client.get(url).status_code
    return matrix, unknown


# Pages that only the office opens: reading documents in, reviewing drafts, importing, archiving,
# opening rounds, writing bulletins, editing tasks.
_OFFICE_ONLY = re.compile(r"^/intake/$|^/intake/status/$|/review/$|^/sheets/import/$"
                          r"|/archive/$|/rounds/new/$|/bulletins/new/$|^/work/tasks/[^/]+/edit/$")
# Pages that hold the programme's business: a security or audit admin reads none of them (三员分立).
_BUSINESS_OBJECT = re.compile(r"^/(work|reporting|supervision|meetings|intake|sheets)/.*[0-9a-f]{8}-")
UNIT_PERSONAS = ("dept", "city", "leader")


def test_route_matrix(demo) -> None:
    events_before = set(Event.objects.values_list("pk", flat=True))
    matrix, unknown = _crawl()
    assert unknown == [], "routes the crawl cannot fill: teach _arguments() or _SKIP"
    assert len({url for _who, url in matrix}) > 100
    for (who, url), status in matrix.items():
        where = f"{who} GET {url} -> {status}"
        assert status < 500, where
        if who == "anonymous":
            assert status in (302, 405) or url == "/accounts/login/", where
            continue
        if url.startswith("/admin/"):
            assert status != 200 or who == "office", where
        if url.startswith("/audit/"):
            assert (status == 200) == (who == "audit"), where
        if url.startswith("/manage/"):
            assert status != 200 or who == "security", where
        if _OFFICE_ONLY.search(url):
            assert status != 200 or who == "office", where
        if who in ("security", "audit") and _BUSINESS_OBJECT.search(url):
            assert status != 200, where
        if who in UNIT_PERSONAS and url.startswith("/supervision/") and "/reminders/" not in url:
            assert status != 200, where
    # each role reaches its own start pages
    assert matrix[("office", "/intake/")] == 200
    assert matrix[("audit", "/audit/chain/")] == 200
    assert matrix[("security", "/manage/users/")] == 200
    assert all(matrix[(who, "/reporting/my-work/")] == 200 for who in UNIT_PERSONAS)
    # a GET changes nothing; the only events it leaves are the downloads the log must record
    written = Event.objects.exclude(pk__in=events_before)
    assert sorted(set(written.values_list("action", flat=True))) <= sorted(_DOWNLOAD_ACTIONS), \
        sorted(set(written.values_list("action", flat=True)))
