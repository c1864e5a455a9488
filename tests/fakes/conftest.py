"""Fixtures for the tests of the fakes."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest

from bot.testing.fake_hh import FakeHH
from tests.conftest import fail_on_spec_violations

FAKE_HH_TEST_AGENT = "FakeHHTests/1.0 (tests@example.com)"


@pytest.fixture
async def fake_hh() -> AsyncIterator[FakeHH]:
    """The fake hh.ru, every answer checked against hh.ru's spec: the test fails if one broke it."""
    hh = FakeHH(validate=True)
    await hh.start()
    yield hh
    await hh.close()
    fail_on_spec_violations(hh)


@pytest.fixture
async def fake_hh_session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(headers={"HH-User-Agent": FAKE_HH_TEST_AGENT}) as session:
        yield session
