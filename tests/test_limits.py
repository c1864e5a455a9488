"""The per-user limit on what costs hh.ru calls, the immediate checks a user may ask for, and answers kept a short
while, on a clock the test moves."""

from __future__ import annotations

import pytest

from bot.clock import SystemClock
from bot.services.limits import CheckNow, Kept, SlowDown, UserLimit


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


def test_a_step_of_several_calls_takes_all_its_units_or_none() -> None:
    clock = StepClock()
    limit = UserLimit(clock, count=5, window=60.0)
    assert limit.allow(1, 3)
    assert not limit.allow(1, 3), "two units are left: a three-call step is refused and takes none"
    assert [limit.allow(1) for _ in range(3)] == [True, True, False]
    with pytest.raises(SlowDown):
        limit.spend(1)
    clock.at += 60.0
    limit.spend(1, 5)


def test_an_immediate_check_at_most_once_per_account_in_its_spell() -> None:
    clock = StepClock()
    check_now = CheckNow(clock, every=300.0)
    assert [check_now.allow(7), check_now.allow(7), check_now.allow(8)] == [True, False, True]
    clock.at += 299.0
    assert not check_now.allow(7)
    clock.at += 1.0
    assert check_now.allow(7)


def test_a_kept_answer_lasts_its_seconds() -> None:
    clock = StepClock()
    kept: Kept[int, str] = Kept(clock, seconds=60.0)
    kept.put(1, "list")
    clock.at += 59.9
    assert (kept.get(1), kept.get(2)) == ("list", None)
    clock.at += 0.1
    assert kept.get(1) is None
