"""Issue 21, item 10: which failures close a chat to the bot, and the fallback answer skipping only that chat."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError, TelegramNetworkError
from aiogram.methods import AnswerCallbackQuery, SendMessage
from aiogram.types import ErrorEvent, Update

from bot.closed_chats import closed_chat
from bot.handlers.fallback import on_error
from bot.testing.fake_telegram import FakeTelegram
from bot.texts import RU

TOKEN = "123456:TEST"
USER, OTHER = 3101, 3102


def forbidden(chat_id: int | str, reason: str) -> TelegramForbiddenError:
    return TelegramForbiddenError(method=SendMessage(chat_id=chat_id, text="x"), message=f"Forbidden: {reason}")


def bad_request(chat_id: int, reason: str) -> TelegramBadRequest:
    return TelegramBadRequest(method=SendMessage(chat_id=chat_id, text="x"), message=f"Bad Request: {reason}")


@pytest.mark.parametrize("error", [
    forbidden(-100123, "bot was kicked from the supergroup chat"),
    forbidden(-100123, "bot is not a member of the group chat"),
    forbidden(-100123, "bot was blocked by the user"),
    forbidden(-100123, "user is deactivated"),
    forbidden(-100123, "the group chat was deleted"),
    bad_request(-100123, "chat not found"),
    bad_request(-100123, "not enough rights to send text messages to the chat"),
])
def test_a_chat_that_forbids_the_bot_is_named(error: Exception) -> None:
    assert closed_chat(error) == -100123


@pytest.mark.parametrize("error", [
    bad_request(-100123, "message is not modified"),
    bad_request(-100123, "message thread not found"),
    forbidden("@somechannel", "bot was kicked from the channel chat"),
    TelegramForbiddenError(method=AnswerCallbackQuery(callback_query_id="1"), message="Forbidden: no chat"),
    TelegramNetworkError(method=SendMessage(chat_id=-100123, text="x"), message="timeout"),
    RuntimeError("a bug"),
])
def test_other_failures_close_no_chat(error: Exception) -> None:
    assert closed_chat(error) is None


@pytest.fixture
async def tg_and_bot() -> AsyncIterator[tuple[FakeTelegram, Bot]]:
    tg = FakeTelegram(token=TOKEN)
    await tg.start()
    tg.add_user(USER, "Анна", language_code="ru")
    tg.add_user(OTHER, "Борис", language_code="ru")
    bot = Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(tg.base_url)))
    yield tg, bot
    await bot.session.close()
    await tg.close()


def failed_update(bot: Bot, user_id: int, exception: Exception) -> ErrorEvent:
    raw: dict[str, Any] = {"update_id": 1, "message": {
        "message_id": 1, "date": 0, "chat": {"id": user_id, "type": "private", "first_name": "Анна"},
        "from": {"id": user_id, "is_bot": False, "first_name": "Анна"}, "text": "/help"}}
    update = Update.model_validate(raw, context={"bot": bot})
    return ErrorEvent(update=update, exception=exception)


async def test_the_fallback_still_goes_to_a_chat_other_than_the_closed_one(
        tg_and_bot: tuple[FakeTelegram, Bot]) -> None:
    tg, bot = tg_and_bot
    await on_error(failed_update(bot, USER, forbidden(OTHER, "bot was blocked by the user")), RU)
    assert [(call.params["chat_id"], call.params["text"]) for call in tg.calls("sendMessage")] == [
        (USER, RU.internal_error)]


async def test_no_fallback_goes_to_the_closed_chat_itself(tg_and_bot: tuple[FakeTelegram, Bot]) -> None:
    tg, bot = tg_and_bot
    await on_error(failed_update(bot, USER, forbidden(USER, "bot was blocked by the user")), RU)
    assert tg.calls("sendMessage") == []


async def test_another_failure_in_the_same_chat_still_gets_the_fallback(tg_and_bot: tuple[FakeTelegram, Bot]) -> None:
    tg, bot = tg_and_bot
    await on_error(failed_update(bot, USER, bad_request(USER, "message is not modified")), RU)
    assert [call.params["chat_id"] for call in tg.calls("sendMessage")] == [USER]
