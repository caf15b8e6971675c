"""`manage.py translations`: extract, fill Traditional from Simplified, compile — per app.

Each app keeps its own catalog (luoshi/<app>/locale) so engineers working on
different apps never edit the same .po file. For every app folder with a
`locale` directory (and the project catalog luoshi/locale, if it exists, for
luoshi/templates and the modules outside apps) this command:

1. runs `makemessages -l zh_Hans -l zh_Hant -l en` inside that folder (an app
   gets a catalog by creating its empty `locale/` folder), in a
   child process without Django settings — with settings, makemessages would
   write every app's strings into the first LOCALE_PATHS entry instead;
2. fills every zh_Hant msgstr from the zh_Hans one with OpenCC s2t (phrase
   conversion, luoshi.lib.text.to_traditional), then applies the hand-kept
   overrides in luoshi/web/locale/zh_Hant_overrides.json for the terms where
   s2t picks the wrong form. zh_Hans is the only catalog a person translates;
3. compiles every .po to .mo with polib, so a fresh machine needs no msgfmt.

The .po and .mo files are committed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import polib
from django.core.management.base import BaseCommand, CommandError

import luoshi
from luoshi.lib.text import to_traditional

PACKAGE_DIR = Path(luoshi.__file__).resolve().parent
OVERRIDES_FILE = PACKAGE_DIR / "web" / "locale" / "zh_Hant_overrides.json"
LANGUAGES = ("zh_Hans", "zh_Hant", "en")
PLURAL_FORMS = {
    "zh_Hans": "nplurals=1; plural=0;",
    "zh_Hant": "nplurals=1; plural=0;",
    "en": "nplurals=2; plural=(n != 1);",
}
IGNORE = ("migrations", "static", "data")
# Folders of the package whose strings go to the project catalog luoshi/locale.
PROJECT_DIRS = ("templates", "lib", "locale")


def catalog_dirs(package_dir: Path = PACKAGE_DIR) -> list[Path]:
    """Every app folder under the package with its own locale/, plus the package itself if it has one."""
    apps = sorted(p for p in package_dir.iterdir() if p.is_dir() and (p / "locale").is_dir())
    if (package_dir / "locale").is_dir():
        apps.append(package_dir)
    return apps


def load_overrides(path: Path = OVERRIDES_FILE) -> tuple[dict[str, str], dict[str, str]]:
    """(phrases, messages): Simplified phrase → Traditional phrase, and msgid → whole Traditional msgstr."""
    if not path.exists():
        return {}, {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return data.get("phrases", {}), data.get("messages", {})


def to_hant(text: str, phrases: dict[str, str]) -> str:
    """OpenCC s2t, then the overrides: s2t's rendering of each listed phrase is replaced by the kept form."""
    out = to_traditional(text)
    for simplified in sorted(phrases, key=len, reverse=True):
        out = out.replace(to_traditional(simplified), phrases[simplified])
    return out


def _key(entry: polib.POEntry) -> tuple[str | None, str]:
    return entry.msgctxt, entry.msgid


def _is_translated(entry: polib.POEntry) -> bool:
    if "fuzzy" in entry.flags or entry.obsolete:
        return False
    if entry.msgid_plural:
        return any(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def fill_traditional(hans: polib.POFile, hant: polib.POFile, phrases: dict[str, str],
                     messages: dict[str, str]) -> int:
    """Make every zh_Hant msgstr the conversion of its zh_Hans msgstr. Returns how many entries are filled."""
    source = {_key(e): e for e in hans if _is_translated(e)}
    filled = 0
    for entry in hant:
        if entry.obsolete:
            continue
        origin = source.get(_key(entry))
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
        if origin is None:
            # Untranslated in Simplified: leave Traditional empty too, so both
            # fall back to the English msgid rather than to a stale guess.
            entry.msgstr = ""
            entry.msgstr_plural = {k: "" for k in entry.msgstr_plural}
            continue
        if entry.msgid in messages:
            forms = [messages[entry.msgid]]
        elif entry.msgid_plural:
            forms = [to_hant(origin.msgstr_plural[k], phrases) for k in sorted(origin.msgstr_plural)]
        else:
            forms = [to_hant(origin.msgstr, phrases)]
        if entry.msgid_plural:
            entry.msgstr_plural = {i: form for i, form in enumerate(forms)}
        else:
            entry.msgstr = forms[0]
        filled += 1
    return filled


def fix_header(po: polib.POFile, language: str) -> None:
    # makemessages leaves gettext's placeholders ("nplurals=INTEGER",
    # "charset=CHARSET") and a fuzzy header; Python's gettext cannot read those.
    po.metadata["Project-Id-Version"] = "luoshi"
    po.metadata["Language"] = language
    po.metadata["Plural-Forms"] = PLURAL_FORMS[language]
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    po.metadata["Content-Transfer-Encoding"] = "8bit"
    po.metadata_is_fuzzy = False


def _content(po: polib.POFile | None) -> list[tuple]:
    if po is None:
        return []
    return [(e.msgctxt, e.msgid, e.msgid_plural, e.msgstr, sorted(e.msgstr_plural.items()), e.obsolete) for e in po]


def po_path(app_dir: Path, language: str) -> Path:
    return app_dir / "locale" / language / "LC_MESSAGES" / "django.po"


def missing(po: polib.POFile) -> list[str]:
    return [e.msgid for e in po if not e.obsolete and not _is_translated(e)]


class Command(BaseCommand):
    help = "Extract messages per app, fill zh_Hant from zh_Hans with OpenCC, compile .mo files with polib."

    def add_arguments(self, parser):
        parser.add_argument("apps", nargs="*", help="app folder names (default: every app with a locale folder)")
        parser.add_argument("--no-extract", action="store_true", help="skip makemessages; only fill and compile")
        parser.add_argument("--check", action="store_true",
                            help="fail when a zh_Hans message is untranslated (for CI)")

    def handle(self, *args, apps, no_extract, check, verbosity, **options):
        dirs = catalog_dirs()
        if apps:
            unknown = set(apps) - {d.name for d in dirs}
            if unknown:
                raise CommandError(f"no locale folder in: {', '.join(sorted(unknown))}")
            dirs = [d for d in dirs if d.name in apps]
        phrases, messages = load_overrides()
        untranslated: dict[str, list[str]] = {}
        for app_dir in dirs:
            name = app_dir.name if app_dir != PACKAGE_DIR else "(project)"
            before = {}
            for language in LANGUAGES:
                path = po_path(app_dir, language)
                before[language] = polib.pofile(str(path), wrapwidth=0) if path.exists() else None
            if not no_extract:
                self._extract(app_dir, verbosity)
            catalogs = {}
            for language in LANGUAGES:
                path = po_path(app_dir, language)
                if not path.exists():
                    continue
                catalogs[language] = polib.pofile(str(path), wrapwidth=0)
                fix_header(catalogs[language], language)
            filled = 0
            if "zh_Hans" in catalogs and "zh_Hant" in catalogs:
                filled = fill_traditional(catalogs["zh_Hans"], catalogs["zh_Hant"], phrases, messages)
            for language, po in catalogs.items():
                path = po_path(app_dir, language)
                old = before.get(language)
                if old is not None and _content(old) == _content(po):
                    # Nothing changed but xgettext's timestamp: keep the old
                    # header so a re-run leaves no diff behind.
                    po.metadata["POT-Creation-Date"] = old.metadata.get("POT-Creation-Date", "")
                po.save(str(path))
                po.save_as_mofile(str(path.with_suffix(".mo")))
            todo = missing(catalogs["zh_Hans"]) if "zh_Hans" in catalogs else []
            if todo:
                untranslated[name] = todo
            self.stdout.write(f"{name}: {filled} Traditional filled, {len(todo)} untranslated in zh_Hans")
            if verbosity > 1:
                for msgid in todo:
                    self.stdout.write(f"  - {msgid}")
        if check and untranslated:
            raise CommandError("untranslated zh_Hans messages in: " + ", ".join(untranslated))

    def _extract(self, app_dir: Path, verbosity: int) -> None:
        command = [sys.executable, "-m", "django", "makemessages", "--add-location", "file", "--no-obsolete"]
        for language in LANGUAGES:
            command += ["-l", language]
        ignore = list(IGNORE)
        if app_dir == PACKAGE_DIR:
            # The project catalog takes only what belongs to no app: the
            # project templates, lib/ and the modules at the top of the
            # package. An app without its own locale/ yet is skipped, not
            # swept in here; it gets its catalog once it makes the folder.
            ignore += [d.name for d in PACKAGE_DIR.iterdir() if d.is_dir() and d.name not in PROJECT_DIRS]
        for pattern in ignore:
            command += ["--ignore", pattern]
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
        result = subprocess.run(command, cwd=app_dir, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            raise CommandError(f"makemessages failed in {app_dir}:\n{result.stderr}")
        if verbosity > 1 and result.stdout:
            self.stdout.write(result.stdout)
