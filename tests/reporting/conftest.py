"""Reporting fixtures: the workflow's round, frozen day and private media folder."""

from __future__ import annotations

from tests.workflow.conftest import frozen, media, rnd  # noqa: F401  (fixtures shared with the workflow tests)
