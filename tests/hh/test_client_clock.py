"""The hh.ru client waits on the injected clock: its backoff and its pace, not asyncio's own sleep."""

from __future__ import annotations

import asyncio
import time

import pytest

from bot.hh.client import HHClient
from bot.testing.fake_hh import FakeHH, Fault
from tests.virtual_clock import yield_to_loop

from .conftest import REDIRECT_URI, USER_AGENT, Clock, MemoryTokens, give_tokens


class SkippingClock(Clock):
    """Real time, except that each sleep is recorded and skipped: the stopwatch jumps over it instead."""

    def __init__(self) -> None:
        super().__init__()
        self.slept: list[float] = []
        self._skipped = 0.0

    def monotonic(self) -> float:
        return time.monotonic() + self._skipped

    async def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 3))
        self._skipped += max(0.0, seconds)
        await yield_to_loop()


@pytest.mark.parametrize(("case", "fault", "long_waits"), [
    ("429 with Retry-After, twice", Fault(status=429, count=2, path_prefix="/me", retry_after=30), [30.0, 30.0]),
    ("no fault", None, []),
])
async def test_retry_after_is_waited_on_the_clock(case: str, fault: Fault | None, long_waits: list[float],
                                                  hh: FakeHH, tokens: MemoryTokens) -> None:
    clock = SkippingClock()
    employer = hh.add_employer_user()
    give_tokens(hh, tokens, clock, employer.user_id)
    if fault is not None:
        hh.inject(fault)
    client = HHClient(api_url=hh.base_url, user_agent=USER_AGENT, client_id="c", client_secret="s",
                      redirect_uri=REDIRECT_URI, rate_limit=2, tokens=tokens, clock=clock, max_attempts=3)
    try:
        me = await asyncio.wait_for(client.me(1), timeout=5)
    finally:
        await client.close()
    assert me.id == employer.user_id
    assert [seconds for seconds in clock.slept if seconds >= 1] == long_waits
