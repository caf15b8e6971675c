"""Fixtures for the intake flow: a fake reader standing in for luoshi.intake where a test wants a fixed record."""

from __future__ import annotations

import pytest

from luoshi import jobs
from luoshi.ingest import reading
from tests.ingest import records


class FakeReader:
    """Returns the record set for a file name (or REPORT's), or raises the IntakeError-like error set."""

    def __init__(self):
        self.records: dict[str, dict] = {}
        self.errors: dict[str, str] = {}
        self.default = records.record()
        self.calls: list[str] = []

    def __call__(self, data: bytes, filename: str, published):
        self.calls.append(filename)
        if filename in self.errors:
            raise reading._intake_error()(self.errors[filename])
        return self.records.get(filename, self.default)


@pytest.fixture
def reader(monkeypatch) -> FakeReader:
    fake = FakeReader()
    monkeypatch.setattr(reading, "_extract", fake)
    return fake


@pytest.fixture
def drain():
    return jobs.drain
