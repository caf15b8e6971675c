"""The translations tool: Traditional filled from Simplified, overrides kept, catalogs in sync."""

from __future__ import annotations

import copy
from pathlib import Path

import polib
import pytest

from luoshi.web.management.commands import translations as tool

MY_APPS = ("web", "org", "accounts", "audit")


def catalog(*entries: polib.POEntry) -> polib.POFile:
    po = polib.POFile()
    for entry in entries:
        po.append(entry)
    return po


def test_traditional_is_converted_by_phrase_and_the_overrides_win():
    assert tool.to_hant("发展改革委", {}) == "發展改革委"
    assert tool.to_hant("待审核的账户", {"审核": "審核", "账户": "帳戶"}) == "待審核的帳戶"


def test_every_zh_hant_message_is_filled_from_its_zh_hans_translation():
    hans = catalog(
        polib.POEntry(msgid="Home", msgstr="首页"),
        polib.POEntry(msgid="Overdue", msgstr=""),
        polib.POEntry(msgid="%(n)s task", msgid_plural="%(n)s tasks", msgstr_plural={0: "%(n)s 项任务"}),
        polib.POEntry(msgid="Audit", msgstr="审计"),
    )
    hant = catalog(
        polib.POEntry(msgid="Home", msgstr="舊的"),
        polib.POEntry(msgid="Overdue", msgstr="stale", flags=["fuzzy"]),
        polib.POEntry(msgid="%(n)s task", msgid_plural="%(n)s tasks", msgstr_plural={0: "", 1: ""}),
        polib.POEntry(msgid="Audit", msgstr=""),
    )
    filled = tool.fill_traditional(hans, hant, {}, {"Audit": "稽核"})
    assert filled == 3
    assert hant.find("Home").msgstr == "首頁"
    assert hant.find("Overdue").msgstr == "" and "fuzzy" not in hant.find("Overdue").flags
    assert hant.find("%(n)s task").msgstr_plural == {0: "%(n)s 項任務"}
    assert hant.find("Audit").msgstr == "稽核"


def test_a_fuzzy_simplified_guess_is_not_carried_into_traditional():
    hans = catalog(polib.POEntry(msgid="Plans", msgstr="计划", flags=["fuzzy"]))
    hant = catalog(polib.POEntry(msgid="Plans", msgstr=""))
    tool.fill_traditional(hans, hant, {}, {})
    assert hant.find("Plans").msgstr == ""


def test_headers_get_plural_forms_python_can_read(tmp_path: Path):
    po = catalog(polib.POEntry(msgid="%(n)s x", msgid_plural="%(n)s xs", msgstr_plural={0: "%(n)s 叉"}))
    po.metadata = {"Plural-Forms": "nplurals=INTEGER; plural=EXPRESSION;", "Content-Type": "text/plain; charset=CHARSET"}
    po.metadata_is_fuzzy = True
    tool.fix_header(po, "zh_Hans")
    po.save_as_mofile(str(tmp_path / "django.mo"))
    import gettext

    with open(tmp_path / "django.mo", "rb") as handle:
        assert gettext.GNUTranslations(handle).ngettext("%(n)s x", "%(n)s xs", 5) == "%(n)s 叉"


def test_the_catalogs_include_every_app_with_a_locale_folder():
    names = {path.name for path in tool.catalog_dirs()}
    assert set(MY_APPS) <= names


@pytest.mark.parametrize("app", MY_APPS)
def test_every_simplified_message_of_my_apps_is_translated(app):
    hans = polib.pofile(str(tool.po_path(tool.PACKAGE_DIR / app, "zh_Hans")))
    assert tool.missing(hans) == []


@pytest.mark.parametrize("app", MY_APPS)
def test_the_committed_traditional_catalog_is_the_conversion_of_the_simplified_one(app):
    hans = polib.pofile(str(tool.po_path(tool.PACKAGE_DIR / app, "zh_Hans")))
    hant = polib.pofile(str(tool.po_path(tool.PACKAGE_DIR / app, "zh_Hant")))
    regenerated = copy.deepcopy(hant)
    tool.fill_traditional(hans, regenerated, *tool.load_overrides())
    assert [(e.msgid, e.msgstr, e.msgstr_plural) for e in regenerated] == [
        (e.msgid, e.msgstr, e.msgstr_plural) for e in hant
    ]


@pytest.mark.parametrize("app", MY_APPS)
@pytest.mark.parametrize("language", tool.LANGUAGES)
def test_the_committed_mo_file_is_compiled_from_the_committed_po_file(app, language, tmp_path):
    path = tool.po_path(tool.PACKAGE_DIR / app, language)
    polib.pofile(str(path)).save_as_mofile(str(tmp_path / "fresh.mo"))
    assert (tmp_path / "fresh.mo").read_bytes() == path.with_suffix(".mo").read_bytes()
