"""A clock whose time passes only when everything is waiting on it: pacing and backoff tests without real waits."""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import Awaitable
from typing import TypeVar

from bot.clock import sleep_or_event

T = TypeVar("T")

EPOCH = 1_800_000_000.0
SETTLE_ROUNDS = 10_000


class VirtualClock:
    """`sleep` and `wait` wait for virtual time; `run` drives a coroutine, jumping time to the next sleeper's deadline
    whenever no task can go on. Sleepers with the same deadline wake in the order they went to sleep.

    Only for code that waits on nothing but this clock and other tasks (no sockets, no threads).
    """

    def __init__(self, start: float = 0.0) -> None:
        self._time = start
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    def now(self) -> float:
        return EPOCH + self._time

    def monotonic(self) -> float:
        return self._time

    async def sleep(self, seconds: float) -> None:
        if seconds <= 0:
            await yield_to_loop()
            return
        wake: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self._time + seconds, next(self._order), wake))
        await wake

    async def wait(self, event: asyncio.Event, seconds: float) -> bool:
        return await sleep_or_event(self.sleep, event, seconds)

    async def run(self, main: Awaitable[T]) -> T:
        """Runs `main` to its end on virtual time; fails if it waits for something this clock cannot bring."""
        task = asyncio.ensure_future(main)
        try:
            while True:
                await _settle()
                if task.done():
                    return task.result()
                if not self._wake_next():
                    raise AssertionError("every task waits, and not on this clock: nothing can wake them")
        finally:
            task.cancel()

    def _wake_next(self) -> bool:
        while self._sleepers:
            deadline, _, wake = heapq.heappop(self._sleepers)
            if not wake.done():
                self._time = max(self._time, deadline)
                wake.set_result(None)
                return True
        return False


async def _settle() -> None:
    """Lets every task that can run do so, until all of them wait (asyncio has no public way to ask)."""
    ready = asyncio.get_running_loop()._ready  # type: ignore[attr-defined]  # the default loop's run queue
    for _ in range(SETTLE_ROUNDS):
        await yield_to_loop()
        if not ready:
            return
    raise AssertionError(f"tasks still running after {SETTLE_ROUNDS} rounds: a busy loop?")


async def yield_to_loop() -> None:
    """Gives every task that is ready one turn, as a zero wait does, with no timer involved."""
    turn: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    turn.get_loop().call_soon(turn.set_result, None)
    await turn
