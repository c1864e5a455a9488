"""Answering a negotiation: a Telegram reply to a pushed message, the «Ответить» button, and declining."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message

from bot.handlers.asking import ask_for_reply
from bot.handlers.outcome import refuse_with_quote
from bot.handlers.prompts import sent_text
from bot.keyboards import CardDecline, CardReply, DeclineChoice, decline_keyboard
from bot.render import esc_name, refusal_text
from bot.services.actions import ActionService
from bot.texts import Texts
from storage.users import User


async def reply_to_push(message: Message, user: User, texts: Texts, actions: ActionService) -> None:
    """A reply goes to the negotiation of the message it answers, and nowhere else (a prompt the sender had open was
    closed by it: handlers/prompt_guard.py)."""
    replied = message.reply_to_message
    target = await actions.reply_target(user.telegram_id, message.chat.id, replied.message_id) if replied else None
    if target is None:
        await message.reply(texts.reply_unknown)
        return
    outcome = await actions.send_message(user.telegram_id, target.account_id, target.negotiation_id,
                                         message.text or "")
    if outcome.ok:
        await message.reply(sent_text(texts, outcome, target.name))
    else:
        await refuse_with_quote(message, texts, outcome, message.text or "")


async def reply_button(query: CallbackQuery, callback_data: CardReply, user: User, texts: Texts,
                       actions: ActionService) -> None:
    card = await actions.card(user.telegram_id, callback_data.card)
    if card is None or not isinstance(query.message, Message):
        await query.answer(texts.button_stale)
        return
    await query.answer()
    refusal = await actions.reply_refusal(user.telegram_id, card.account_id, card.negotiation_id)
    if refusal is not None:
        await query.message.answer(refusal_text(texts, refusal))
        return
    await ask_for_reply(query.message, user.telegram_id, texts, actions, card)


async def decline_button(query: CallbackQuery, callback_data: CardDecline, user: User, texts: Texts,
                         actions: ActionService) -> None:
    card = await actions.card(user.telegram_id, callback_data.card)
    if card is None or not card.decline_allowed or not isinstance(query.message, Message):
        await query.answer(texts.button_stale)
        return
    await query.answer()
    await query.message.answer(texts.decline_confirm.format(vacancy=esc_name(card.vacancy)),
                               reply_markup=decline_keyboard(texts, card.id))


async def decline_choice(query: CallbackQuery, callback_data: DeclineChoice, user: User, texts: Texts,
                         actions: ActionService) -> None:
    card = await actions.card(user.telegram_id, callback_data.card)
    if card is None or not isinstance(query.message, Message):
        await query.answer(texts.button_stale)
        return
    if not callback_data.confirmed:
        await query.answer()
        await query.message.edit_text(texts.decline_kept)
        return
    await query.answer(texts.action_running)
    outcome = await actions.decline(user.telegram_id, card)
    await query.message.edit_text(texts.declined.format(vacancy=esc_name(card.vacancy)) if outcome.ok
                                  else refusal_text(texts, outcome.refusal or ""))


def build() -> Router:
    router = Router(name="replies")
    router.message.register(reply_to_push, F.reply_to_message, F.text, ~F.text.startswith("/"))
    router.callback_query.register(reply_button, CardReply.filter())
    router.callback_query.register(decline_button, CardDecline.filter())
    router.callback_query.register(decline_choice, DeclineChoice.filter())
    return router
