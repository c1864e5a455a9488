"""Prompts: asking for an action's message or a reply's text, and taking the answer.

Every prompt is opened and answered here. In the private chat a prompt is answered by plain text that is not a reply
to some other message (a reply to the prompt itself counts); in a group only by a reply to the prompt message, by any
member the prompt's owner allows. So a Telegram reply to a pushed message always goes to that message's negotiation
(handlers/replies.py), whatever prompt is open, and the buttons under a prompt act on that prompt.
"""

from __future__ import annotations

import contextlib

from aiogram import Bot, Router
from aiogram.enums import ChatType
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot.handlers.outcome import refuse_with_quote, show_outcome
from bot.keyboards import PromptChoice, prompt_keyboard
from bot.render import esc_name
from bot.services.actions import BUSY, ActionOutcome, ActionService
from bot.services.chat_replies import ACCOUNT_HELD, NOT_READY
from bot.services.group_gate import acting_person
from bot.texts import Texts
from storage.cards import Card
from storage.prompts import ActionPrompt, ReplyPrompt
from storage.users import User

KEEP_PROMPT = frozenset({"empty_message", "too_long_message", "message_cannot_be_empty", "slow_down"})


async def ask_for_action_message(message: Message, telegram_id: int, texts: Texts, actions: ActionService,
                                 card: Card, index: int, *, optional: bool, sms: bool | None,
                                 templates: list[tuple[str, str]] | None) -> None:
    """Asks for the message of action `index` of the card shown in `message`."""
    action = card.action(index)
    assert action is not None
    name = card.title
    prompt = await message.answer(
        prompt_text(texts, action.name, name, templates, optional=optional),
        reply_markup=prompt_keyboard(texts, [title for title, _ in templates or []], optional=optional, sms=sms),
    )
    await actions.remember_prompt(telegram_id, acting_person(telegram_id), ActionPrompt(
        card_id=card.id, action_index=index, action_name=action.name, name=name, optional=optional, sms=sms,
        templates=tuple(templates or ()), chat_id=message.chat.id, card_message_id=message.message_id,
        prompt_message_id=prompt.message_id,
    ))


async def ask_for_reply(message: Message, telegram_id: int, texts: Texts, actions: ActionService, card: Card) -> None:
    prompt = await message.answer(texts.reply_prompt.format(name=esc_name(card.title)))
    await actions.remember_prompt(telegram_id, acting_person(telegram_id), ReplyPrompt(
        account_id=card.account_id, negotiation_id=card.negotiation_id, name=card.title,
        chat_id=message.chat.id, prompt_message_id=prompt.message_id,
    ))


def prompt_text(texts: Texts, action_name: str, name: str, templates: list[tuple[str, str]] | None, *,
                optional: bool) -> str:
    text = texts.action_prompt.format(action=esc_name(action_name), name=esc_name(name))
    if templates:
        text += texts.action_prompt_templates
    if optional:
        text += texts.action_prompt_optional
    text += "."
    if templates is None:
        text += f"\n{texts.action_prompt_no_templates}"
    return f"{text}\n{texts.action_prompt_cancel}"


async def open_prompt(message: Message, user: User | None,
                      actions: ActionService) -> dict[str, ActionPrompt | ReplyPrompt] | bool:
    """Filter: plain text (not a command) that answers an open prompt of the user's account: a reply to the prompt
    message, or in the private chat text that replies to nothing while the user's prompt there is open."""
    if user is None or message.text is None or message.text.startswith("/") or not typed_here(message):
        return False
    replied = message.reply_to_message
    if replied is not None:
        held = await actions.prompt_at(message.chat.id, replied.message_id)
        return {"prompt": held.prompt} if held is not None and held.owner_id == user.telegram_id else False
    if message.chat.type != ChatType.PRIVATE:
        return False
    prompt = await actions.prompt_of(user.telegram_id, message.chat.id, user.telegram_id)
    return False if prompt is None else {"prompt": prompt}


def typed_here(message: Message) -> bool:
    """Not forwarded, not quoted from another chat, not sent through an inline bot: the user's own words."""
    return (message.forward_origin is None and message.external_reply is None and message.via_bot is None
            and not message.is_automatic_forward)


async def answer_prompt(message: Message, prompt: ActionPrompt | ReplyPrompt, user: User, texts: Texts, bot: Bot,
                        actions: ActionService) -> None:
    text = message.text or ""
    if isinstance(prompt, ActionPrompt):
        await finish_action(bot, texts, user, actions, prompt, text, message)
        return
    outcome = await actions.send_message(user.telegram_id, prompt.account_id, prompt.negotiation_id, text)
    if outcome.ok:
        await actions.forget_prompt(prompt)
        await message.reply(sent_text(texts, outcome, prompt.name))
        return
    if outcome.refusal not in KEEP_PROMPT:
        await actions.forget_prompt(prompt)
    await refuse_with_quote(message, texts, outcome, text)


async def prompt_choice(query: CallbackQuery, callback_data: PromptChoice, user: User, texts: Texts, bot: Bot,
                        actions: ActionService) -> None:
    message = query.message
    if not isinstance(message, Message):
        await query.answer(texts.button_stale)
        return
    held = await actions.prompt_at(message.chat.id, message.message_id)
    if held is None or held.owner_id != user.telegram_id or not isinstance(held.prompt, ActionPrompt):
        await query.answer(texts.button_stale)
        return
    prompt = held.prompt
    if callback_data.choice == "cancel":
        await query.answer()
        await actions.forget_prompt(prompt)
        await message.edit_text(texts.action_cancelled)
        return
    if callback_data.choice == "sms" and prompt.sms is not None:
        await query.answer()
        prompt = prompt.model_copy(update={"sms": not prompt.sms})
        await actions.remember_prompt(held.owner_id, held.actor_id, prompt)
        await message.edit_reply_markup(reply_markup=prompt_keyboard(
            texts, [title for title, _ in prompt.templates], optional=prompt.optional, sms=prompt.sms))
        return
    if callback_data.choice == "skip" and prompt.optional and not prompt.sms:
        await query.answer(texts.action_running)
        await finish_action(bot, texts, user, actions, prompt, None, message)
        return
    if callback_data.choice == "tpl" and 0 <= callback_data.index < len(prompt.templates):
        await query.answer(texts.action_running)
        await finish_action(bot, texts, user, actions, prompt, prompt.templates[callback_data.index][1], message)
        return
    await query.answer(texts.button_stale)


async def finish_action(bot: Bot, texts: Texts, user: User, actions: ActionService, prompt: ActionPrompt,
                        text: str | None, answer_to: Message) -> None:
    card = await actions.card(user.telegram_id, prompt.card_id)
    if card is None:
        await actions.forget_prompt(prompt)
        await answer_to.answer(texts.button_stale)
        return
    outcome = await actions.run(user.telegram_id, card, prompt.action_index, text, send_sms=bool(prompt.sms))
    if outcome.ok:
        await actions.forget_prompt(prompt)
        with contextlib.suppress(TelegramBadRequest):
            await bot.edit_message_text(texts.action_done.format(action=esc_name(prompt.action_name)),
                                        chat_id=prompt.chat_id, message_id=prompt.prompt_message_id)
        await show_outcome(bot, texts, prompt.chat_id, prompt.card_message_id, outcome)
        return
    if outcome.refusal not in KEEP_PROMPT and outcome.refusal != BUSY:
        await actions.forget_prompt(prompt)
    if text and outcome.refusal in KEEP_PROMPT:
        await refuse_with_quote(answer_to, texts, outcome, text)
    else:
        await show_outcome(bot, texts, prompt.chat_id, prompt.card_message_id, outcome)


async def cancel(message: Message, user: User, texts: Texts, actions: ActionService) -> None:
    """Ends the prompt /cancel replies to, else the one the sender opened in this chat (for this owner)."""
    prompt = await prompt_meant(message, user, actions)
    if prompt is not None:
        await actions.forget_prompt(prompt)
    await message.answer(texts.action_cancelled if prompt else texts.nothing_to_cancel)


async def prompt_meant(message: Message, user: User, actions: ActionService) -> ActionPrompt | ReplyPrompt | None:
    """The prompt a command is about: the one it replies to, else the one the sender opened in this chat."""
    replied = message.reply_to_message
    held = await actions.prompt_at(message.chat.id, replied.message_id) if replied is not None else None
    if held is not None and held.owner_id == user.telegram_id:
        return held.prompt
    person = message.from_user.id if message.from_user is not None else user.telegram_id
    return await actions.prompt_of(user.telegram_id, message.chat.id, person)


def sent_text(texts: Texts, outcome: ActionOutcome, name: str) -> str:
    """A reply taken: sent, or saved to go when hh.ru allows (its chat is not ready, or hh.ru did not answer)."""
    if outcome.deferred is None:
        return texts.reply_sent_to.format(name=esc_name(name))
    waiting = {NOT_READY: texts.reply_deferred, ACCOUNT_HELD: texts.reply_held}.get(outcome.deferred,
                                                                                  texts.reply_retrying)
    return waiting.format(name=esc_name(name))


def still_open(texts: Texts, prompt: ActionPrompt | ReplyPrompt | None) -> str:
    """A line reminding the user of the prompt that is still waiting, or nothing."""
    if isinstance(prompt, ActionPrompt):
        return "\n" + texts.prompt_still_open.format(what=esc_name(f"«{prompt.action_name}» · {prompt.name}"))
    if isinstance(prompt, ReplyPrompt):
        return "\n" + texts.prompt_still_open.format(what=esc_name(prompt.name))
    return ""


def build() -> Router:
    router = Router(name="prompts")
    router.message.register(cancel, Command("cancel"))
    router.callback_query.register(prompt_choice, PromptChoice.filter())
    router.message.register(answer_prompt, open_prompt)
    return router
