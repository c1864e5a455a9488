"""A push handed back to its owner's private chat while the sender was sending it to the group: what Telegram
accepted in the group is written down for the group only, and the push still goes to the private chat."""

from __future__ import annotations

import pytest
from sqlite_utils import Database

from storage import accounts, delivered, outbox
from storage.delivered import DeliveredRef
from storage.outbox import OutboxItem

PRIVATE, GROUP = 111, -100
SENT_AS = 42


def _queue_for_group(db: Database, account: accounts.Account, *, private_copy: bool) -> OutboxItem:
    """N1's push queued for the group (as `groups.enqueue_push` does), with a copy for the private chat if asked;
    the sender picks the group's row."""
    delivered.claim(db, account.id, "N1", "k1", PRIVATE, now=5.0)
    delivered.set_chat(db, account.id, "N1", "k1", GROUP)
    outbox.enqueue(db, GROUP, "push N1", 5.0, account_id=account.id, negotiation_id="N1", hh_message_id="k1")
    if private_copy:
        key = delivered.claim_copy(db, account.id, "N1", "k1", PRIVATE, now=5.0)
        outbox.enqueue(db, PRIVATE, "push N1", 5.0, account_id=account.id, negotiation_id="N1", hh_message_id=key)
    (item,) = [item for item in outbox.heads(db, now=10.0, limit=10) if item.chat_id == GROUP]
    return item


def _hand_back(db: Database, account: accounts.Account) -> None:
    """What `groups._hand_back` does when the owner leaves the group (/disconnect, /connect elsewhere, bot removed)."""
    outbox.drop_copies_of(db, GROUP, account.id, f"to:{PRIVATE}:")
    delivered.move_unsent(db, GROUP, account.id, PRIVATE)
    outbox.move_account(db, GROUP, account.id, PRIVATE)


def _queued(db: Database) -> list[tuple[int, str, str]]:
    return [(row[0], row[1], row[2]) for row in
            db.execute("SELECT chat_id, text, hh_message_id FROM outbox ORDER BY id").fetchall()]


@pytest.mark.parametrize(("private_copy", "queued_key"), [(False, "k1"), (True, f"to:{PRIVATE}:k1")])
def test_a_push_moved_while_sent_to_the_group_is_mapped_in_the_group_and_still_goes_private(
        db: Database, account: accounts.Account, private_copy: bool, queued_key: str) -> None:
    item = _queue_for_group(db, account, private_copy=private_copy)
    _hand_back(db, account)
    assert not outbox.mark_sent(db, item, SENT_AS, now=11.0)
    assert _queued(db) == [(PRIVATE, "push N1", queued_key)]
    assert delivered.by_telegram_message(db, PRIVATE, SENT_AS) is None
    assert delivered.by_telegram_message(db, GROUP, SENT_AS) == DeliveredRef(
        account.id, "N1", f"copy:{GROUP}:{SENT_AS}")
    # the private chat's own message 42 (N2's push) leads to N2 only
    delivered.claim(db, account.id, "N2", "k2", PRIVATE, now=20.0)
    outbox.enqueue(db, PRIVATE, "push N2", 20.0, account_id=account.id, negotiation_id="N2", hh_message_id="k2")
    (moved,) = outbox.heads(db, now=30.0, limit=10)
    assert outbox.mark_sent(db, moved, 41, now=30.0)
    (second,) = outbox.heads(db, now=30.0, limit=10)
    assert outbox.mark_sent(db, second, SENT_AS, now=31.0)
    assert delivered.by_telegram_message(db, PRIVATE, SENT_AS) == DeliveredRef(account.id, "N2", "k2")
    assert delivered.by_telegram_message(db, PRIVATE, 41) == DeliveredRef(account.id, "N1", queued_key)
    assert _queued(db) == []


def test_a_push_sent_where_it_still_is_is_mapped_once(db: Database, account: accounts.Account) -> None:
    item = _queue_for_group(db, account, private_copy=False)
    assert outbox.mark_sent(db, item, SENT_AS, now=11.0)
    assert _queued(db) == []
    assert delivered.by_telegram_message(db, GROUP, SENT_AS) == DeliveredRef(account.id, "N1", "k1")
    assert db.execute("SELECT COUNT(*) FROM delivered").fetchone()[0] == 1


@pytest.mark.parametrize("write", ["postpone", "set_aside", "drop"])
def test_a_failed_group_send_leaves_the_moved_row_alone(db: Database, account: accounts.Account, write: str) -> None:
    item = _queue_for_group(db, account, private_copy=False)
    _hand_back(db, account)
    if write == "postpone":
        outbox.postpone(db, item.id, 500.0, "TelegramBadRequest: x", chat_id=GROUP)
    elif write == "set_aside":
        outbox.set_aside(db, item.id, 12.0, "TelegramBadRequest: x", chat_id=GROUP)
    else:
        outbox.drop(db, item.id, chat_id=GROUP)
    assert [(head.id, head.chat_id, head.attempts) for head in outbox.heads(db, now=12.0, limit=10)] == [
        (item.id, PRIVATE, 0)]
