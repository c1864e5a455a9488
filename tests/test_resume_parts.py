"""The pure parts of «📄 Резюме»: which cards offer it, its callback data, the file's caption and name, and the
sentence when no file came."""

from __future__ import annotations

import pytest

from bot.keyboards import CardResume, card_keyboard
from bot.render import visible_length
from bot.resume_view import (
    FORBIDDEN,
    GONE,
    NO_FILE,
    NOT_PDF,
    TELEGRAM,
    TOO_LARGE,
    resume_caption,
    resume_file_name,
    resume_refusal_text,
)
from bot.services.resumes import TELEGRAM_UPLOAD_LIMIT
from bot.testing.fake_telegram.files import UPLOAD_LIMIT
from bot.texts import EN, RU, Texts
from storage.cards import Card

CANDIDATE = Card(id=7, account_id=1, negotiation_id="n1", text="Отклик", title="Петров Иван", vacancy="Python",
                 resume_url="https://hh.ru/resume/r1", vacancy_url="https://hh.ru/vacancy/v1", candidate=True)


def labels(card: Card, texts: Texts = RU) -> list[list[str]]:
    return [[button.text for button in row] for row in card_keyboard(texts, card).inline_keyboard]


def test_a_candidates_card_offers_the_file_first_beside_the_links() -> None:
    assert labels(CANDIDATE) == [["Ответить"], ["📄 Резюме", "Резюме", "Вакансия"]]
    assert labels(CANDIDATE, EN)[-1][0] == "📄 Resume"
    button = card_keyboard(RU, CANDIDATE).inline_keyboard[-1][0]
    assert button.callback_data == "rf:7" and CardResume.unpack(button.callback_data).card == 7


@pytest.mark.parametrize("card", [
    CANDIDATE.model_copy(update={"candidate": False}),  # an applicant's card: the company, not a candidate
    CANDIDATE.model_copy(update={"candidate": False, "resume_url": None}),
])
def test_no_other_card_offers_it(card: Card) -> None:
    assert all("📄" not in label for row in labels(card) for label in row)


def test_the_callback_data_fits_telegrams_64_bytes_for_any_card() -> None:
    assert len(CardResume(card=2**63 - 1).pack().encode()) <= 64


def test_the_caption_and_the_file_name() -> None:
    assert resume_caption(RU, CANDIDATE) == "📄 Резюме: <b>Петров Иван</b> · Python"
    assert resume_caption(EN, CANDIDATE.model_copy(update={"vacancy": ""})) == "📄 Resume: <b>Петров Иван</b>"
    long = resume_caption(RU, CANDIDATE.model_copy(update={"title": "Я" * 2000, "vacancy": "<Python & Go>" * 200}))
    assert visible_length(long) <= 1024 and "&lt;Python &amp; Go&gt;" in long
    assert resume_file_name(RU, CANDIDATE) == "Петров Иван.pdf"
    unsafe = CANDIDATE.model_copy(update={"title": '../../etc/"passwd"\n'})
    assert resume_file_name(RU, unsafe) == ".. .. etc passwd.pdf"
    assert resume_file_name(EN, CANDIDATE.model_copy(update={"title": "/"})) == "Resume.pdf"


@pytest.mark.parametrize(("refusal", "expected"), [
    (NO_FILE, "hh.ru не дал файл резюме Петров Иван: кандидат скрыл резюме, или hh.ru его не показывает."),
    (FORBIDDEN, "hh.ru не даёт этому аккаунту файл резюме Петров Иван: доступ к нему закрыт."),
    (GONE, "Резюме Петров Иван удалено или скрыто на hh.ru — файла больше нет."),
    (TOO_LARGE, "Файл резюме Петров Иван больше 50 МБ — такой бот не может отправить в Telegram. "
                "Откройте резюме на hh.ru."),
    (NOT_PDF, "hh.ru прислал вместо резюме Петров Иван не PDF. Откройте резюме на hh.ru."),
    (TELEGRAM, "Telegram не принял файл резюме Петров Иван. Откройте резюме на hh.ru."),
    ("hh_down", "Файл резюме Петров Иван не получен. hh.ru сейчас не отвечает. Попробуйте ещё раз через минуту."),
    ("relink", f"Файл резюме Петров Иван не получен. {RU.hh_relink}"),
])
def test_why_no_file_came(refusal: str, expected: str) -> None:
    assert resume_refusal_text(RU, CANDIDATE, refusal, TELEGRAM_UPLOAD_LIMIT) == expected


def test_the_cap_is_what_telegram_takes_from_a_bot() -> None:
    assert TELEGRAM_UPLOAD_LIMIT == UPLOAD_LIMIT == 50 * 1024 * 1024
