"""The sender's waits after a failure: growing, capped, never near zero, and never overflowing."""

from __future__ import annotations

import pytest
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods import SendMessage

from bot.services.sender import retry_delay, write_delay

RETRY_AFTER = TelegramRetryAfter(SendMessage(chat_id=1, text="x"), "Too Many Requests", retry_after=500)


@pytest.mark.parametrize(("attempts", "error", "low", "high"), [
    (1, ValueError("x"), 2.0, 4.0),
    (3, ValueError("x"), 8.0, 16.0),
    (20, ValueError("x"), 150.0, 300.0),
    (5000, ValueError("x"), 150.0, 300.0),
    (1, RETRY_AFTER, 500.0, 500.0),
])
def test_retry_delay_grows_within_bounds(attempts: int, error: Exception, low: float, high: float) -> None:
    delays = [retry_delay(attempts, error) for _ in range(200)]
    assert (low <= min(delays), max(delays) <= high) == (True, True)


@pytest.mark.parametrize(("failures", "expected"), [(1, 0.5), (3, 2.0), (10, 30.0), (5000, 30.0)])
def test_write_delay_is_capped(failures: int, expected: float) -> None:
    assert write_delay(failures) == expected
