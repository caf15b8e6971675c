"""Fixtures of the demo's tests: the loaded demo, fast password hashing, a private MEDIA_ROOT."""

from __future__ import annotations

import pytest

from luoshi.demo.builder import build


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    # The demo stores an attachment: keep its file out of var/media.
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def fast_hashing(settings):
    # Argon2 is deliberately slow; these tests check which password is set, not how.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo(db, fast_hashing):
    return build()
