"""One rate limit for every hh.ru request: evenly spaced, and never more than the limit in any window."""

from __future__ import annotations

import asyncio
import math
from collections import deque


class RequestPace:
    """At most `rate` request starts in any `window` seconds (a little over one, so that jitter on the way to
    hh.ru cannot put one too many into a second), spaced evenly and served in the order asked.

    The window is checked against the moments requests really started, so a request that was late does not
    let the ones after it crowd together.
    """

    def __init__(self, rate: float, window: float = 1.05) -> None:
        self._window = window
        self._spacing = window / rate
        self._recent: deque[float] = deque(maxlen=max(1, math.floor(rate)))
        self._next = 0.0
        self._turns = asyncio.Lock()
        self.waiting = 0

    async def wait_turn(self) -> None:
        self.waiting += 1
        try:
            async with self._turns:
                loop = asyncio.get_running_loop()
                start = max(loop.time(), self._next)
                if len(self._recent) == self._recent.maxlen:
                    start = max(start, self._recent[0] + self._window)
                await asyncio.sleep(start - loop.time())
                now = loop.time()
                self._recent.append(now)
                self._next = now + self._spacing
        finally:
            self.waiting -= 1
