"""Reading a negotiation's hh.ru chat from a watermark, in the terms the poller pushes (legacy `Message`s).

The Chats API comes from hh.ru's newer specification: unknown message types and roles are tolerated, message ids
are opaque (a message's place is where hh.ru lists it: `order=next` from `start_message_id` lists what follows it),
and whether `start_message_id` itself is in the answer does not matter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from bot.hh.client import CHAT_MESSAGES_LIMIT
from bot.hh.models import Author, ChatMessage, ChatMessages, Message, WriteMessageState, parse_time

NOT_PUSHED_TYPES = frozenset({"PARTICIPANT_JOINED", "PARTICIPANT_LEFT"})
SIDES = {"APPLICANT": "applicant", "EMPLOYER": "employer"}


@dataclass(frozen=True)
class ChatRead:
    messages: list[ChatMessage]
    """Every message after the watermark, oldest first, whatever its type."""
    last_id: str | None
    """The newest message seen: the new watermark (the old one when nothing is new)."""
    write: WriteMessageState


@dataclass(frozen=True)
class Newest:
    message_id: str | None
    write: WriteMessageState


def after_watermark(messages: Sequence[ChatMessage], watermark: str | None) -> list[ChatMessage]:
    """What a page read from `watermark` holds after it: everything when the page does not list the watermark
    itself (hh.ru began after it)."""
    ids = [message.id for message in messages]
    if watermark is not None and watermark in ids:
        return list(messages[ids.index(watermark) + 1:])
    return list(messages)


def side_of(message: ChatMessage) -> str | None:
    """`applicant` or `employer` for a person's message; None for hh.ru's own messages (joined, left, a bot)."""
    if (message.type or "").upper() in NOT_PUSHED_TYPES:
        return None
    return SIDES.get((message.role or "").upper())


def as_message(message: ChatMessage, attachment_text: str) -> Message:
    """A chat message as the poller pushes messages: without a state (chats have none; see `poller.settled`)."""
    text = message.text
    if not text and message.has_attachments:
        text = attachment_text
    return Message(id=message.id, text=text, created_at=message.creation_time,
                   author=Author(participant_type=side_of(message) or (message.role or "").lower()))


class ChatSource(Protocol):
    """The chat call reading needs (`HHClient` has it)."""

    async def chat_messages(self, account_id: int, chat_id: str, *, start_message_id: str | None = None,
                            order: str = "next", limit: int = CHAT_MESSAGES_LIMIT) -> ChatMessages: ...


class ChatReader:
    def __init__(self, hh: ChatSource) -> None:
        self._hh = hh

    async def read(self, account_id: int, chat_id: str, watermark: str | None) -> ChatRead:
        """The chat's messages after `watermark` (None: from its first message), page by page."""
        collected: list[ChatMessage] = []
        last = watermark
        while True:
            page = await self._hh.chat_messages(account_id, chat_id, start_message_id=last)
            fresh = after_watermark(page.messages, last)
            collected.extend(fresh)
            if fresh:
                last = fresh[-1].id
            if not page.has_more or not fresh:
                return ChatRead(collected, last, page.chat_states.write_message_state)

    async def newest(self, account_id: int, chat_id: str) -> Newest:
        page = await self._hh.chat_messages(account_id, chat_id, order="prev", limit=1)
        newest = max(page.messages, key=_written, default=None)
        return Newest(newest.id if newest else None, page.chat_states.write_message_state)


def _written(message: ChatMessage) -> datetime:
    """When hh.ru dates the message (the answer to `limit=1` should hold one; should it hold more, the newest)."""
    try:
        return parse_time(message.creation_time or "")
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)
