"""sendDocument in the fake Telegram, with the Bot API's rules: an upload (the file part itself or `attach://`) or a
`file_id` the bot was given, at most 50 MB, a caption of at most 1024 characters, `message_thread_id` only for a live
topic, and the message it makes as Telegram shows it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramBadRequest, TelegramEntityTooLarge
from aiogram.types import BufferedInputFile, ReplyParameters

from bot.testing.fake_telegram import FakeTelegram
from bot.testing.fake_telegram.files import UPLOAD_LIMIT

TOKEN = "987654321:AAE-tEsT_token"
ANNA = 111
FORUM = -1001000000012
PDF = b"%PDF-1.4\n% a small file\n%%EOF\n"


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    fake = FakeTelegram(token=TOKEN, bot_username="team_hire_bot")
    await fake.start()
    fake.add_user(ANNA, "Анна", language_code="ru")
    yield fake
    await fake.close()


@pytest.fixture
async def bot(tg: FakeTelegram) -> AsyncIterator[Bot]:
    session = AiohttpSession(api=TelegramAPIServer.from_base(tg.base_url))
    async with Bot(TOKEN, session=session) as bot:
        yield bot


async def multipart(tg: FakeTelegram, fields: dict[str, Any], files: dict[str, tuple[str, bytes]]) -> dict[str, Any]:
    form = aiohttp.FormData()
    for key, value in fields.items():
        form.add_field(key, str(value))
    for key, (name, content) in files.items():
        form.add_field(key, content, filename=name)
    async with aiohttp.ClientSession() as http, http.post(f"{tg.base_url}/bot{TOKEN}/sendDocument",
                                                          data=form) as response:
        body: dict[str, Any] = await response.json()
        return body


async def test_an_upload_then_its_file_id_anywhere(tg: FakeTelegram, bot: Bot) -> None:
    card = await bot.send_message(ANNA, "Карточка")
    sent = await bot.send_document(ANNA, BufferedInputFile(PDF, "Петров Иван.pdf"), caption="<b>Резюме</b>",
                                   parse_mode="HTML", reply_parameters=ReplyParameters(message_id=card.message_id))
    assert sent.document is not None and sent.caption == "Резюме" and sent.text is None
    assert (sent.document.file_name, sent.document.mime_type, sent.document.file_size) == (
        "Петров Иван.pdf", "application/pdf", len(PDF))
    assert sent.reply_to_message is not None and sent.reply_to_message.message_id == card.message_id
    shown = tg.last_bot_message(ANNA)
    assert shown is not None and shown.text == "Резюме" and shown.document == sent.document.model_dump(
        exclude_none=True)
    assert tg.stored_file(sent.document.file_id).content == PDF
    tg.add_group(FORUM, "Найм", members=[ANNA], is_forum=True)
    tg.add_bot_to_group(FORUM, by_user_id=ANNA, as_admin=True)
    thread = tg.create_forum_topic(FORUM, ANNA, "Python-разработчик")
    again = await bot.send_document(FORUM, sent.document.file_id, message_thread_id=thread)
    assert again.document is not None and again.message_thread_id == thread and again.is_topic_message
    assert again.document.file_unique_id == sent.document.file_unique_id
    assert tg.stored_file(again.document.file_id).content == PDF
    upload = tg.calls("sendDocument")[0].params
    assert upload[upload["document"].removeprefix("attach://")] == {"filename": "Петров Иван.pdf", "size": len(PDF)}


async def test_the_file_part_itself_as_the_document(tg: FakeTelegram) -> None:
    body = await multipart(tg, {"chat_id": ANNA}, {"document": ("cv.pdf", PDF)})
    assert body["ok"] is True and body["result"]["document"]["file_name"] == "cv.pdf"


@pytest.mark.parametrize(("fields", "files", "code", "description"), [
    ({"chat_id": ANNA}, {}, 400, "Bad Request: there is no document in the request"),
    ({"chat_id": ANNA, "document": "attach://missing"}, {}, 400, "Bad Request: there is no document in the request"),
    ({"chat_id": ANNA, "document": "BQACAgIAAxkBAAmadeup"}, {}, 400,
     "Bad Request: wrong file identifier/HTTP URL specified"),
    ({"chat_id": ANNA, "document": "https://example.com/cv.pdf"}, {}, 400,
     "Bad Request: wrong file identifier/HTTP URL specified"),
    ({"chat_id": ANNA}, {"document": ("empty.pdf", b"")}, 400, "Bad Request: file must be non-empty"),
    ({"chat_id": ANNA, "caption": "я" * 1025}, {"document": ("cv.pdf", PDF)}, 400,
     "Bad Request: message caption is too long"),
    ({"chat_id": ANNA, "message_thread_id": 5}, {"document": ("cv.pdf", PDF)}, 400,
     "Bad Request: message thread not found"),
])
async def test_what_telegram_refuses(tg: FakeTelegram, fields: dict[str, Any], files: dict[str, tuple[str, bytes]],
                                     code: int, description: str) -> None:
    body = await multipart(tg, fields, files)
    assert (body["ok"], body["error_code"], body["description"]) == (False, code, description)
    assert tg.bot_messages(ANNA) == []


async def test_a_caption_of_1024_characters_is_taken(tg: FakeTelegram) -> None:
    body = await multipart(tg, {"chat_id": ANNA, "caption": "я" * 1024}, {"document": ("cv.pdf", PDF)})
    assert body["ok"] is True


async def test_over_50_mb_is_too_large(tg: FakeTelegram, bot: Bot) -> None:
    with pytest.raises(TelegramEntityTooLarge):
        await bot.send_document(ANNA, BufferedInputFile(b"%PDF" + b"0" * (UPLOAD_LIMIT - 3), "big.pdf"))
    assert tg.bot_messages(ANNA) == []
    assert UPLOAD_LIMIT == 50 * 1024 * 1024


async def test_file_ids_forgotten_are_refused_and_a_document_has_no_text_to_edit(tg: FakeTelegram, bot: Bot) -> None:
    sent = await bot.send_document(ANNA, BufferedInputFile(PDF, "cv.pdf"))
    assert sent.document is not None
    with pytest.raises(TelegramBadRequest, match="there is no text in the message to edit"):
        await bot.edit_message_text("другое", chat_id=ANNA, message_id=sent.message_id)
    tg.forget_files()
    with pytest.raises(TelegramBadRequest, match="wrong file identifier"):
        await bot.send_document(ANNA, sent.document.file_id)
