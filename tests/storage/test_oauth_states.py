from __future__ import annotations

from sqlite_utils import Database

from storage import oauth_states
from storage.oauth_states import ConsumedState, StateProblem


def test_a_state_is_single_use_bound_to_its_user_and_expires(db: Database) -> None:
    oauth_states.create(db, "s1", telegram_id=111, now=1000.0, ttl=600)
    oauth_states.create(db, "s2", telegram_id=222, now=1000.0, ttl=600)
    assert oauth_states.consume(db, "s1", now=1599.0) == ConsumedState(111, None)
    assert oauth_states.consume(db, "s1", now=1599.0) == ConsumedState(111, StateProblem.USED)
    assert oauth_states.consume(db, "s2", now=1600.0) == ConsumedState(222, StateProblem.EXPIRED)
    assert oauth_states.consume(db, "nope", now=1000.0) == ConsumedState(None, StateProblem.UNKNOWN)
    assert oauth_states.peek(db, "s2") == 222


def test_purge_forgets_long_expired_states(db: Database) -> None:
    oauth_states.create(db, "old", telegram_id=1, now=0.0, ttl=600)
    oauth_states.create(db, "new", telegram_id=1, now=5000.0, ttl=600)
    assert oauth_states.purge(db, older_than=1000.0) == 1
    assert [row["state"] for row in db.query("SELECT state FROM oauth_states")] == ["new"]
