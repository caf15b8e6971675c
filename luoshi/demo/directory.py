"""Who is who in the story: the province's organizations, the accounts and personas, people and the group's seats.

Also the intake's lead-unit table (AreaLead), which the reading of the
plenary report uses to propose lead and supporting units.
"""

from __future__ import annotations

from luoshi.accounts import otp
from luoshi.accounts.models import User
from luoshi.demo import content as c
from luoshi.demo.clock import DemoError, Story
from luoshi.ingest.models import AreaLead
from luoshi.org.models import Membership, Organization, Person, Post, Region
from luoshi.org.regions import load_regions
from luoshi.work.models import WorkArea

# The accounts of a unit that sign for, report on and are reminded about its tasks.
UNIT_ROLES = (User.Role.UNIT_REPORTER, User.Role.UNIT_LEADER)


class Directory(Story):
    # -- organizations -------------------------------------------------------

    def organizations(self) -> None:
        # Regions are reference data seeded by a migration; reloading them here
        # restores any that were deleted (and repairs edited ones) first.
        region_created, region_updated = load_regions()
        if region_created:
            self.result.created["org.Region"] += region_created
        if region_updated:
            self.result.created["org.Region (repaired)"] += region_updated
        try:
            province = Region.objects.get(code=c.PROVINCE_CODE)
        except Region.DoesNotExist as exc:
            raise DemoError(f"region {c.PROVINCE_CODE} is missing") from exc
        self.province = province
        self.cities = {r.short_name: r for r in Region.objects.filter(parent=province)}

        K = Organization.Kind
        self.group = self._org(c.GROUP_NAME, c.GROUP_SHORT, K.LEADING_GROUP, None, province)
        self._org(c.OFFICE_NAME, c.OFFICE_SHORT, K.OFFICE, self.group, province)
        government = self._org(c.GOVERNMENT_NAME, c.GOVERNMENT_SHORT, K.GOVERNMENT, None, province)
        for name, short in c.DEPARTMENTS:
            self._org(name, short, K.DEPARTMENT, government, province)
        # City governments sit under the provincial government so that
        # "units under my unit" reads the administrative hierarchy.
        for region in sorted(self.cities.values(), key=lambda r: r.code):
            self._org(f"{region.name}人民政府", f"{region.name}政府", K.GOVERNMENT, government, region)

    def _org(self, name: str, short: str, kind: str, parent: Organization | None, region: Region) -> Organization:
        org, _ = self.get_or_create(
            Organization, parent=parent, name=name, defaults={"short_name": short, "kind": kind, "region": region}
        )
        self.orgs[short] = org
        return org

    def org(self, short: str | None) -> Organization | None:
        return self.orgs[short] if short else None

    # -- accounts ------------------------------------------------------------

    def accounts(self) -> None:
        for spec in c.PERSONAS:
            user = self._user(*spec, usable=True)
            # Enrolled in two-step verification; in demo mode the code page shows the current code.
            if otp.enrol_demo(user):
                self.result.created["otp_totp.TOTPDevice"] += 1
            self.result.personas.append(user)
        for spec in c.AUTHORS + c.CLERKS:
            self._user(*spec, usable=False)

    def _user(self, username: str, display: str, role: str, org_short: str | None, is_staff: bool,
              usable: bool) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, display_name=display, role=role, organization=self.org(org_short),
                        is_staff=is_staff, language=User.Language.HANS)
            if usable:
                user.set_password(c.PASSWORD)
            else:
                user.set_unusable_password()
            user.save()
            self.result.created["accounts.User"] += 1
        self.users[username] = user
        return user

    # -- people and the group ------------------------------------------------

    def people_and_seats(self) -> None:
        for name, posts, seat in c.PEOPLE:
            person = Person.objects.filter(name=name).first()
            if person is None:
                person = Person.objects.create(name=name)
                self.result.created["org.Person"] += 1
            self.people[name] = person
            group_post = None
            for title, org_short in posts:
                post, _ = self.get_or_create(
                    Post, person=person, title=title, organization=self.org(org_short),
                    defaults={"start": c.POST_START},
                )
                if org_short == c.GROUP_SHORT:
                    group_post = post
            if seat:
                self.get_or_create(Membership, group=self.group, person=person, role=seat,
                                   defaults={"post": group_post})

    # -- the intake's lead-unit table ------------------------------------------

    def area_leads(self) -> None:
        areas = {a.slug: a for a in WorkArea.objects.all()}
        missing = ({slug for _key, slug, _text in c.DIRECTIVES} | set(c.AREA_LEADS)) - areas.keys()
        if missing:
            raise DemoError(f"work areas missing: {', '.join(sorted(missing))} (run migrate)")
        self.areas = areas
        for slug, (lead, supports) in c.AREA_LEADS.items():
            units = [(AreaLead.Role.LEAD, lead)] + [(AreaLead.Role.SUPPORT, s) for s in supports]
            for role, short in units:
                self.get_or_create(AreaLead, work_area=areas[slug], organization=self.orgs[short],
                                   defaults={"role": role})

