"""Issue 22, item 7: which updates continue an open prompt, and how the line closing it names what came instead."""

from __future__ import annotations

from typing import Any

import pytest
from aiogram.types import CallbackQuery, Message

from bot.handlers.prompt_guard import belongs, reason
from bot.keyboards import PreviewChoice, preview_keyboard
from bot.texts import RU
from storage.prompts import ActionPrompt, ReplyPrompt

PRIVATE = {"id": 7, "type": "private"}
GROUP = {"id": -1001, "type": "supergroup"}
PERSON = {"id": 7, "is_bot": False, "first_name": "Ольга"}
BOT = {"id": 99, "is_bot": True, "first_name": "hh"}
PROMPT, PREVIEW, EARLIER, CARD = 20, 22, 10, 5
WAITING = ActionPrompt(name="Петров Иван", chat_id=7, prompt_message_id=PROMPT, card_id=1, card_message_id=CARD,
                       action_index=0, action_name="Отказать", optional=True, sms=None,
                       earlier_message_ids=(EARLIER,))
PREVIEWING = WAITING.previewed("Уважаемый Иван…", 21, PREVIEW)
REPLY = ReplyPrompt(name="Петров Иван", chat_id=7, prompt_message_id=PROMPT, account_id=1, negotiation_id="5")


def message(text: str | None = "Ждём вас", *, chat: dict[str, Any] = PRIVATE, replying_to: int | None = None,
            **extra: Any) -> Message:
    fields: dict[str, Any] = {"message_id": 30, "date": 1795990000, "chat": chat, "from": PERSON, **extra}
    if text is not None:
        fields["text"] = text
    if replying_to is not None:
        fields["reply_to_message"] = {"message_id": replying_to, "date": 1795990000, "chat": chat, "from": BOT,
                                      "text": "…"}
    return Message.model_validate(fields)


def press(on: int, data: str = "c:1:2") -> CallbackQuery:
    keyboard = [[{"text": "Подумать", "callback_data": "c:1:2"}]]
    return CallbackQuery.model_validate({
        "id": "q", "chat_instance": "i", "data": data, "from": PERSON,
        "message": {"message_id": on, "date": 1795990000, "chat": PRIVATE, "from": BOT, "text": "…",
                    "reply_markup": {"inline_keyboard": keyboard}}})


@pytest.mark.parametrize(("update", "prompt", "expected"), [
    (message(), WAITING, True),
    (message(), REPLY, True),
    (message(), PREVIEWING, False),
    (message(replying_to=PROMPT), WAITING, True),
    (message(replying_to=CARD), WAITING, False),
    (message(replying_to=PREVIEW), PREVIEWING, False),
    (message(chat=GROUP), WAITING, False),
    (message(chat=GROUP, replying_to=PROMPT), WAITING, True),
    (message("/status"), WAITING, False),
    (message("/cancel"), PREVIEWING, True),
    (message("/cancel@hh_bridge_bot"), WAITING, True),
    (message(None, photo=[{"file_id": "f", "file_unique_id": "u", "width": 1, "height": 1}]), WAITING, False),
    (message("Ждём вас", forward_origin={"type": "hidden_user", "date": 1795990000, "sender_user_name": "М"}),
     WAITING, False),
    (message("https://bot.example/oauth/callback?code=SECRET&state=x"), WAITING, False),
    (press(on=PROMPT), WAITING, True),
    (press(on=PREVIEW), PREVIEWING, True),
    (press(on=EARLIER), PREVIEWING, True),
    (press(on=CARD), WAITING, False),
    (press(on=PREVIEW), REPLY, False),
])
def test_what_continues_a_prompt(update: Message | CallbackQuery, prompt: ActionPrompt | ReplyPrompt,
                                 expected: bool) -> None:
    assert belongs(update, prompt) is expected


@pytest.mark.parametrize(("update", "prompt", "why"), [
    (message("/status"), WAITING, "отправили /status"),
    (message("/status@hh_bridge_bot please"), WAITING, "отправили /status@hh_bridge_bot"),
    (press(on=CARD), WAITING, "нажали «Подумать»"),
    (press(on=CARD, data="c:1:3"), WAITING, "нажали другую кнопку"),
    (message(replying_to=CARD), WAITING, "ответили на другое сообщение"),
    (message(replying_to=CARD), PREVIEWING, "ответили на другое сообщение"),
    (message(), PREVIEWING, "написали текст, а не нажали «Отправить» или «Изменить»"),
    (message(replying_to=PROMPT), PREVIEWING, "написали текст, а не нажали «Отправить» или «Изменить»"),
    (message(None, sticker={"file_id": "f", "file_unique_id": "u", "type": "regular", "width": 1, "height": 1,
                            "is_animated": False, "is_video": False}), WAITING, "прислали другое сообщение"),
])
def test_the_line_names_what_came_instead(update: Message | CallbackQuery, prompt: ActionPrompt | ReplyPrompt,
                                          why: str) -> None:
    assert reason(update, prompt, RU) == why


def test_asking_again_keeps_the_earlier_messages_and_forgets_the_draft() -> None:
    again = PREVIEWING.asking_again(40)
    assert (again.prompt_message_id, again.draft, again.preview_message_id) == (40, None, None)
    assert again.message_ids == {40, EARLIER, PROMPT, PREVIEW}


def test_the_previews_buttons_fit_telegrams_64_bytes_and_name_the_prompt() -> None:
    markup = preview_keyboard(RU, 2**53)
    data = [button.callback_data or "" for row in markup.inline_keyboard for button in row]
    assert [button.text for row in markup.inline_keyboard for button in row] == ["Отправить", "Изменить", "Отмена"]
    assert all(len(item.encode()) <= 64 for item in data)
    assert [PreviewChoice.unpack(item) for item in data] == [
        PreviewChoice(choice=choice, prompt=2**53) for choice in ("send", "edit", "cancel")]
