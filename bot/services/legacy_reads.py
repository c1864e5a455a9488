"""Reading a negotiation's messages the legacy way (`GET /negotiations/{nid}/messages`) from a message count.

hh.ru's documents do not say in which order the pages list the messages, and third parties report both. The
messages after the first `start` (in the negotiation's own order) are at the end of an oldest-first list and at the
head of a newest-first one; the dates on the pages read tell which (or the ids, for messages of one second). Only
the pages holding them are read, plus page 0 when the page read cannot tell; when nothing tells, oldest first.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from enum import Enum
from typing import Protocol

from bot.hh.client import MESSAGES_PER_PAGE
from bot.hh.models import Message, Page, parse_time


class Order(Enum):
    OLDEST_FIRST = "oldest first"
    NEWEST_FIRST = "newest first"


class MessageSource(Protocol):
    """The legacy call reading needs (`HHClient` has it)."""

    async def messages(self, account_id: int, negotiation_id: str, page: int = 0) -> Page[Message]: ...


def listing_order(messages: Sequence[Message]) -> Order | None:
    """Which way a page lists messages: by the dates of its first and last, or, written in the same second, by
    their ids when both are numbers; None when nothing tells."""
    if len(messages) < 2:
        return None
    first, last = messages[0], messages[-1]
    first_date, last_date = _written(first), _written(last)
    if first_date is not None and last_date is not None and first_date != last_date:
        return Order.OLDEST_FIRST if first_date < last_date else Order.NEWEST_FIRST
    if first.id.isdigit() and last.id.isdigit() and first.id != last.id:
        return Order.OLDEST_FIRST if int(first.id) < int(last.id) else Order.NEWEST_FIRST
    return None


def _written(message: Message) -> datetime | None:
    try:
        return parse_time(message.created_at) if message.created_at else None
    except ValueError:
        return None


class LegacyReader:
    def __init__(self, hh: MessageSource) -> None:
        self._hh = hh

    async def read_from(self, account_id: int, negotiation_id: str, start: int) -> tuple[list[Message], int]:
        """The messages after the first `start`, oldest first, and how many the negotiation has."""
        number = start // MESSAGES_PER_PAGE
        page = await self._hh.messages(account_id, negotiation_id, number)
        order = listing_order(page.items)
        head = page if number == 0 else None
        if order is None and head is None and page.found > start:
            head = await self._hh.messages(account_id, negotiation_id, 0)
            order = listing_order(head.items)
        if order is Order.NEWEST_FIRST:
            head = head or await self._hh.messages(account_id, negotiation_id, 0)
            return await self._head(account_id, negotiation_id, head, head.found - start), head.found
        return await self._tail(account_id, negotiation_id, page, start)

    async def _tail(self, account_id: int, negotiation_id: str, page: Page[Message],
                    start: int) -> tuple[list[Message], int]:
        """Oldest first: from index `start` to the end, beginning with `page`, which holds it."""
        collected: list[Message] = []
        while True:
            offset = page.page * page.per_page
            collected.extend(message for index, message in enumerate(page.items, offset) if index >= start)
            if page.is_last or not page.items:
                return collected, page.found
            page = await self._hh.messages(account_id, negotiation_id, page.page + 1)

    async def _head(self, account_id: int, negotiation_id: str, page: Page[Message], count: int) -> list[Message]:
        """Newest first: the first `count`, beginning with page 0, turned oldest first."""
        collected = list(page.items)
        while len(collected) < count and not page.is_last and page.items:
            page = await self._hh.messages(account_id, negotiation_id, page.page + 1)
            collected.extend(page.items)
        return list(reversed(collected[:max(count, 0)]))
