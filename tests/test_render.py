"""bot/render.py's pure parts, case by case: plurals, lengths and cuts in UTF-16 units, and every escape.

How whole pushes fit Telegram's 4096 characters (`fit`, `shorten`, cards) is in tests/test_render_fit.py.
"""

from __future__ import annotations

from typing import Any

import pytest

from bot.hh.models import Message, Negotiation
from bot.render import (
    applicant_responded,
    card_text,
    cut_to,
    employer_summary,
    esc,
    esc_attr,
    esc_name,
    event_for_applicant,
    experience,
    fit,
    moment,
    plural,
    quoted,
    refusal_text,
    salary,
    utf16_length,
    visible_length,
    with_body,
)
from bot.texts import EN, RU, Texts

EMOJI = "😀"  # outside the Basic Multilingual Plane: a surrogate pair, two UTF-16 units
FAMILY = "👨\u200d👩\u200d👧"  # three such emoji joined by two zero-width joiners: 8 units
RESPONSES = ("отклик", "отклика", "откликов")


@pytest.mark.parametrize(("count", "expected"), [
    (0, "откликов"), (1, "отклик"), (2, "отклика"), (3, "отклика"), (4, "отклика"), (5, "откликов"),
    (10, "откликов"), (11, "откликов"), (12, "откликов"), (13, "откликов"), (14, "откликов"), (15, "откликов"),
    (21, "отклик"), (22, "отклика"), (25, "откликов"), (101, "отклик"), (104, "отклика"), (111, "откликов"),
    (112, "откликов"), (114, "откликов"), (121, "отклик"), (1001, "отклик"), (1011, "откликов"),
])
def test_russian_plural_follows_the_last_two_digits(count: int, expected: str) -> None:
    assert plural(RU, count, RESPONSES) == expected


@pytest.mark.parametrize(("count", "expected"), [
    (0, "responses"), (1, "response"), (2, "responses"), (5, "responses"), (11, "responses"), (21, "responses"),
    (111, "responses"),
])
def test_english_plural_is_singular_only_for_one(count: int, expected: str) -> None:
    assert plural(EN, count, EN.responses_word) == expected


@pytest.mark.parametrize(("language", "months", "expected"), [
    ("ru", 0, "0 месяцев"),
    ("ru", 1, "1 месяц"),
    ("ru", 2, "2 месяца"),
    ("ru", 5, "5 месяцев"),
    ("ru", 11, "11 месяцев"),
    ("ru", 12, "1 год"),
    ("ru", 14, "1 год 2 месяца"),
    ("ru", 24, "2 года"),
    ("ru", 61, "5 лет 1 месяц"),
    ("ru", 11 * 12 + 11, "11 лет 11 месяцев"),
    ("ru", 14 * 12, "14 лет"),
    ("ru", 21 * 12 + 5, "21 год 5 месяцев"),
    ("ru", 111 * 12, "111 лет"),
    ("en", 1, "1 month"),
    ("en", 13, "1 year 1 month"),
    ("en", 26, "2 years 2 months"),
    ("en", 21 * 12, "21 years"),
])
def test_experience_in_years_and_months(language: str, months: int, expected: str) -> None:
    assert experience(RU if language == "ru" else EN, months) == expected


@pytest.mark.parametrize(("waiting", "expected"), [
    ({}, "Аккаунт на связи. Сейчас неразобранных откликов нет. Новые отклики и сообщения буду присылать сюда."),
    ({"Новые": 0}, "Аккаунт на связи. Сейчас неразобранных откликов нет. "
                   "Новые отклики и сообщения буду присылать сюда."),
    ({"Новые": 1, "Подумать": 2, "Собеседование": 5},
     "Аккаунт на связи. Сейчас 1 отклик ждёт разбора в «Новые»; 2 отклика ждут разбора в «Подумать»; "
     "5 откликов ждут разбора в «Собеседование». Новые отклики и сообщения буду присылать сюда."),
    ({"Новые": 11, "Подумать": 21},
     "Аккаунт на связи. Сейчас 11 откликов ждут разбора в «Новые»; 21 отклик ждёт разбора в «Подумать». "
     "Новые отклики и сообщения буду присылать сюда."),
])
def test_employer_summary_agrees_count_noun_and_verb(waiting: dict[str, int], expected: str) -> None:
    assert employer_summary(RU, waiting) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("", 0),
    ("abc", 3),
    ("Иван", 4),
    (EMOJI, 2),
    (f"a{EMOJI}b", 4),
    (FAMILY, 8),
    ("\u00a0\u200d", 2),
])
def test_utf16_length_counts_surrogate_pairs_twice(text: str, expected: int) -> None:
    assert utf16_length(text) == expected


@pytest.mark.parametrize(("html_text", "expected"), [
    ("<b>ab</b>", 2),
    ("&amp;&lt;&gt;", 3),
    ("&quot;&#39;&#x27;", 3),
    ("&#128512;", 2),
    ("&#x1F600;", 2),
    (f'<a href="https://hh.ru/?a=1&amp;b=2">{EMOJI}</a>', 2),
    (f"<blockquote expandable>{FAMILY}</blockquote>", 8),
])
def test_visible_length_counts_what_telegram_shows(html_text: str, expected: int) -> None:
    assert visible_length(html_text) == expected


@pytest.mark.parametrize(("text", "limit", "expected"), [
    ("abc", 5, "abc"),
    ("abc", 3, "abc"),
    ("abc", 2, "ab"),
    ("abc", 0, ""),
    (f"a{EMOJI}b", 1, "a"),
    (f"a{EMOJI}b", 2, "a"),
    (f"a{EMOJI}b", 3, f"a{EMOJI}"),
    (EMOJI, 1, ""),
    (FAMILY, 3, "👨\u200d"),
    (FAMILY, 7, "👨\u200d👩\u200d"),
    ("&amp;", 2, "&a"),
])
def test_cut_to_never_splits_a_surrogate_pair(text: str, limit: int, expected: str) -> None:
    assert cut_to(text, limit) == expected


@pytest.mark.parametrize(("html_text", "limit", "expected"), [
    ("&#128512;" * 3, 4, "&#128512;…"),
    ("&#x1F600;&#x1F600;", 4, "&#x1F600;&#x1F600;"),
    ("&#x1F600;&#x1F600;", 3, "&#x1F600;…"),
    (f"<b>{EMOJI}&amp;{EMOJI}</b>", 4, f"<b>{EMOJI}&amp;…</b>"),
    ("a&quot;b&quot;c", 4, "a&quot;b…"),
])
def test_fit_counts_numeric_and_named_entities_as_what_they_decode_to(html_text: str, limit: int,
                                                                      expected: str) -> None:
    assert fit(html_text, limit) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("&", "&amp;"),
    ("<", "&lt;"),
    (">", "&gt;"),
    ('"', '"'),
    ("'", "'"),
    ("&amp;", "&amp;amp;"),
    ("<b>жирный</b>", "&lt;b&gt;жирный&lt;/b&gt;"),
    (f"{EMOJI} & {FAMILY}", f"{EMOJI} &amp; {FAMILY}"),
    (42, "42"),
])
def test_esc_escapes_what_telegram_html_parses(text: object, expected: str) -> None:
    assert esc(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("https://hh.ru/r?a=1&b=2", "https://hh.ru/r?a=1&amp;b=2"),
    ('x" onclick="y', "x&quot; onclick=&quot;y"),
    ("it's", "it&#x27;s"),
    ("<>", "&lt;&gt;"),
])
def test_esc_attr_also_escapes_quotes(text: str, expected: str) -> None:
    assert esc_attr(text) == expected


@pytest.mark.parametrize(("name", "expected"), [
    ("&" * 200, "&amp;" * 200),
    ("&" * 201, "&amp;" * 199 + "…"),
    (EMOJI * 100, EMOJI * 100),
    (EMOJI * 101, EMOJI * 99 + "…"),
    ("<" + EMOJI * 100, "&lt;" + EMOJI * 99 + "…"),
])
def test_esc_name_cuts_at_200_utf16_units_then_escapes(name: str, expected: str) -> None:
    assert esc_name(name) == expected


READ_MORE = '…\n\n<a href="https://hh.ru/resume/1?a=1&amp;b=2">Полностью — на hh.ru</a>'


@pytest.mark.parametrize(("head", "expected", "length"), [
    ("<b>Заголовок</b>", "<b>Заголовок</b>\n\n" + f"{EMOJI}&amp;" * 1354 + READ_MORE, 4096),
    ("<b>Заголовок</b>!", "<b>Заголовок</b>!\n\n" + f"{EMOJI}&amp;" * 1353 + EMOJI + READ_MORE, 4096),
    ("<b>Заголовок</b>!!", "<b>Заголовок</b>!!\n\n" + f"{EMOJI}&amp;" * 1353 + READ_MORE, 4095),
])
def test_with_body_cuts_a_body_of_surrogate_pairs_and_entities_to_the_limit(head: str, expected: str,
                                                                            length: int) -> None:
    text = with_body(RU, head, f"{EMOJI}&" * 3000, "https://hh.ru/resume/1?a=1&b=2")
    assert (text, visible_length(text)) == (expected, length)


def negotiation(state: str, vacancy: str = "Python <dev>", company: str = "ООО «Рога & копыта»") -> Negotiation:
    return Negotiation.model_validate({
        "id": "1", "state": {"id": state, "name": f"Статус {state}"}, "updated_at": "2025-01-01T10:00:00+0300",
        "vacancy": {"id": "v1", "name": vacancy, "employer": {"id": "e1", "name": company},
                    "alternate_url": "https://hh.ru/vacancy/v1?from=a&b"},
    })


def message(text: str | None, state: str | None = None) -> Message:
    data: dict[str, Any] = {"id": "m1", "text": text, "author": {"participant_type": "employer"}}
    if state is not None:
        data["state"] = {"id": state, "name": f"Статус <{state}>"}
    return Message.model_validate(data)


NAMES = "<b>Python &lt;dev&gt;</b> — ООО «Рога &amp; копыта»"


@pytest.mark.parametrize(("state", "pushed", "expected"), [
    ("invitation", message("Ждём вас <завтра> & всегда"),
     f"🎉 Приглашение · {NAMES}\n\nЖдём вас &lt;завтра&gt; &amp; всегда"),
    ("interview", message("Ждём"), f"🎉 Приглашение · {NAMES}\n\nЖдём"),
    ("discard", message("Увы"), f"Отказ · {NAMES}\n\nУвы"),
    ("discard_after_interview", message("Увы"), f"Отказ · {NAMES}\n\nУвы"),
    ("response", message("Вопрос"), "💬 ООО «Рога &amp; копыта» · <b>Python &lt;dev&gt;</b>\n\nВопрос"),
    ("response", message("Вас пригласили", state="invitation"), f"🎉 Приглашение · {NAMES}\n\nВас пригласили"),
    ("response", message(None, state="discard"),
     "ℹ️ Статус отклика: <b>Статус &lt;discard&gt;</b> · Python &lt;dev&gt; — ООО «Рога &amp; копыта»"),
    ("invitation", None,
     "ℹ️ Статус отклика: <b>Статус invitation</b> · Python &lt;dev&gt; — ООО «Рога &amp; копыта»"),
])
def test_an_applicants_event_is_headed_by_its_state_and_escapes_every_hh_text(
        state: str, pushed: Message | None, expected: str) -> None:
    assert event_for_applicant(RU, negotiation(state), pushed) == expected


@pytest.mark.parametrize(("texts", "state", "expected"), [
    (RU, "response", f"📨 Ваш отклик · {NAMES}\nОтвет работодателя пришлю сюда."),
    (EN, "response", "📨 Your response · <b>Python &lt;dev&gt;</b> — ООО «Рога &amp; копыта»\n"
                     "I will send the employer's answer here."),
    (RU, "discard", "ℹ️ Статус отклика: <b>Статус discard</b> · Python &lt;dev&gt; — ООО «Рога &amp; копыта»"),
])
def test_the_applicants_own_response_is_acknowledged_or_its_state_told(texts: Texts, state: str,
                                                                       expected: str) -> None:
    assert applicant_responded(texts, negotiation(state)) == expected


@pytest.mark.parametrize(("refusal", "length", "expected"), [
    ("hh_down", None, "hh.ru сейчас не отвечает. Попробуйте ещё раз через минуту."),
    ("limit_exceeded", None, "hh.ru: превышен дневной лимит приглашений. Попробуйте завтра."),
    ("too_long_message", 2345, "Сообщение слишком длинное: hh.ru принимает не больше 2000 символов, а в вашем 2345. "
                               "Сократите его и пришлите снова."),
    ("too_long_message", None, "Сообщение слишком длинное: hh.ru принимает не больше 2000 символов, а в вашем ?. "
                               "Сократите его и пришлите снова."),
    ("<new&value>", None, "hh.ru отказал (&lt;new&amp;value&gt;). Попробуйте сделать это на сайте."),
])
def test_a_refusal_in_words_escapes_an_unknown_value(refusal: str, length: int | None, expected: str) -> None:
    assert refusal_text(RU, refusal, length=length) == expected


@pytest.mark.parametrize(("state_name", "expected"), [
    (None, "<b>Карточка</b> &amp; всё"),
    ("", "<b>Карточка</b> &amp; всё"),
    ("Собеседование <1>", "<b>Карточка</b> &amp; всё\n\nСтатус: <b>Собеседование &lt;1&gt;</b>"),
])
def test_card_text_escapes_the_state_name(state_name: str | None, expected: str) -> None:
    assert card_text(RU, "<b>Карточка</b> &amp; всё", state_name) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("a<b>&c", "<blockquote expandable>a&lt;b&gt;&amp;c</blockquote>"),
    (EMOJI * 2048, f"<blockquote expandable>{EMOJI * 2048}</blockquote>"),
    (EMOJI * 2049, f"<blockquote expandable>{EMOJI * 2047}…</blockquote>"),
])
def test_quoted_sends_the_users_text_back_escaped(text: str, expected: str) -> None:
    assert quoted(text) == expected


@pytest.mark.parametrize(("amount", "currency", "expected"), [
    (None, "RUR", None),
    (0, "RUR", None),
    (950, "RUR", "950\u00a0₽"),
    (100000, "RUB", "100\u00a0000\u00a0₽"),
    (1500.7, "USD", "1\u00a0500\u00a0$"),
    (1234567, "EUR", "1\u00a0234\u00a0567\u00a0€"),
    (5000, "GEL", "5\u00a0000\u00a0GEL"),
    (5000, None, "5\u00a0000"),
])
def test_salary_groups_thousands_with_no_break_spaces(amount: float | None, currency: str | None,
                                                      expected: str | None) -> None:
    assert salary(amount, currency) == expected


@pytest.mark.parametrize(("texts", "timestamp", "expected"), [
    (RU, 0, "01.01.1970 03:00 МСК"),
    (RU, 1735678800, "01.01.2025 00:00 МСК"),
    (RU, 1735678799, "31.12.2024 23:59 МСК"),
    (EN, 1735678800, "01.01.2025 00:00 Moscow time"),
])
def test_moment_is_moscow_time_and_says_so(texts: Texts, timestamp: float, expected: str) -> None:
    assert moment(texts, timestamp) == expected
