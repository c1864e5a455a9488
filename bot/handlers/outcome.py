"""How a call to hh.ru ended, shown to the user: the card as hh.ru has it now, and any refusal in words."""

from __future__ import annotations

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import Message, ReplyParameters

from bot.keyboards import card_keyboard
from bot.render import card_text, quoted, refusal_text
from bot.services.actions import ActionOutcome
from bot.services.group_gate import actor_line
from bot.texts import Texts
from storage.cards import Card


async def show_outcome(bot: Bot, texts: Texts, chat_id: int, card_message_id: int, outcome: ActionOutcome) -> None:
    if outcome.card is not None:
        await edit_card(bot, texts, chat_id, card_message_id, outcome.card, outcome.state_name)
    if outcome.refusal is not None:
        await bot.send_message(chat_id, refusal_text(texts, outcome.refusal),
                               reply_parameters=ReplyParameters(message_id=card_message_id,
                                                                allow_sending_without_reply=True))


async def edit_card(bot: Bot, texts: Texts, chat_id: int, message_id: int, card: Card, state_name: str | None) -> None:
    text = card_text(texts, card.text, state_name)
    line = actor_line(texts, state_name)  # in a group: who pressed what, and when
    if line is not None:
        text = f"{text}\n{line}"
    try:
        await bot.edit_message_text(text, chat_id=chat_id, message_id=message_id,
                                    reply_markup=card_keyboard(texts, card))
    except TelegramBadRequest as error:
        if "message is not modified" not in error.message:
            raise


async def refuse_with_quote(message: Message, texts: Texts, outcome: ActionOutcome, text: str) -> None:
    """The refusal, then the user's text back, so nothing they typed is lost."""
    await message.reply(f"{refusal_text(texts, outcome.refusal or '', length=len(text))}\n{texts.quote_back}")
    await message.answer(quoted(text))
