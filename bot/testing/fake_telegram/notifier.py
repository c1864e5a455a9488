"""Wake-ups on state changes, for long polls and test waits."""

from __future__ import annotations

import asyncio
from collections.abc import Callable


class ChangeNotifier:
    """Every `notify()` wakes all waiters; each re-checks its own condition."""

    def __init__(self) -> None:
        self._waiters: set[asyncio.Future[None]] = set()

    def notify(self) -> None:
        for waiter in self._waiters:
            if not waiter.done():
                waiter.set_result(None)
        self._waiters.clear()

    async def wait_until(self, condition: Callable[[], bool], timeout: float | None) -> bool:
        """True as soon as `condition()` holds; False if `timeout` seconds pass first."""
        loop = asyncio.get_running_loop()
        deadline = None if timeout is None else loop.time() + timeout
        while not condition():
            waiter: asyncio.Future[None] = loop.create_future()
            self._waiters.add(waiter)
            try:
                if deadline is None:
                    await waiter
                else:
                    await asyncio.wait_for(waiter, max(0.0, deadline - loop.time()))
            except TimeoutError:
                return condition()
            finally:
                self._waiters.discard(waiter)
        return True
