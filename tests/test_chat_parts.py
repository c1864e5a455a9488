"""Issue 12, Chats API: the pure parts, as tables of cases."""

from __future__ import annotations

from typing import Any

import pytest

from bot.hh.client import chat_errors
from bot.hh.errors import BadRequest, ChatNotReady, ChatUnavailable, HHError, NotFound, ServerError
from bot.hh.models import Author, ChatMessage, IdName, Message, Negotiation
from bot.keyboards import card_keyboard
from bot.refusals import write_blocked
from bot.render import refusal_text, reply_later_texts
from bot.services.chat_reads import after_watermark, as_message, side_of
from bot.services.poller import reply_allowed, settled, with_states
from bot.texts import EN, RU
from storage.cards import Card
from storage.negotiation_chats import NegotiationChat, merged
from storage.watermarks import NegotiationMark


def chat_message(message_id: str, kind: str | None = "SIMPLE", role: str | None = "APPLICANT",
                 text: str | None = "текст", attachments: int = 0) -> ChatMessage:
    return ChatMessage.model_validate({
        "id": message_id, "type": kind, "sender_display_info": {"role": role},
        "payload": {"text": text, "attachments": [{"id": n} for n in range(attachments)]},
    })


@pytest.mark.parametrize(("value", "expected"), [(123, "123"), ("456", "456"), (None, None)])
def test_a_chat_id_is_text_whatever_hh_writes(value: object, expected: str | None) -> None:
    assert Negotiation.model_validate({"id": "1", "chat_id": value}).chat_id == expected


def test_unknown_fields_and_values_are_tolerated() -> None:
    message = ChatMessage.model_validate({"id": 7, "type": {"id": "NEW_KIND"}, "reactions": [],
                                          "sender_display_info": {"role": "ROBOT", "icon": None}})
    assert (message.id, message.type, message.role, message.text) == ("7", "NEW_KIND", "ROBOT", None)


@pytest.mark.parametrize(("ids", "watermark", "expected"), [
    (["5", "6", "7"], None, ["5", "6", "7"]),
    (["5", "6", "7"], "5", ["6", "7"]),  # the start message is in the answer
    (["6", "7"], "5", ["6", "7"]),  # it is not
    (["9", "3", "12"], "9", ["3", "12"]),  # ids that do not grow: their place in the answer counts
    (["3", "12"], "9", ["3", "12"]),  # and hh.ru began after the watermark
    (["e1f0", "09ab"], "x", ["e1f0", "09ab"]),  # ids that are not numbers, and the watermark not among them
    (["x", "e1f0"], "x", ["e1f0"]),
])
def test_messages_after_the_watermark(ids: list[str], watermark: str | None, expected: list[str]) -> None:
    assert [m.id for m in after_watermark([chat_message(i) for i in ids], watermark)] == expected


@pytest.mark.parametrize(("kind", "role", "expected"), [
    ("SIMPLE", "APPLICANT", "applicant"),
    ("SIMPLE", "EMPLOYER", "employer"),
    ("SIMPLE", "BOT", None),
    ("SIMPLE", None, None),
    ("PARTICIPANT_JOINED", "APPLICANT", None),
    ("PARTICIPANT_LEFT", "EMPLOYER", None),
    ("SOMETHING_NEW", "applicant", "applicant"),
    (None, "EMPLOYER", "employer"),
])
def test_whose_message_it_is(kind: str | None, role: str | None, expected: str | None) -> None:
    assert side_of(chat_message("1", kind, role)) == expected


@pytest.mark.parametrize(("text", "attachments", "expected"), [
    ("Привет", 0, "Привет"),
    (None, 2, "📎"),
    (None, 0, None),
])
def test_a_chat_message_as_a_push(text: str | None, attachments: int, expected: str | None) -> None:
    message = as_message(chat_message("9", text=text, attachments=attachments), "📎")
    assert message == Message(id="9", text=expected, author=Author(participant_type="applicant"))


def message(message_id: str, text: str | None, author: str = "employer", state: str | None = None) -> Message:
    return Message(id=message_id, text=text, author=Author(participant_type=author),
                   state=IdName(id=state) if state else None)


INVITED = IdName(id="invitation", name="Приглашение")


@pytest.mark.parametrize(("messages", "changed", "expected"), [
    ([message("1", "a"), message("2", None)], True, [("1", None), ("2", "invitation")]),
    ([message("1", "a"), message("2", None)], False, [("1", None)]),
    ([message("1", None), message("2", None)], True, [("2", "invitation")]),
    ([message("1", None, state="discard")], False, [("1", "discard")]),  # a legacy message keeps its state
])
def test_silent_chat_events_stand_for_a_state_change_only(messages: list[Message], changed: bool,
                                                          expected: list[tuple[str, str | None]]) -> None:
    assert [(m.id, m.state.id if m.state else None) for m in settled(messages, INVITED, changed)] == expected


@pytest.mark.parametrize(("mark_state", "expected"), [
    ("invitation", [("1", "text"), ("2", "text")]),
    ("response", [("1", "text"), ("2", "invitation")]),
    (None, [("1", "text"), ("2", "invitation")]),
])
def test_the_newest_chat_message_carries_a_changed_state(mark_state: str | None,
                                                         expected: list[tuple[str, str]]) -> None:
    item = Negotiation(id="n", state=INVITED)
    mark = NegotiationMark("", 1, mark_state) if mark_state else None
    messages = [message("1", "a"), message("0", "мой", author="applicant"), message("2", "b")]
    assert [(m.id, m.state.id if m.state else "") for m in with_states(messages, item, mark)] == expected


CHAT = NegotiationChat(1, "n", "c")


def read(last: str | None, origin: tuple[bool, str | None] | None) -> NegotiationChat:
    """A chat a check read up to `last`, from the position `origin` it found stored (None: a chat new to it)."""
    return NegotiationChat(1, "n", "c", True, last, origin=origin)


@pytest.mark.parametrize(("stored", "seen", "expected"), [
    pytest.param(CHAT, read("10", (False, None)), (True, "10", False), id="first read"),
    pytest.param(NegotiationChat(1, "n", "c", True, "12"), read("3", (True, "12")), (True, "3", False),
                 id="ids that do not grow: the read moves it"),
    pytest.param(NegotiationChat(1, "n", "c", True, "12"), read("10", (True, "7")), (True, "12", False),
                 id="moved meanwhile by another check: stays"),
    pytest.param(NegotiationChat(1, "n", "c", True, "b7"), read("a1", None), (True, "b7", False),
                 id="a chat new to the check, read meanwhile by another: stays"),
    pytest.param(NegotiationChat(1, "n", "c", True, "12"), CHAT, (True, "12", False), id="not read: stays"),
    pytest.param(NegotiationChat(1, "n", "c", legacy=True), read("3", (False, None)), (True, "3", True),
                 id="legacy stays legacy"),
])
def test_a_saved_chat_moves_only_from_where_its_read_began(stored: NegotiationChat, seen: NegotiationChat,
                                                           expected: tuple[bool, str | None, bool]) -> None:
    result = merged(stored, seen)
    assert (result.started, result.last_message_id, result.legacy) == expected


@pytest.mark.parametrize(("chat", "expected"), [
    (None, True),
    (NegotiationChat(1, "n", "c"), True),
    (NegotiationChat(1, "n", "c", write_allowed=False, write_reason="PFP_BLOCK"), False),
    (NegotiationChat(1, "n", "c", legacy=True, write_allowed=False), True),
])
def test_the_cards_word_on_replying(chat: NegotiationChat | None, expected: bool) -> None:
    assert reply_allowed(chat) is expected


@pytest.mark.parametrize(("allowed", "expected"), [
    (True, [["Ответить"], ["Вакансия"]]),
    (False, [["Вакансия"]]),
])
def test_no_reply_button_when_writing_is_closed(allowed: bool, expected: list[list[str]]) -> None:
    card = Card(id=1, account_id=1, negotiation_id="n", text="", vacancy_url="https://hh.ru/vacancy/1",
                reply_allowed=allowed)
    markup = card_keyboard(RU, card)
    assert [[button.text for button in row] for row in markup.inline_keyboard] == expected


@pytest.mark.parametrize(("texts", "reason", "expected"), [
    (RU, "ARCHIVED_BY_EMPLOYER", "Ответить нельзя: работодатель отправил переписку в архив."),
    (RU, "EMPLOYER_NEGOTIATIONS_LIMIT_EXCEEDED", "Ответить нельзя: у работодателя исчерпан лимит переписок на hh.ru."),
    (RU, "PFP_BLOCK", "Ответить нельзя: hh.ru заблокировал переписку по правилам сервиса."),
    (RU, "NEW_REASON", "Ответить нельзя: hh.ru сейчас не разрешает писать в эту переписку."),
    (RU, None, "Ответить нельзя: hh.ru сейчас не разрешает писать в эту переписку."),
    (EN, "PFP_BLOCK", "You cannot reply: hh.ru blocked this conversation under its rules."),
])
def test_why_writing_is_closed(texts: Any, reason: str | None, expected: str) -> None:
    assert refusal_text(texts, write_blocked(reason)) == expected


@pytest.mark.parametrize("value", ["in_a_row_limit", "overall_limit", "no_invitation", "disabled_by_employer",
                                   "chat_archived", "topic_archived", "too_long_message", "chat_is_not_ready"])
def test_every_messaging_refusal_has_a_sentence(value: str) -> None:
    assert value in RU.hh_refused and value in EN.hh_refused


@pytest.mark.parametrize(("refusal", "expected"), [
    (None, ["✅ Отправлено на hh.ru: Иван. Ваш ответ, который ждал hh.ru:\n"
            "<blockquote expandable>Привет &lt;3</blockquote>"]),
    ("chat_archived", ["Ответ для Иван не отправлен. Переписка по этому отклику в архиве.\n"
                       "Ваш текст, чтобы ничего не потерялось:", "<blockquote expandable>Привет &lt;3</blockquote>"]),
])
def test_what_the_user_is_told_of_a_reply_that_waited(refusal: str | None, expected: list[str]) -> None:
    assert reply_later_texts(RU, "Иван", "Привет <3", refusal) == expected


@pytest.mark.parametrize(("error", "expected"), [
    (NotFound("x", status=404), ChatUnavailable),
    (BadRequest("x", status=405), ChatUnavailable),
    (BadRequest("x", status=425), ChatNotReady),
    (BadRequest("x", status=400, errors=[{"type": "chats", "value": "chat_is_not_ready"}]), ChatNotReady),
    (BadRequest("x", status=403, errors=[{"type": "chats", "value": "chat_archived"}]), BadRequest),
    (ServerError("x", status=503), ServerError),
])
def test_chat_refusals_in_the_bots_terms(error: HHError, expected: type[HHError]) -> None:
    with pytest.raises(HHError) as raised, chat_errors():
        raise error
    assert type(raised.value) is expected
