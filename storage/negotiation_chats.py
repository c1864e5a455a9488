"""The hh.ru chat of each negotiation: the chat → negotiation map, the chat's watermark and what it allows.

`started` says whether `last_message_id` is a real position: False while the bot knows the negotiation only
through its message count or the legacy methods (the chat is then joined at a clean cut, see the poller);
True once the chat was read, `last_message_id` being the newest message seen (None: the chat was empty).
`legacy` marks a negotiation whose chat methods hh.ru refused with 404 or 405: it keeps the legacy methods.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

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


_COLUMNS = "account_id, negotiation_id, chat_id, started, last_message_id, legacy, write_allowed, write_reason"


def _chat(row: tuple[object, ...]) -> NegotiationChat:
    account_id, negotiation_id, chat_id, started, last_id, legacy, allowed, reason = row
    return NegotiationChat(int(str(account_id)), str(negotiation_id), str(chat_id), bool(started),
                           None if last_id is None else str(last_id), bool(legacy), bool(allowed),
                           None if reason is None else str(reason))


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
    """Stores what a check learnt of the chat, merged with what is stored: a watermark never moves back (a
    concurrent check may have seen further), and a negotiation once flagged legacy stays so."""
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
    if not seen.started:
        last, started = stored.last_message_id, stored.started
    elif stored.started and not later(seen.last_message_id, stored.last_message_id):
        last, started = stored.last_message_id, True
    else:
        last, started = seen.last_message_id, True
    return replace(seen, started=started, last_message_id=last, legacy=seen.legacy or stored.legacy)


def later(candidate: str | None, current: str | None) -> bool:
    """Whether message id `candidate` comes after `current` (None: before every message). hh.ru's ids are
    numbers that grow; ids that are not numbers cannot be compared, and the newer write wins."""
    if candidate is None:
        return current is None
    if current is None:
        return True
    if candidate.isdigit() and current.isdigit():
        return int(candidate) >= int(current)
    return True


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
