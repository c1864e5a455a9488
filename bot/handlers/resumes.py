"""«📄 Резюме» on a candidate's card: the resume as a PDF into the chat, under the card."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery, Message

from bot.keyboards import CardResume
from bot.services.actions import ActionService
from bot.services.resumes import Place, ResumeFiles, Started
from bot.texts import Texts
from storage.users import User


async def press_resume(query: CallbackQuery, callback_data: CardResume, user: User, texts: Texts,
                       actions: ActionService, resumes: ResumeFiles) -> None:
    card = await actions.card(user.telegram_id, callback_data.card)
    if card is None or not card.candidate or not isinstance(query.message, Message):
        await query.answer(texts.button_stale)
        return
    message = query.message
    place = Place(message.chat.id, message.message_thread_id if message.is_topic_message else None,
                  message.message_id)
    started = await resumes.send(user.telegram_id, card, place, texts)
    answers = {Started.SENDING: texts.resume_sending, Started.BUSY: texts.resume_busy,
               Started.SLOW_DOWN: texts.slow_down}
    await query.answer(answers[started], show_alert=started is Started.SLOW_DOWN)


def build() -> Router:
    router = Router(name="resumes")
    router.callback_query.register(press_resume, CardResume.filter())
    return router
