from __future__ import annotations

import asyncio
import itertools

from bot.hh.pace import RequestPace
from tests.conftest import wait_until


async def test_starts_are_evenly_spaced_in_order_and_never_over_the_limit_in_a_window() -> None:
    pace = RequestPace(rate=10, window=0.2)
    loop = asyncio.get_running_loop()
    starts: list[tuple[int, float]] = []

    async def request(number: int) -> None:
        await pace.wait_turn()
        starts.append((number, loop.time()))

    await asyncio.gather(*(request(number) for number in range(25)))
    assert [number for number, _ in starts] == list(range(25))
    moments = [moment for _, moment in starts]
    assert min(later - earlier for earlier, later in itertools.pairwise(moments)) >= 0.02 * 0.95
    assert min(moments[index + 10] - moments[index] for index in range(15)) >= 0.2
    assert pace.waiting == 0


async def test_the_queue_length_is_visible_while_requests_wait() -> None:
    pace = RequestPace(rate=2, window=0.2)
    waiting = [asyncio.create_task(pace.wait_turn()) for _ in range(3)]
    await wait_until(lambda: pace.waiting == 2, what="the two requests behind the first queued")
    await asyncio.gather(*waiting)
    assert pace.waiting == 0
