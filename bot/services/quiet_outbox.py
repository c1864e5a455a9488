"""Quiet hours at the outbox, run on the database thread for the sender: which pushes go silently, which wait,
and the digest that takes their place when the quiet hours end.

Only pushes about a negotiation wait: answers to what the user just did (linking) and notices still go,
silently. A waiting push stays in the outbox with `held_until`, so a restart loses nothing; its card
(`storage.cards`, named by the row's `card_id`) keeps its text and buttons, and the digest's button sends them
again.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from bot.keyboards import CardReply, as_json
from bot.quiet import HeldNews, digest_entries, end_of_quiet
from bot.quiet_view import digest_messages
from bot.texts import texts_for
from storage import cards, outbox, quiet_hours, users
from storage.cards import Card
from storage.outbox import OutboxItem
from storage.quiet_hours import QuietMode, QuietSetting


@dataclass(frozen=True)
class Due:
    """An outbox row to send now, silently during its chat's quiet hours."""

    item: OutboxItem
    silent: bool


def pick(db: Database, now: float, limit: int, skip_chats: frozenset[int] = frozenset()) -> list[Due]:
    """The heads to send now. A chat in quiet hours with the digest on first has its pushes held."""
    while True:
        items = outbox.heads(db, now, limit, skip_chats)
        settings = quiet_hours.of_chats(db, (item.chat_id for item in items))
        due: list[Due] = []
        held = False
        for item in items:
            setting = settings.get(item.chat_id)
            end = end_of_quiet(setting, now)
            if end is not None and _digest(setting) and item.negotiation_id is not None:
                held = outbox.hold_news(db, item.chat_id, end) > 0 or held  # the chat's head changed: look again
            else:
                due.append(Due(item, silent=end is not None))
        if not held:
            return due


def release(db: Database, now: float) -> float | None:
    """Sends the digest of each chat whose held pushes are due; returns when the next ones are."""
    for chat_id in outbox.chats_to_release(db, now):
        setting = quiet_hours.of_chats(db, [chat_id]).get(chat_id)
        end = end_of_quiet(setting, now) if _digest(setting) else None
        if end is not None:  # the setting changed, and the chat is still quiet: wait for the new end
            outbox.move_hold(db, chat_id, end)
        else:
            _replace_with_digest(db, chat_id, setting, now)
    return outbox.next_release(db)


def _digest(setting: QuietSetting | None) -> bool:
    return setting is not None and setting.mode is QuietMode.DIGEST


def _replace_with_digest(db: Database, chat_id: int, setting: QuietSetting | None, now: float) -> None:
    """One transaction: the digest is queued, the pushes it names leave the outbox, and any push without a card
    goes again after the digest."""
    user = users.get(db, setting.telegram_id) if setting is not None else None
    texts = texts_for(user.language if user is not None else "ru")
    with db.atomic():
        named: list[tuple[OutboxItem, Card]] = []
        others: list[OutboxItem] = []
        for item in outbox.held(db, chat_id):
            card = card_of(db, item)
            if card is None:
                others.append(item)
            else:
                named.append((item, card))
        entries = digest_entries(HeldNews(card.account_id, card.negotiation_id, card.id, card.title, card.vacancy)
                                 for _, card in named)
        for text, markup in digest_messages(texts, entries):
            outbox.enqueue(db, chat_id, text, now, reply_markup=as_json(markup))
        for item, _ in named:
            outbox.drop(db, item.id)
        for item in others:
            outbox.requeue(db, item.id)


def card_of(db: Database, item: OutboxItem) -> Card | None:
    """The card the push stands on, if it is still there."""
    card_id = item.card_id if item.card_id is not None else _card_id_of_buttons(item)
    card = None if card_id is None else cards.get(db, card_id)
    if card is not None and (card.account_id, card.negotiation_id) == (item.account_id, item.negotiation_id):
        return card
    return None


def _card_id_of_buttons(item: OutboxItem) -> int | None:
    """A row queued before the outbox kept its card: the card named by its «Ответить» button, if it has one."""
    for row in (item.reply_markup or {}).get("inline_keyboard", []):
        for button in row:
            data = str(button.get("callback_data") or "")
            if data.startswith(f"{CardReply.__prefix__}{CardReply.__separator__}"):
                return CardReply.unpack(data).card
    return None
