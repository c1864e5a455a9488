"""The per-user limit on what costs hh.ru calls, on a clock the test moves."""

from __future__ import annotations

from bot.clock import SystemClock
from bot.services.limits import UserLimit


class StepClock(SystemClock):
    def __init__(self) -> None:
        self.at = 1000.0

    def now(self) -> float:
        return self.at


def test_a_user_gets_count_attempts_per_window_and_others_are_not_affected() -> None:
    clock = StepClock()
    limit = UserLimit(clock, count=3, window=60.0)
    assert [limit.allow(1) for _ in range(5)] == [True, True, True, False, False]
    assert limit.allow(2) is True


def test_the_window_slides() -> None:
    clock = StepClock()
    limit = UserLimit(clock, count=2, window=60.0)
    seen = []
    for step in (0.0, 30.0, 29.9, 0.1, 0.0):
        clock.at += step
        seen.append(limit.allow(1))
    assert seen == [True, True, False, True, False]


def test_refused_attempts_do_not_extend_the_wait() -> None:
    clock = StepClock()
    limit = UserLimit(clock, count=1, window=10.0)
    assert limit.allow(1)
    for _ in range(100):
        clock.at += 0.05
        assert not limit.allow(1)
    clock.at = 1010.0
    assert limit.allow(1)
