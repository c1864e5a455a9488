"""The hh.ru chat of each negotiation: the chat → negotiation map, the chat's watermark and what it allows.

`started` says whether `last_message_id` is a real position: False while the bot knows the negotiation only
through its message count or the legacy methods (the chat is then joined at a clean cut, see the poller);
True once the chat was read, `last_message_id` being the newest message seen (None: the chat was empty).
`legacy` marks a negotiation whose chat methods hh.ru refused with 404 or 405: it keeps the legacy methods.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from sqlite_utils import Database


@dataclass(frozen=True)
class NegotiationChat:
    account_id: int
    negotiation_id: str
    chat_id: str
    started: bool = False
    last_message_id: str | None = None
    legacy: bool = False
    write_allowed: bool = True
    write_reason: str | None = None
    origin: tuple[bool, str | None] | None = field(default=None, compare=False, repr=False)
    """`(started, last_message_id)` as stored when this chat was read from the table (None: not read from it). A
    commit moves the watermark only from that position (see `merged`)."""


_COLUMNS = "account_id, negotiation_id, chat_id, started, last_message_id, legacy, write_allowed, write_reason"


def _chat(row: tuple[object, ...]) -> NegotiationChat:
    account_id, negotiation_id, chat_id, started, last_id, legacy, allowed, reason = row
    last = None if last_id is None else str(last_id)
    return NegotiationChat(int(str(account_id)), str(negotiation_id), str(chat_id), bool(started), last,
                           bool(legacy), bool(allowed), None if reason is None else str(reason),
                           origin=(bool(started), last))


def of_negotiations(db: Database, account_id: int, negotiation_ids: Iterable[str]) -> dict[str, NegotiationChat]:
    ids = list(negotiation_ids)
    if not ids:
        return {}
    placeholders = ",".join("?" * len(ids))
    rows = db.execute(
        f"SELECT {_COLUMNS} FROM negotiation_chats WHERE account_id = ? AND negotiation_id IN ({placeholders})",
        (account_id, *ids),
    ).fetchall()
    return {str(row[1]): _chat(row) for row in rows}


def of_negotiation(db: Database, account_id: int, negotiation_id: str) -> NegotiationChat | None:
    return of_negotiations(db, account_id, [negotiation_id]).get(negotiation_id)


def by_chat(db: Database, account_id: int, chat_id: str) -> NegotiationChat | None:
    row = db.execute(
        f"SELECT {_COLUMNS} FROM negotiation_chats WHERE account_id = ? AND chat_id = ?", (account_id, chat_id)
    ).fetchone()
    return None if row is None else _chat(row)


def save(db: Database, chat: NegotiationChat) -> None:
    """Stores what a check learnt of the chat, merged with what is stored (`merged`); a negotiation once flagged
    legacy stays so."""
    stored = of_negotiation(db, chat.account_id, chat.negotiation_id)
    if stored is not None and stored.chat_id == chat.chat_id:
        chat = merged(stored, chat)
    db.execute(
        f"""
        INSERT INTO negotiation_chats ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (account_id, negotiation_id) DO UPDATE SET
            chat_id = excluded.chat_id, started = excluded.started, last_message_id = excluded.last_message_id,
            legacy = excluded.legacy, write_allowed = excluded.write_allowed, write_reason = excluded.write_reason
        """,
        (chat.account_id, chat.negotiation_id, chat.chat_id, int(chat.started), chat.last_message_id,
         int(chat.legacy), int(chat.write_allowed), chat.write_reason),
    )


def merged(stored: NegotiationChat, seen: NegotiationChat) -> NegotiationChat:
    """The watermark moves only from the position the check read from. Chat message ids are opaque (nothing says
    they are numbers, or grow), so a watermark a concurrent check moved meanwhile stays: reading again from a
    position behind pushes nothing twice (the `delivered` keys), and no position is ever skipped."""
    moved_meanwhile = stored.started and seen.origin != (stored.started, stored.last_message_id)
    if not seen.started or moved_meanwhile:
        last, started = stored.last_message_id, stored.started
    else:
        last, started = seen.last_message_id, True
    return replace(seen, started=started, last_message_id=last, legacy=seen.legacy or stored.legacy)


def flag_legacy(db: Database, account_id: int, negotiation_id: str) -> None:
    db.execute("UPDATE negotiation_chats SET legacy = 1 WHERE account_id = ? AND negotiation_id = ?",
               (account_id, negotiation_id))


def purge(db: Database) -> int:
    """Forgets the chats of negotiations whose marks were forgotten (run after
    `watermarks.purge_negotiation_marks`)."""
    return db.execute(
        """
        DELETE FROM negotiation_chats WHERE NOT EXISTS (
            SELECT 1 FROM negotiation_marks AS mark
            WHERE mark.account_id = negotiation_chats.account_id
              AND mark.negotiation_id = negotiation_chats.negotiation_id)
        """
    ).rowcount
