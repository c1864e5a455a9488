"""Buttons built from a negotiation's `actions`, the prompt for an action's message, and /cancel."""

from __future__ import annotations

import contextlib
from typing import Any

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message, ReplyParameters

from bot.keyboards import CardAction, PromptChoice, card_keyboard, open_on_hh_keyboard, prompt_keyboard
from bot.render import card_text, esc, quoted, refusal_text
from bot.services.actions import BUSY, ActionService, Card, Outcome, Step, plan
from bot.texts import Texts
from storage.prompts import Prompt
from storage.users import User

ACTION_PROMPT = "action"
KEEP_PROMPT = frozenset({"empty_message", "too_long_message", "message_cannot_be_empty"})


async def press_action(query: CallbackQuery, callback_data: CardAction, user: User, texts: Texts, bot: Bot,
                       actions: ActionService) -> None:
    card = await actions.card(user.telegram_id, callback_data.card)
    action = card.action(callback_data.action) if card else None
    if card is None or action is None or not isinstance(query.message, Message):
        await query.answer(texts.button_stale)
        return
    chat_id, card_message_id = query.message.chat.id, query.message.message_id
    steps = plan(action)
    if steps.step is Step.SITE_ONLY:
        await query.answer()
        argument = texts.argument_address if steps.missing_argument == "address_id" else steps.missing_argument
        await query.message.answer(texts.action_needs_site.format(action=esc(action.name), argument=esc(argument)),
                                   reply_markup=open_on_hh_keyboard(texts, card.data.get("resume_url")))
        return
    if steps.step is Step.RUN:
        await query.answer(texts.action_running)
        outcome = await actions.run(card, callback_data.action, None, send_sms=False)
        await show_outcome(bot, texts, chat_id, card_message_id, outcome)
        return
    await query.answer()
    templates = await actions.templates(card, action)
    names = [name for name, _ in templates or []]
    sms = False if steps.sms_offered else None
    optional = not steps.message_required
    prompt = await query.message.answer(
        prompt_text(texts, action.name, str(card.data.get("title") or ""), templates, optional=optional),
        reply_markup=prompt_keyboard(texts, names, optional=optional, sms=sms),
    )
    await actions.remember_prompt(user.telegram_id, ACTION_PROMPT, {
        "card": card.id, "action": callback_data.action, "action_name": action.name, "sms": sms,
        "optional": optional, "templates": templates or [], "chat_id": chat_id,
        "card_message_id": card_message_id, "prompt_message_id": prompt.message_id,
    })


async def prompt_choice(query: CallbackQuery, callback_data: PromptChoice, user: User, texts: Texts, bot: Bot,
                        actions: ActionService) -> None:
    prompt = await actions.prompt_of(user.telegram_id)
    message = query.message
    if (prompt is None or not isinstance(message, Message)
            or prompt.payload.get("prompt_message_id") != message.message_id):
        await query.answer(texts.button_stale)
        return
    payload = prompt.payload
    if callback_data.choice == "cancel":
        await query.answer()
        await actions.forget_prompt(user.telegram_id)
        await message.edit_text(texts.action_cancelled)
        return
    if callback_data.choice == "sms" and payload.get("sms") is not None:
        await query.answer()
        payload = {**payload, "sms": not payload["sms"]}
        await actions.remember_prompt(user.telegram_id, prompt.kind, payload)
        names = [name for name, _ in payload["templates"]]
        await message.edit_reply_markup(reply_markup=prompt_keyboard(texts, names, optional=payload["optional"],
                                                                     sms=payload["sms"]))
        return
    if callback_data.choice == "skip" and payload["optional"] and not payload.get("sms"):
        await query.answer(texts.action_running)
        await finish_action(bot, texts, user, actions, payload, None, message)
        return
    if callback_data.choice == "tpl" and 0 <= callback_data.index < len(payload["templates"]):
        await query.answer(texts.action_running)
        await finish_action(bot, texts, user, actions, payload, payload["templates"][callback_data.index][1], message)
        return
    await query.answer(texts.button_stale)


async def prompt_answer(message: Message, prompt: Prompt, user: User, texts: Texts, bot: Bot,
                        actions: ActionService) -> None:
    """The user's text after a prompt; it need not be a reply to the prompt."""
    if prompt.kind == ACTION_PROMPT:
        await finish_action(bot, texts, user, actions, prompt.payload, message.text or "", message)
        return
    payload = prompt.payload
    outcome = await actions.send_message(payload["account"], payload["negotiation"], message.text or "")
    if outcome.ok:
        await actions.forget_prompt(user.telegram_id)
        await message.reply(texts.reply_sent)
        return
    if outcome.refusal not in KEEP_PROMPT:
        await actions.forget_prompt(user.telegram_id)
    await refuse_with_quote(message, texts, outcome, message.text or "")


async def finish_action(bot: Bot, texts: Texts, user: User, actions: ActionService, payload: dict[str, Any],
                        text: str | None, answer_to: Message) -> None:
    card = await actions.card(user.telegram_id, payload["card"])
    if card is None:
        await actions.forget_prompt(user.telegram_id)
        await answer_to.answer(texts.button_stale)
        return
    outcome = await actions.run(card, payload["action"], text, send_sms=bool(payload.get("sms")))
    if outcome.ok:
        await actions.forget_prompt(user.telegram_id)
        with contextlib.suppress(TelegramBadRequest):
            await bot.edit_message_text(texts.action_done.format(action=esc(payload["action_name"])),
                                        chat_id=payload["chat_id"], message_id=payload["prompt_message_id"])
        await show_outcome(bot, texts, payload["chat_id"], payload["card_message_id"], outcome)
        return
    if outcome.refusal not in KEEP_PROMPT and outcome.refusal != BUSY:
        await actions.forget_prompt(user.telegram_id)
    if text and outcome.refusal in KEEP_PROMPT:
        await refuse_with_quote(answer_to, texts, outcome, text)
    else:
        await show_outcome(bot, texts, payload["chat_id"], payload["card_message_id"], outcome)


async def show_outcome(bot: Bot, texts: Texts, chat_id: int, card_message_id: int, outcome: Outcome) -> None:
    """Shows the card as hh.ru has it now, and says in words why hh.ru refused, if it did."""
    if outcome.card is not None:
        await edit_card(bot, texts, chat_id, card_message_id, outcome.card, outcome.state_name)
    if outcome.refusal is not None:
        await bot.send_message(chat_id, refusal_text(texts, outcome.refusal),
                               reply_parameters=ReplyParameters(message_id=card_message_id,
                                                                allow_sending_without_reply=True))


async def edit_card(bot: Bot, texts: Texts, chat_id: int, message_id: int, card: Card, state_name: str | None) -> None:
    try:
        await bot.edit_message_text(card_text(texts, card.base_text, state_name), chat_id=chat_id,
                                    message_id=message_id, reply_markup=card_keyboard(texts, card.id, card.data))
    except TelegramBadRequest as error:
        if "message is not modified" not in error.message:
            raise


async def refuse_with_quote(message: Message, texts: Texts, outcome: Outcome, text: str) -> None:
    """The refusal, then the user's text back, so nothing they typed is lost."""
    await message.reply(f"{refusal_text(texts, outcome.refusal or '', length=len(text))}\n{texts.quote_back}")
    await message.answer(quoted(text))


async def cancel(message: Message, user: User, texts: Texts, actions: ActionService) -> None:
    prompt = await actions.prompt_of(user.telegram_id)
    await actions.forget_prompt(user.telegram_id)
    await message.answer(texts.action_cancelled if prompt else texts.nothing_to_cancel)


def prompt_text(texts: Texts, action_name: str, title: str, templates: list[tuple[str, str]] | None, *,
                optional: bool) -> str:
    text = texts.action_prompt.format(action=esc(action_name), name=esc(title))
    if templates:
        text += texts.action_prompt_templates
    if optional:
        text += texts.action_prompt_optional
    text += "."
    if templates is None:
        text += f"\n{texts.action_prompt_no_templates}"
    return f"{text}\n{texts.action_prompt_cancel}"


async def pending_prompt(message: Message, user: User | None, actions: ActionService) -> dict[str, Prompt] | bool:
    """Filter: the user owes an answer to a prompt, and this is text."""
    if user is None or message.text is None or message.text.startswith("/"):
        return False
    prompt = await actions.prompt_of(user.telegram_id)
    return {"prompt": prompt} if prompt is not None else False


def build() -> Router:
    router = Router(name="actions")
    router.message.register(cancel, Command("cancel"))
    router.callback_query.register(press_action, CardAction.filter())
    router.callback_query.register(prompt_choice, PromptChoice.filter())
    router.message.register(prompt_answer, F.text, pending_prompt)
    return router
