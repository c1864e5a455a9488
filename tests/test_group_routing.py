"""Pure parts of groups: a forum topic's name from a vacancy's."""

from __future__ import annotations

import pytest

from bot.services.groups import topic_name

FALLBACK = "Вакансия {id}"


@pytest.mark.parametrize(("name", "expected"), [
    ("Python-разработчик", "Python-разработчик"),
    ("  Аналитик\tданных\n(Москва) ", "Аналитик данных (Москва)"),
    ("", "Вакансия 42"),
    ("\x00\x07", "Вакансия 42"),
    ("а" * 128, "а" * 128),
    ("а" * 129, "а" * 127 + "…"),
    ("слово " * 30, ("слово " * 30)[:127].rstrip() + "…"),
])
def test_topic_name(name: str, expected: str) -> None:
    assert topic_name("42", name, FALLBACK) == expected
    assert 1 <= len(topic_name("42", name, FALLBACK)) <= 128
