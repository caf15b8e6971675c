"""Configuration: environment helpers, database URLs, and the production settings check."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from luoshi.lib import dburl
from luoshi.lib.env import ConfigError, envbool, envint, envlist, envstr

ROOT = Path(__file__).resolve().parents[2]


def test_envbool_reads_the_usual_spellings_and_falls_back_when_unset(monkeypatch):
    monkeypatch.setenv("LUOSHI_X", "Yes")
    assert envbool("LUOSHI_X", False) is True
    monkeypatch.setenv("LUOSHI_X", "off")
    assert envbool("LUOSHI_X", True) is False
    monkeypatch.setenv("LUOSHI_X", "")
    assert envbool("LUOSHI_X", True) is True
    monkeypatch.delenv("LUOSHI_X")
    assert envbool("LUOSHI_X", False) is False


@pytest.mark.parametrize("raw", ["ture", "2", "enabled"])
def test_envbool_refuses_a_value_it_cannot_read(monkeypatch, raw):
    monkeypatch.setenv("LUOSHI_X", raw)
    with pytest.raises(ConfigError, match="LUOSHI_X"):
        envbool("LUOSHI_X", False)


def test_envint_reads_integers_and_refuses_anything_else(monkeypatch):
    monkeypatch.setenv("LUOSHI_N", "42")
    assert envint("LUOSHI_N", 1) == 42
    monkeypatch.setenv("LUOSHI_N", "4.5")
    with pytest.raises(ConfigError, match="not an integer"):
        envint("LUOSHI_N", 1)


def test_envlist_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("LUOSHI_L", " a.example, ,b.example ")
    assert envlist("LUOSHI_L", ["x"]) == ["a.example", "b.example"]
    monkeypatch.setenv("LUOSHI_L", "  ")
    assert envlist("LUOSHI_L", ["x"]) == ["x"]


def test_envstr_returns_the_default_only_when_unset(monkeypatch):
    monkeypatch.delenv("LUOSHI_S", raising=False)
    assert envstr("LUOSHI_S", "d") == "d"
    monkeypatch.setenv("LUOSHI_S", "v")
    assert envstr("LUOSHI_S", "d") == "v"


def test_a_bad_setting_stops_the_server_at_start():
    env = {**os.environ, "LUOSHI_DEBUG": "perhaps", "DJANGO_SETTINGS_MODULE": "luoshi.settings"}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], cwd=ROOT, env=env, capture_output=True, text=True,
    )
    assert result.returncode != 0
    assert "LUOSHI_DEBUG='perhaps' is not a boolean" in result.stderr


def test_a_relative_sqlite_url_is_resolved_against_the_project(tmp_path):
    db = dburl.parse("sqlite:///var/luoshi.sqlite3", tmp_path)
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["NAME"] == str(tmp_path / "var" / "luoshi.sqlite3")
    assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]


def test_an_absolute_sqlite_url_keeps_its_path(tmp_path):
    db = dburl.parse("sqlite:////srv/luoshi/db.sqlite3", tmp_path)
    assert db["NAME"] == "/srv/luoshi/db.sqlite3"


def test_a_postgresql_url_gives_every_connection_field(tmp_path):
    db = dburl.parse("postgresql://luoshi:p%40ss@db.internal:5433/luoshi?sslmode=require", tmp_path)
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "luoshi", "luoshi", "p@ss", "db.internal", "5433",
    )
    assert db["OPTIONS"] == {"sslmode": "require"}


def test_the_postgres_scheme_is_an_alias_of_postgresql(tmp_path):
    assert dburl.parse("postgres://root@127.0.0.1/x", tmp_path)["ENGINE"] == "django.db.backends.postgresql"


@pytest.mark.parametrize("url", ["mysql://root@localhost/luoshi", "luoshi.sqlite3", ""])
def test_other_database_urls_are_refused(tmp_path, url):
    with pytest.raises(ConfigError, match="unsupported scheme"):
        dburl.parse(url, tmp_path)


def test_the_production_settings_pass_the_deploy_check_without_warnings():
    # Only what a production server would have: no LUOSHI_* left over from the
    # test run, and no DJANGO_ALLOW_ASYNC_UNSAFE that browser tests may set.
    clean = {k: v for k, v in os.environ.items() if not k.startswith("LUOSHI_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **clean,
        "LUOSHI_DEBUG": "false",
        "LUOSHI_HTTPS": "true",
        "LUOSHI_SECRET_KEY": "k" * 20 + "-production-test-key-that-is-long-and-varied-0123456789",
        "LUOSHI_ALLOWED_HOSTS": "luoshi.example.gov.cn",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stderr + result.stdout
