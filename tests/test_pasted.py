"""What a pasted text can start: only a whole redirect address is a link attempt, and a bare code never is."""

from __future__ import annotations

import pytest

from bot.services.linking import Pasted, carries_sign_in, looks_like_bare_code, parse_pasted

REDIRECT = "https://bot.example.com/oauth/callback"


@pytest.mark.parametrize(("text", "expected"), [
    (f"{REDIRECT}?code=ABC123&state=s1", Pasted("ABC123", "s1", None)),
    (f"  {REDIRECT}?state=s1&code=ABC123\n", Pasted("ABC123", "s1", None)),
    (f"{REDIRECT}?error=access_denied&state=s1", Pasted(None, "s1", "access_denied")),
    (f"{REDIRECT}?code=ABC123", Pasted("ABC123", None, None)),
    ("http://127.0.0.1:8080/oauth/callback?code=C&state=S", Pasted("C", "S", None)),
    ("ABCDEFGHIJKLMNOPQRSTUVWX", None),
    ("code=ABC123&state=s1", None),
    (f"Посмотрите {REDIRECT}?code=ABC123&state=s1", None),
    ("https://hh.ru/vacancy/123", None),
    (f"{REDIRECT}?state=s1", None),
    ("ftp://host/?code=1&state=2", None),
    ("", None),
])
def test_only_a_whole_redirect_address_is_pasted(text: str, expected: Pasted | None) -> None:
    assert parse_pasted(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("ABCDEFGHIJKLMNOP", True),
    ("  Q9x_-Q9x_-Q9x_-Q9x_-  ", True),
    ("ABCDEFGHIJKLMNO", False),
    ("Здравствуйте-Здравствуйте", False),
    ("two words-longer-than-sixteen", False),
    ("A" * 257, False),
])
def test_what_looks_like_a_bare_code(text: str, expected: bool) -> None:
    assert looks_like_bare_code(text) is expected


@pytest.mark.parametrize(("text", "expected"), [
    (f"{REDIRECT}?code=ABC123&state=s1", True),
    (f"Вот адрес: {REDIRECT}?code=ABC123&state=s1 — посмотрите", True),
    ("bot.example/cb?state=s1", True),
    ("<https://x/?code=1>", True),
    ("ABCDEFGHIJKLMNOP", True),
    ("Ждём вас в среду в 15:00, адрес: https://hh.ru/vacancy/123?from=search", False),
    ("Пароль от wifi: code = 1234", False),
    ("Добрый день!", False),
])
def test_what_carries_sign_in_data(text: str, expected: bool) -> None:
    assert carries_sign_in(text) is expected
