"""Fixtures for the tests of the fakes."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest

from bot.testing.fake_hh import FakeHH

FAKE_HH_TEST_AGENT = "FakeHHTests/1.0 (tests@example.com)"


@pytest.fixture
async def fake_hh() -> AsyncIterator[FakeHH]:
    hh = FakeHH()
    await hh.start()
    yield hh
    await hh.close()


@pytest.fixture
async def fake_hh_session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(headers={"HH-User-Agent": FAKE_HH_TEST_AGENT}) as session:
        yield session
