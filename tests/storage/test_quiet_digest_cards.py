"""The digest names a held push by the card its outbox row stands on (`card_id`), whatever its keyboard shows; a row
queued before rows kept their card is found through its «Ответить» button."""

from __future__ import annotations

from typing import Any

import pytest
from sqlite_utils import Database

from bot.keyboards import as_json, card_keyboard
from bot.services.quiet_outbox import pick, release
from bot.texts import RU
from storage import accounts, cards, outbox
from storage.cards import Card
from storage.quiet_hours import QuietMode
from tests.storage.test_quiet_outbox import CHAT, MORNING, NIGHT, quiet, texts_waiting

DIGEST = "🌙 Тихие часы закончились. Новости за это время:\n• <b>Петров Иван</b> · Python — 1 новое сообщение"


def held_push(db: Database, account: accounts.Account, *, reply_allowed: bool, stored_card: bool,
              other_negotiation: bool = False) -> None:
    """A push with a card (closed to replies or not), its row naming the card or not (queued before `card_id`)."""
    card = cards.add(db, Card(account_id=account.id, negotiation_id="n2" if other_negotiation else "n1",
                              text="Петров Иван: m1", title="Петров Иван", vacancy="Python",
                              reply_allowed=reply_allowed), NIGHT)
    markup: dict[str, Any] = as_json(card_keyboard(RU, card))
    outbox.enqueue(db, CHAT, "Петров Иван: m1", NIGHT, reply_markup=markup, account_id=account.id,
                   negotiation_id="n1", hh_message_id="m1", card_id=card.id if stored_card else None)


@pytest.mark.parametrize(("reply_allowed", "stored_card", "other_negotiation", "waiting"), [
    (False, True, False, [DIGEST]),  # closed to replies: named by its card_id
    (True, True, False, [DIGEST]),
    (True, False, False, [DIGEST]),  # queued before card_id: found by «Ответить»
    (False, False, False, ["Петров Иван: m1"]),  # neither: it goes again after the (empty) digest
    (False, True, True, ["Петров Иван: m1"]),  # a card of another negotiation is not this push's
])
def test_the_digest_finds_the_card_of_a_held_push(db: Database, account: accounts.Account, reply_allowed: bool,
                                                  stored_card: bool, other_negotiation: bool,
                                                  waiting: list[str]) -> None:
    quiet(db, QuietMode.DIGEST)
    held_push(db, account, reply_allowed=reply_allowed, stored_card=stored_card, other_negotiation=other_negotiation)
    assert pick(db, NIGHT, 10) == []
    assert release(db, MORNING) is None
    assert (outbox.held_count(db), texts_waiting(db)) == (0, waiting)
