"""Search across kinds: either script, only what access.py shows, ranked, marked, kept current."""
from __future__ import annotations

import random

from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from luoshi.meetings.models import SourceDocument
from luoshi.reporting.models import ProgressReport
from luoshi.search import grams
from luoshi.search.models import SearchEntry
from luoshi.search.query import search
from tests import factories as f

Kind = SearchEntry.Kind
State = ProgressReport.State


def kinds_and_titles(user, q):
    return [(e.kind, e.title) for e in search(user, q).entries]


def test_tokens_fold_traditional_to_simplified_and_cut_bigrams_and_unigrams():
    assert grams.index_tokens("推進城市更新") == grams.index_tokens("推进城市更新")
    tokens = grams.index_tokens("城市更新，GDP增長２０２６").split()
    assert {"城市", "市更", "更新", "城", "新", "gdp", "增长", "2026"} <= set(tokens)
    assert "新g" not in tokens and "，" not in "".join(tokens)
    assert grams.query_tokens("城市更新") == ["城市", "市更", "更新"]
    assert grams.query_tokens("湾") == ["湾"]
    assert grams.query_tokens("灣區 灣區") == ["湾区"]


def test_a_simplified_query_finds_a_traditional_report_and_the_reverse(world):
    city = world.users["city"]
    f.report(world.task_b, world.city, text="本季度完成舊城區雨污分流改造管網十二公里。")
    f.report(world.task_b, world.city, text="滨江绿道二期已完成主体施工。")
    found = kinds_and_titles(city, "旧城区雨污分流")
    assert [k for k, _ in found] == [Kind.REPORT]
    assert search(city, "旧城区").entries[0].body.startswith("本季度完成舊城區")
    assert [k for k, _ in kinds_and_titles(city, "濱江綠道")] == [Kind.REPORT]


def test_a_unit_never_sees_another_units_report_or_a_task_outside_its_scope(world, client):
    world.task_c.title = "港区集疏运体系建设"
    world.task_c.save()
    f.report(world.task_c, world.other_city, state=State.APPROVED, text="港区集疏运铁路专用线已开工。",
             submitted_at="2026-04-02T10:00Z", approved_at="2026-04-03T10:00Z")
    office, other, city = world.users["office"], world.users["other"], world.users["city"]
    assert {k for k, _ in kinds_and_titles(office, "集疏运")} == {Kind.TASK, Kind.REPORT}
    assert {k for k, _ in kinds_and_titles(other, "集疏运")} == {Kind.TASK, Kind.REPORT}
    assert kinds_and_titles(city, "集疏运") == []
    assert kinds_and_titles(world.users["audit"], "集疏运") == []
    client.force_login(city)
    page = client.get(reverse("search:search"), {"q": "集疏运"}).content.decode()
    assert "港区" not in page.split("<main>")[1]


def test_a_one_character_query_and_a_long_query(world):
    office = world.users["office"]
    world.task_a.title = "推进湾区港口协同发展"
    world.task_a.save()
    one = kinds_and_titles(office, "灣")
    assert (Kind.TASK, "推进湾区港口协同发展") in one
    exact = search(office, "湾区港口协同发展")
    assert exact.every and [e.title for e in exact.entries] == ["推进湾区港口协同发展"]
    # No text has every word of a long query: the entries with most of them come first.
    long = search(office, "关于加快推进湾区港口协同发展和内河航运提升的实施意见")
    assert not long.every and long.entries[0].title == "推进湾区港口协同发展"


def test_a_title_match_ranks_above_a_body_match(world):
    office = world.users["office"]
    world.task_a.title = "数字政府建设"
    world.task_a.description = "统筹推进"
    world.task_a.save()
    world.task_b.title = "营商环境优化"
    world.task_b.description = "依托数字政府平台推进一网通办。"
    world.task_b.save()
    assert [t for _, t in kinds_and_titles(office, "数字政府")][:2] == ["数字政府建设", "营商环境优化"]


def test_the_results_page_escapes_html_before_marking_the_query(world, client):
    world.task_a.title = '<script>alert("x")</script>智慧交通<b>建设</b>'
    world.task_a.save()
    client.force_login(world.users["office"])
    response = client.get(reverse("search:search"), {"q": "智慧交通"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<mark>智慧交通</mark>&lt;b&gt;建设&lt;/b&gt;" in html
    assert '<script>alert("x")' not in html
    assert "style=" not in html.split("<main>")[1]


def test_the_page_groups_results_by_kind_with_counts_and_pages_each_kind(world, client):
    office = world.users["office"]
    for i in range(12):
        f.task(world.plan, title=f"河湖长制专项行动第{i + 1}项")
    f.meeting(world.group, title="河湖长制工作会议")
    client.force_login(office)
    html = client.get(reverse("search:search"), {"q": "河湖长制"}).content.decode()
    assert 'href="#task"' in html and "(12)" in html and 'href="#meeting"' in html and "(1)" in html
    assert html.count("</mark>专项行动第") == 10  # the first page of the tasks section
    html2 = client.get(reverse("search:search"), {"q": "河湖长制", "task": 2}).content.decode()
    assert html2.count("</mark>专项行动第") == 2


def test_the_index_follows_saves_and_deletes(world):
    office = world.users["office"]
    task = f.task(world.plan, title="老旧小区加装电梯")
    assert kinds_and_titles(office, "加装电梯") == [(Kind.TASK, "老旧小区加装电梯")]
    task.title = "老旧小区改造提升"
    task.save()
    assert kinds_and_titles(office, "加装电梯") == []
    assert kinds_and_titles(office, "改造提升") == [(Kind.TASK, "老旧小区改造提升")]
    task.delete()
    assert kinds_and_titles(office, "改造提升") == []
    assert not SearchEntry.objects.filter(kind=Kind.TASK, object_id=task.pk).exists()


def test_people_units_meetings_and_documents_are_found(world):
    office = world.users["office"]
    person = f.person("欧阳明远")
    unit = f.org("省数据资源管理局")
    meeting = f.meeting(world.group, title="第三次全体会议", summary="听取数据要素市场化配置改革汇报")
    found = set(kinds_and_titles(office, "欧阳"))
    assert (Kind.PERSON, person.name) in found
    assert (Kind.UNIT, unit.name) in {(k, t) for k, t in kinds_and_titles(office, "数据资源")}
    assert (Kind.MEETING, meeting.title) in set(kinds_and_titles(office, "数据要素"))


def test_rebuild_is_idempotent_and_drops_entries_of_gone_objects(world):
    world.task_a.title = "城乡供水一体化"
    world.task_a.save()
    before = sorted(SearchEntry.objects.values_list("kind", "object_id", "title", "title_tokens", "body_tokens"))
    SearchEntry.objects.filter(kind=Kind.TASK).delete()  # lost, e.g. written by bulk_create
    SearchEntry.objects.create(kind=Kind.TASK, object_id=999_999, title="幽灵任务", title_tokens="幽灵")
    call_command("rebuild_search_index", verbosity=0)
    first = sorted(SearchEntry.objects.values_list("kind", "object_id", "title", "title_tokens", "body_tokens"))
    call_command("rebuild_search_index", verbosity=0)
    second = sorted(SearchEntry.objects.values_list("kind", "object_id", "title", "title_tokens", "body_tokens"))
    assert first == before == second
    office = world.users["office"]
    assert [t for _, t in kinds_and_titles(office, "供水一体化")] == ["城乡供水一体化"]
    assert kinds_and_titles(office, "幽灵") == []


def test_the_engines_own_index_exists(db):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'search_entry_tokens_gin'")
            assert "gin" in cursor.fetchone()[0].lower()
        else:
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'search_fts'")
            assert "fts5" in cursor.fetchone()[0].lower()


def test_search_needs_a_sign_in(client, db):
    response = client.get(reverse("search:search"), {"q": "任务"})
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_long_document_is_indexed_and_found_on_either_engine(world):
    """A 300,000-character text (each token kept once past LONG, inside PostgreSQL's tsvector limit)."""
    rng = random.Random(7)
    filler = "".join(chr(rng.randrange(0x4E00, 0x4E00 + 200)) for _ in range(300_000))
    doc = SourceDocument.objects.create(filename="long.txt", content=b"long", title="长篇汇编",
                                        text=filler + "黄河流域生态保护" + filler[:1000])
    found = kinds_and_titles(world.users["office"], "黄河流域生态保护")
    assert (Kind.DOCUMENT, doc.title) in found
