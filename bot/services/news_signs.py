"""What tells a check that a negotiation may hold news it has not pushed, when hh.ru's counters say so and when hh.ru
leaves them out (its spec marks them optional: unknown is then not zero), and which messages are news by their dates.
Pure functions of hh.ru's answers and the stored marks."""

from __future__ import annotations

from bot.hh.models import Collection, Message, Negotiation, parse_time
from storage.watermarks import CollectionCounters, NegotiationMark


def known_counters(collection: Collection) -> CollectionCounters | None:
    """The collection's counters, or None when hh.ru left them out (its spec marks them optional): unknown, so the
    collection is looked into."""
    counters = collection.counters
    if counters.total is None or counters.with_updates is None:
        return None
    return CollectionCounters(counters.total, counters.with_updates)


def message_count(item: Negotiation, mark: NegotiationMark | None) -> int | None:
    """How many messages the negotiation has: hh.ru's counter; when hh.ru leaves it out, what the mark knew."""
    if item.counters.messages is not None:
        return item.counters.messages
    return mark.messages if mark is not None else None


def may_have_news(item: Negotiation, mark: NegotiationMark | None) -> bool:
    """Whether the negotiation may hold messages the mark does not know. hh.ru's message counter tells; when either
    count is unknown (hh.ru's counters are optional), any other sign does: never seen, `has_updates` newly set, a
    changed `updated_at`, or a mark taken too soon after that `updated_at` to tell (`unsettled`). A flag already set
    when the mark was taken is no sign: reading would only mark old news viewed on hh.ru."""
    before = 0 if mark is None else mark.messages
    if item.counters.messages is not None and before is not None:
        return item.counters.messages > before
    return (mark is None or newly_flagged(item, mark) or item.updated_at != mark.updated_at
            or unsettled(item, mark))


def newly_flagged(item: Negotiation, mark: NegotiationMark | None) -> bool:
    """Whether hh.ru set the negotiation's `has_updates` since the mark was taken."""
    return item.has_updates and mark is not None and not mark.has_updates


SETTLE = 2.0
"""hh.ru dates to the second: a message written in the second a check saw the negotiation's `updated_at` may leave
that `updated_at` as it was. Without hh.ru's message counter, a mark taken this close to it is looked at again."""


def unsettled(item: Negotiation, mark: NegotiationMark | None) -> bool:
    """Whether, hh.ru giving no message count, the mark was taken within SETTLE of the negotiation's `updated_at`."""
    if item.counters.messages is not None or mark is None:
        return False
    return updated_within(mark.updated_at, mark.seen_at)


def updated_within(updated_at: str, moment: float) -> bool:
    """Whether hh.ru's `updated_at` is within SETTLE of `moment` (or cannot be read)."""
    try:
        return parse_time(updated_at).timestamp() >= moment - SETTLE
    except ValueError:
        return True


def larger(first: int | None, second: int | None) -> int | None:
    """The larger of two counts, either of which may be unknown."""
    known = [count for count in (first, second) if count is not None]
    return max(known) if known else None


def written_after(message: Message, moment: str) -> bool:
    """Whether hh.ru dates the message after `moment` (hh.ru's format); an undated message counts as after."""
    if message.created_at is None:
        return True
    try:
        return parse_time(message.created_at) > parse_time(moment)
    except ValueError:
        return True


def older_than(message: Message, horizon: float) -> bool:
    """Whether hh.ru dates the message before `horizon`. Such a message was pushed, if ever, before its
    negotiation's marks and dedup keys were forgotten for quiet (NEGOTIATION_RETENTION), so it is never pushed."""
    if message.created_at is None:
        return False
    try:
        return parse_time(message.created_at).timestamp() < horizon
    except ValueError:
        return False
