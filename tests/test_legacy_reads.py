"""Reading legacy messages from a count, whichever way hh.ru lists them: the messages read and the pages asked."""

from __future__ import annotations

import pytest

from bot.hh.client import MESSAGES_PER_PAGE
from bot.hh.models import Author, Message, Page
from bot.services.legacy_reads import LegacyReader, Order, listing_order


def message(number: int, second: int | None = None) -> Message:
    at = None if second is None else f"2027-03-01T10:{second // 60:02d}:{second % 60:02d}+0300"
    return Message(id=str(1000 + number), text=f"m{number}", created_at=at,
                   author=Author(participant_type="applicant"))


class Listing:
    """A negotiation's messages (oldest first, a minute apart) served in pages in `order`."""

    def __init__(self, count: int, order: Order) -> None:
        written = [message(number, number * 60) for number in range(count)]
        self.listed = written if order is Order.OLDEST_FIRST else list(reversed(written))
        self.asked: list[int] = []

    async def messages(self, account_id: int, negotiation_id: str, page: int = 0) -> Page[Message]:
        self.asked.append(page)
        size = MESSAGES_PER_PAGE
        pages = max(1, -(-len(self.listed) // size))
        return Page[Message](found=len(self.listed), pages=pages, page=page, per_page=size,
                             items=self.listed[page * size:(page + 1) * size])


@pytest.mark.parametrize("order", list(Order), ids=lambda order: order.value)
@pytest.mark.parametrize(("count", "start", "expected", "asked"), [
    pytest.param(3, 1, ["m1", "m2"], {Order.OLDEST_FIRST: [0], Order.NEWEST_FIRST: [0]}, id="one page"),
    pytest.param(3, 0, ["m0", "m1", "m2"], {Order.OLDEST_FIRST: [0], Order.NEWEST_FIRST: [0]}, id="all"),
    pytest.param(3, 3, [], {Order.OLDEST_FIRST: [0], Order.NEWEST_FIRST: [0]}, id="nothing new"),
    pytest.param(45, 42, ["m42", "m43", "m44"], {Order.OLDEST_FIRST: [2], Order.NEWEST_FIRST: [2, 0]},
                 id="a long thread: the pages that hold the news"),
    pytest.param(45, 18, [f"m{n}" for n in range(18, 45)], {Order.OLDEST_FIRST: [0, 1, 2],
                                                             Order.NEWEST_FIRST: [0, 1]}, id="news over pages"),
])
async def test_the_messages_after_a_count_whichever_way_hh_lists_them(
        order: Order, count: int, start: int, expected: list[str], asked: dict[Order, list[int]]) -> None:
    hh = Listing(count, order)
    messages, found = await LegacyReader(hh).read_from(1, "n1", start)
    assert ([m.text for m in messages], found, hh.asked) == (expected, count, asked[order])


@pytest.mark.parametrize(("messages", "order"), [
    ([message(1, 10), message(2, 20)], Order.OLDEST_FIRST),
    ([message(2, 20), message(1, 10)], Order.NEWEST_FIRST),
    ([message(1, 10), message(2, 10)], Order.OLDEST_FIRST),  # one second: the ids tell
    ([message(2, 10), message(1, 10)], Order.NEWEST_FIRST),
    ([message(1), message(2)], Order.OLDEST_FIRST),  # undated
    ([message(1, 10)], None),
    ([], None),
])
def test_which_way_a_page_lists_messages(messages: list[Message], order: Order | None) -> None:
    assert listing_order(messages) is order
