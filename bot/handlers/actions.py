"""Buttons built from a negotiation's `actions`: run at once, ask for a message first, or send to hh.ru."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.types import CallbackQuery, Message

from bot.handlers.asking import ask_for_action_message
from bot.handlers.outcome import show_outcome
from bot.keyboards import CardAction, open_on_hh_keyboard
from bot.render import esc_name
from bot.services.actions import ActionService, Step, plan
from bot.texts import Texts
from storage.users import User


async def press_action(query: CallbackQuery, callback_data: CardAction, user: User, texts: Texts, bot: Bot,
                       actions: ActionService) -> None:
    card = await actions.card(user.telegram_id, callback_data.card)
    action = card.action(callback_data.action) if card else None
    if card is None or action is None or not isinstance(query.message, Message):
        await query.answer(texts.button_stale)
        return
    steps = plan(action)
    if steps.step is Step.SITE_ONLY:
        await query.answer()
        argument = texts.argument_address if steps.missing_argument == "address_id" else steps.missing_argument
        text = texts.action_needs_site.format(action=esc_name(action.name), argument=esc_name(argument))
        await query.message.answer(text, reply_markup=open_on_hh_keyboard(texts, card.resume_url or card.vacancy_url))
        return
    if steps.step is Step.RUN:
        await query.answer(texts.action_running)
        outcome = await actions.run(user.telegram_id, card, callback_data.action, None, send_sms=False)
        await show_outcome(bot, texts, query.message.chat.id, query.message.message_id, outcome)
        return
    if action.templates and not actions.allow_templates(user.telegram_id, action):
        await query.answer(texts.slow_down, show_alert=True)
        return
    await query.answer()
    await ask_for_action_message(query.message, user.telegram_id, texts, actions, card, callback_data.action,
                                 optional=not steps.message_required, sms=False if steps.sms_offered else None,
                                 templates=await actions.templates(card, action))


def build() -> Router:
    router = Router(name="actions")
    router.callback_query.register(press_action, CardAction.filter())
    return router
