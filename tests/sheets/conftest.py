"""The directory of units the breakdown tables in tests/sheets/data name."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from luoshi.org.models import Organization
from tests import factories as f
from tests.sheets import data


@dataclass
class Units:
    drc: Organization
    commerce: Organization
    market: Organization
    transport: Organization


@pytest.fixture
def units(db) -> Units:
    dept = Organization.Kind.DEPARTMENT
    return Units(
        drc=f.org(data.DRC, kind=dept),
        commerce=Organization.objects.create(name=data.COMMERCE, short_name=data.COMMERCE_SHORT, kind=dept),
        market=f.org(data.MARKET, kind=dept),
        transport=f.org(data.TRANSPORT, kind=dept),
    )
