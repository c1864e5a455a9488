"""Time for the fake: a settable clock and hh.ru's date format."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

MOSCOW = timezone(timedelta(hours=3))
DEFAULT_START = datetime(2026, 11, 23, 10, 0, 0, tzinfo=MOSCOW).timestamp()


class FakeClock:
    """Epoch seconds from an injected source (or a fixed start), plus whatever `advance` added."""

    def __init__(self, source: Callable[[], float] | None = None) -> None:
        self._source = source
        self._offset = 0.0

    def now(self) -> float:
        base = self._source() if self._source is not None else DEFAULT_START
        return base + self._offset

    @property
    def live(self) -> bool:
        """Whether time passes by itself (an injected source such as `time.time`), not only by `advance`."""
        return self._source is not None

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("time only moves forward")
        self._offset += seconds


def format_hh_datetime(epoch: float) -> str:
    """`YYYY-MM-DDThh:mm:ss+0300`, whole seconds, as hh.ru writes dates."""
    moment = datetime.fromtimestamp(math.floor(epoch), tz=MOSCOW)
    return moment.strftime("%Y-%m-%dT%H:%M:%S%z")
