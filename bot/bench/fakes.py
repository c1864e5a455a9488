"""The fakes as the benchmark runs them, and what it reads back from them."""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager

from bot.bench.measure import is_check_start
from bot.testing.fake_hh import FakeHH
from bot.testing.fake_telegram import FakeTelegram, FloodControl

BENCH_BOT_TOKEN = "123456:BENCH-bot-token"


@asynccontextmanager
async def running_fakes(rate: float) -> AsyncIterator[tuple[FakeHH, FakeTelegram]]:
    """hh.ru on real time, answering 429 above its own limit (a quarter above ours, as hh.ru's ~10 over 8),
    and Telegram with its flood control on."""
    hh = FakeHH(clock=time.time, rate_limit_per_second=rate / 0.8)
    tg = FakeTelegram(token=BENCH_BOT_TOKEN, flood_control=FloodControl())
    await hh.start()
    await tg.start()
    try:
        yield hh, tg
    finally:
        await tg.close()
        await hh.close()


def marker_sends(tg: FakeTelegram, prefix: str, digits: int = 5) -> dict[str, list[float]]:
    """Each marker (`prefix` and `digits` digits) found in an accepted sendMessage → when each such send arrived."""
    seen: dict[str, list[float]] = defaultdict(list)
    for request in tg.calls("sendMessage"):
        text = str(request.params.get("text", ""))
        if request.ok and prefix in text:
            start = text.index(prefix)
            seen[text[start:start + len(prefix) + digits]].append(request.at)
    return seen


async def wait_for(condition: Callable[[], bool], timeout: float, step: float = 0.5) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(step)
    return True


def first_pass(hh: FakeHH, hh_user_ids: Iterable[str]) -> Callable[[], bool]:
    """Whether every account has been checked once; reads only the requests recorded since its last look (the fakes
    share the benchmark's event loop)."""
    waiting_for = set(hh_user_ids)
    scanned = 0

    def done() -> bool:
        nonlocal scanned
        records = hh.requests
        waiting_for.difference_update(r.user_id for r in records[scanned:] if is_check_start(r))
        scanned = len(records)
        return not waiting_for

    return done
