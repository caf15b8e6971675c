"""Template context for the shell: the demo flag and the role's navigation."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from luoshi import access
from luoshi.accounts.models import User

Role = User.Role

# (label, url name) per role. The programme pages belong to the apps that own
# them; the shell only links to them.
_PROGRAMME = [
    (_("Home"), "home"),
    (_("Plans and tasks"), "work:plan_list"),
    (_("Meetings"), "meetings:meeting_list"),
    (_("Reporting"), "reporting:round_list"),
    (_("Supervision"), "supervision:index"),
    (_("Organizations"), "org:organization_list"),
    (_("Regions"), "org:region_list"),
    (_("People"), "org:person_list"),
]
_UNIT = [
    (_("My tasks"), "home"),
    (_("My work"), "reporting:my_work"),
    (_("Reporting"), "reporting:round_list"),
    (_("Reminders"), "supervision:reminder_list"),
    (_("Meetings"), "meetings:meeting_list"),
]
NAV = {
    Role.OFFICE_ADMIN: [*_PROGRAMME[:1], (_("Review queue"), "reporting:review_queue"), (_("Intake"), "ingest:intake"),
                        (_("Spreadsheets"), "sheets:import"), *_PROGRAMME[1:]],
    Role.GROUP_MEMBER: _PROGRAMME,
    Role.UNIT_REPORTER: _UNIT,
    Role.UNIT_LEADER: _UNIT,
    Role.SECURITY_ADMIN: [(_("Accounts"), "manage:user_list")],
    Role.AUDIT_ADMIN: [(_("Audit log"), "audit:event_list")],
}


def nav_items(request: HttpRequest) -> list[dict]:
    user = request.user
    if not user.is_authenticated or not user.is_active:
        return []
    entries = list(NAV.get(user.role, []))
    if access.can(user, "admin.site"):
        entries.append((_("Administration"), "admin:index"))
    items = [{"label": label, "url": reverse(name), "current": False} for label, name in entries]
    # The deepest link that contains the current page is the current one
    # (/org/regions/ is "Regions", not also "Organizations" at /org/).
    matches = [i for i in items if request.path == i["url"] or (i["url"] != "/" and request.path.startswith(i["url"]))]
    if matches:
        max(matches, key=lambda i: len(i["url"]))["current"] = True
    return items


def luoshi(request: HttpRequest) -> dict:
    return {
        "LUOSHI_DEMO": getattr(settings, "LUOSHI_DEMO", False),
        "nav_items": nav_items(request) if hasattr(request, "user") else [],
        "language_choices": User.Language.choices,
    }
