"""A message hh.ru dates before the retention horizon is never pushed: its dedup key may have been forgotten."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.hh.models import Author, Message
from bot.services.news_signs import older_than

HORIZON = datetime.fromisoformat("2026-06-01T12:00:00+03:00").timestamp()


@pytest.mark.parametrize(("created_at", "expected"), [
    ("2026-06-01T11:59:59+0300", True),
    ("2026-06-01T12:00:00+0300", False),
    ("2026-06-01T09:00:01+0000", False),
    ("2025-01-01T00:00:00+0300", True),
    (None, False),
    ("вчера", False),
])
def test_older_than_the_horizon(created_at: str | None, expected: bool) -> None:
    message = Message(id="1", text="Привет", created_at=created_at, author=Author(participant_type="applicant"))
    assert older_than(message, HORIZON) is expected
