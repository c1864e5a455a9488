"""Cards: pushed negotiation messages whose buttons can be pressed. A button's callback data carries the card's
id (`c:<id>:<action>`, `r:<id>`, `d:<id>`, `dc:<id>:<yes>`, a digest's `qo:<first>:<last>`), and the card holds
what pressing the button needs.

A card is one typed model from the poller that makes it, through this table, to the handlers and the keyboard.
The row's columns say whose it is; the rest is stored as JSON and read back validated.
"""

from __future__ import annotations

import json

from pydantic import BaseModel, ConfigDict
from sqlite_utils import Database

from bot.hh.models import Action, IdName

NOT_STORED = 0


class Card(BaseModel):
    model_config = ConfigDict(frozen=True)

    account_id: int
    negotiation_id: str
    text: str
    """The push's text as first sent; a state line is added below it when the card is edited."""
    title: str = ""
    """Whom the negotiation is with: the candidate for an employer, the company for an applicant."""
    vacancy: str = ""
    actions: tuple[Action, ...] = ()
    """The negotiation's actions, a button each, in hh.ru's order; the button says its index here."""
    resume_url: str | None = None
    vacancy_url: str | None = None
    candidate: bool = False
    """An employer's card about a candidate who responded to the vacancy or was invited to it: it offers the resume
    as a PDF in the chat (hh.ru's terms for third-party systems allow working with those candidates only)."""
    resume_pdf_url: str | None = None
    """hh.ru's address of the resume's PDF (`resume.download.pdf.url`) when the card was made."""
    vacancy_id: str | None = None
    """hh.ru's id of the vacancy, on an employer's card."""
    decline_allowed: bool = False
    reply_allowed: bool = True
    """hh.ru's `write_message_state` of the negotiation's chat when the card was made."""
    moves_from: tuple[IdName, ...] = ()
    """The vacancy's employer states, when hh.ru gave the negotiation no `actions` and its buttons are moves between
    them (`services.actions.moves`)."""
    state: str | None = None
    """The employer state its actions were given for, on a card with a negotiation's actions (a response's card);
    None on others. A check that sees the negotiation in another state edits the card (`stale`)."""
    id: int = NOT_STORED
    """The row's id, given by `add`."""
    chat_id: int | None = None
    message_id: int | None = None
    """Where the card was sent, once it was (`place`); a card that replaces another keeps its place."""

    def action(self, index: int) -> Action | None:
        return self.actions[index] if 0 <= index < len(self.actions) else None


_COLUMNS = frozenset({"id", "account_id", "negotiation_id", "chat_id", "message_id"})
_SELECT = "SELECT id, account_id, negotiation_id, chat_id, message_id, payload FROM cards"


def add(db: Database, card: Card, now: float) -> Card:
    """Stores the card; returns it with its id."""
    cursor = db.execute(
        "INSERT INTO cards (account_id, negotiation_id, chat_id, message_id, payload, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (card.account_id, card.negotiation_id, card.chat_id, card.message_id,
         card.model_dump_json(exclude=set(_COLUMNS)), now),
    )
    return card.model_copy(update={"id": int(cursor.lastrowid or 0)})


def place(db: Database, card_id: int, chat_id: int, message_id: int) -> None:
    """The card went out as this Telegram message (sent again from a digest: the latest)."""
    db.execute("UPDATE cards SET chat_id = ?, message_id = ? WHERE id = ?", (chat_id, message_id, card_id))


def stale(db: Database, account_id: int, negotiation_id: str, state: str) -> list[Card]:
    """The negotiation's cards with actions, sent, that show another state than `state`."""
    rows = db.execute(f"{_SELECT} WHERE account_id = ? AND negotiation_id = ? AND message_id IS NOT NULL ORDER BY id",
                      (account_id, negotiation_id)).fetchall()
    return [card for card in map(_one, rows) if card is not None and card.state is not None and card.state != state]


def get(db: Database, card_id: int) -> Card | None:
    return _one(db.execute(f"{_SELECT} WHERE id = ?", (card_id,)).fetchone())


def latest(db: Database, account_id: int, negotiation_id: str) -> Card | None:
    """The newest card of a negotiation."""
    return _one(db.execute(f"{_SELECT} WHERE account_id = ? AND negotiation_id = ? ORDER BY id DESC LIMIT 1",
                           (account_id, negotiation_id)).fetchone())


def of_negotiation_between(db: Database, account_id: int, negotiation_id: str, first: int, last: int) -> list[Card]:
    """The negotiation's cards with ids from `first` to `last`, oldest first."""
    rows = db.execute(f"{_SELECT} WHERE account_id = ? AND negotiation_id = ? AND id BETWEEN ? AND ? ORDER BY id",
                      (account_id, negotiation_id, first, last)).fetchall()
    return [card for card in map(_one, rows) if card is not None]


def replace(db: Database, old: Card, new: Card, now: float) -> Card:
    """`new` takes the place of `old`: the old card's buttons go stale, the new one's work."""
    with db.atomic():
        delete(db, old.id)
        return add(db, new, now)


def delete(db: Database, card_id: int) -> None:
    db.execute("DELETE FROM cards WHERE id = ?", (card_id,))


def purge(db: Database, older_than: float) -> int:
    return db.execute("DELETE FROM cards WHERE created_at < ?", (older_than,)).rowcount


def _one(row: tuple[int, int, str, int | None, int | None, str] | None) -> Card | None:
    """The row as a card; None when there is none or it no longer reads as one (its buttons are then stale)."""
    if row is None:
        return None
    card_id, account_id, negotiation_id, chat_id, message_id, payload = row
    try:
        fields = json.loads(payload)
        if not isinstance(fields, dict):
            return None
        return Card.model_validate({**fields, "id": card_id, "account_id": account_id,
                                    "negotiation_id": negotiation_id, "chat_id": chat_id, "message_id": message_id})
    except ValueError:
        return None
