"""Work accounts in words and buttons: the choice keyboard, the question and the label on news. Pure functions."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.keyboards import as_json
from bot.render import esc_name, fit, shorten
from bot.texts import Texts
from storage.work_accounts import WorkAccount

BUTTON_LIMIT = 48
SELECTED = "✅"
NOT_SELECTED = "▫️"


class WorkAccountToggle(CallbackData, prefix="wk"):
    """A work account's button on the choice keyboard: ticks or unticks it."""

    manager_account_id: str


class WorkAccountsDone(CallbackData, prefix="wkd"):
    """«Done» under the choice keyboard."""


def choice_keyboard(texts: Texts, works: Sequence[WorkAccount]) -> InlineKeyboardMarkup:
    """A button per work account the user may still use (company name, ticked when selected), then «Done»."""
    rows = [[InlineKeyboardButton(
        text=f"{SELECTED if work.selected else NOT_SELECTED} {shorten(work.company, BUTTON_LIMIT)}",
        callback_data=WorkAccountToggle(manager_account_id=work.manager_account_id).pack())]
        for work in works if not work.lost]
    rows.append([InlineKeyboardButton(text=texts.work_done_button, callback_data=WorkAccountsDone().pack())])
    return InlineKeyboardMarkup(inline_keyboard=rows)


def choice_markup_json(texts: Texts, works: Sequence[WorkAccount]) -> dict[str, Any]:
    """The choice keyboard as the outbox stores it."""
    return as_json(choice_keyboard(texts, works))


def following_text(texts: Texts, works: Sequence[WorkAccount]) -> str:
    return texts.work_following.format(companies=", ".join(f"«{esc_name(work.company)}»" for work in works))


def lost_text(texts: Texts, company: str, refusal: str, any_left: bool) -> str:
    """Why a work account's news stopped, and what the user can do (`refusal`: hh.ru's error value)."""
    template = texts.work_lost_not_found if refusal == "manager_extra_account_not_found" else texts.work_lost_forbidden
    then = texts.work_lost_choose if any_left else texts.work_lost_none
    return f"{template.format(company=esc_name(company))}\n\n{then}"


def status_lines(texts: Texts, works: Sequence[WorkAccount], checked: Collection[str]) -> list[str]:
    """/status: each work account, whether its news comes (`checked`: the ids checks look at), which one is
    primary, and one hh.ru no longer allows; [] for an employer with a single work account."""
    if not works:
        return []
    lines = [texts.status_work_title]
    for work in works:
        lines.append(_status_template(texts, work, checked).format(
            company=esc_name(work.company), primary=texts.status_work_primary if work.primary else ""))
    if checked and not any(work.followed for work in works):
        lines.append(texts.status_work_unchosen)
    return lines


def _status_template(texts: Texts, work: WorkAccount, checked: Collection[str]) -> str:
    if work.lost:
        return texts.status_work_lost
    return texts.status_work_following if work.manager_account_id in checked else texts.status_work_not_followed


def labelled(texts: Texts, company: str, text: str) -> str:
    """A push's text under its work account's company name (first line), within Telegram's length."""
    return fit(f"{texts.work_label.format(company=esc_name(company))}\n{text}")
