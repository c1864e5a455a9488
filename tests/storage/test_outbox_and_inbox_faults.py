"""Issue 11, items 5 and 10 at the storage level: set-aside outbox rows, and handled update ids."""

from __future__ import annotations

from sqlite_utils import Database

from storage import handled_updates, inbox, outbox


def test_a_set_aside_row_stops_holding_back_its_chat_and_is_counted_apart(db: Database) -> None:
    poisoned = outbox.enqueue(db, 111, "poisoned", now=1.0)
    behind = outbox.enqueue(db, 111, "behind", now=1.0)
    outbox.set_aside(db, poisoned, now=2.0, error="ValidationError: x")
    heads = outbox.heads(db, now=3.0, limit=10)
    assert [(item.id, item.text) for item in heads] == [(behind, "behind")]
    assert (outbox.pending_count(db), outbox.set_aside_count(db)) == (1, 1)
    row = db.execute("SELECT attempts, set_aside_at, last_error FROM outbox WHERE id = ?", (poisoned,)).fetchone()
    assert row == (1, 2.0, "ValidationError: x")


def test_postponing_keeps_the_reason(db: Database) -> None:
    item = outbox.enqueue(db, 111, "x", now=1.0)
    outbox.postpone(db, item, not_before=9.0, error="OperationalError: database is locked")
    row = db.execute("SELECT attempts, not_before, last_error FROM outbox WHERE id = ?", (item,)).fetchone()
    assert row == (1, 9.0, "OperationalError: database is locked")


def test_an_update_is_stored_once_and_not_again_after_it_was_handled(db: Database) -> None:
    first, second = {"update_id": 1, "message": {}}, {"update_id": 2}
    assert inbox.add(db, [first, second], now=1.0) == [first, second]
    assert inbox.add(db, [first], now=2.0) == [], "still waiting in the inbox"
    inbox.finish(db, 1, now=3.0)
    assert inbox.add(db, [first, {"update_id": 3}], now=4.0) == [{"update_id": 3}], "already handled"
    assert [update["update_id"] for update in inbox.pending(db)] == [2, 3]
    assert handled_updates.seen(db, 1) and not handled_updates.seen(db, 2)


def test_handled_ids_are_forgotten_only_after_they_are_old(db: Database) -> None:
    for update_id, handled_at in ((1, 100.0), (2, 200.0), (3, 300.0)):
        inbox.finish(db, update_id, now=handled_at)
    assert handled_updates.purge(db, before=200.0) == 1
    assert [handled_updates.seen(db, update_id) for update_id in (1, 2, 3)] == [False, True, True]
    assert handled_updates.MEMORY_SECONDS > 86400
