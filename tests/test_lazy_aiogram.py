"""aiogram imported with its models built on first use (bot/lazy_aiogram.py) behaves as the usual import does.

Each import runs in a process of its own, `python -m tests.test_lazy_aiogram MODE`, so that no other test's imports
mask it. There `probe` builds, validates and serializes every aiogram type and method the bot sends or receives:
updates validated from Telegram's JSON, methods built as the bot builds them and prepared as aiogram sends them,
the results and errors Telegram answers them with. If the trick stops working (pydantic or aiogram changed), these
tests say so: either the lazy path is no longer taken, or a type no longer validates as the usual import's does.
"""

from __future__ import annotations

import functools
import json
import logging
import subprocess
import sys
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest

pytestmark = pytest.mark.process  # under xdist, one worker runs all of this module (tests/conftest.py)

ROOT = Path(__file__).resolve().parents[1]

USER = {"id": 5, "is_bot": False, "first_name": "Анна", "language_code": "ru"}
ME = {"id": 42, "is_bot": True, "first_name": "hh bridge", "username": "hh_bridge_bot", "can_join_groups": False,
      "can_read_all_group_messages": False, "supports_inline_queries": False}
BOT_USER = {"id": 42, "is_bot": True, "first_name": "hh bridge", "username": "hh_bridge_bot"}
CHAT = {"id": 5, "type": "private", "first_name": "Анна"}
GROUP = {"id": -100, "type": "supergroup", "title": "Команда"}
KEYBOARD = {"inline_keyboard": [
    [{"text": "Пригласить", "callback_data": "c:1:0"}, {"text": "Ответить", "callback_data": "r:1"}],
    [{"text": "На hh.ru", "url": "https://hh.ru/vacancy/1"}],
]}
CARD = {"message_id": 3, "from": BOT_USER, "date": 1700000000, "chat": CHAT, "text": "Новый отклик 😀 Python",
        "entities": [{"type": "bold", "offset": 0, "length": 12},
                     {"type": "text_link", "offset": 16, "length": 6, "url": "https://hh.ru/vacancy/1"}],
        "reply_markup": KEYBOARD}
DOCUMENT = {"message_id": 8, "from": BOT_USER, "date": 1700000500, "chat": CHAT, "reply_to_message": CARD,
            "document": {"file_id": "BQACAgIAAxkBAAfile", "file_unique_id": "AgAD1", "file_name": "Петров Иван.pdf",
                         "mime_type": "application/pdf", "file_size": 1234},
            "caption": "📄 Резюме: Петров Иван", "caption_entities": [{"type": "bold", "offset": 10, "length": 11}]}
UPDATES: dict[str, dict[str, Any]] = {
    "a reply to a card": {"update_id": 1, "message": {
        "message_id": 4, "from": USER, "date": 1700000100, "chat": CHAT, "reply_to_message": CARD,
        "text": "Добрый день 😀"}},
    "a command": {"update_id": 2, "message": {
        "message_id": 5, "from": USER, "date": 1700000200, "chat": CHAT, "text": "/start abc",
        "entities": [{"type": "bot_command", "offset": 0, "length": 6}]}},
    "a group message": {"update_id": 3, "message": {
        "message_id": 6, "from": USER, "date": 1700000300, "chat": GROUP, "text": "привет"}},
    "a button pressed": {"update_id": 4, "callback_query": {
        "id": "q1", "from": USER, "message": CARD, "chat_instance": "ci", "data": "c:1:0"}},
    "the bot blocked": {"update_id": 5, "my_chat_member": {
        "chat": CHAT, "from": USER, "date": 1700000400,
        "old_chat_member": {"status": "member", "user": BOT_USER},
        "new_chat_member": {"status": "kicked", "user": BOT_USER, "until_date": 0}}},
}
OUT_KEYBOARD = {"inline_keyboard": [[{"text": "Пригласить", "callback_data": "c:1:0"}]]}
# What the bot sends: the method, and its fields as aiogram's session prepares them (None dropped, defaults
# filled in, JSON not yet encoded).
SENT: dict[str, tuple[str, dict[str, Any]]] = {
    "an outbox row": ("sendMessage", {"chat_id": 5, "text": "<b>Новый</b> отклик", "parse_mode": "HTML",
                                      "link_preview_options": {"is_disabled": True}, "reply_markup": KEYBOARD}),
    "an answer": ("sendMessage", {"chat_id": 5, "text": "Готово", "parse_mode": "HTML"}),
    "a reply": ("sendMessage", {"chat_id": 5, "text": "Не понял", "parse_mode": "HTML",
                                "reply_parameters": {"message_id": 4, "chat_id": 5, "quote_parse_mode": "HTML"}}),
    "a refusal under a card": ("sendMessage", {
        "chat_id": 5, "text": "Отказ", "parse_mode": "HTML",
        "reply_parameters": {"message_id": 3, "allow_sending_without_reply": True, "quote_parse_mode": "HTML"}}),
    "a resume sent again": ("sendDocument", {
        "chat_id": 5, "document": "BQACAgIAAxkBAAfile", "caption": "📄 Резюме: <b>Петров Иван</b>",
        "parse_mode": "HTML",
        "reply_parameters": {"message_id": 3, "allow_sending_without_reply": True, "quote_parse_mode": "HTML"}}),
    "a card edited": ("editMessageText", {"chat_id": 5, "message_id": 3, "text": "Карточка", "parse_mode": "HTML",
                                          "reply_markup": OUT_KEYBOARD}),
    "a pressed card's text edited": ("editMessageText", {"chat_id": 5, "message_id": 3, "text": "Отменено",
                                                         "parse_mode": "HTML"}),
    "a pressed card's keyboard edited": ("editMessageReplyMarkup", {"chat_id": 5, "message_id": 3,
                                                                    "reply_markup": OUT_KEYBOARD}),
    "a button answered": ("answerCallbackQuery", {"callback_query_id": "q1", "text": "Готово", "show_alert": True}),
    "the command menu": ("setMyCommands", {"commands": [{"command": "status", "description": "Статус"}],
                                           "language_code": "en"}),
    "long polling": ("getUpdates", {"offset": 7, "timeout": 25, "allowed_updates": ["message", "callback_query"]}),
    "the webhook set": ("setWebhook", {"url": "https://bot.example/webhook", "secret_token": "s3cret",
                                       "allowed_updates": ["message", "callback_query"],
                                       "drop_pending_updates": False}),
    "the webhook deleted": ("deleteWebhook", {"drop_pending_updates": False}),
    "who the bot is": ("getMe", {}),
}
# What Telegram answers each method with.
RESULTS: dict[str, Any] = {
    "sendMessage": CARD, "sendDocument": DOCUMENT,
    "editMessageText": CARD, "editMessageReplyMarkup": CARD, "answerCallbackQuery": True,
    "setMyCommands": True, "getUpdates": list(UPDATES.values()), "setWebhook": True, "deleteWebhook": True,
    "getMe": ME,
}
ERRORS: dict[str, tuple[int, dict[str, Any], dict[str, Any]]] = {
    "flood control": (429, {"ok": False, "error_code": 429, "description": "Too Many Requests: retry after 3",
                            "parameters": {"retry_after": 3}},
                      {"error": "TelegramRetryAfter", "retry_after": 3}),
    "message not modified": (400, {"ok": False, "error_code": 400,
                                   "description": "Bad Request: message is not modified"},
                             {"error": "TelegramBadRequest", "message": "Bad Request: message is not modified"}),
    "blocked by the user": (403, {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked"},
                            {"error": "TelegramForbiddenError", "message": "Forbidden: bot was blocked"}),
    "another instance polls": (409, {"ok": False, "error_code": 409, "description": "Conflict: terminated"},
                               {"error": "TelegramConflictError", "message": "Conflict: terminated"}),
}


def refuse_deferred_builds() -> None:
    """pydantic's config defaults turn read-only: the trick fails with a TypeError before aiogram is imported."""
    from pydantic._internal import _config

    _config.config_defaults = MappingProxyType(dict(_config.config_defaults))  # type: ignore[assignment]


def ignore_kept_namespaces() -> None:
    """pydantic stops reading the namespace kept on a model when it builds the model on first use."""
    from pydantic import BaseModel

    rebuild = BaseModel.__dict__["model_rebuild"]

    def forgetful(cls: type[BaseModel], *args: Any, _types_namespace: dict[str, Any] | None = None,
                  **kwargs: Any) -> bool | None:
        if _types_namespace is None:
            cls.__pydantic_parent_namespace__ = None
        return rebuild.__func__(cls, *args, _types_namespace=_types_namespace, **kwargs)  # type: ignore[no-any-return]

    BaseModel.model_rebuild = classmethod(forgetful)  # type: ignore[method-assign, assignment, arg-type]


FAULTS = {"defaults read-only": refuse_deferred_builds, "kept namespace ignored": ignore_kept_namespaces}


def probe(mode: str) -> dict[str, Any]:
    """Imports aiogram as `mode` says, then uses every type the bot uses: their wire form and their classes."""
    logging.basicConfig(format="%(levelname)s %(name)s: %(message)s")
    if mode == "usual":
        import aiogram

        lazy = False
    else:
        from bot.lazy_aiogram import import_aiogram_lazily

        if mode in FAULTS:
            FAULTS[mode]()
        lazy = import_aiogram_lazily()
    import aiogram.types

    models = [model for name in aiogram.types.__all__
              if isinstance(model := getattr(aiogram.types, name), type) and hasattr(model, "__pydantic_complete__")]
    deferred = sum(not model.__pydantic_complete__ for model in models)
    return {"lazy": lazy, "models": len(models), "deferred": deferred, "cases": cases()}


def cases() -> dict[str, Any]:
    from aiogram import Bot
    from aiogram.client.default import DefaultBotProperties
    from aiogram.enums import ParseMode
    from aiogram.exceptions import TelegramAPIError, TelegramRetryAfter
    from aiogram.filters.callback_data import CallbackData
    from aiogram.methods import (
        DeleteWebhook,
        EditMessageText,
        GetMe,
        GetUpdates,
        SendDocument,
        SendMessage,
        SetMyCommands,
        SetWebhook,
    )
    from aiogram.methods.base import TelegramMethod
    from aiogram.types import (
        BotCommand,
        ErrorEvent,
        InlineKeyboardButton,
        InlineKeyboardMarkup,
        LinkPreviewOptions,
        Message,
        ReplyParameters,
        Update,
    )

    class CardAction(CallbackData, prefix="c"):
        card: int
        action: int

    bot = Bot("42:TEST", default=DefaultBotProperties(parse_mode=ParseMode.HTML))
    updates = {name: Update.model_validate(raw, context={"bot": bot}) for name, raw in UPDATES.items()}
    reply, pressed = updates["a reply to a card"].message, updates["a button pressed"].callback_query
    assert reply is not None and pressed is not None and isinstance(pressed.message, Message)
    card = pressed.message
    keyboard = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(
        text="Пригласить", callback_data=CardAction(card=1, action=0).pack())]])
    sent: dict[str, TelegramMethod[Any]] = {
        "an outbox row": SendMessage(chat_id=5, text="<b>Новый</b> отклик",
                                     reply_markup=InlineKeyboardMarkup.model_validate(KEYBOARD),
                                     link_preview_options=LinkPreviewOptions(is_disabled=True)),
        "an answer": reply.answer("Готово"),
        "a reply": reply.reply("Не понял"),
        "a refusal under a card": SendMessage(chat_id=5, text="Отказ", reply_parameters=ReplyParameters(
            message_id=3, allow_sending_without_reply=True)),
        "a resume sent again": SendDocument(chat_id=5, document="BQACAgIAAxkBAAfile",
                                            caption="📄 Резюме: <b>Петров Иван</b>", reply_parameters=ReplyParameters(
                                                message_id=3, allow_sending_without_reply=True)),
        "a card edited": EditMessageText(chat_id=5, message_id=3, text="Карточка", reply_markup=keyboard),
        "a pressed card's text edited": card.edit_text("Отменено"),
        "a pressed card's keyboard edited": card.edit_reply_markup(reply_markup=keyboard),
        "a button answered": pressed.answer("Готово", show_alert=True),
        "the command menu": SetMyCommands(commands=[BotCommand(command="status", description="Статус")],
                                          language_code="en"),
        "long polling": GetUpdates(offset=7, timeout=25, allowed_updates=["message", "callback_query"]),
        "the webhook set": SetWebhook(url="https://bot.example/webhook", secret_token="s3cret",
                                      allowed_updates=["message", "callback_query"], drop_pending_updates=False),
        "the webhook deleted": DeleteWebhook(drop_pending_updates=False),
        "who the bot is": GetMe(),
    }
    found: dict[str, Any] = {}
    for name, update in updates.items():
        found[f"update: {name}"] = {"wire": update.model_dump(mode="json", exclude_none=True, by_alias=True),
                                    "classes": classes(update)}
    for name, method in sent.items():
        answer = json.dumps({"ok": True, "result": RESULTS[method.__api_method__]})
        result = bot.session.check_response(bot, method, 200, answer).result
        wire = bot.session.prepare_value(method.model_dump(warnings=False), bot=bot, files={}, _dumps_json=False)
        found[f"sent: {name}"] = {"method": method.__api_method__, "wire": wire, "result": dump(result),
                                  "classes": [classes(method), classes(result)]}
    for name, (status, body, _) in ERRORS.items():
        try:
            bot.session.check_response(bot, sent["an answer"], status, json.dumps(body))
        except TelegramRetryAfter as error:
            found[f"error: {name}"] = {"error": type(error).__name__, "retry_after": error.retry_after}
        except TelegramAPIError as error:
            found[f"error: {name}"] = {"error": type(error).__name__, "message": error.message}
    event = ErrorEvent(update=updates["a command"], exception=ValueError("boom"))
    found["error event"] = {"update_id": event.update.update_id, "exception": repr(event.exception),
                            "classes": classes(event)}
    found["callback data"] = {"packed": CardAction(card=12, action=1).pack(),
                              "unpacked": dump(CardAction.unpack("c:3:4"))}
    return found


def dump(value: Any) -> Any:
    from pydantic import BaseModel

    if isinstance(value, list):
        return [dump(item) for item in value]
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_none=True, by_alias=True)
    return value


def classes(value: Any) -> Any:
    """The classes a value is made of, field by field: what pydantic built, not only what it serializes to."""
    from pydantic import BaseModel

    if isinstance(value, list):
        return [classes(item) for item in value]
    if isinstance(value, BaseModel):
        return {"class": type(value).__name__, **{name: classes(getattr(value, name))
                                                  for name in type(value).model_fields
                                                  if getattr(value, name) is not None}}
    return type(value).__name__


MODES = ["lazy", "usual", *FAULTS]


@functools.cache
def probes() -> dict[str, subprocess.CompletedProcess[str]]:
    """Every mode's probe process, run side by side."""
    processes = {mode: subprocess.Popen([sys.executable, "-m", "tests.test_lazy_aiogram", mode], cwd=ROOT,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for mode in MODES}
    outputs = {mode: process.communicate(timeout=180) for mode, process in processes.items()}
    return {mode: subprocess.CompletedProcess(process.args, process.returncode, *outputs[mode])
            for mode, process in processes.items()}


def run(mode: str) -> tuple[dict[str, Any], list[str]]:
    """The probe's output in `mode`, and the log records it wrote (their first lines)."""
    process = probes()[mode]
    assert process.returncode == 0, f"the probe failed in mode {mode!r}:\n{process.stderr}"
    records = [line for line in process.stderr.splitlines()
               if line.split(" ", 1)[0] in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")]
    return json.loads(process.stdout), records


def lazy_cases() -> dict[str, Any]:
    cases: dict[str, Any] = run("lazy")[0]["cases"]
    return cases


@pytest.mark.parametrize(("mode", "expected"), [("lazy", (True, True, [])), ("usual", (False, False, []))])
def test_the_lazy_import_defers_most_models_and_the_usual_one_none(mode: str, expected: tuple[Any, ...]) -> None:
    output, records = run(mode)
    assert (output["lazy"], output["deferred"] > output["models"] / 2, records) == expected


@pytest.mark.parametrize("name", list(UPDATES))
def test_a_lazily_built_update_validates_and_dumps_back_to_its_json(name: str) -> None:
    assert lazy_cases()[f"update: {name}"]["wire"] == UPDATES[name]


@pytest.mark.parametrize("name", list(SENT))
def test_a_lazily_built_method_is_sent_and_its_result_read_back(name: str) -> None:
    case = lazy_cases()[f"sent: {name}"]
    method, wire = SENT[name]
    assert (case["method"], case["wire"], case["result"]) == (method, wire, RESULTS[method])


@pytest.mark.parametrize("name", list(ERRORS))
def test_a_lazily_read_error_raises_what_the_bot_catches(name: str) -> None:
    assert lazy_cases()[f"error: {name}"] == ERRORS[name][2]


def test_lazily_built_callback_data_and_error_event() -> None:
    found = lazy_cases()
    assert (found["callback data"], found["error event"]["exception"]) == (
        {"packed": "c:12:1", "unpacked": {"card": 3, "action": 4}}, "ValueError('boom')")


def test_every_case_builds_the_same_classes_and_output_as_the_usual_import() -> None:
    lazy, usual = lazy_cases(), run("usual")[0]["cases"]
    assert len(lazy) == len(UPDATES) + len(SENT) + len(ERRORS) + 2
    assert {name: case == usual[name] for name, case in lazy.items()} == dict.fromkeys(lazy, True)


@pytest.mark.parametrize("fault", list(FAULTS))
def test_a_broken_trick_logs_once_and_falls_back_to_the_usual_import(fault: str) -> None:
    (output, records), usual = run(fault), run("usual")[0]
    assert (output["lazy"], output["deferred"], output["cases"] == usual["cases"], records) == (
        False, usual["deferred"], True,
        ["WARNING bot.lazy_aiogram: could not import aiogram with its models built on first use; "
         "importing it the usual way"])


NO_AIOGRAM_HERE = """
import importlib, pkgutil, sys
for package in ("bot.hh", "storage"):
    for module in pkgutil.walk_packages(importlib.import_module(package).__path__, package + "."):
        importlib.import_module(module.name)
print(sorted(name for name in sys.modules if name.split(".")[0] == "aiogram"))
"""


def test_the_hh_client_and_storage_load_no_aiogram() -> None:
    """Importing `bot` has no side effect: only the entry points import aiogram."""
    found = subprocess.run([sys.executable, "-c", NO_AIOGRAM_HERE], cwd=ROOT, capture_output=True, text=True,
                           check=True, timeout=60)
    assert found.stdout == "[]\n"


def test_the_suite_itself_runs_on_lazily_built_models() -> None:
    """tests/conftest.py imports aiogram lazily, as `python -m bot` does, before anything else imports it."""
    import aiogram.types

    built = [name for name in aiogram.types.__all__
             if getattr(getattr(aiogram.types, name), "__pydantic_complete__", True)]
    assert len(built) < len(aiogram.types.__all__) / 2


if __name__ == "__main__":
    print(json.dumps(probe(sys.argv[1]), ensure_ascii=False))
