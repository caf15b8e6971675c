"""Turn LUOSHI_DATABASE_URL into a Django DATABASES entry.

Two engines are supported: SQLite (the embedded default) and PostgreSQL.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from .env import ConfigError

# SQLite tuned for a small office server: WAL lets readers work while one
# writer commits; synchronous=FULL keeps an acknowledged write through power
# loss; IMMEDIATE transactions take the write lock up front so two writers
# queue on busy_timeout instead of failing half-way with "database is locked".
SQLITE_INIT = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"


def parse(url: str, base_dir: Path) -> dict:
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        # sqlite:///relative/path or sqlite:////absolute/path
        raw = unquote(url[len("sqlite://"):])
        if raw.startswith("//"):
            path = Path(raw[1:])
        else:
            path = base_dir / raw.lstrip("/")
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(path),
            "OPTIONS": {
                "init_command": SQLITE_INIT,
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    if parsed.scheme in ("postgres", "postgresql"):
        options = {k: v[-1] for k, v in parse_qs(parsed.query).items()}
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            "OPTIONS": options,
            "CONN_MAX_AGE": 60,
        }
    raise ConfigError(f"LUOSHI_DATABASE_URL: unsupported scheme {parsed.scheme!r} (use sqlite:// or postgresql://)")
