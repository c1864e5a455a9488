"""Inline keyboards and the callback data behind their buttons. Pure functions: no I/O."""

from __future__ import annotations

from typing import Any

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.texts import Texts
from storage.cards import Card


class UnlinkChoice(CallbackData, prefix="unlink"):
    confirmed: bool


def link_keyboard(texts: Texts, url: str, *, another: bool = False) -> InlineKeyboardMarkup:
    label = texts.relink_button if another else texts.link_button
    return InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text=label, url=url)]])


def unlink_keyboard(texts: Texts) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[
        InlineKeyboardButton(text=texts.unlink_yes, callback_data=UnlinkChoice(confirmed=True).pack()),
        InlineKeyboardButton(text=texts.unlink_no, callback_data=UnlinkChoice(confirmed=False).pack()),
    ]])


def as_json(markup: InlineKeyboardMarkup) -> dict[str, Any]:
    """The markup as stored in the outbox."""
    return markup.model_dump(mode="json", exclude_none=True)


class CardAction(CallbackData, prefix="c"):
    """One of a card's negotiation actions: the card's stored row and the action's place in it."""

    card: int
    action: int


class CardReply(CallbackData, prefix="r"):
    card: int


class CardDecline(CallbackData, prefix="d"):
    card: int


class CardResume(CallbackData, prefix="rf"):
    """«📄 Резюме»: the candidate's resume as a PDF in the chat."""

    card: int


def card_keyboard(texts: Texts, card: Card) -> InlineKeyboardMarkup:
    """Buttons of a pushed negotiation: its actions, reply, decline, the resume's file (a candidate's card only), and
    links to hh.ru."""
    rows: list[list[InlineKeyboardButton]] = []
    actions = [InlineKeyboardButton(text=action.name or action.id,
                                    callback_data=CardAction(card=card.id, action=index).pack())
               for index, action in enumerate(card.actions)]
    rows.extend(actions[start:start + 2] for start in range(0, len(actions), 2))
    answers = []
    if card.reply_allowed:
        answers.append(InlineKeyboardButton(text=texts.button_reply, callback_data=CardReply(card=card.id).pack()))
    if card.decline_allowed:
        answers.append(InlineKeyboardButton(text=texts.button_decline, callback_data=CardDecline(card=card.id).pack()))
    if answers:
        rows.append(answers)
    links = [InlineKeyboardButton(text=label, url=url)
             for label, url in ((texts.button_resume, card.resume_url),
                                (texts.button_vacancy, card.vacancy_url)) if url]
    if card.candidate:
        links.insert(0, InlineKeyboardButton(text=texts.button_resume_file,
                                             callback_data=CardResume(card=card.id).pack()))
    if links:
        rows.append(links)
    return InlineKeyboardMarkup(inline_keyboard=rows)


class PromptChoice(CallbackData, prefix="p"):
    """A button under a prompt: a template, no message, the SMS switch, or cancel."""

    choice: str
    index: int = 0


class PreviewChoice(CallbackData, prefix="pv"):
    """A button under the preview of an action's message: send it, edit it, or cancel. `prompt` is the prompt
    message's id, by which the prompt is found; the preview's own id must match the prompt's."""

    choice: str
    prompt: int


class DeclineChoice(CallbackData, prefix="dc"):
    card: int
    confirmed: bool


def prompt_keyboard(texts: Texts, templates: list[str], *, optional: bool, sms: bool | None) -> InlineKeyboardMarkup:
    """`sms` None: the action has no SMS switch."""
    rows = [[InlineKeyboardButton(text=name, callback_data=PromptChoice(choice="tpl", index=index).pack())]
            for index, name in enumerate(templates)]
    if sms is not None:
        label = texts.button_sms_on if sms else texts.button_sms_off
        rows.append([InlineKeyboardButton(text=label, callback_data=PromptChoice(choice="sms").pack())])
    last = [InlineKeyboardButton(text=texts.button_cancel, callback_data=PromptChoice(choice="cancel").pack())]
    if optional and not sms:
        last.insert(0, InlineKeyboardButton(text=texts.button_no_message,
                                            callback_data=PromptChoice(choice="skip").pack()))
    rows.append(last)
    return InlineKeyboardMarkup(inline_keyboard=rows)


def preview_keyboard(texts: Texts, prompt_message_id: int) -> InlineKeyboardMarkup:
    def button(label: str, choice: str) -> InlineKeyboardButton:
        return InlineKeyboardButton(text=label, callback_data=PreviewChoice(choice=choice,
                                                                            prompt=prompt_message_id).pack())

    return InlineKeyboardMarkup(inline_keyboard=[
        [button(texts.button_send, "send"), button(texts.button_edit, "edit")],
        [button(texts.button_cancel, "cancel")],
    ])


def decline_keyboard(texts: Texts, card_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[
        InlineKeyboardButton(text=texts.decline_yes, callback_data=DeclineChoice(card=card_id, confirmed=True).pack()),
        InlineKeyboardButton(text=texts.decline_no, callback_data=DeclineChoice(card=card_id, confirmed=False).pack()),
    ]])


def open_on_hh_keyboard(texts: Texts, url: str | None) -> InlineKeyboardMarkup | None:
    if not url:
        return None
    return InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text=texts.button_open_on_hh, url=url)]])
