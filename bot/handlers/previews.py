"""The preview of an action's message: what goes to hh.ru, to whom and by which action, shown under the text it
came from with «Отправить», «Изменить» and «Отмена». Nothing reaches hh.ru before «Отправить».

Every action whose prompt takes a message gets it, whatever its id (hh.ru's ids vary by employer, and the actions
that take a message are the ones that change a negotiation for good: rejecting, inviting, offering), and a template
chosen by button too: its button shows only the template's name, so the preview is the first time the text is seen.
The preview then becomes the answer under the user's message: what was sent, or why not.
"""

from __future__ import annotations

import contextlib

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, Message

from bot.handlers.asking import ask_again
from bot.handlers.outcome import edit_card, show_outcome
from bot.keyboards import PreviewChoice, preview_keyboard
from bot.render import esc_name, fit, quoted, refusal_text
from bot.services.actions import BUSY, SLOW_DOWN, ActionOutcome, ActionService
from bot.texts import Texts
from storage.cards import Card
from storage.prompts import ActionPrompt, HeldPrompt
from storage.users import User

TEXT_REFUSALS = frozenset({"empty_message", "too_long_message", "message_cannot_be_empty"})
"""hh.ru refused the text itself: the prompt asks for it again."""
TRY_AGAIN = frozenset({BUSY, SLOW_DOWN})
"""Nothing was wrong with the text: the preview stays, «Отправить» may be pressed again."""


def preview_text(texts: Texts, prompt: ActionPrompt, vacancy: str, draft: str) -> str:
    head = texts.action_preview.format(action=esc_name(prompt.action_name), name=esc_name(prompt.name))
    if vacancy:
        head += texts.action_preview_vacancy.format(vacancy=esc_name(vacancy))
    if prompt.sms:
        head += f"\n{texts.action_preview_sms}"
    return fit(f"{head}\n{quoted(draft)}")


async def show_preview(bot: Bot, texts: Texts, user: User, actions: ActionService, prompt: ActionPrompt,
                       draft: str, source: Message) -> None:
    """Shows `draft` as the prompt's message under `source` (the user's text, or the prompt for a template); the
    prompt then waits for the preview's buttons only (its own answer as stale: each edit would cost the chat a
    second of Telegram's pace)."""
    card = await actions.card(user.telegram_id, prompt.card_id)
    if card is None:
        await actions.forget_prompt(prompt)
        await source.reply(texts.button_stale)
        return
    preview = await source.reply(preview_text(texts, prompt, card.vacancy, draft),
                                 reply_markup=preview_keyboard(texts, prompt.prompt_message_id))
    if not await actions.move_prompt(prompt.prompt_message_id,
                                     prompt.previewed(draft, source.message_id, preview.message_id)):
        await retire(bot, prompt.chat_id, preview.message_id)


async def preview_choice(query: CallbackQuery, callback_data: PreviewChoice, user: User, texts: Texts, bot: Bot,
                         actions: ActionService) -> None:
    preview = query.message
    if not isinstance(preview, Message):
        await query.answer(texts.button_stale)
        return
    if callback_data.choice == "send":
        await _send(query, preview, callback_data.prompt, user, texts, bot, actions)
        return
    held = await actions.prompt_at(preview.chat.id, callback_data.prompt)
    prompt = _previewed_here(held, user, preview)
    if prompt is None:
        await query.answer(texts.button_stale)
        return
    await query.answer()
    if callback_data.choice == "edit":
        await ask_again(bot, texts, actions, prompt, under=preview.message_id)
        return
    await actions.forget_prompt(prompt)
    await preview.edit_text(texts.action_cancelled)


def _previewed_here(held: HeldPrompt | None, user: User, preview: Message) -> ActionPrompt | None:
    """The prompt, if it is the user's account's and waits for this very preview's buttons."""
    if held is None or held.owner_id != user.telegram_id or not isinstance(held.prompt, ActionPrompt):
        return None
    prompt = held.prompt
    return prompt if prompt.draft is not None and prompt.preview_message_id == preview.message_id else None


async def _send(query: CallbackQuery, preview: Message, prompt_message_id: int, user: User, texts: Texts, bot: Bot,
                actions: ActionService) -> None:
    held = await actions.take_prompt(preview.chat.id, prompt_message_id)
    prompt = _previewed_here(held, user, preview)
    if held is None or prompt is None or prompt.draft is None:
        if held is not None:
            await actions.remember_prompt(held.owner_id, held.actor_id, held.prompt)
        await query.answer(texts.button_stale)
        return
    await query.answer(texts.action_running)
    draft = prompt.draft
    card = await actions.card(user.telegram_id, prompt.card_id)
    if card is None:
        await preview.edit_text(fit(f"{texts.button_stale}\n{texts.quote_back}\n{quoted(draft)}"))
        return
    outcome = await actions.run(user.telegram_id, card, prompt.action_index, draft, send_sms=bool(prompt.sms))
    if outcome.ok:
        await show_outcome(bot, texts, prompt.chat_id, prompt.card_message_id, outcome)
        sent = texts.action_sent.format(action=esc_name(prompt.action_name), name=esc_name(prompt.name))
        await preview.edit_text(fit(f"{sent}\n{quoted(draft)}"))
        return
    if outcome.refusal in TRY_AGAIN:
        await actions.remember_prompt(held.owner_id, held.actor_id, prompt)
        await preview.reply(refusal_text(texts, outcome.refusal or ""))
        return
    await _refused(bot, texts, preview, prompt, draft, outcome)
    again = _on_card(prompt, card, outcome.card) if outcome.refusal in TEXT_REFUSALS else None
    if again is not None:
        await actions.remember_prompt(held.owner_id, held.actor_id, again)
        await ask_again(bot, texts, actions, again, under=preview.message_id)


def _on_card(prompt: ActionPrompt, card: Card, fresh: Card | None) -> ActionPrompt | None:
    """The prompt on the card that replaced `card` after hh.ru's refusal, its action found by id; None when the
    fresh card no longer offers the action."""
    if fresh is None:
        return prompt
    action = card.action(prompt.action_index)
    index = next((i for i, offered in enumerate(fresh.actions) if action is not None and offered.id == action.id),
                 None)
    return None if index is None else prompt.model_copy(update={"card_id": fresh.id, "action_index": index})


async def _refused(bot: Bot, texts: Texts, preview: Message, prompt: ActionPrompt, draft: str,
                   outcome: ActionOutcome) -> None:
    """The card shows the negotiation as hh.ru has it; then the preview becomes the refusal, the text quoted back.
    (The card first, as on success: by the time the answer is read, the card's buttons are the fresh ones.)"""
    if outcome.card is not None:
        await edit_card(bot, texts, prompt.chat_id, prompt.card_message_id, outcome.card, outcome.state_name)
    refusal = refusal_text(texts, outcome.refusal or "", length=len(draft))
    await preview.edit_text(fit(f"{refusal}\n{texts.quote_back}\n{quoted(draft)}"))


async def retire(bot: Bot, chat_id: int, message_id: int) -> None:
    """Takes the buttons away from a message whose prompt moved on or ended."""
    with contextlib.suppress(TelegramBadRequest):
        await bot.edit_message_reply_markup(chat_id=chat_id, message_id=message_id)
