"""The webhook tables: subscriptions found by their secret's hash, events stored once and taken per account."""

from __future__ import annotations

import pytest
from sqlite_utils import Database

from storage import accounts, hh_events, hh_subscriptions, users
from storage.accounts import Account, Profile, Role, Tokens
from storage.crypto import TokenCipher
from storage.hh_events import Incoming, Receipt, StoredEvent
from storage.hh_subscriptions import SecretOwner, SubscriptionState

BASE = "https://bot.example.com/hh/events"
NEW_RESPONSE = "NEW_RESPONSE_OR_INVITATION_VACANCY"


def linked(db: Database, cipher: TokenCipher, telegram_id: int, role: Role = Role.EMPLOYER) -> Account:
    users.upsert(db, telegram_id, telegram_id, "ru", now=1000.0)
    profile = Profile(role, f"u{telegram_id}", "Ольга", "e1" if role is Role.EMPLOYER else None)
    return accounts.link(db, cipher, telegram_id, profile, Tokens("a", "r", 9e9), now=1000.0, first_check_at=5000.0)


def subscribed(db: Database, account: Account, secret_hash: str) -> None:
    hh_subscriptions.want(db, account.id, BASE, now=1000.0)
    hh_subscriptions.set_pending_secret(db, account.id, secret_hash)
    hh_subscriptions.confirm(db, account.id, "sub1", ["A", "B"], now=1001.0, recheck_at=90000.0)


def test_a_subscription_is_pending_then_confirmed_with_its_secret(db: Database, account: Account) -> None:
    hh_subscriptions.want(db, account.id, BASE, now=1000.0)
    hh_subscriptions.set_pending_secret(db, account.id, "h1")
    assert hh_subscriptions.owner_of_secret(db, "h1") == SecretOwner(account.id, "u1")
    hh_subscriptions.confirm(db, account.id, "sub1", ["A", "B"], now=1001.0, recheck_at=90000.0)
    assert hh_subscriptions.get(db, account.id) == hh_subscriptions.Subscription(
        account.id, SubscriptionState.ACTIVE, "sub1", BASE, ("A", "B"), 1001.0, 90000.0, 0, None)
    hh_subscriptions.set_pending_secret(db, account.id, "h2")
    assert [hh_subscriptions.owner_of_secret(db, h) for h in ("h1", "h2", "h3")] == [
        SecretOwner(account.id, "u1"), SecretOwner(account.id, "u1"), None]
    hh_subscriptions.confirm(db, account.id, "sub2", ["A"], now=1002.0, recheck_at=90000.0)
    assert [hh_subscriptions.owner_of_secret(db, h) for h in ("h1", "h2")] == [None, SecretOwner(account.id, "u1")]


def test_missing_makes_it_pending_and_pulls_the_next_check_in(db: Database, account: Account) -> None:
    subscribed(db, account, "h1")
    accounts.schedule(db, account.id, 9000.0)  # at the fallback interval
    assert hh_subscriptions.healthy_among(db, [account.id, 999], "B") == {account.id}
    assert hh_subscriptions.healthy_among(db, [account.id], "C") == set()
    hh_subscriptions.mark_missing(db, account.id, "not listed", now=2000.0, poll_at=2030.0)
    subscription = hh_subscriptions.get(db, account.id)
    assert subscription is not None
    assert (subscription.state, subscription.subscription_id, subscription.next_attempt_at) == (
        SubscriptionState.PENDING, None, 2000.0)
    assert hh_subscriptions.healthy_among(db, [account.id], "B") == set()
    current = accounts.get(db, account.id)
    assert current is not None and current.next_check_at == 2030.0
    hh_subscriptions.mark_unavailable(db, account.id, "403", retry_at=9000.0, poll_at=9999.0)
    current = accounts.get(db, account.id)
    assert current is not None and current.next_check_at == 2030.0  # never later than it was


def test_start_up_wants_every_employer_without_a_confirmed_subscription_here(db: Database,
                                                                             cipher: TokenCipher) -> None:
    confirmed, moved, new = (linked(db, cipher, number) for number in (1, 2, 3))
    linked(db, cipher, 4, Role.APPLICANT)
    subscribed(db, confirmed, "h1")
    subscribed(db, moved, "h2")
    db.execute("UPDATE hh_subscriptions SET base_url = 'https://old.example.com/hooks' WHERE account_id = ?",
               (moved.id,))
    assert hh_subscriptions.want_all(db, BASE, now=3000.0) == 2
    states = {account.id: hh_subscriptions.get(db, account.id) for account in (confirmed, moved, new)}
    assert {key: (value.state, value.base_url) for key, value in states.items() if value} == {
        confirmed.id: (SubscriptionState.ACTIVE, BASE), moved.id: (SubscriptionState.PENDING, BASE),
        new.id: (SubscriptionState.PENDING, BASE)}
    assert [account.id for account, _ in hh_subscriptions.due(db, now=3000.0, limit=10)] == [moved.id, new.id]
    assert [account.id for account, _ in hh_subscriptions.due(db, 3000.0, 10, skip=[moved.id])] == [new.id]
    assert hh_subscriptions.next_due_at(db) == 3000.0


def test_which_is_ours_finds_the_current_or_the_pending_secret(db: Database, account: Account) -> None:
    subscribed(db, account, "h1")
    hh_subscriptions.set_pending_secret(db, account.id, "h2")
    assert hh_subscriptions.which_is_ours(db, account.id, {"x": "h0", "y": "h1"}) == ("y", False)
    assert hh_subscriptions.which_is_ours(db, account.id, {"z": "h2"}) == ("z", True)
    assert hh_subscriptions.which_is_ours(db, account.id, {"x": "h0"}) is None


def event(event_id: str, topic: str | None = "n1", chat: str | None = None) -> Incoming:
    return Incoming(NEW_RESPONSE, event_id, topic, chat)


def test_an_event_is_stored_once_for_its_account_and_user(db: Database, account: Account) -> None:
    subscribed(db, account, "h1")
    assert [hh_events.receive(db, secret, user, incoming, now=10.0) for secret, user, incoming in [
        ("h1", "u1", event("e1")), ("h1", "u1", event("e1")), ("h1", None, event("e2")), ("h1", "u2", event("e3")),
        ("nope", "u1", event("e4")), ("h1", "u1", None)]] == [
        Receipt.STORED, Receipt.DUPLICATE, Receipt.STORED, Receipt.WRONG_USER, Receipt.UNKNOWN_PATH,
        Receipt.NOT_STORED]
    assert hh_events.pending_count(db) == 2


def test_events_are_taken_per_account_in_order_and_finished(db: Database, cipher: TokenCipher) -> None:
    first, second = linked(db, cipher, 1), linked(db, cipher, 2)
    subscribed(db, first, "h1")
    subscribed(db, second, "h2")
    hh_events.receive(db, "h2", None, event("e1", "n9"), now=10.0)
    hh_events.receive(db, "h1", None, event("e2", "n1"), now=11.0)
    hh_events.receive(db, "h2", None, event("e3", None, "c7"), now=12.0)
    batches = hh_events.take(db, now=20.0, limit=10)
    assert [(batch.account.id, [(e.topic_id, e.chat_id) for e in batch.events]) for batch in batches] == [
        (second.id, [("n9", None), (None, "c7")]), (first.id, [("n1", None)])]
    assert [batch.account.id for batch in hh_events.take(db, now=20.0, limit=10, skip=[second.id])] == [first.id]
    hh_events.postpone(db, batches[0].seqs, not_before=100.0)
    assert [batch.account.id for batch in hh_events.take(db, now=20.0, limit=10)] == [first.id]
    assert hh_events.next_retry_at(db, now=20.0) == 100.0
    (retried,) = hh_events.take(db, now=100.0, limit=1)
    assert [e.attempts for e in retried.events] == [1, 1]
    hh_events.finish(db, [seq for batch in hh_events.take(db, now=100.0, limit=10) for seq in batch.seqs], now=200.0)
    assert (hh_events.take(db, now=1000.0, limit=10), hh_events.pending_count(db)) == ([], 0)
    assert hh_events.receive(db, "h1", None, event("e2", "n1"), now=300.0) is Receipt.DUPLICATE  # kept a while
    assert hh_events.purge(db, before=200.5) == 3
    assert hh_events.receive(db, "h1", None, event("e2", "n1"), now=300.0) is Receipt.STORED


@pytest.mark.parametrize("hold", ["paused by the user", "captcha", "needs a new link"])
def test_events_wait_while_the_account_is_held_and_unlinking_drops_them(db: Database, account: Account,
                                                                        hold: str) -> None:
    subscribed(db, account, "h1")
    hh_events.receive(db, "h1", None, event("e1"), now=10.0)
    if hold == "paused by the user":
        users.set_paused(db, account.telegram_id, True)
    else:
        status = accounts.Status.PAUSED if hold == "captcha" else accounts.Status.NEEDS_RELINK
        accounts.set_status(db, account.id, status, "captcha_required" if hold == "captcha" else "token_invalid")
    assert (hh_events.take(db, now=20.0, limit=10), hh_events.held(db, account.id)) == ([], True)
    assert hh_events.purge(db, before=10.0) == 0 and hh_events.pending_count(db) == 1
    users.set_paused(db, account.telegram_id, False)
    accounts.set_status(db, account.id, accounts.Status.ACTIVE)
    (batch,) = hh_events.take(db, now=20.0, limit=10)
    assert (batch.events, hh_events.held(db, account.id)) == (
        [StoredEvent(batch.seqs[0], NEW_RESPONSE, "n1", None, 0, 0)], False)
    accounts.delete(db, account.id)
    assert (hh_events.pending_count(db), hh_subscriptions.get(db, account.id)) == (0, None)
    assert hh_events.held(db, account.id)


def test_a_chat_not_ready_moves_only_its_events_and_counts_the_looks(db: Database, account: Account) -> None:
    subscribed(db, account, "h1")
    for event_id, topic in (("e1", "n1"), ("e2", "n2"), ("e3", "n2")):
        hh_events.receive(db, "h1", None, event(event_id, topic), now=10.0)
    (batch,) = hh_events.take(db, now=20.0, limit=10)
    first, second, third = batch.seqs
    hh_events.settle(db, [first], [second, third], now=20.0, not_before=23.0)
    assert (hh_events.pending_count(db), hh_events.take(db, now=22.9, limit=10)) == (2, [])
    assert hh_events.next_retry_at(db, now=20.0) == 23.0
    (again,) = hh_events.take(db, now=23.0, limit=10)
    assert [(e.seq, e.attempts, e.not_ready) for e in again.events] == [(second, 0, 1), (third, 0, 1)]


def test_pending_events_are_purged_after_the_kept_time(db: Database, account: Account) -> None:
    subscribed(db, account, "h1")
    hh_events.receive(db, "h1", None, event("e1"), now=10.0)
    hh_events.receive(db, "h1", None, event("e2", "n2"), now=30.0)
    users.set_paused(db, account.telegram_id, True)
    assert hh_events.purge(db, before=20.0) == 1
    users.set_paused(db, account.telegram_id, False)
    (batch,) = hh_events.take(db, now=40.0, limit=10)
    assert [e.topic_id for e in batch.events] == ["n2"]


@pytest.mark.parametrize("state", list(SubscriptionState))
def test_counts_name_every_state(db: Database, account: Account, state: SubscriptionState) -> None:
    hh_subscriptions.want(db, account.id, BASE, now=1.0)
    db.execute("UPDATE hh_subscriptions SET state = ?", (state.value,))
    assert hh_subscriptions.counts(db) == {s.value: int(s is state) for s in SubscriptionState}
