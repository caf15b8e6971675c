"""The audit chain's MAC key, kept outside the database.

From LUOSHI_AUDIT_KEY when set, else from the file LUOSHI_AUDIT_KEY_FILE
(default $LUOSHI_VAR_DIR/audit_key), generated once with mode 0600. Someone
who can write to the database but cannot read this key cannot re-seal an
event they changed. The backup does not carry it (docs/backup.md): a stolen
backup then does not let its thief forge a chain either.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

MIN_LENGTH = 32


def key() -> bytes:
    return _load(settings.LUOSHI_AUDIT_KEY, str(settings.LUOSHI_AUDIT_KEY_FILE))


def key_id(value: bytes) -> str:
    """A short fingerprint that names the key without revealing it (stored with the chain head)."""
    return hmac.new(value, b"luoshi audit key id", hashlib.sha256).hexdigest()[:16]


@lru_cache(maxsize=4)
def _load(from_env: str, path: str) -> bytes:
    if from_env:
        if len(from_env) < MIN_LENGTH:
            raise ImproperlyConfigured(f"LUOSHI_AUDIT_KEY must be at least {MIN_LENGTH} characters")
        return from_env.encode("utf-8")
    file = Path(path)
    if not file.exists():
        _generate(file)
    value = file.read_text().strip()
    if len(value) < MIN_LENGTH:
        raise ImproperlyConfigured(f"{file} holds no audit key (at least {MIN_LENGTH} characters)")
    return value.encode("utf-8")


def _generate(file: Path) -> None:
    # Written to a private temporary file, then linked into place: of two
    # processes starting at once exactly one key wins and nobody reads half a key.
    file.parent.mkdir(parents=True, exist_ok=True)
    temp = file.with_name(f".{file.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_hex(32) + "\n")
        try:
            os.link(temp, file)
        except FileExistsError:
            pass
    finally:
        temp.unlink(missing_ok=True)
