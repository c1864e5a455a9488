"""Issue 11, item 13: every message fits Telegram's 4096 characters, whatever the lengths of hh.ru's names."""

from __future__ import annotations

import pytest

from bot.hh.models import Message, Negotiation
from bot.render import (
    TELEGRAM_TEXT_LIMIT,
    card_text,
    esc_name,
    event_for_applicant,
    fit,
    message_for_employer,
    response_card,
    shorten,
    utf16_length,
)
from bot.testing.fake_telegram.formatted_text import build_message_text
from bot.texts import EN, RU, Texts

LONG = "Д" * 5000
EMOJI = "😀"  # two UTF-16 units


def telegram_length(html_text: str) -> int:
    """What the fake Telegram counts; it raises as Telegram does for bad HTML or more than 4096 characters."""
    return utf16_length(build_message_text(html_text, "HTML").text)


@pytest.mark.parametrize(("text", "limit", "expected"), [
    ("Иван", 200, "Иван"),
    ("abcdef", 6, "abcdef"),
    ("abcdef", 5, "abcd…"),
    ("ab cdef", 4, "ab…"),
    (f"a{EMOJI}{EMOJI}", 4, f"a{EMOJI}…"),
    (f"a{EMOJI}{EMOJI}", 3, "a…"),
    (LONG, 200, "Д" * 199 + "…"),
])
def test_shorten_cuts_plain_text_by_utf16_units(text: str, limit: int, expected: str) -> None:
    assert shorten(text, limit) == expected
    assert utf16_length(expected) <= limit


@pytest.mark.parametrize(("html_text", "limit", "expected"), [
    ("<b>Иван</b> &amp; Ко", 4096, "<b>Иван</b> &amp; Ко"),
    ("a" * 5000, 4096, "a" * 4095 + "…"),
    ("&amp;" * 5000, 4096, "&amp;" * 4095 + "…"),
    ("x&lt;y&gt;z", 3, "x&lt;…"),
    ("ab&amp;cd", 3, "ab…"),
    (EMOJI * 3000, 4096, EMOJI * 2047 + "…"),
    (f"a{EMOJI}b", 3, "a…"),
    ("<b>" + "x" * 5000 + "</b>", 4096, "<b>" + "x" * 4095 + "…</b>"),
    ("<b>abc</b>def", 4, "<b>abc</b>…"),
    ("<b>abcdef</b> tail", 4, "<b>abc…</b>"),
    ('<blockquote>ab <a href="https://hh.ru/r?a=1&amp;b=2">link</a> cd</blockquote> end', 6,
     '<blockquote>ab <a href="https://hh.ru/r?a=1&amp;b=2">li…</a></blockquote>'),
    ("<blockquote expandable>" + "q" * 5000 + "</blockquote>", 10, "<blockquote expandable>qqqqqqqqq…</blockquote>"),
])
def test_fit_cuts_html_without_breaking_tags_entities_or_characters(html_text: str, limit: int,
                                                                    expected: str) -> None:
    assert fit(html_text, limit) == expected
    assert telegram_length(expected) <= limit


def test_esc_name_shortens_before_escaping() -> None:
    assert esc_name("<&>" * 100) == "&lt;&amp;&gt;" * 66 + "&lt;…"


def negotiation(full_name: str, vacancy: str, company: str, state: str = "response") -> Negotiation:
    return Negotiation.model_validate({
        "id": "1", "state": {"id": state, "name": "Отклик"}, "updated_at": "2025-01-01T10:00:00+0300",
        "resume": {"id": "r1", "first_name": full_name, "last_name": full_name, "title": full_name,
                   "area": {"id": "1", "name": full_name}, "alternate_url": "https://hh.ru/resume/r1"},
        "vacancy": {"id": "v1", "name": vacancy, "employer": {"id": "e1", "name": company},
                    "alternate_url": "https://hh.ru/vacancy/v1"},
        "counters": {"messages": 1},
    })


@pytest.mark.parametrize("texts", [RU, EN])
@pytest.mark.parametrize("body", [None, "Короткое письмо.", "Письмо & <b>не тег</b> " * 400])
def test_a_response_card_with_huge_names_fits(texts: Texts, body: str | None) -> None:
    card = response_card(texts, negotiation(LONG, LONG, LONG), LONG, body)
    assert telegram_length(card) <= TELEGRAM_TEXT_LIMIT
    assert card.startswith(texts.card_new_response.format(vacancy="Д" * 199 + "…"))


def test_pushes_with_huge_names_and_bodies_fit() -> None:
    item = negotiation(LONG, LONG, LONG)
    message = Message.model_validate({"id": "m1", "text": "Ответ " * 2000, "created_at": "2025-01-01T10:00:00+0300",
                                      "author": {"participant_type": "employer"}})
    pushes = [message_for_employer(RU, item, LONG, message), event_for_applicant(RU, item, message),
              event_for_applicant(RU, item, None)]
    assert [telegram_length(push) <= TELEGRAM_TEXT_LIMIT for push in pushes] == [True, True, True]
    assert "Д" * 199 + "…" in pushes[0]


def test_a_card_at_the_limit_keeps_its_state_line() -> None:
    base = fit("<b>Карточка</b>\n\n" + "т" * 5000)
    assert telegram_length(base) == TELEGRAM_TEXT_LIMIT
    text = card_text(RU, base, "Собеседование")
    assert telegram_length(text) <= TELEGRAM_TEXT_LIMIT
    assert text.endswith("…\n\nСтатус: <b>Собеседование</b>")
