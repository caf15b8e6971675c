"""Who is who at scale: ~300 units under the regions of load_regions, and the accounts.

The leading group and its office; per province its government, its
departments, its cities' governments and made-up counties under them. Every
department, city and county is a reporting unit; each has a leader and
reporters, and the office, the group's members, a security and an audit
admin complete the roles of the demo personas.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password

from luoshi.accounts.models import User
from luoshi.lib.text import fold
from luoshi.org.models import Organization, Region
from luoshi.scale import names
from luoshi.scale.writer import Writer

K = Organization.Kind
Role = User.Role


class ScaleError(Exception):
    """The database lacks what the generator builds on, or already holds a programme."""


@dataclass
class Unit:
    id: int
    name: str
    kind: str  # "department", "city" or "county": which tasks it leads
    region_id: int | None
    leader: int | None = None
    reporters: list[int] = field(default_factory=list)
    login: str = ""  # the first reporter's username


@dataclass
class Directory:
    group_id: int = 0
    office_users: list[int] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    accounts: dict[str, str] = field(default_factory=dict)  # a sample username per role, for the bench


def _org(w: Writer, name: str, short: str, kind: str, parent: int | None, region: int | None) -> int:
    pk = w.next_id(Organization)
    w.add(Organization, pk=pk, kind=kind, name=name, short_name=short, name_folded=fold(name), parent_id=parent,
                       region_id=region)
    return pk


def build_directory(w: Writer, rng: random.Random, units: int, users: int, batch: int, password: str,
                    avoid: set[str]) -> Directory:
    provinces = list(Region.objects.filter(level=Region.Level.PROVINCE).order_by("code"))
    if not provinces:
        raise ScaleError("no regions: run `manage.py migrate` and `manage.py load_regions` first")
    cities = {p.pk: list(Region.objects.filter(parent=p).order_by("code")) for p in provinces}
    mark = "" if batch == 1 else f"（第{batch}套）"
    d = Directory()
    d.group_id = _org(w, f"长三角区域协同发展领导小组{mark}", f"协同发展领导小组{mark}", K.LEADING_GROUP, None, None)
    office = _org(w, f"长三角区域协同发展领导小组办公室{mark}", f"协同办{mark}", K.OFFICE, d.group_id, None)

    # The reporting units: about a quarter departments, the cities (at most
    # one per prefecture), counties for the rest.
    rest = max(3, units - 2 - len(provinces))
    n_depts = min(len(provinces) * len(names.DEPARTMENTS), max(len(provinces), round(rest * 0.27)))
    n_cities = max(1, min(sum(len(c) for c in cities.values()), round(rest * 0.14)))
    n_counties = max(1, rest - n_depts - n_cities)
    governments = {p.pk: _org(w, f"{p.name}人民政府{mark}", f"{p.short_name}政府{mark}", K.GOVERNMENT, None, p.pk)
                   for p in provinces}
    for i in range(n_depts):
        p = provinces[i % len(provinces)]
        full, short = names.DEPARTMENTS[(i // len(provinces)) % len(names.DEPARTMENTS)]
        pk = _org(w, f"{p.name}{full}", f"{p.name}{short}", K.DEPARTMENT, governments[p.pk], p.pk)
        d.units.append(Unit(pk, f"{p.name}{short}", "department", p.pk))
    # Cities taken round the provinces, so a small programme still spans them.
    pool = [c for group in zip(*cities.values(), strict=False) for c in group]
    pool += [c for p in provinces for c in cities[p.pk] if c not in pool]
    city_units = []
    for region in pool[:n_cities]:
        pk = _org(w, f"{region.name}人民政府", f"{region.name}政府", K.GOVERNMENT, governments[region.parent_id],
                  region.pk)
        unit = Unit(pk, region.name, "city", region.pk)
        city_units.append(unit)
        d.units.append(unit)
    for i, place in enumerate(names.place_names(rng, n_counties)):
        city = city_units[i % len(city_units)]
        county = place + ("区" if i % 3 == 0 else "县")
        pk = _org(w, f"{city.name}{county}人民政府", f"{county}政府", K.GOVERNMENT, city.id, city.region_id)
        d.units.append(Unit(pk, county, "county", city.region_id))
    w.flush()

    _accounts(w, rng, d, office, users, batch, password, avoid)
    return d


def _accounts(w: Writer, rng: random.Random, d: Directory, office: int, users: int, batch: int, password: str,
              avoid: set[str]) -> None:
    # One hash for every account: hashing 5,000 passwords would take minutes
    # and test nothing.
    hashed = make_password(password)
    p = f"s{batch}."
    n_office = max(2, users // 250)
    n_members = max(1, users // 500)
    n_unit = max(0, users - n_office - n_members - 2)
    people = iter(names.person_names(rng, users + len(d.units) * 2, avoid))

    def add(username: str, role: str, org: int | None, staff: bool = False) -> int:
        pk = w.next_id(User)
        w.add(User, pk=pk, username=username, password=hashed, display_name=next(people), role=role,
                    organization_id=org, is_staff=staff, language=User.Language.HANS)
        return pk

    d.office_users = [add(f"{p}office{i:02d}", Role.OFFICE_ADMIN, office, staff=True) for i in range(1, n_office + 1)]
    for i in range(1, n_members + 1):
        add(f"{p}member{i:02d}", Role.GROUP_MEMBER, d.group_id)
    add(f"{p}security", Role.SECURITY_ADMIN, None)
    add(f"{p}audit", Role.AUDIT_ADMIN, None)
    # Each unit a leader first, then reporters round the units until the accounts run out.
    for n, unit in enumerate(d.units[:n_unit], start=1):
        unit.leader = add(f"{p}u{n:03d}.lead", Role.UNIT_LEADER, unit.id)
    left = n_unit - min(n_unit, len(d.units))
    serial = 0
    while left > 0:
        serial += 1
        for n, unit in enumerate(d.units, start=1):
            if left == 0:
                break
            username = f"{p}u{n:03d}.r{serial:02d}"
            unit.reporters.append(add(username, Role.UNIT_REPORTER, unit.id))
            unit.login = unit.login or username
            left -= 1
    w.flush()
    d.accounts = {"office": f"{p}office01", "member": f"{p}member01", "password": password}
