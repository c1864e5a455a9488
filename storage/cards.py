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

from bot.hh.models import Action

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
    decline_allowed: bool = False
    reply_allowed: bool = True
    """hh.ru's `write_message_state` of the negotiation's chat when the card was made."""
    id: int = NOT_STORED
    """The row's id, given by `add`."""

    def action(self, index: int) -> Action | None:
        return self.actions[index] if 0 <= index < len(self.actions) else None


_COLUMNS = frozenset({"id", "account_id", "negotiation_id"})
_SELECT = "SELECT id, account_id, negotiation_id, payload FROM cards"


def add(db: Database, card: Card, now: float) -> Card:
    """Stores the card; returns it with its id."""
    cursor = db.execute(
        "INSERT INTO cards (account_id, negotiation_id, payload, created_at) VALUES (?, ?, ?, ?)",
        (card.account_id, card.negotiation_id, card.model_dump_json(exclude=set(_COLUMNS)), now),
    )
    return card.model_copy(update={"id": int(cursor.lastrowid or 0)})


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


def _one(row: tuple[int, int, str, str] | None) -> Card | None:
    """The row as a card; None when there is none or it no longer reads as one (its buttons are then stale)."""
    if row is None:
        return None
    card_id, account_id, negotiation_id, payload = row
    try:
        fields = json.loads(payload)
        if not isinstance(fields, dict):
            return None
        return Card.model_validate({**fields, "id": card_id, "account_id": account_id,
                                    "negotiation_id": negotiation_id})
    except ValueError:
        return None
