"""Opening a prompt: the message asking for an action's text or a reply's, remembered as the sender's prompt here."""

from __future__ import annotations

from aiogram import Bot
from aiogram.types import Message, ReplyParameters

from bot.keyboards import prompt_keyboard
from bot.render import esc_name
from bot.services.actions import ActionService
from bot.services.group_gate import acting_person
from bot.texts import Texts
from storage.cards import Card
from storage.prompts import ActionPrompt, ReplyPrompt


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


async def ask_again(bot: Bot, texts: Texts, actions: ActionService, prompt: ActionPrompt, under: int) -> bool:
    """The prompt asks for its text once more, in a new message under message `under` (its preview); False when the
    prompt was closed meanwhile."""
    asked = await bot.send_message(
        prompt.chat_id,
        prompt_text(texts, prompt.action_name, prompt.name, list(prompt.templates), optional=prompt.optional),
        reply_markup=prompt_keyboard(texts, [title for title, _ in prompt.templates], optional=prompt.optional,
                                     sms=prompt.sms),
        reply_parameters=ReplyParameters(message_id=under, allow_sending_without_reply=True))
    return await actions.move_prompt(prompt.prompt_message_id, prompt.asking_again(asked.message_id))


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
