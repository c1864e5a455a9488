"""Prompts: taking the answer, the buttons under a prompt, and /cancel.

A prompt is answered only by the text right after it; anything else its person does in the chat closes it
(handlers/prompt_guard.py). In the private chat the answer is plain text that is not a reply to some other message (a
reply to the prompt itself counts); in a group only a reply to the prompt message, by any member the prompt's owner
allows. So a Telegram reply to a pushed message always goes to that message's negotiation (handlers/replies.py), and
the buttons under a prompt act on that prompt. An action's text is shown in a preview first (handlers/previews.py);
a reply's text is sent at once.
"""

from __future__ import annotations

import contextlib

from aiogram import Bot, Router
from aiogram.enums import ChatType
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot.handlers.outcome import refuse_with_quote, show_outcome
from bot.handlers.previews import TEXT_REFUSALS, preview_choice, show_preview
from bot.keyboards import PreviewChoice, PromptChoice, prompt_keyboard
from bot.render import esc_name
from bot.services.actions import BUSY, SLOW_DOWN, ActionOutcome, ActionService
from bot.services.chat_replies import ACCOUNT_HELD, NOT_READY
from bot.services.linking import carries_sign_in, parse_pasted
from bot.texts import Texts
from storage.prompts import ActionPrompt, HeldPrompt, ReplyPrompt
from storage.users import User

KEEP_PROMPT = TEXT_REFUSALS | {SLOW_DOWN}


def typed_here(message: Message) -> bool:
    """Not forwarded, not quoted from another chat, not sent through an inline bot: the user's own words."""
    return (message.forward_origin is None and message.external_reply is None and message.via_bot is None
            and not message.is_automatic_forward)


def plain_text(message: Message) -> bool:
    """The user's own typed words: not a command, and nothing that could sign someone in to hh.ru."""
    text = message.text
    return (text is not None and not text.startswith("/") and typed_here(message)
            and parse_pasted(text) is None and not carries_sign_in(text))


def answers(message: Message, prompt: ActionPrompt | ReplyPrompt) -> bool:
    """Whether the message is the text the prompt waits for: plain text, while no preview waits for its buttons,
    replying to the prompt message, or (in the private chat only) to nothing."""
    if (isinstance(prompt, ActionPrompt) and prompt.previewing) or not plain_text(message):
        return False
    replied = message.reply_to_message
    if replied is None:
        return message.chat.type == ChatType.PRIVATE
    return replied.message_id == prompt.prompt_message_id


def is_cancel(message: Message) -> bool:
    words = (message.text or "").split(maxsplit=1)
    return bool(words) and words[0].split("@", 1)[0] == "/cancel"


async def open_prompt(message: Message, user: User | None, actions: ActionService) -> dict[str, HeldPrompt] | bool:
    """Filter: the text an open prompt of the user's account waits for (see `answers`)."""
    if user is None or not plain_text(message):
        return False
    replied = message.reply_to_message
    held: HeldPrompt | None = None
    if replied is not None:
        held = await actions.prompt_at(message.chat.id, replied.message_id)
    elif message.chat.type == ChatType.PRIVATE:
        prompt = await actions.prompt_of(user.telegram_id, message.chat.id, user.telegram_id)
        held = None if prompt is None else HeldPrompt(user.telegram_id, user.telegram_id, prompt)
    if held is None or held.owner_id != user.telegram_id or not answers(message, held.prompt):
        return False
    return {"held": held}


async def answer_prompt(message: Message, held: HeldPrompt, user: User, texts: Texts, bot: Bot,
                        actions: ActionService) -> None:
    prompt = held.prompt
    text = message.text or ""
    if isinstance(prompt, ActionPrompt):
        await show_preview(bot, texts, user, actions, prompt, text, message)
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
    if (held is None or held.owner_id != user.telegram_id or not isinstance(held.prompt, ActionPrompt)
            or held.prompt.previewing):
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
        await finish_without_message(bot, texts, user, actions, prompt, message)
        return
    if callback_data.choice == "tpl" and 0 <= callback_data.index < len(prompt.templates):
        await query.answer()
        await show_preview(bot, texts, user, actions, prompt, prompt.templates[callback_data.index][1], message)
        return
    await query.answer(texts.button_stale)


async def finish_without_message(bot: Bot, texts: Texts, user: User, actions: ActionService, prompt: ActionPrompt,
                                 answer_to: Message) -> None:
    """«Без сообщения»: the action runs at once, as the button says; the prompt becomes its outcome."""
    card = await actions.card(user.telegram_id, prompt.card_id)
    if card is None:
        await actions.forget_prompt(prompt)
        await answer_to.answer(texts.button_stale)
        return
    outcome = await actions.run(user.telegram_id, card, prompt.action_index, None, send_sms=False)
    if outcome.ok:
        await actions.forget_prompt(prompt)
        with contextlib.suppress(TelegramBadRequest):
            await bot.edit_message_text(texts.action_done.format(action=esc_name(prompt.action_name)),
                                        chat_id=prompt.chat_id, message_id=prompt.prompt_message_id)
    elif outcome.refusal not in KEEP_PROMPT and outcome.refusal != BUSY:
        await actions.forget_prompt(prompt)
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


def build() -> Router:
    router = Router(name="prompts")
    router.message.register(cancel, Command("cancel"))
    router.callback_query.register(prompt_choice, PromptChoice.filter())
    router.callback_query.register(preview_choice, PreviewChoice.filter())
    router.message.register(answer_prompt, open_prompt)
    return router
