from __future__ import annotations

import random

import pytest

from bot.services.notices import with_backurl
from bot.services.scheduler import backoff_delay, next_slot, queue_allowance, startable


def test_accounts_are_spread_over_the_interval() -> None:
    now, interval = 1_000_000.0, 60.0
    slots = sorted(next_slot(account_id, now, interval) - now for account_id in range(1, 1001))
    assert slots[0] > 0 and slots[-1] <= interval
    per_second = [sum(1 for slot in slots if second <= slot < second + 1) for second in range(60)]
    assert max(per_second) <= 3 * 1000 / 60


def test_an_account_keeps_its_phase() -> None:
    interval = 60.0
    first = next_slot(7, 1_000_000.0, interval)
    assert next_slot(7, first, interval) == first + interval
    assert next_slot(7, first + 5, interval) == first + interval


def test_backoff_is_full_jitter_within_a_growing_capped_bound() -> None:
    random.seed(1)
    for failures, bound in ((1, 120.0), (3, 480.0), (20, 1800.0)):
        delays = [backoff_delay(failures, 60.0) for _ in range(500)]
        assert 0 <= min(delays) < bound * 0.1 and bound * 0.9 < max(delays) <= bound


def test_the_captcha_link_brings_the_user_back() -> None:
    assert with_backurl("https://hh.ru/captcha?state=x", "https://t.me/bot") == (
        "https://hh.ru/captcha?state=x&backurl=https%3A%2F%2Ft.me%2Fbot")
    assert with_backurl("https://hh.ru/captcha", "https://t.me/bot") == "https://hh.ru/captcha?backurl=https%3A%2F%2Ft.me%2Fbot"


def test_new_checks_wait_while_half_a_second_of_requests_is_queued() -> None:
    assert (queue_allowance(8), queue_allowance(40), queue_allowance(0.5)) == (4, 20, 1)


@pytest.mark.parametrize(("due", "running_at_read", "running", "free", "started"), [
    ([1, 2, 3], set(), set(), 5, [1, 2, 3]),
    ([1, 2, 3], set(), set(), 2, [1, 2]),
    ([1, 2, 3], {1}, {1}, 2, [2, 3]),  # still running: its check goes on
    ([1, 2, 3], {1}, set(), 2, [2, 3]),  # ended while the rows were read: its row is stale, it waits a tick
    ([1, 2, 3], set(), {2}, 5, [1, 3]),
    ([1, 2], set(), set(), 0, []),
])
def test_an_account_whose_check_ran_while_the_due_rows_were_read_is_not_started_again(
        due: list[int], running_at_read: set[int], running: set[int], free: int, started: list[int]) -> None:
    assert startable(due, running_at_read, running, free) == started
