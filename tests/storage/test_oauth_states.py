from __future__ import annotations

from sqlite_utils import Database

from storage import oauth_states
from storage.oauth_states import KEPT_PER_USER, ConsumedState, StateProblem, TakenByFlow


def test_a_state_is_single_use_bound_to_its_user_and_expires(db: Database) -> None:
    oauth_states.replace(db, "s1", telegram_id=111, now=1000.0, ttl=600, flow="flow-s1")
    oauth_states.replace(db, "s2", telegram_id=222, now=1000.0, ttl=600, flow="flow-s2")
    assert oauth_states.consume(db, "s1", now=1599.0) == ConsumedState(111, None)
    assert oauth_states.consume(db, "s1", now=1599.0) == ConsumedState(111, StateProblem.USED)
    assert oauth_states.consume(db, "s2", now=1600.0) == ConsumedState(222, StateProblem.EXPIRED)
    assert oauth_states.consume(db, "nope", now=1000.0) == ConsumedState(None, StateProblem.UNKNOWN)
    assert oauth_states.peek(db, "s2") == 222


def test_purge_forgets_long_expired_states(db: Database) -> None:
    oauth_states.replace(db, "old", telegram_id=1, now=0.0, ttl=600, flow="flow-old")
    oauth_states.replace(db, "new", telegram_id=1, now=5000.0, ttl=600, flow="flow-new")
    assert oauth_states.purge(db, older_than=1000.0) == 1
    assert [row["state"] for row in db.query("SELECT state FROM oauth_states")] == ["new"]


def test_a_new_state_ends_the_users_earlier_ones_and_no_one_elses(db: Database) -> None:
    oauth_states.replace(db, "first", telegram_id=1, now=1000.0, ttl=600, flow="flow-first")
    oauth_states.replace(db, "other", telegram_id=2, now=1001.0, ttl=600, flow="flow-other")
    oauth_states.replace(db, "second", telegram_id=1, now=1002.0, ttl=600, flow="flow-second")
    assert [oauth_states.consume(db, state, now=1003.0) for state in ("first", "other", "second")] == [
        ConsumedState(1, StateProblem.EXPIRED), ConsumedState(2, None), ConsumedState(1, None)]
    assert oauth_states.latest_open(db, 1, now=1003.0) is None


def test_states_are_capped_per_user(db: Database) -> None:
    for number in range(50):
        oauth_states.replace(db, f"s{number}", telegram_id=1, now=1000.0 + number, ttl=600, flow=f"flow-s{number}")
    oauth_states.replace(db, "theirs", telegram_id=2, now=1000.0, ttl=600, flow="flow-theirs")
    kept = [row["state"] for row in db.query("SELECT state FROM oauth_states WHERE telegram_id = 1 ORDER BY rowid")]
    assert kept == [f"s{number}" for number in range(50 - KEPT_PER_USER, 50)]
    assert oauth_states.latest_open(db, 1, now=1100.0) == "s49"
    assert oauth_states.peek(db, "theirs") == 2


def test_a_state_is_found_and_consumed_by_its_flow(db: Database) -> None:
    oauth_states.replace(db, "s1", telegram_id=111, now=1000.0, ttl=600, flow="flow-s1")
    oauth_states.replace(db, "s2", telegram_id=222, now=1000.0, ttl=600, flow="flow-s2")
    assert oauth_states.consume_by_flow(db, "flow-s1", now=1001.0) == TakenByFlow("s1", ConsumedState(111, None))
    assert oauth_states.consume(db, "s1", now=1001.0) == ConsumedState(111, StateProblem.USED)
    assert oauth_states.consume_by_flow(db, "flow-s1", now=1002.0) == TakenByFlow(
        "s1", ConsumedState(111, StateProblem.USED))
    assert oauth_states.consume_by_flow(db, "flow-s2", now=1600.0) == TakenByFlow(
        "s2", ConsumedState(222, StateProblem.EXPIRED))
    assert oauth_states.consume_by_flow(db, "flow-none", now=1000.0) is None
