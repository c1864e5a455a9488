"""The event worker and a refusal of the whole account (issue 21, item 9), without the network: the account has no
usable tokens, so its read fails with AccountNeedsRelink before any request. Its events wait, untouched, once the
refusal stopped the account; a refusal that left it active is tried again like a failure, so the worker never
takes the same events again at once."""

from __future__ import annotations

import asyncio
import functools
import time

import pytest
from cryptography.fernet import Fernet
from sqlite_utils import Database

from bot.clock import SystemClock
from bot.hh.errors import AccountNeedsRelink, HHError
from bot.services.poller import Poller
from bot.services.webhook_events import EventWorker
from bot.services.webhook_subscriptions import NEW_RESPONSE
from storage import accounts, hh_events, hh_subscriptions, users
from storage.accounts import Account, Profile, Role, Status, Tokens
from storage.crypto import TokenCipher
from tests.conftest import wait_until
from tests.test_one_clock import Parts, parts  # noqa: F401  (the fixture)


def seed(db: Database) -> int:
    """A checked employer with a subscription and one stored event about a negotiation."""
    users.upsert(db, 7, 7, "ru", now=1000.0)
    profile = Profile(Role.EMPLOYER, "u7", "Ольга", "e1")
    account = accounts.link(db, TokenCipher(Fernet.generate_key()), 7, profile, Tokens("a", "r", 9e9), now=1000.0,
                            first_check_at=9e9)
    accounts.record_success(db, account.id, 1000.0, 9e9)
    hh_subscriptions.want(db, account.id, "http://127.0.0.1:9/hh/events", now=1000.0)
    hh_subscriptions.set_pending_secret(db, account.id, "h7")
    hh_events.receive(db, "h7", None, hh_events.Incoming(NEW_RESPONSE, "ev1", "4001", None), time.time())
    return account.id


def event_row(db: Database) -> tuple[int, float, bool]:
    """The event's attempts, not_before, and whether it was handled."""
    attempts, not_before, handled = db.execute(
        "SELECT attempts, not_before, handled_at IS NOT NULL FROM hh_events").fetchone()
    return int(attempts), float(not_before), bool(handled)


def looked_since(worker: EventWorker, since: float) -> bool:
    return (worker.heartbeat.last_beat or 0.0) > since and worker.in_flight == 0


@pytest.mark.parametrize("stops_the_account", [True, False])
async def test_a_refused_accounts_events_wait_and_a_refusal_that_stopped_nothing_backs_off(
        parts: Parts, stops_the_account: bool) -> None:  # noqa: F811
    clock = SystemClock()
    account_id = await parts.storage.run(seed)
    refusals: list[type[HHError]] = []

    async def check_soon(account: int) -> None:
        raise AssertionError("a known negotiation asks for no full check")

    async def refused(account: Account, error: HHError) -> bool:
        refusals.append(type(error))
        if stops_the_account:  # what the scheduler's `refused` does: a notice that pauses or unlinks the account
            await parts.storage.run(accounts.set_status, account.id, Status.NEEDS_RELINK, "token_invalid")
        return True

    worker = EventWorker(parts.storage, Poller(parts.storage, parts.hh, clock, lambda: None), clock, check_soon,
                         refused)
    running = asyncio.create_task(worker.run())
    try:
        await wait_until(lambda: bool(refusals) and worker.in_flight == 0, what="the refusal")
        for _ in range(3):  # more turns of the loop: nothing is taken again
            since = clock.now()
            worker.wake()
            await wait_until(functools.partial(looked_since, worker, since), what="another look")
    finally:
        await worker.stop(grace=1.0)
        await asyncio.wait_for(running, timeout=5)
    attempts, not_before, handled = await parts.storage.run(event_row)
    assert (refusals, handled, worker.handled) == ([AccountNeedsRelink], False, 0)
    if stops_the_account:
        assert (attempts, not_before) == (0, 0.0)  # untouched: it waits for the account
        assert await parts.storage.run(hh_events.held, account_id)
    else:
        assert attempts == 1 and not_before > clock.now()
