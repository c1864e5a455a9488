"""The fake Telegram Bot API, driven over real HTTP (and by a real aiogram Bot)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiogram import Bot, Dispatcher, F, Router
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramBadRequest, TelegramRetryAfter
from aiogram.filters import CommandStart
from aiogram.methods import SendMessage
from aiogram.types import CallbackQuery, ChatMemberUpdated, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web

from bot.testing.fake_telegram import FakeTelegram, FloodControl

TOKEN = "123456:TEST"
USER = 111
OTHER_USER = 222
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
QUERY_INVALID = "Bad Request: query is too old and response timeout expired or query ID is invalid"

Answer = tuple[int, dict[str, Any]]


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def fake_telegram_clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def fake_telegram(fake_telegram_clock: FakeClock) -> AsyncIterator[FakeTelegram]:
    tg = FakeTelegram(token=TOKEN, clock=fake_telegram_clock, webhook_retry_delay=0.01)
    await tg.start()
    tg.add_user(user_id=USER, first_name="Анна", language_code="ru")
    tg.add_user(user_id=OTHER_USER, first_name="Bob", language_code="en", username="bob")
    yield tg
    await tg.close()


@pytest.fixture
async def fake_telegram_http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


class Api:
    """Calls the fake's Bot API as JSON, form or multipart (aiogram's format)."""

    def __init__(self, http: aiohttp.ClientSession, tg: FakeTelegram, token: str = TOKEN) -> None:
        self._http = http
        self._url = f"{tg.base_url}/bot{token}"

    async def __call__(self, method: str, **params: Any) -> Answer:
        async with self._http.post(f"{self._url}/{method}", json=params) as response:
            return response.status, await response.json()

    async def multipart(self, method: str, **params: Any) -> Answer:
        form = aiohttp.FormData(quote_fields=False)
        for key, value in params.items():
            form.add_field(key, value if isinstance(value, str) else json.dumps(value))
        async with self._http.post(f"{self._url}/{method}", data=form) as response:
            return response.status, await response.json()

    async def ok(self, method: str, **params: Any) -> Any:
        status, body = await self(method, **params)
        assert (status, body["ok"]) == (200, True), body
        return body["result"]

    async def error(self, method: str, **params: Any) -> str:
        status, body = await self(method, **params)
        assert body["ok"] is False and status == body["error_code"], body
        description: str = body["description"]
        return description


@pytest.fixture
def fake_telegram_api(fake_telegram: FakeTelegram, fake_telegram_http: aiohttp.ClientSession) -> Api:
    return Api(fake_telegram_http, fake_telegram)


def keyboard(*rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {"inline_keyboard": list(rows)}


# --- basics ---------------------------------------------------------------------------------


async def test_get_me_describes_the_bot(fake_telegram_api: Api, fake_telegram: FakeTelegram) -> None:
    me = await fake_telegram_api.ok("getMe")
    assert me["id"] == 123456 == fake_telegram.bot_id
    assert me["is_bot"] is True
    assert me["username"] == "hh_bridge_bot"
    assert {"first_name", "can_join_groups", "can_read_all_group_messages", "supports_inline_queries"} <= set(me)


async def test_wrong_token_unknown_method_and_case_insensitive_names(
    fake_telegram: FakeTelegram, fake_telegram_http: aiohttp.ClientSession, fake_telegram_api: Api
) -> None:
    wrong = Api(fake_telegram_http, fake_telegram, token="123456:WRONG")
    assert await wrong("getMe") == (401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
    assert await fake_telegram_api("sendPhoto", chat_id=USER) == (
        404,
        {"ok": False, "error_code": 404, "description": "Not Found"},
    )
    assert (await fake_telegram_api.ok("GETME"))["id"] == 123456
    async with fake_telegram_http.get(f"{fake_telegram.base_url}/bot{TOKEN}/getme") as response:
        assert response.status == 200
    assert [r.method for r in fake_telegram.requests] == ["getMe", "sendPhoto", "getMe", "getMe"]
    assert fake_telegram.requests[1].error_code == 404


async def test_parameters_from_query_string_and_urlencoded_form(
    fake_telegram: FakeTelegram, fake_telegram_http: aiohttp.ClientSession
) -> None:
    url = f"{fake_telegram.base_url}/bot{TOKEN}/sendMessage"
    async with fake_telegram_http.get(url, params={"chat_id": str(USER), "text": "from query"}) as response:
        assert response.status == 200
    async with fake_telegram_http.post(url, data={"chat_id": str(USER), "text": "from form"}) as response:
        assert response.status == 200
    assert [m.text for m in fake_telegram.bot_messages(USER)] == ["from query", "from form"]
    assert fake_telegram.calls("sendMessage")[0].params == {"chat_id": USER, "text": "from query"}


# --- aiogram against the fake -----------------------------------------------------------------


async def test_real_aiogram_bot_sends_html_with_keyboard_and_edits(fake_telegram: FakeTelegram) -> None:
    session = AiohttpSession(api=TelegramAPIServer.from_base(fake_telegram.base_url))
    bot = Bot(TOKEN, session=session)
    try:
        markup = InlineKeyboardMarkup(
            inline_keyboard=[
                [InlineKeyboardButton(text="Пригласить", callback_data="a:12")],
                [InlineKeyboardButton(text="Открыть", url="https://hh.ru/vacancy/1")],
            ]
        )
        html = "<b>Новый отклик</b> &lt;Python&gt;"
        sent = await bot.send_message(USER, html, parse_mode="HTML", reply_markup=markup)
        assert sent.text == "Новый отклик <Python>"
        shown = fake_telegram.last_bot_message(USER)
        assert shown is not None and shown.message_id == sent.message_id
        assert shown.html == "<b>Новый отклик</b> &lt;Python&gt;"
        assert shown.entities == [{"type": "bold", "offset": 0, "length": 12}]
        assert shown.callback_data("Пригласить") == "a:12"
        assert shown.url_of("Открыть") == "https://hh.ru/vacancy/1"

        edited = await bot.edit_message_text(
            "<i>Приглашён</i>", chat_id=USER, message_id=sent.message_id, parse_mode="HTML"
        )
        assert not isinstance(edited, bool) and edited.edit_date is not None
        shown = fake_telegram.last_bot_message(USER)
        assert shown is not None and shown.edited and shown.text == "Приглашён"
        assert shown.buttons() == []  # editing text without reply_markup removes the keyboard
        with pytest.raises(TelegramBadRequest, match="message is not modified"):
            await bot.edit_message_text("<i>Приглашён</i>", chat_id=USER, message_id=sent.message_id, parse_mode="HTML")
        with pytest.raises(TelegramBadRequest, match="can't parse entities"):
            await bot.send_message(USER, "a < b", parse_mode="HTML")
    finally:
        await bot.session.close()


async def test_aiogram_dispatcher_polls_the_fake_and_answers_callbacks(fake_telegram: FakeTelegram) -> None:
    router = Router()

    async def greet(message: Message) -> None:
        go = InlineKeyboardButton(text="Дальше", callback_data="go")
        await message.answer("Привет, <b>Анна</b>", reply_markup=InlineKeyboardMarkup(inline_keyboard=[[go]]))

    async def go_on(query: CallbackQuery) -> None:
        await query.answer("Ок")

    router.message.register(greet, CommandStart())
    router.callback_query.register(go_on, F.data == "go")
    dispatcher = Dispatcher()
    dispatcher.include_router(router)
    session = AiohttpSession(api=TelegramAPIServer.from_base(fake_telegram.base_url))
    bot = Bot(TOKEN, session=session, default=DefaultBotProperties(parse_mode="HTML"))
    polling = asyncio.create_task(dispatcher.start_polling(bot, polling_timeout=5, handle_signals=False))
    try:
        await fake_telegram.send_text(USER, "/start")
        greeting = await fake_telegram.wait_for_bot_message(USER, "Привет")
        query_id = await fake_telegram.press(USER, message_id=greeting.message_id, callback_data="go")
        await fake_telegram.wait_for(lambda: query_id in fake_telegram.callback_answers)
    finally:
        await dispatcher.stop_polling()
        await asyncio.wait_for(polling, timeout=5)
    assert greeting.entities == [{"type": "bold", "offset": 8, "length": 4}]
    assert fake_telegram.callback_answers[query_id].text == "Ок"
    assert fake_telegram.unanswered_callbacks() == []
    assert all(request.ok for request in fake_telegram.requests), fake_telegram.requests


async def test_multipart_fields_are_decoded_like_aiogram_sends_them(
    fake_telegram_api: Api, fake_telegram: FakeTelegram
) -> None:
    status, body = await fake_telegram_api.multipart(
        "sendMessage",
        chat_id=str(USER),
        text="hi",
        reply_markup=keyboard([{"text": "OK", "callback_data": "ok"}]),
        disable_notification="true",
    )
    assert status == 200, body
    assert body["result"]["reply_markup"] == keyboard([{"text": "OK", "callback_data": "ok"}])
    params = fake_telegram.calls("sendMessage")[0].params
    assert params["chat_id"] == USER and params["disable_notification"] is True
    assert params["reply_markup"] == keyboard([{"text": "OK", "callback_data": "ok"}])


# --- getUpdates ------------------------------------------------------------------------------


async def test_get_updates_offsets_confirm_and_drop_updates(
    fake_telegram_api: Api, fake_telegram: FakeTelegram
) -> None:
    first = await fake_telegram.send_text(USER, "/start link")
    await fake_telegram.send_text(USER, "hello")
    updates = await fake_telegram_api.ok("getUpdates")
    assert [u["update_id"] for u in updates] == [10000, 10001]
    message = updates[0]["message"]
    assert message["message_id"] == first and message["text"] == "/start link"
    assert message["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
    assert message["from"]["language_code"] == "ru" and message["chat"] == {
        "id": USER,
        "type": "private",
        "first_name": "Анна",
    }
    assert [u["update_id"] for u in await fake_telegram_api.ok("getUpdates", offset=10001)] == [10001]
    assert await fake_telegram_api.ok("getUpdates", offset=10002) == []
    assert await fake_telegram_api.ok("getUpdates", offset=10000) == []  # confirmed updates are gone for good
    await fake_telegram.send_text(USER, "later")
    assert [u["update_id"] for u in await fake_telegram_api.ok("getUpdates", limit=5)] == [10002]


async def test_long_poll_returns_as_soon_as_an_update_arrives(
    fake_telegram_api: Api, fake_telegram: FakeTelegram
) -> None:
    poll = asyncio.create_task(fake_telegram_api("getUpdates", timeout=5))
    await fake_telegram.wait_for(lambda: fake_telegram.waiting_get_updates == 1, timeout=2)
    loop = asyncio.get_running_loop()
    started = loop.time()
    await fake_telegram.send_text(USER, "ping")
    status, body = await asyncio.wait_for(poll, timeout=2)
    assert loop.time() - started < 1.0
    assert status == 200 and [u["message"]["text"] for u in body["result"]] == ["ping"]


async def test_long_poll_without_updates_returns_empty_after_its_timeout(fake_telegram_api: Api) -> None:
    loop = asyncio.get_running_loop()
    started = loop.time()
    assert await fake_telegram_api.ok("getUpdates", timeout=1) == []
    assert loop.time() - started >= 0.9


async def test_second_get_updates_terminates_the_first(fake_telegram_api: Api, fake_telegram: FakeTelegram) -> None:
    first = asyncio.create_task(fake_telegram_api("getUpdates", timeout=5))
    await fake_telegram.wait_for(lambda: fake_telegram.waiting_get_updates == 1, timeout=2)
    second = asyncio.create_task(fake_telegram_api("getUpdates", timeout=5))
    status, body = await asyncio.wait_for(first, timeout=2)
    assert status == 409
    assert body["description"] == (
        "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
    )
    await fake_telegram.wait_for(lambda: fake_telegram.waiting_get_updates == 1, timeout=2)
    await fake_telegram.send_text(USER, "for the second")
    status, body = await asyncio.wait_for(second, timeout=2)
    assert status == 200 and body["result"][0]["message"]["text"] == "for the second"


async def test_get_updates_conflicts_with_an_active_webhook(fake_telegram_api: Api) -> None:
    assert await fake_telegram_api.ok("setWebhook", url="http://127.0.0.1:9/hook") is True
    assert await fake_telegram_api.error("getUpdates") == (
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
    )
    assert await fake_telegram_api.ok("deleteWebhook") is True
    assert await fake_telegram_api.ok("getUpdates") == []


# --- webhook ---------------------------------------------------------------------------------


class WebhookReceiver:
    """A bot-side webhook endpoint: answers 500 to the first request, then 200."""

    def __init__(self) -> None:
        self.received: list[tuple[str | None, dict[str, Any]]] = []
        self.reply: dict[str, Any] = {}
        self.runner: web.AppRunner | None = None

    async def start(self) -> str:
        app = web.Application()
        app.router.add_post("/hook", self._handle)
        self.runner = web.AppRunner(app)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        host, port = self.runner.addresses[0][:2]
        return f"http://{host}:{port}/hook"

    async def _handle(self, request: web.Request) -> web.Response:
        self.received.append((request.headers.get("X-Telegram-Bot-Api-Secret-Token"), await request.json()))
        if len(self.received) == 1:
            return web.Response(status=500)
        return web.json_response(self.reply)

    async def close(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()


@pytest.fixture
async def fake_telegram_webhook_receiver() -> AsyncIterator[WebhookReceiver]:
    receiver = WebhookReceiver()
    yield receiver
    await receiver.close()


async def test_webhook_delivers_in_order_with_secret_and_retries_after_500(
    fake_telegram_api: Api, fake_telegram: FakeTelegram, fake_telegram_webhook_receiver: WebhookReceiver
) -> None:
    url = await fake_telegram_webhook_receiver.start()
    for text in ("one", "two", "three"):
        await fake_telegram.send_text(USER, text)
    assert await fake_telegram_api.ok("setWebhook", url=url, secret_token="s3cr3t_-X") is True
    assert fake_telegram.webhook_url == url and fake_telegram.webhook_secret == "s3cr3t_-X"

    await fake_telegram.wait_for(lambda: fake_telegram.pending_update_count == 0, timeout=5)
    received = fake_telegram_webhook_receiver.received
    assert [secret for secret, _ in received] == ["s3cr3t_-X"] * 4
    assert [update["update_id"] for _, update in received] == [10000, 10000, 10001, 10002]
    assert [update["message"]["text"] for _, update in received[1:]] == ["one", "two", "three"]
    assert [d.status for d in fake_telegram.webhook_deliveries] == [500, 200, 200, 200]
    info = await fake_telegram_api.ok("getWebhookInfo")
    assert info["url"] == url and info["pending_update_count"] == 0 and info["has_custom_certificate"] is False
    assert info["last_error_message"] == "Wrong response from the webhook: 500 Internal Server Error"

    assert await fake_telegram_api.ok("deleteWebhook") is True
    await fake_telegram.send_text(USER, "kept for polling")
    assert [u["message"]["text"] for u in await fake_telegram_api.ok("getUpdates")] == ["kept for polling"]


async def test_webhook_answer_with_a_method_is_executed(
    fake_telegram_api: Api, fake_telegram: FakeTelegram, fake_telegram_webhook_receiver: WebhookReceiver
) -> None:
    fake_telegram_webhook_receiver.reply = {"method": "sendMessage", "chat_id": USER, "text": "answered in webhook"}
    await fake_telegram_api.ok("setWebhook", url=await fake_telegram_webhook_receiver.start())
    await fake_telegram.send_text(USER, "hi")
    message = await fake_telegram.wait_for_bot_message(USER, "answered in webhook", timeout=5)
    assert message.from_bot and fake_telegram.pending_update_count == 0


async def test_aiogram_webhook_handler_gets_updates_and_its_multipart_answer_is_executed(
    fake_telegram: FakeTelegram,
) -> None:
    async def start(message: Message) -> SendMessage:
        return SendMessage(chat_id=message.chat.id, text="Ответ из вебхука")

    router = Router()
    router.message.register(start, CommandStart())
    dispatcher = Dispatcher()
    dispatcher.include_router(router)
    bot = Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(fake_telegram.base_url)))
    app = web.Application()
    SimpleRequestHandler(dispatcher, bot, secret_token="abc", handle_in_background=False).register(app, "/wh")
    runner = web.AppRunner(app)
    await runner.setup()
    try:
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = runner.addresses[0][1]
        assert await bot.set_webhook(f"http://127.0.0.1:{port}/wh", secret_token="abc")
        await fake_telegram.send_text(USER, "/start")
        answer = await fake_telegram.wait_for_bot_message(USER, "вебхука")
        info = await bot.get_webhook_info()
    finally:
        await bot.session.close()
        await runner.cleanup()
    assert answer.text == "Ответ из вебхука"
    assert info.pending_update_count == 0 and info.last_error_message is None
    assert [d.status for d in fake_telegram.webhook_deliveries] == [200]


@pytest.mark.parametrize("secret", ["has space", "кириллица", "x" * 257])
async def test_webhook_secret_token_characters_are_checked(fake_telegram_api: Api, secret: str) -> None:
    description = await fake_telegram_api.error("setWebhook", url="http://127.0.0.1:9/hook", secret_token=secret)
    assert description == "Bad Request: secret token contains unallowed characters"


async def test_webhook_url_must_be_http(fake_telegram_api: Api) -> None:
    assert (await fake_telegram_api.error("setWebhook", url="ftp://example.com/hook")).startswith(
        "Bad Request: bad webhook:"
    )


# --- HTML --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("<script>alert(1)</script>", 'Unsupported start tag "script" at byte offset 0'),
        ("a < b && c > d", "Empty tag name at byte offset 2"),
        ("Привет <b>мир", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("line<br>next", 'Unsupported start tag "br" at byte offset 4'),
        ("<a>link</a>", 'Tag "a" must have attribute "href" at byte offset 0'),
        ('<span class="x">s</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
    ],
)
async def test_invalid_html_is_rejected_with_telegrams_reason(fake_telegram_api: Api, html: str, reason: str) -> None:
    description = await fake_telegram_api.error("sendMessage", chat_id=USER, text=html, parse_mode="HTML")
    assert description == f"Bad Request: can't parse entities: {reason}"


@pytest.mark.parametrize(
    ("html", "reason_start"),
    [
        ("3 > 2", 'Unescaped ">" at byte offset 2'),
        ("Tom & Jerry", 'Unescaped "&" or unsupported HTML entity at byte offset 4'),
        ("&nbsp;", 'Unescaped "&" or unsupported HTML entity at byte offset 0'),
    ],
)
async def test_raw_gt_and_ampersand_are_rejected(fake_telegram_api: Api, html: str, reason_start: str) -> None:
    description = await fake_telegram_api.error("sendMessage", chat_id=USER, text=html, parse_mode="html")
    assert description.startswith(f"Bad Request: can't parse entities: {reason_start}")


async def test_escaped_hostile_text_comes_back_as_the_original(
    fake_telegram_api: Api, fake_telegram: FakeTelegram
) -> None:
    original = 'a < b && c > d "quoted" <script>'
    escaped = original.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    result = await fake_telegram_api.ok("sendMessage", chat_id=USER, text=escaped, parse_mode="HTML")
    assert result["text"] == original and "entities" not in result
    assert fake_telegram.chat(USER)[-1].text == original


async def test_nested_tags_numeric_entities_and_utf16_offsets(fake_telegram_api: Api) -> None:
    html = (
        '😀 <b>bold <i>both</i></b> &#128512;&#x1F600; <a href="https://hh.ru/?a=1&amp;b=2">link</a> '
        '<pre><code class="language-python">x = 1</code></pre><blockquote expandable>q</blockquote>'
        '<span class="tg-spoiler">s</span>'
    )
    result = await fake_telegram_api.ok("sendMessage", chat_id=USER, text=html, parse_mode="HTML")
    assert result["text"] == "😀 bold both 😀😀 link x = 1qs"
    assert result["entities"] == [
        {"type": "bold", "offset": 3, "length": 9},
        {"type": "italic", "offset": 8, "length": 4},
        {"type": "text_link", "offset": 18, "length": 4, "url": "https://hh.ru/?a=1&b=2"},
        {"type": "pre", "offset": 23, "length": 5, "language": "python"},
        {"type": "expandable_blockquote", "offset": 28, "length": 1},
        {"type": "spoiler", "offset": 29, "length": 1},
    ]


async def test_without_parse_mode_text_is_literal_and_markdown_is_refused(fake_telegram_api: Api) -> None:
    assert (await fake_telegram_api.ok("sendMessage", chat_id=USER, text="<b>not bold</b> & >"))[
        "text"
    ] == "<b>not bold</b> & >"
    description = await fake_telegram_api.error("sendMessage", chat_id=USER, text="*x*", parse_mode="MarkdownV2")
    assert description == "Bad Request: can't parse entities: MarkdownV2 is not supported by this fake"


# --- text length ------------------------------------------------------------------------------


async def test_text_length_is_counted_in_utf16_after_parsing_and_trimming(fake_telegram_api: Api) -> None:
    assert len((await fake_telegram_api.ok("sendMessage", chat_id=USER, text="a" * 4096))["text"]) == 4096
    too_long = "Bad Request: message is too long"
    assert await fake_telegram_api.error("sendMessage", chat_id=USER, text="a" * 4097) == too_long
    assert await fake_telegram_api.ok("sendMessage", chat_id=USER, text="😀" * 2048)
    assert await fake_telegram_api.error("sendMessage", chat_id=USER, text="😀" * 2048 + "a") == too_long
    assert await fake_telegram_api.ok("sendMessage", chat_id=USER, text=f"<b>{'a' * 4096}</b>", parse_mode="HTML")
    assert await fake_telegram_api.ok("sendMessage", chat_id=USER, text=f"  {'a' * 4096}\n\n")
    empty = "Bad Request: message text is empty"
    assert await fake_telegram_api.error("sendMessage", chat_id=USER, text=" \n\t ") == empty
    assert await fake_telegram_api.error("sendMessage", chat_id=USER, text="<b> </b>", parse_mode="HTML") == empty
    assert await fake_telegram_api.error("sendMessage", chat_id=USER) == empty
    trimmed = await fake_telegram_api.ok("sendMessage", chat_id=USER, text="\n <b>x</b> \n", parse_mode="HTML")
    assert trimmed["text"] == "x" and trimmed["entities"] == [{"type": "bold", "offset": 0, "length": 1}]


# --- reply markup -----------------------------------------------------------------------------


async def test_callback_data_limit_is_64_utf8_bytes(fake_telegram_api: Api) -> None:
    fits = "я" * 32  # 64 bytes
    markup = keyboard([{"text": "b", "callback_data": fits}])
    sent = await fake_telegram_api.ok("sendMessage", chat_id=USER, text="ok", reply_markup=markup)
    assert sent["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == fits
    invalid = "Bad Request: BUTTON_DATA_INVALID"
    too_long = keyboard([{"text": "b", "callback_data": fits + "a"}])
    assert await fake_telegram_api.error("sendMessage", chat_id=USER, text="x", reply_markup=too_long) == invalid
    empty = keyboard([{"text": "b", "callback_data": ""}])
    assert await fake_telegram_api.error("sendMessage", chat_id=USER, text="x", reply_markup=empty) == invalid


@pytest.mark.parametrize(
    ("markup", "description"),
    [
        ("{not json", "Bad Request: can't parse reply keyboard markup JSON object"),
        (keyboard([{"text": "b", "url": "hh.ru/no-scheme"}]), "Bad Request: BUTTON_URL_INVALID"),
        (keyboard([{"text": "b", "url": "javascript:alert(1)"}]), "Bad Request: BUTTON_URL_INVALID"),
        (keyboard([{"text": "", "callback_data": "x"}]), "Bad Request: BUTTON_TEXT_INVALID"),
        (
            keyboard([{"text": "b"}]),
            "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
        ),
        (
            keyboard([{"text": "b", "callback_data": "x", "url": "https://hh.ru"}]),
            "Bad Request: can't parse inline keyboard button: exactly one optional field must be used, "
            "got url, callback_data",
        ),
        (
            keyboard([{"text": str(i), "callback_data": str(i)} for i in range(9)]),
            "Bad Request: too many inline keyboard buttons",
        ),
        (
            keyboard(*[[{"text": str(r * 8 + i), "callback_data": "x"} for i in range(8)] for r in range(13)]),
            "Bad Request: too many inline keyboard buttons",
        ),
    ],
)
async def test_invalid_reply_markup_is_rejected(fake_telegram_api: Api, markup: Any, description: str) -> None:
    assert await fake_telegram_api.error("sendMessage", chat_id=USER, text="x", reply_markup=markup) == description


async def test_other_keyboards_are_accepted(fake_telegram_api: Api, fake_telegram: FakeTelegram) -> None:
    await fake_telegram_api.ok(
        "sendMessage", chat_id=USER, text="k", reply_markup={"keyboard": [["Да", {"text": "Нет"}]]}
    )
    await fake_telegram_api.ok("sendMessage", chat_id=USER, text="r", reply_markup={"remove_keyboard": True})
    await fake_telegram_api.ok("sendMessage", chat_id=USER, text="f", reply_markup={"force_reply": True})
    assert [m.reply_markup for m in fake_telegram.bot_messages(USER)] == [
        {"keyboard": [["Да", {"text": "Нет"}]]},
        {"remove_keyboard": True},
        {"force_reply": True},
    ]


# --- chats, replies, edits, deletes -----------------------------------------------------------


async def test_unknown_and_blocked_chats(fake_telegram_api: Api, fake_telegram: FakeTelegram) -> None:
    assert await fake_telegram_api.error("sendMessage", chat_id=999, text="x") == "Bad Request: chat not found"
    assert await fake_telegram_api.error("sendMessage", chat_id="@someone", text="x") == "Bad Request: chat not found"
    fake_telegram.block_bot(USER)
    status, body = await fake_telegram_api("sendMessage", chat_id=USER, text="x")
    assert (status, body["description"]) == (403, "Forbidden: bot was blocked by the user")
    assert (
        await fake_telegram_api.error("sendChatAction", chat_id=USER, action="typing")
        == "Forbidden: bot was blocked by the user"
    )
    updates = await fake_telegram_api.ok("getUpdates")
    assert updates[-1]["my_chat_member"]["new_chat_member"]["status"] == "kicked"


async def test_replies_to_existing_and_missing_messages(fake_telegram_api: Api, fake_telegram: FakeTelegram) -> None:
    asked = await fake_telegram.send_text(USER, "question")
    answer = await fake_telegram_api.ok(
        "sendMessage", chat_id=USER, text="answer", reply_parameters={"message_id": asked}
    )
    assert answer["reply_to_message"]["text"] == "question"
    not_found = "Bad Request: message to be replied not found"
    assert await fake_telegram_api.error("sendMessage", chat_id=USER, text="x", reply_to_message_id=77) == not_found
    assert (
        await fake_telegram_api.error("sendMessage", chat_id=USER, text="x", reply_parameters={"message_id": 77})
        == not_found
    )
    lenient = {"message_id": 77, "allow_sending_without_reply": True}
    assert "reply_to_message" not in await fake_telegram_api.ok(
        "sendMessage", chat_id=USER, text="x", reply_parameters=lenient
    )

    user_reply = await fake_telegram.reply(USER, reply_to_message_id=answer["message_id"], text="Спасибо")
    update = (await fake_telegram_api.ok("getUpdates"))[-1]["message"]
    assert update["message_id"] == user_reply and update["reply_to_message"]["message_id"] == answer["message_id"]
    assert fake_telegram.chat(USER)[-1].reply_to_message_id == answer["message_id"]
    with pytest.raises(LookupError):
        await fake_telegram.reply(USER, reply_to_message_id=999, text="x")


async def test_message_ids_are_per_chat_and_shared_with_the_user(
    fake_telegram_api: Api, fake_telegram: FakeTelegram
) -> None:
    assert await fake_telegram.send_text(USER, "1") == 1
    assert (await fake_telegram_api.ok("sendMessage", chat_id=USER, text="2"))["message_id"] == 2
    assert (await fake_telegram_api.ok("sendMessage", chat_id=OTHER_USER, text="1"))["message_id"] == 1
    assert await fake_telegram.send_text(USER, "3") == 3
    assert [(m.message_id, m.from_bot) for m in fake_telegram.chat(USER)] == [(1, False), (2, True), (3, False)]


async def test_edit_rules(fake_telegram_api: Api, fake_telegram: FakeTelegram) -> None:
    buttons = keyboard([{"text": "Да", "callback_data": "yes"}])
    sent = await fake_telegram_api.ok(
        "sendMessage", chat_id=USER, text="<b>Q</b>", parse_mode="HTML", reply_markup=buttons
    )
    mid = sent["message_id"]
    same = {"chat_id": USER, "message_id": mid, "text": "<b>Q</b>", "parse_mode": "HTML", "reply_markup": buttons}
    assert await fake_telegram_api.error("editMessageText", **same) == NOT_MODIFIED
    assert await fake_telegram_api.ok("editMessageText", **{**same, "text": "Q"})  # same text, entities differ
    assert (
        await fake_telegram_api.error("editMessageReplyMarkup", chat_id=USER, message_id=mid, reply_markup=buttons)
        == NOT_MODIFIED
    )
    edited = await fake_telegram_api.ok("editMessageReplyMarkup", chat_id=USER, message_id=mid)
    assert "reply_markup" not in edited and fake_telegram.chat(USER)[-1].buttons() == []
    assert await fake_telegram_api.error("editMessageReplyMarkup", chat_id=USER, message_id=mid) == NOT_MODIFIED

    user_mid = await fake_telegram.send_text(USER, "mine")
    assert await fake_telegram_api.error("editMessageText", chat_id=USER, message_id=user_mid, text="x") == (
        "Bad Request: message can't be edited"
    )
    assert await fake_telegram_api.error("editMessageText", chat_id=USER, message_id=999, text="x") == (
        "Bad Request: message to edit not found"
    )


async def test_delete_removes_from_the_chat(fake_telegram_api: Api, fake_telegram: FakeTelegram) -> None:
    mid = (await fake_telegram_api.ok("sendMessage", chat_id=USER, text="temporary"))["message_id"]
    assert await fake_telegram_api.ok("deleteMessage", chat_id=USER, message_id=mid) is True
    assert fake_telegram.chat(USER) == []
    assert (
        await fake_telegram_api.error("deleteMessage", chat_id=USER, message_id=mid)
        == "Bad Request: message to delete not found"
    )


# --- callbacks -------------------------------------------------------------------------------


async def test_callbacks_answered_unanswered_and_twice(
    fake_telegram_api: Api, fake_telegram: FakeTelegram, fake_telegram_clock: FakeClock
) -> None:
    buttons = keyboard([{"text": "Пригласить", "callback_data": "a:12"}])
    mid = (await fake_telegram_api.ok("sendMessage", chat_id=USER, text="Отклик", reply_markup=buttons))["message_id"]
    with pytest.raises(LookupError, match="a:13"):
        await fake_telegram.press(USER, message_id=mid, callback_data="a:13")
    answered = await fake_telegram.press(USER, message_id=mid, callback_data="a:12")
    forgotten = await fake_telegram.press(USER, message_id=mid, callback_data="forged", check_button=False)
    queries = [u["callback_query"] for u in await fake_telegram_api.ok("getUpdates")]
    assert [q["id"] for q in queries] == [answered, forgotten]
    assert queries[0]["data"] == "a:12" and queries[0]["message"]["message_id"] == mid
    assert queries[0]["from"]["language_code"] == "ru" and queries[0]["chat_instance"]

    fake_telegram_clock.advance(2.5)
    assert await fake_telegram_api.error("answerCallbackQuery", callback_query_id=answered, text="x" * 201) == (
        "Bad Request: MESSAGE_TOO_LONG"
    )
    assert await fake_telegram_api.ok("answerCallbackQuery", callback_query_id=answered, text="Готово") is True
    answer = fake_telegram.callback_answers[answered]
    assert (answer.text, answer.show_alert, answer.answered_after_seconds) == ("Готово", False, 2.5)
    assert await fake_telegram_api.error("answerCallbackQuery", callback_query_id=answered) == QUERY_INVALID
    assert await fake_telegram_api.error("answerCallbackQuery", callback_query_id="nope") == QUERY_INVALID
    assert fake_telegram.unanswered_callbacks() == [forgotten]

    fake_telegram_clock.advance(15 * 60)
    assert await fake_telegram_api.error("answerCallbackQuery", callback_query_id=forgotten) == QUERY_INVALID


# --- flood control ----------------------------------------------------------------------------


async def test_per_chat_flood_control_gives_429_and_counts_ignored_retry_after(
    fake_telegram_api: Api, fake_telegram: FakeTelegram, fake_telegram_clock: FakeClock
) -> None:
    fake_telegram.set_flood_control(FloodControl(chat_burst=3, chat_per_second=1.0))
    for n in range(3):
        await fake_telegram_api.ok("sendMessage", chat_id=USER, text=str(n))
    assert await fake_telegram_api.ok("sendChatAction", chat_id=USER, action="typing") is True  # not counted
    status, body = await fake_telegram_api("sendMessage", chat_id=USER, text="too fast")
    assert (status, body["description"], body["parameters"]) == (
        429,
        "Too Many Requests: retry after 1",
        {"retry_after": 1},
    )
    assert fake_telegram.stats.too_many_requests == 1 and fake_telegram.stats.retry_after_ignored == 0
    assert [m.text for m in fake_telegram.bot_messages(USER)] == ["0", "1", "2"]  # the 429 had no effect

    fake_telegram_clock.advance(0.5)
    assert (await fake_telegram_api("sendMessage", chat_id=USER, text="still too fast"))[0] == 429
    assert fake_telegram.stats.retry_after_ignored == 1
    await fake_telegram_api.ok("sendMessage", chat_id=OTHER_USER, text="other chats are not limited")

    fake_telegram_clock.advance(1.0)
    await fake_telegram_api.ok("sendMessage", chat_id=USER, text="after waiting")
    assert fake_telegram.stats.retry_after_ignored == 1


async def test_global_flood_control_and_aiogram_sees_retry_after(
    fake_telegram_api: Api, fake_telegram: FakeTelegram, fake_telegram_clock: FakeClock
) -> None:
    fake_telegram.set_flood_control(FloodControl(global_burst=2, global_per_second=0.5, chat_burst=10))
    await fake_telegram_api.ok("sendMessage", chat_id=USER, text="1")
    await fake_telegram_api.ok("sendMessage", chat_id=OTHER_USER, text="2")
    session = AiohttpSession(api=TelegramAPIServer.from_base(fake_telegram.base_url))
    bot = Bot(TOKEN, session=session)
    try:
        with pytest.raises(TelegramRetryAfter) as caught:
            await bot.send_message(USER, "3")
    finally:
        await bot.session.close()
    assert caught.value.retry_after == 2
    fake_telegram_clock.advance(1.0)
    assert (await fake_telegram_api("editMessageText", chat_id=OTHER_USER, message_id=1, text="x"))[0] == 429
    assert fake_telegram.stats.retry_after_ignored == 0  # refused by the global bucket; no retry_after was ignored
    assert (await fake_telegram_api("sendMessage", chat_id=USER, text="4"))[0] == 429
    assert fake_telegram.stats.retry_after_ignored == 1  # the retry_after binds the chat it was given for
    fake_telegram_clock.advance(1.0)
    await fake_telegram_api.ok("sendMessage", chat_id=OTHER_USER, text="3")
    assert fake_telegram.stats.too_many_requests == 3


# --- commands --------------------------------------------------------------------------------


async def test_set_my_commands_validates_and_stores_per_scope_and_language(
    fake_telegram_api: Api, fake_telegram: FakeTelegram
) -> None:
    commands = [{"command": "start", "description": "Начать"}, {"command": "status_2", "description": "Статус"}]
    assert await fake_telegram_api.ok("setMyCommands", commands=commands) is True
    english = [{"command": "start", "description": "Start"}]
    private = {"type": "all_private_chats"}
    assert await fake_telegram_api.ok("setMyCommands", commands=english, scope=private, language_code="en") is True
    assert fake_telegram.commands() == commands
    assert fake_telegram.commands("all_private_chats", "en") == english
    assert await fake_telegram_api.ok("getMyCommands", scope=private, language_code="en") == english
    assert await fake_telegram_api.ok("getMyCommands", language_code="en") == []
    assert await fake_telegram_api.ok("deleteMyCommands") is True
    assert fake_telegram.commands() == []

    invalid = "Bad Request: BOT_COMMAND_INVALID"
    for name in ("Start", "/start", "", "a" * 33, "старт"):
        assert (
            await fake_telegram_api.error("setMyCommands", commands=[{"command": name, "description": "d"}]) == invalid
        )
    bad_description = "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID"
    for description in ("", "d" * 257):
        assert await fake_telegram_api.error(
            "setMyCommands", commands=[{"command": "ok", "description": description}]
        ) == (bad_description)
    too_many = [{"command": f"c{n}", "description": "d"} for n in range(101)]
    assert await fake_telegram_api.error("setMyCommands", commands=too_many) == "Bad Request: BOT_COMMANDS_TOO_MUCH"
    assert (
        await fake_telegram_api.error("setMyCommands", commands=commands, language_code="rus")
        == "Bad Request: LANG_CODE_INVALID"
    )
    assert (
        await fake_telegram_api.ok("setMyCommands", commands=[{"command": "a" * 32, "description": "d" * 256}]) is True
    )


# --- waiting helpers ---------------------------------------------------------------------------


async def test_wait_for_bot_message_semantics(fake_telegram_api: Api, fake_telegram: FakeTelegram) -> None:
    first = await fake_telegram_api.ok("sendMessage", chat_id=USER, text="Подключите аккаунт")
    found = await fake_telegram.wait_for_bot_message(USER, "Подключ", timeout=1)
    assert found.message_id == first["message_id"]

    waiter = asyncio.create_task(fake_telegram.wait_for_bot_message(USER, "Подключ", after=first["message_id"]))
    await fake_telegram_api.ok("sendMessage", chat_id=USER, text="Другое")
    await fake_telegram_api.ok("sendMessage", chat_id=USER, text="Подключено")
    assert (await asyncio.wait_for(waiter, timeout=2)).text == "Подключено"

    await fake_telegram_api.error("sendMessage", chat_id=USER, text="<b>broken", parse_mode="HTML")
    with pytest.raises(TimeoutError) as caught:
        await fake_telegram.wait_for_bot_message(USER, "never", timeout=0.1)
    assert "Can't find end tag" in str(caught.value) and "Подключено" in str(caught.value)


# --- controls over HTTP ------------------------------------------------------------------------


async def test_http_controls(
    fake_telegram_api: Api, fake_telegram: FakeTelegram, fake_telegram_http: aiohttp.ClientSession
) -> None:
    base = f"{fake_telegram.base_url}/_fake"

    async def post(path: str, body: Any) -> tuple[int, Any]:
        encoded = json.dumps(body).encode()  # `json=None` would send no body at all
        headers = {"Content-Type": "application/json"}
        async with fake_telegram_http.post(f"{base}/{path}", data=encoded, headers=headers) as response:
            return response.status, await response.json()

    async def get(path: str) -> Any:
        async with fake_telegram_http.get(f"{base}/{path}") as response:
            assert response.status == 200
            return await response.json()

    assert (await post("users", {"user_id": 333, "first_name": "Ivan", "language_code": "en"}))[0] == 200
    status, sent = await post("send_text", {"user_id": 333, "text": "/start"})
    assert status == 200 and sent == {"message_id": 1}
    bot_message = await fake_telegram_api.ok(
        "sendMessage", chat_id=333, text="Choose", reply_markup=keyboard([{"text": "A", "callback_data": "a"}])
    )
    press = {"user_id": 333, "message_id": bot_message["message_id"], "callback_data": "a"}
    status, pressed = await post("press", press)
    assert status == 200 and pressed["callback_query_id"]
    status, body = await post("press", {"user_id": 333, "message_id": 2, "callback_data": "zzz"})
    assert status == 404 and "zzz" in body["error"]
    forged = {"user_id": 333, "message_id": 2, "callback_data": "zzz", "check_button": False}
    assert (await post("press", forged))[0] == 200
    assert (await post("reply", {"user_id": 333, "reply_to_message_id": 2, "text": "ok"}))[1] == {"message_id": 3}
    assert (await post("send_text", {"user_id": 404, "text": "x"}))[0] == 404

    chat = await get("chats/333")
    assert [(m["message_id"], m["from_bot"], m["text"]) for m in chat] == [
        (1, False, "/start"),
        (2, True, "Choose"),
        (3, False, "ok"),
    ]
    assert chat[1]["reply_markup"] == keyboard([{"text": "A", "callback_data": "a"}])
    assert chat[2]["reply_to_message_id"] == 2

    status, limits = await post("flood_control", {"chat_burst": 1})
    assert status == 200 and limits["chat_burst"] == 1
    await fake_telegram_api.ok("sendMessage", chat_id=333, text="1")
    assert (await fake_telegram_api("sendMessage", chat_id=333, text="2"))[0] == 429
    assert (await post("flood_control", None))[0] == 200
    await fake_telegram_api.ok("sendMessage", chat_id=333, text="3")
    async with fake_telegram_http.post(f"{base}/flood_control", json={"chat_burst": 1}) as response:
        assert response.status == 200
    async with fake_telegram_http.post(f"{base}/flood_control") as response:  # no body: off as well
        assert response.status == 200
    await fake_telegram_api.ok("sendMessage", chat_id=333, text="4")
    await fake_telegram_api.ok("sendMessage", chat_id=333, text="5")
    assert (await post("flood_control", {"chat_bust": 1}))[0] == 400

    stats = await get("stats")
    assert stats["too_many_requests"] == 1 and stats["retry_after_ignored"] == 0
    assert stats["unanswered_callbacks"] == 2 and stats["send_message_calls"] == 6
    requests = await get("requests?method=sendMessage")
    assert [r["ok"] for r in requests] == [True, True, False, True, True, True]


# --- groups ----------------------------------------------------------------------------------

GROUP = -1001234567890
BASIC_GROUP = -4012345678
THIRD_USER = 333
BOT_JSON = {"id": 123456, "is_bot": True, "first_name": "HH Bridge", "username": "hh_bridge_bot"}
ANNA_JSON = {"id": USER, "is_bot": False, "first_name": "Анна", "language_code": "ru"}
BOB_JSON = {"id": OTHER_USER, "is_bot": False, "first_name": "Bob", "username": "bob", "language_code": "en"}
GROUP_JSON = {"id": GROUP, "title": "Команда", "type": "supergroup"}


async def confirm_all(api: Api) -> list[dict[str, Any]]:
    """getUpdates, then confirms what it got."""
    updates: list[dict[str, Any]] = await api.ok("getUpdates")
    if updates:
        await api.ok("getUpdates", offset=updates[-1]["update_id"] + 1)
    return updates


def kinds(updates: list[dict[str, Any]]) -> list[str]:
    return [next(key for key in update if key != "update_id") for update in updates]


@pytest.fixture
async def fake_telegram_group(fake_telegram: FakeTelegram, fake_telegram_api: Api) -> int:
    """A supergroup of Анна and Bob; Анна added the bot (service message 1); no updates pending."""
    fake_telegram.add_group(GROUP, "Команда", members=[USER, OTHER_USER])
    fake_telegram.add_bot_to_group(GROUP, by_user_id=USER)
    await confirm_all(fake_telegram_api)
    return GROUP


@pytest.mark.parametrize(
    ("chat_id", "chat_type", "title", "members", "error"),
    [
        (1001234567890, "supergroup", "t", [], ValueError),
        (BASIC_GROUP, "supergroup", "t", [], ValueError),
        (GROUP, "group", "t", [], ValueError),
        (-2001234567890, "supergroup", "t", [], ValueError),
        (GROUP, "channel", "t", [], ValueError),
        (GROUP, "supergroup", " ", [], ValueError),
        (GROUP, "supergroup", "t" * 129, [], ValueError),
        (GROUP, "supergroup", "t", [USER, 999], LookupError),
    ],
)
async def test_invalid_groups_are_refused(
    fake_telegram: FakeTelegram, chat_id: int, chat_type: str, title: str, members: list[int], error: type[Exception]
) -> None:
    with pytest.raises(error):
        fake_telegram.add_group(chat_id, title, members, chat_type=chat_type)
    with pytest.raises(LookupError):
        fake_telegram.chat(chat_id)


async def test_group_ids_are_unique_and_users_are_positive(fake_telegram: FakeTelegram) -> None:
    assert fake_telegram.add_group(BASIC_GROUP, "Маленькая", [USER], chat_type="group").chat_json() == {
        "id": BASIC_GROUP,
        "title": "Маленькая",
        "type": "group",
    }
    with pytest.raises(ValueError, match="already exists"):
        fake_telegram.add_group(BASIC_GROUP, "Снова", chat_type="group")
    with pytest.raises(ValueError, match="positive"):
        fake_telegram.add_user(BASIC_GROUP, "Группа")
    assert fake_telegram.bot_status_in_group(BASIC_GROUP) == "never"
    with pytest.raises(LookupError):
        fake_telegram.bot_status_in_group(USER)


async def test_adding_the_bot_queues_my_chat_member_then_the_joined_message(
    fake_telegram_api: Api, fake_telegram: FakeTelegram
) -> None:
    fake_telegram.add_user(THIRD_USER, "Carol")
    fake_telegram.add_group(GROUP, "Команда", members=[USER, OTHER_USER])
    joined = fake_telegram.add_bot_to_group(GROUP, by_user_id=OTHER_USER)
    updates = await fake_telegram_api.ok("getUpdates")
    assert updates == [
        {
            "update_id": 10000,
            "my_chat_member": {
                "chat": GROUP_JSON,
                "from": BOB_JSON,
                "date": updates[0]["my_chat_member"]["date"],
                "old_chat_member": {"user": BOT_JSON, "status": "left"},
                "new_chat_member": {"user": BOT_JSON, "status": "member"},
            },
        },
        {
            "update_id": 10001,
            "message": {
                "message_id": joined,
                "from": BOB_JSON,
                "chat": GROUP_JSON,
                "date": updates[1]["message"]["date"],
                "new_chat_participant": BOT_JSON,
                "new_chat_member": BOT_JSON,
                "new_chat_members": [BOT_JSON],
            },
        },
    ]
    assert fake_telegram.bot_status_in_group(GROUP) == "member"
    [shown] = fake_telegram.chat(GROUP)
    assert (shown.message_id, shown.from_user_id, shown.from_bot, shown.text) == (1, OTHER_USER, False, "")
    assert shown.service == {
        "new_chat_participant": BOT_JSON,
        "new_chat_member": BOT_JSON,
        "new_chat_members": [BOT_JSON],
    }
    assert fake_telegram.bot_messages(GROUP) == []
    with pytest.raises(ValueError, match="already"):
        fake_telegram.add_bot_to_group(GROUP, by_user_id=USER)
    with pytest.raises(LookupError, match="not a member"):
        fake_telegram.add_bot_to_group(GROUP, by_user_id=THIRD_USER)


@pytest.mark.parametrize(("chat_id", "chat_type"), [(GROUP, "supergroup"), (BASIC_GROUP, "group")])
async def test_a_group_command_comes_from_the_user_in_the_group_chat(
    fake_telegram_api: Api, fake_telegram: FakeTelegram, chat_id: int, chat_type: str
) -> None:
    fake_telegram.add_group(chat_id, "Команда", members=[USER], chat_type=chat_type)
    fake_telegram.add_bot_to_group(chat_id, by_user_id=USER)
    await confirm_all(fake_telegram_api)
    sent = await fake_telegram.send_text(USER, "/start@hh_bridge_bot", group_id=chat_id)
    [update] = await fake_telegram_api.ok("getUpdates")
    assert update["message"] == {
        "message_id": sent,
        "from": ANNA_JSON,
        "chat": {"id": chat_id, "title": "Команда", "type": chat_type},
        "date": update["message"]["date"],
        "text": "/start@hh_bridge_bot",
        "entities": [{"type": "bot_command", "offset": 0, "length": 20}],
    }
    assert fake_telegram.chat(USER) == []  # nothing in Анна's private chat


@pytest.mark.parametrize(
    ("text", "reply_to", "delivered"),
    [
        ("/start", None, True),
        ("/start@hh_bridge_bot", None, True),
        ("/help@HH_Bridge_Bot и ещё", None, True),
        ("/start@other_bot", None, False),
        ("привет всем", None, False),
        ("спроси у @hh_bridge_bot", None, True),
        ("спасибо", "bot", True),
        ("/start@other_bot", "bot", True),  # replies come first
        ("согласна", "command", True),
        ("согласна", "chatter", False),
    ],
)
async def test_privacy_mode_decides_which_group_messages_reach_the_bot(
    fake_telegram_api: Api,
    fake_telegram: FakeTelegram,
    fake_telegram_group: int,
    text: str,
    reply_to: str | None,
    delivered: bool,
) -> None:
    bot_message = await fake_telegram_api.ok("sendMessage", chat_id=GROUP, text="Я работаю в личном чате")
    targets = {
        "bot": bot_message["message_id"],
        "chatter": await fake_telegram.send_text(OTHER_USER, "просто болтовня", group_id=GROUP),
        "command": await fake_telegram.send_text(OTHER_USER, "/status", group_id=GROUP),
    }
    assert [u["message"]["text"] for u in await confirm_all(fake_telegram_api)] == ["/status"]
    if reply_to is None:
        sent = await fake_telegram.send_text(USER, text, group_id=GROUP)
    else:
        sent = await fake_telegram.reply(USER, targets[reply_to], text, group_id=GROUP)
    updates = await fake_telegram_api.ok("getUpdates")
    assert [u["message"]["message_id"] for u in updates] == ([sent] if delivered else [])
    assert [(m.message_id, m.from_user_id, m.text) for m in fake_telegram.chat(GROUP)][-1] == (sent, USER, text)


@pytest.mark.parametrize(
    ("privacy_when_added", "privacy_now", "as_admin", "delivered"),
    [
        (True, True, False, False),
        (False, False, False, True),
        (True, False, False, False),  # Telegram applies a new setting only when the bot is re-added
        (False, True, False, True),
        (True, True, True, True),  # administrators get every message
    ],
)
async def test_privacy_mode_is_the_one_the_bot_had_when_added(
    fake_telegram_api: Api,
    fake_telegram: FakeTelegram,
    privacy_when_added: bool,
    privacy_now: bool,
    as_admin: bool,
    delivered: bool,
) -> None:
    fake_telegram.set_group_privacy(privacy_when_added)
    fake_telegram.add_group(GROUP, "Команда", members=[USER, OTHER_USER])
    fake_telegram.add_bot_to_group(GROUP, by_user_id=USER, as_admin=as_admin)
    fake_telegram.set_group_privacy(privacy_now)
    assert (await fake_telegram_api.ok("getMe"))["can_read_all_group_messages"] is (not privacy_now)
    await confirm_all(fake_telegram_api)
    await fake_telegram.send_text(OTHER_USER, "просто болтовня", group_id=GROUP)
    texts = [u["message"]["text"] for u in await fake_telegram_api.ok("getUpdates")]
    assert texts == (["просто болтовня"] if delivered else [])


async def test_bot_messages_to_a_group_land_in_its_history(
    fake_telegram_api: Api, fake_telegram: FakeTelegram, fake_telegram_group: int
) -> None:
    asked = await fake_telegram.send_text(USER, "/start", group_id=GROUP)
    waiter = asyncio.create_task(fake_telegram.wait_for_bot_message(GROUP, "личном", after=asked))
    sent = await fake_telegram_api.ok(
        "sendMessage", chat_id=GROUP, text="Я работаю в личном чате", reply_parameters={"message_id": asked}
    )
    found = await asyncio.wait_for(waiter, timeout=2)
    assert (found.message_id, found.chat_id, found.from_bot) == (sent["message_id"], GROUP, True) == (3, GROUP, True)
    assert (sent["chat"], sent["from"], sent["reply_to_message"]["from"]) == (GROUP_JSON, BOT_JSON, ANNA_JSON)
    assert fake_telegram.chat(USER) == []

    edited = await fake_telegram_api.ok("editMessageText", chat_id=GROUP, message_id=3, text="Напишите мне в личку")
    assert edited["chat"] == GROUP_JSON and fake_telegram.last_bot_message(GROUP) == fake_telegram.chat(GROUP)[-1]
    assert await fake_telegram_api.ok("sendChatAction", chat_id=GROUP, action="typing") is True
    for not_own in (1, asked):  # the "joined" service message and Анна's command
        assert await fake_telegram_api.error("deleteMessage", chat_id=GROUP, message_id=not_own) == (
            "Bad Request: message can't be deleted"
        )
    assert await fake_telegram_api.error("editMessageText", chat_id=GROUP, message_id=1, text="x") == (
        "Bad Request: message can't be edited"
    )
    assert await fake_telegram_api.ok("deleteMessage", chat_id=GROUP, message_id=3) is True
    assert [(m.message_id, m.from_user_id, m.text) for m in fake_telegram.chat(GROUP)] == [
        (1, USER, ""),
        (2, USER, "/start"),
    ]


async def test_an_administrator_bot_may_delete_members_messages(
    fake_telegram_api: Api, fake_telegram: FakeTelegram
) -> None:
    fake_telegram.add_group(GROUP, "Команда", members=[USER])
    fake_telegram.add_bot_to_group(GROUP, by_user_id=USER, as_admin=True)
    mid = await fake_telegram.send_text(USER, "спам", group_id=GROUP)
    assert await fake_telegram_api.ok("deleteMessage", chat_id=GROUP, message_id=mid) is True
    assert [m.message_id for m in fake_telegram.chat(GROUP)] == [1]


async def test_groups_the_bot_was_never_in_are_not_found(fake_telegram_api: Api, fake_telegram: FakeTelegram) -> None:
    fake_telegram.add_group(GROUP, "Без бота", members=[USER])
    not_found = "Bad Request: chat not found"
    for chat_id in (GROUP, BASIC_GROUP, -1009999999999):
        assert await fake_telegram_api.error("sendMessage", chat_id=chat_id, text="x") == not_found
        assert await fake_telegram_api.error("sendChatAction", chat_id=chat_id, action="typing") == not_found
        assert await fake_telegram_api.error("leaveChat", chat_id=chat_id) == not_found
    commands = [{"command": "start", "description": "Начать"}]
    scope = {"type": "chat", "chat_id": GROUP}
    assert await fake_telegram_api.error("setMyCommands", commands=commands, scope=scope) == not_found
    await fake_telegram.send_text(USER, "/start@hh_bridge_bot", group_id=GROUP)  # the group lives on without the bot
    assert await fake_telegram_api.ok("getUpdates") == []
    with pytest.raises(LookupError, match="not a member"):
        await fake_telegram.send_text(OTHER_USER, "/start", group_id=GROUP)


@pytest.mark.parametrize(
    ("chat_id", "chat_type", "how", "description"),
    [
        (GROUP, "supergroup", "removed", "Forbidden: bot was kicked from the supergroup chat"),
        (BASIC_GROUP, "group", "removed", "Forbidden: bot was kicked from the group chat"),
        (GROUP, "supergroup", "left", "Forbidden: bot is not a member of the supergroup chat"),
        (BASIC_GROUP, "group", "left", "Forbidden: bot is not a member of the group chat"),
    ],
)
async def test_a_bot_removed_from_or_gone_from_a_group_cannot_act_there(
    fake_telegram_api: Api, fake_telegram: FakeTelegram, chat_id: int, chat_type: str, how: str, description: str
) -> None:
    fake_telegram.add_group(chat_id, "Команда", members=[USER], chat_type=chat_type)
    fake_telegram.add_bot_to_group(chat_id, by_user_id=USER)
    mid = (await fake_telegram_api.ok("sendMessage", chat_id=chat_id, text="Я здесь"))["message_id"]
    if how == "removed":
        fake_telegram.remove_bot_from_group(chat_id, by_user_id=USER)
    else:
        assert await fake_telegram_api.ok("leaveChat", chat_id=chat_id) is True
    calls: list[tuple[str, dict[str, Any]]] = [
        ("sendMessage", {"text": "x"}),
        ("editMessageText", {"message_id": mid, "text": "y"}),
        ("editMessageReplyMarkup", {"message_id": mid}),
        ("deleteMessage", {"message_id": mid}),
        ("sendChatAction", {"action": "typing"}),
        ("leaveChat", {}),
    ]
    for method, params in calls:
        status, body = await fake_telegram_api(method, chat_id=chat_id, **params)
        assert (method, status, body["description"]) == (method, 403, description)
    assert [m.text for m in fake_telegram.bot_messages(chat_id)] == ["Я здесь"]
    assert fake_telegram.bot_status_in_group(chat_id) == {"removed": "kicked", "left": "left"}[how]


async def test_removal_re_adding_and_leaving_queue_what_telegram_sends(
    fake_telegram_api: Api, fake_telegram: FakeTelegram, fake_telegram_group: int
) -> None:
    left = fake_telegram.remove_bot_from_group(GROUP, by_user_id=OTHER_USER)
    removal = await confirm_all(fake_telegram_api)
    assert kinds(removal) == ["my_chat_member", "message"]
    member = removal[0]["my_chat_member"]
    assert (member["chat"], member["from"], member["old_chat_member"], member["new_chat_member"]) == (
        GROUP_JSON,
        BOB_JSON,
        {"user": BOT_JSON, "status": "member"},
        {"user": BOT_JSON, "status": "kicked", "until_date": 0},
    )
    message = removal[1]["message"]
    assert {key: message[key] for key in ("message_id", "from", "left_chat_participant", "left_chat_member")} == {
        "message_id": left,
        "from": BOB_JSON,
        "left_chat_participant": BOT_JSON,
        "left_chat_member": BOT_JSON,
    }
    assert "text" not in message

    fake_telegram.add_bot_to_group(GROUP, by_user_id=USER, as_admin=True)
    back = (await confirm_all(fake_telegram_api))[0]["my_chat_member"]
    assert back["old_chat_member"] == {"user": BOT_JSON, "status": "kicked", "until_date": 0}
    rights = back["new_chat_member"]
    assert (rights["status"], rights["can_delete_messages"], rights["can_promote_members"]) == (
        "administrator",
        True,
        False,
    )

    assert await fake_telegram_api.ok("leaveChat", chat_id=GROUP) is True
    gone = await confirm_all(fake_telegram_api)
    assert kinds(gone) == ["my_chat_member"]  # not the "left" message: the bot is no longer there
    assert gone[0]["my_chat_member"]["from"] == BOT_JSON
    assert gone[0]["my_chat_member"]["new_chat_member"] == {"user": BOT_JSON, "status": "left"}
    last = fake_telegram.chat(GROUP)[-1]
    assert (last.from_bot, last.service) == (True, {"left_chat_participant": BOT_JSON, "left_chat_member": BOT_JSON})
    assert fake_telegram.bot_messages(GROUP) == []
    assert await fake_telegram_api.error("leaveChat", chat_id=USER) == (
        "Bad Request: chat member status can't be changed in private chats"
    )
    fake_telegram.add_bot_to_group(GROUP, by_user_id=USER)
    assert (await confirm_all(fake_telegram_api))[0]["my_chat_member"]["old_chat_member"]["status"] == "left"


@pytest.mark.parametrize(
    ("allowed_updates", "expected"),
    [
        (None, ["my_chat_member", "message", "message", "my_chat_member", "message"]),
        (["message", "callback_query"], ["message", "message", "message"]),
        (["my_chat_member"], ["my_chat_member", "my_chat_member"]),
    ],
)
async def test_group_updates_follow_allowed_updates(
    fake_telegram_api: Api, fake_telegram: FakeTelegram, allowed_updates: list[str] | None, expected: list[str]
) -> None:
    params = {} if allowed_updates is None else {"allowed_updates": allowed_updates}
    assert await fake_telegram_api.ok("getUpdates", **params) == []
    fake_telegram.add_group(GROUP, "Команда", members=[USER])
    fake_telegram.add_bot_to_group(GROUP, by_user_id=USER)
    await fake_telegram.send_text(USER, "/start", group_id=GROUP)
    fake_telegram.remove_bot_from_group(GROUP, by_user_id=USER)
    assert kinds(await fake_telegram_api.ok("getUpdates")) == expected


async def test_the_webhook_gets_group_updates_filtered_by_allowed_updates(
    fake_telegram_api: Api, fake_telegram: FakeTelegram, fake_telegram_webhook_receiver: WebhookReceiver
) -> None:
    url = await fake_telegram_webhook_receiver.start()
    assert await fake_telegram_api.ok("setWebhook", url=url, allowed_updates=["message"]) is True
    fake_telegram.add_group(GROUP, "Команда", members=[USER])
    fake_telegram.add_bot_to_group(GROUP, by_user_id=USER)
    await fake_telegram.send_text(USER, "/start@hh_bridge_bot", group_id=GROUP)
    await fake_telegram.wait_for(lambda: fake_telegram.pending_update_count == 0)
    delivered = [update for _, update in fake_telegram_webhook_receiver.received[1:]]  # [0] got a 500 and came again
    assert kinds(delivered) == ["message", "message"]
    assert delivered[0]["message"]["new_chat_members"] == [BOT_JSON]
    assert (delivered[1]["message"]["chat"], delivered[1]["message"]["text"]) == (GROUP_JSON, "/start@hh_bridge_bot")


async def test_replying_and_pressing_buttons_in_a_group(
    fake_telegram_api: Api, fake_telegram: FakeTelegram, fake_telegram_group: int
) -> None:
    buttons = keyboard([{"text": "Открыть бота", "callback_data": "dm"}])
    mid = (await fake_telegram_api.ok("sendMessage", chat_id=GROUP, text="Пишите в личку", reply_markup=buttons))[
        "message_id"
    ]
    reply = await fake_telegram.reply(OTHER_USER, mid, "хорошо", group_id=GROUP)
    pressed = await fake_telegram.press(OTHER_USER, mid, "dm", group_id=GROUP)
    private_mid = (await fake_telegram_api.ok("sendMessage", chat_id=OTHER_USER, text="Лично", reply_markup=buttons))[
        "message_id"
    ]
    await fake_telegram.press(OTHER_USER, private_mid, "dm")
    updates = await confirm_all(fake_telegram_api)
    assert kinds(updates) == ["message", "callback_query", "callback_query"]
    replied = updates[0]["message"]
    assert (replied["message_id"], replied["from"], replied["chat"]) == (reply, BOB_JSON, GROUP_JSON)
    assert (replied["reply_to_message"]["message_id"], replied["reply_to_message"]["from"]) == (mid, BOT_JSON)
    query, private_query = updates[1]["callback_query"], updates[2]["callback_query"]
    assert (query["id"], query["from"], query["data"]) == (pressed, BOB_JSON, "dm")
    assert (query["message"]["chat"], query["message"]["message_id"]) == (GROUP_JSON, mid)
    assert query["chat_instance"] != private_query["chat_instance"]
    assert await fake_telegram_api.ok("answerCallbackQuery", callback_query_id=pressed, text="Откройте бота") is True

    fake_telegram.add_user(THIRD_USER, "Carol")
    with pytest.raises(LookupError, match="not a member"):
        await fake_telegram.press(THIRD_USER, mid, "dm", group_id=GROUP)
    with pytest.raises(LookupError, match="nope"):
        await fake_telegram.press(OTHER_USER, mid, "nope", group_id=GROUP)
    with pytest.raises(LookupError, match="no message 99"):
        await fake_telegram.reply(OTHER_USER, 99, "x", group_id=GROUP)

    fake_telegram.remove_bot_from_group(GROUP, by_user_id=USER)
    await confirm_all(fake_telegram_api)
    late = await fake_telegram.press(OTHER_USER, mid, "dm", group_id=GROUP)  # buttons outlive the bot's membership
    assert [u["callback_query"]["id"] for u in await fake_telegram_api.ok("getUpdates")] == [late]


async def test_a_member_joining_is_a_service_message_for_the_bot(
    fake_telegram_api: Api, fake_telegram: FakeTelegram, fake_telegram_group: int
) -> None:
    fake_telegram.add_user(THIRD_USER, "Carol")
    with pytest.raises(LookupError):
        await fake_telegram.send_text(THIRD_USER, "/start", group_id=GROUP)
    joined = fake_telegram.add_group_member(GROUP, THIRD_USER)
    carol = {"id": THIRD_USER, "is_bot": False, "first_name": "Carol"}
    [update] = await confirm_all(fake_telegram_api)
    message = update["message"]
    assert (message["message_id"], message["from"], message["new_chat_members"]) == (joined, carol, [carol])
    with pytest.raises(ValueError, match="already"):
        fake_telegram.add_group_member(GROUP, THIRD_USER)
    with pytest.raises(LookupError):
        fake_telegram.add_group_member(GROUP, 999)
    assert (await fake_telegram.send_text(THIRD_USER, "/start", group_id=GROUP)) == joined + 1


async def test_group_chats_have_their_own_flood_limit(
    fake_telegram_api: Api, fake_telegram: FakeTelegram, fake_telegram_clock: FakeClock, fake_telegram_group: int
) -> None:
    fake_telegram.set_flood_control(FloodControl(chat_burst=1, group_burst=2, group_per_second=20 / 60))
    for n in range(2):
        await fake_telegram_api.ok("sendMessage", chat_id=GROUP, text=str(n))
    status, body = await fake_telegram_api("sendMessage", chat_id=GROUP, text="too fast")
    assert (status, body["parameters"]) == (429, {"retry_after": 3})
    await fake_telegram_api.ok("sendMessage", chat_id=USER, text="a private chat has its own bucket")
    fake_telegram_clock.advance(3)
    await fake_telegram_api.ok("sendMessage", chat_id=GROUP, text="after waiting")


async def test_aiogram_bot_in_a_group_parses_every_update_and_answers_there(fake_telegram: FakeTelegram) -> None:
    statuses: list[tuple[int, str, str]] = []
    router = Router()

    async def membership(update: ChatMemberUpdated) -> None:
        statuses.append((update.chat.id, update.old_chat_member.status, update.new_chat_member.status))

    async def in_group(message: Message) -> None:
        if message.text is not None:
            await message.answer(f"{message.chat.type}: работаю в личном чате")

    async def pressed(query: CallbackQuery) -> None:
        await query.answer("Откройте личный чат")

    router.my_chat_member.register(membership)
    router.message.register(in_group, F.chat.type.in_({"group", "supergroup"}))
    router.callback_query.register(pressed)
    dispatcher = Dispatcher()
    dispatcher.include_router(router)
    bot = Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(fake_telegram.base_url)))
    fake_telegram.add_group(GROUP, "Команда", members=[USER, OTHER_USER])
    fake_telegram.add_group(BASIC_GROUP, "Маленькая", members=[USER], chat_type="group")
    polling = asyncio.create_task(dispatcher.start_polling(bot, polling_timeout=5, handle_signals=False))
    try:
        fake_telegram.add_bot_to_group(GROUP, by_user_id=USER, as_admin=True)
        fake_telegram.add_bot_to_group(BASIC_GROUP, by_user_id=USER)
        sent = await fake_telegram.send_text(OTHER_USER, "/start@hh_bridge_bot", group_id=GROUP)
        answer = await fake_telegram.wait_for_bot_message(GROUP, "личном", after=sent)
        await fake_telegram.send_text(USER, "/start", group_id=BASIC_GROUP)
        await fake_telegram.wait_for_bot_message(BASIC_GROUP, "group: работаю")
        query_id = await fake_telegram.press(OTHER_USER, answer.message_id, "x", check_button=False, group_id=GROUP)
        await fake_telegram.wait_for(lambda: query_id in fake_telegram.callback_answers)
        fake_telegram.remove_bot_from_group(GROUP, by_user_id=USER)
        await fake_telegram.wait_for(lambda: len(statuses) == 3)
    finally:
        await dispatcher.stop_polling()
        await asyncio.wait_for(polling, timeout=5)
        await bot.session.close()
    assert answer.text == "supergroup: работаю в личном чате"
    assert statuses == [
        (GROUP, "left", "administrator"),
        (BASIC_GROUP, "left", "member"),
        (GROUP, "administrator", "kicked"),
    ]
    assert all(request.ok for request in fake_telegram.requests), fake_telegram.requests


async def test_http_group_controls(
    fake_telegram_api: Api, fake_telegram: FakeTelegram, fake_telegram_http: aiohttp.ClientSession
) -> None:
    base = f"{fake_telegram.base_url}/_fake"

    async def post(path: str, body: Any) -> tuple[int, Any]:
        async with fake_telegram_http.post(f"{base}/{path}", json=body) as response:
            return response.status, await response.json()

    async def get(path: str) -> tuple[int, Any]:
        async with fake_telegram_http.get(f"{base}/{path}") as response:
            return response.status, await response.json()

    group = {"chat_id": GROUP, "title": "Команда", "members": [USER, OTHER_USER]}
    assert await post("groups", group) == (200, GROUP_JSON)
    basic_group = {"chat_id": BASIC_GROUP, "title": "Маленькая", "chat_type": "group", "members": [USER]}
    assert (await post("groups", basic_group))[0] == 200
    assert (await post("groups", group))[0] == 400  # the id is taken
    assert (await post("groups", {**group, "chat_id": -5, "members": "all"}))[0] == 400
    assert (await post("groups", {"chat_id": -6, "title": "t", "chat_type": "group", "members": [999]}))[0] == 404
    assert await get(f"groups/{GROUP}") == (200, {"chat_id": GROUP, "bot_status": "never"})
    assert (await get(f"groups/{USER}"))[0] == 404
    assert await post("group_privacy", {"enabled": False}) == (200, {"enabled": False})
    assert (await post("group_privacy", {"enabled": "no"}))[0] == 400
    assert await post("add_bot_to_group", {"chat_id": GROUP, "by_user_id": USER}) == (200, {"message_id": 1})
    assert (await post("add_bot_to_group", {"chat_id": GROUP, "by_user_id": USER, "as_admin": 1}))[0] == 400
    assert await get(f"groups/{GROUP}") == (200, {"chat_id": GROUP, "bot_status": "member"})
    assert await post("send_text", {"user_id": OTHER_USER, "text": "привет", "group_id": GROUP}) == (
        200,
        {"message_id": 2},
    )
    assert (await post("send_text", {"user_id": OTHER_USER, "text": "x", "group_id": BASIC_GROUP}))[0] == 404
    assert (await post("send_text", {"user_id": OTHER_USER, "text": "x", "group_id": "g"}))[0] == 400
    buttons = keyboard([{"text": "A", "callback_data": "a"}])
    await fake_telegram_api.ok("sendMessage", chat_id=GROUP, text="Выбор", reply_markup=buttons)
    reply = {"user_id": USER, "reply_to_message_id": 3, "text": "ок", "group_id": GROUP}
    assert await post("reply", reply) == (200, {"message_id": 4})
    press = {"user_id": USER, "message_id": 3, "callback_data": "a", "group_id": GROUP}
    status, pressed = await post("press", press)
    assert status == 200 and pressed["callback_query_id"]
    assert await post("group_members", {"chat_id": BASIC_GROUP, "user_id": OTHER_USER}) == (200, {"message_id": 1})
    assert await post("remove_bot_from_group", {"chat_id": GROUP, "by_user_id": OTHER_USER}) == (
        200,
        {"message_id": 5},
    )
    assert (await post("remove_bot_from_group", {"chat_id": GROUP, "by_user_id": OTHER_USER}))[0] == 400
    status, chat = await get(f"chats/{GROUP}")
    assert status == 200
    assert [(m["message_id"], m["from_user_id"], m["from_bot"], m["text"]) for m in chat] == [
        (1, USER, False, ""),
        (2, OTHER_USER, False, "привет"),
        (3, None, True, "Выбор"),
        (4, USER, False, "ок"),
        (5, OTHER_USER, False, ""),
    ]
    assert chat[4]["service"] == {"left_chat_participant": BOT_JSON, "left_chat_member": BOT_JSON}
    assert kinds(await fake_telegram_api.ok("getUpdates")) == [
        "my_chat_member",
        "message",
        "message",  # privacy mode was off when the bot joined: plain chatter reaches it
        "message",
        "callback_query",
        "my_chat_member",
        "message",
    ]
