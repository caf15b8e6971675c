"""The YRD region table: the CSV, its data migration and the loader."""

from __future__ import annotations

import csv
import re

import pytest
from django.core.management import call_command

from luoshi.org.models import Region
from luoshi.org.regions import DEFAULT_PATH, load_regions, read_regions_csv
from luoshi.work.models import WorkArea

PROVINCES = {"310000": "上海市", "320000": "江苏省", "330000": "浙江省", "340000": "安徽省"}
CITIES_PER_PROVINCE = {"320000": 13, "330000": 11, "340000": 16, "310000": 0}


def csv_rows() -> list[dict[str, str]]:
    with open(DEFAULT_PATH, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_the_csv_has_unique_six_digit_codes_and_the_expected_columns():
    rows = csv_rows()
    assert list(rows[0]) == ["code", "name", "short_name", "level", "parent_code"]
    codes = [r["code"] for r in rows]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[0-9]{6}", code) for code in codes)


def test_the_csv_holds_four_members_and_forty_prefecture_cities():
    # The YRD's "41 cities" are these 40 prefecture cities plus Shanghai,
    # which is itself a province-level member (one row, not two).
    rows = csv_rows()
    provinces = {r["code"]: r["name"] for r in rows if r["level"] == "province"}
    assert provinces == PROVINCES
    prefectures = [r for r in rows if r["level"] == "prefecture"]
    assert len(prefectures) == 40
    assert len(prefectures) + 1 == 41
    for code, count in CITIES_PER_PROVINCE.items():
        assert sum(r["parent_code"] == code for r in prefectures) == count, code


def test_every_city_row_is_named_in_simplified_with_a_matching_short_name_and_parent_prefix():
    for row in csv_rows():
        assert row["name"].startswith(row["short_name"]), row
        assert row["name"][-1] in "市省", row
        if row["level"] == "prefecture":
            assert row["parent_code"] == row["code"][:2] + "0000", row
            assert row["code"].endswith("00")
        else:
            assert row["parent_code"] == ""
    names = {r["code"]: r["name"] for r in csv_rows()}
    # Spot checks against GB/T 2260, including the gaps (341400 巢湖 was abolished in 2011).
    assert names["320600"] == "南通市"
    assert names["321300"] == "宿迁市"
    assert names["331100"] == "丽水市"
    assert names["341500"] == "六安市"
    assert "341400" not in names


@pytest.mark.django_db
def test_the_migration_stores_every_region_under_its_parent():
    rows = read_regions_csv()
    assert Region.objects.count() == len(rows) == 44
    stored = {r.code: r for r in Region.objects.select_related("parent")}
    for row in rows:
        region = stored[row.code]
        assert (region.name, region.short_name, region.level) == (row.name, row.short_name, row.level)
        assert (region.parent.code if region.parent else "") == row.parent_code
    assert stored["320600"].parent.name == "江苏省"
    assert stored["310000"].children.count() == 0


@pytest.mark.django_db
def test_loading_the_regions_again_creates_and_changes_nothing():
    before = list(Region.objects.values_list("code", "name", "short_name", "level", "parent_id"))
    assert load_regions() == (0, 0)
    assert load_regions() == (0, 0)
    assert list(Region.objects.values_list("code", "name", "short_name", "level", "parent_id")) == before


@pytest.mark.django_db
def test_the_loader_repairs_an_edited_row_and_then_settles():
    Region.objects.filter(code="320600").update(name="南通", short_name="")
    assert load_regions() == (0, 1)
    assert Region.objects.get(code="320600").name == "南通市"
    assert load_regions() == (0, 0)


@pytest.mark.django_db
def test_the_loader_adds_counties_from_another_file_under_stored_parents(tmp_path):
    path = tmp_path / "counties.csv"
    path.write_text("code,name,short_name,level,parent_code\n320612,通州区,通州,county,320600\n", encoding="utf-8")
    assert load_regions(path) == (1, 0)
    assert load_regions(path) == (0, 0)
    assert Region.objects.get(code="320612").parent.code == "320600"


@pytest.mark.parametrize(
    "line, message",
    [
        ("32060,南通市,南通,prefecture,320000", "six digits"),
        ("３２０６００,南通市,南通,prefecture,320000", "six digits"),
        ("320600,南通市,南通,city,320000", "unknown level"),
        ("320600,,南通,prefecture,320000", "empty name"),
    ],
)
def test_a_malformed_row_is_refused_with_its_line_number(tmp_path, line, message):
    path = tmp_path / "bad.csv"
    path.write_text(f"code,name,short_name,level,parent_code\n{line}\n", encoding="utf-8")
    with pytest.raises(ValueError, match=message) as info:
        read_regions_csv(path)
    assert ":2:" in str(info.value)


def test_a_duplicated_code_is_refused(tmp_path):
    path = tmp_path / "dup.csv"
    path.write_text(
        "code,name,short_name,level,parent_code\n320000,江苏省,江苏,province,\n320000,江苏省,江苏,province,\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="twice"):
        read_regions_csv(path)


@pytest.mark.django_db
def test_the_command_reports_what_it_did(capsys):
    call_command("load_regions")
    assert "0 created, 0 updated" in capsys.readouterr().out


@pytest.mark.django_db
def test_the_default_work_areas_are_seeded_in_order():
    slugs = list(WorkArea.objects.values_list("slug", flat=True))
    assert slugs == [
        "economy", "innovation", "infrastructure", "opening_up", "ecology",
        "demonstration_zone", "public_services", "epidemic_emergency", "safety", "general",
    ]
    areas = {a.slug: a for a in WorkArea.objects.all()}
    assert areas["ecology"].name == "生态环境共保联治"
    assert "太湖治理" in areas["ecology"].keywords.split("·")
    assert areas["general"].name == "学习贯彻与责任落实"
    assert all(a.keywords and a.is_active for a in areas.values())
