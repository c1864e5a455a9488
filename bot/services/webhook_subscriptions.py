"""Each linked employer account's hh.ru webhook subscription: made after linking and at start-up, re-checked
daily, deleted on /unlink.

hh.ru allows one subscription per user and application: a second POST answers `already_exist`, and then the
listed one is replaced with PUT. Its address is `HH_WEBHOOK_URL/<secret>`, a new unguessable secret each time,
stored only as its SHA-256. An event type hh.ru refuses is left out. A 403 means webhooks are not available to
this user: the account stays on polling, and it is tried again a day later.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import logging
import random
import re
import secrets
from collections.abc import Sequence

from bot.clock import Clock
from bot.hh.client import HHClient
from bot.hh.errors import AccountNeedsRelink, BadRequest, Forbidden, HHError, NotFound
from bot.hh.models import WebhookSubscription
from bot.logs import ids
from bot.services.liveness import Heartbeat
from bot.services.scheduler import next_slot
from storage import hh_subscriptions
from storage.accounts import Account, Role, Status
from storage.db import Storage
from storage.hh_subscriptions import Subscription, SubscriptionState

log = logging.getLogger(__name__)

NEW_RESPONSE = "NEW_RESPONSE_OR_INVITATION_VACANCY"
STAGE_CHANGE = "NEGOTIATION_EMPLOYER_STATE_CHANGE"
CHAT_MESSAGE = "CHAT_MESSAGE_CREATED"
WANTED_ACTIONS = (NEW_RESPONSE, STAGE_CHANGE, CHAT_MESSAGE)
NEWER_SPEC_ACTIONS = frozenset({CHAT_MESSAGE})
"""Types only hh.ru's newer specification has: left out first when a refusal does not say which type it means."""
ALREADY_EXIST = "already_exist"
RECHECK_EVERY = 86400.0
MAX_RETRY_DELAY = 6 * 3600.0
SETTLE_ATTEMPTS = 6
IDLE_WAIT = 60.0
STALL_AFTER = 5 * IDLE_WAIT
SECRET_BYTES = 32
POINTER_INDEX = re.compile(r"^/actions/(\d+)(?:/|$)")


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def retry_delay(failures: int) -> float:
    bound = min(MAX_RETRY_DELAY, 60.0 * 2.0 ** min(failures, 16))
    return random.uniform(bound / 2, bound)


def refused_actions(error: HHError, asked: Sequence[str]) -> set[str]:
    """The event types a 400 names as refused: as its `value`, by a JSON pointer into `actions`, or in its text.
    When it names none but the request held a newer-spec type, that type is taken to be the one refused."""
    refused: set[str] = set()
    for item in error.errors:
        value = str(item.get("value") or "")
        if value in asked:
            refused.add(value)
        pointer = POINTER_INDEX.match(str(item.get("pointer") or ""))
        if pointer is not None and int(pointer[1]) < len(asked):
            refused.add(asked[int(pointer[1])])
        refused.update(action for action in asked if action in str(item.get("description") or ""))
    return refused or {action for action in asked if action in NEWER_SPEC_ACTIONS}


def is_already_exist(error: HHError) -> bool:
    return any(item.get("value") == ALREADY_EXIST for item in error.errors)


class SubscriptionKeeper:
    """Makes, re-checks and deletes subscriptions; a background loop works through the ones due."""

    def __init__(self, storage: Storage, hh: HHClient, clock: Clock, base_url: str, poll_interval: float, *,
                 concurrency: int = 2) -> None:
        self._storage = storage
        self._hh = hh
        self._clock = clock
        self._base_url = base_url.rstrip("/")
        self._poll_interval = poll_interval
        self._concurrency = concurrency
        self._wake = asyncio.Event()
        self._stop = asyncio.Event()
        self._in_flight: dict[int, asyncio.Task[None]] = {}
        self.heartbeat = Heartbeat(clock, STALL_AFTER)

    def wake(self) -> None:
        self._wake.set()

    async def start_up(self) -> None:
        """Every employer account without a confirmed subscription at this address is subscribed soon."""
        count = await self._storage.run(hh_subscriptions.want_all, self._base_url, self._clock.now())
        if count:
            log.info("%d employer accounts to subscribe to hh.ru webhooks", count)

    async def linked(self, account: Account) -> None:
        """A new link: an employer is subscribed in the background, so the confirmation is not held up."""
        if account.role is Role.EMPLOYER:
            await self._storage.run(hh_subscriptions.want, account.id, self._base_url, self._clock.now())
            self.wake()

    async def unlinking(self, account: Account) -> None:
        """Deletes the account's subscription at hh.ru; a failure is logged and the unlink goes on."""
        subscription = await self._storage.run(hh_subscriptions.get, account.id)
        if subscription is None or subscription.subscription_id is None or account.status is Status.NEEDS_RELINK:
            return
        try:
            await self._hh.delete_webhook_subscription(account.id, subscription.subscription_id)
        except NotFound:
            log.info("the webhook subscription was already gone at hh.ru", extra=ids(account_id=account.id))
        except HHError as error:
            log.warning("could not delete the webhook subscription at hh.ru: %s", error,
                        extra=ids(account_id=account.id))
        else:
            log.info("webhook subscription deleted at hh.ru", extra=ids(account_id=account.id))

    async def replaced(self, access_token: str, subscription_id: str, account_id: int) -> None:
        """A new link replaced the account with another hh.ru user: its subscription is deleted with its last
        token, before that is logged out. A failure is logged; hh.ru then blocks the address nothing serves."""
        try:
            await self._hh.delete_webhook_subscription_with_token(access_token, subscription_id)
        except HHError as error:
            log.info("could not delete the replaced account's webhook subscription: %s", error,
                     extra=ids(account_id=account_id))

    # --- the loop ---------------------------------------------------------------------------

    async def run(self) -> None:
        self.heartbeat.started()
        failures = 0
        while not self._stop.is_set():
            self._wake.clear()
            try:
                wait = await self._start_due()
            except Exception:  # the loop outlives a database that cannot be read for a while
                failures += 1
                log.exception("could not read the webhook subscriptions due; trying again")
                wait = min(IDLE_WAIT, 2.0 ** failures)
            else:
                failures = 0
                self.heartbeat.beat()
            await self._clock.wait(self._wake, wait)

    async def stop(self, grace: float) -> None:
        self._stop.set()
        self._wake.set()
        if self._in_flight:
            _, pending = await asyncio.wait(list(self._in_flight.values()), timeout=grace)
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)

    async def _start_due(self) -> float:
        """Starts the subscriptions due; returns how long to wait before looking again."""
        now = self._clock.now()
        free = self._concurrency - len(self._in_flight)
        if free > 0:
            busy = tuple(self._in_flight)
            due = await self._storage.run(hh_subscriptions.due, now, free, busy)
            if self._stop.is_set():  # stopped while reading: `stop` waits only for the subscriptions it saw
                return IDLE_WAIT
            for account, subscription in due:
                task = asyncio.create_task(self._keep_safely(account, subscription),
                                           name=f"subscription-{account.id}")
                self._in_flight[account.id] = task
                task.add_done_callback(functools.partial(self._done, account.id))
        next_at = await self._storage.run(hh_subscriptions.next_due_at)
        if next_at is None or next_at <= now:  # nothing, or only ones in flight: their ends wake the loop
            return IDLE_WAIT
        return min(IDLE_WAIT, next_at - now)

    @property
    def in_flight(self) -> int:
        """Subscriptions being made or checked right now."""
        return len(self._in_flight)

    def _done(self, account_id: int, _: asyncio.Task[None]) -> None:
        self._in_flight.pop(account_id, None)
        self._wake.set()

    async def _keep_safely(self, account: Account, subscription: Subscription) -> None:
        try:
            await self._keep(account, subscription)
        except Exception:  # the outcome could not be written: the account rests before it is taken again
            log.exception("could not record a webhook subscription's outcome", extra=ids(account_id=account.id))
            await self._clock.sleep(IDLE_WAIT)

    async def _keep(self, account: Account, subscription: Subscription) -> None:
        try:
            if subscription.state is SubscriptionState.ACTIVE and subscription.subscription_id is not None:
                await self._recheck(account, subscription)
            else:
                await self._subscribe(account)
        except AccountNeedsRelink:
            await self._storage.run(hh_subscriptions.record_failure, account.id, "the account needs a new link",
                                    self._clock.now() + RECHECK_EVERY)
            log.info("no webhook subscription: the account needs a new link", extra=ids(account_id=account.id))
        except Forbidden as error:
            await self._storage.run(hh_subscriptions.mark_unavailable, account.id, str(error)[:500],
                                    self._clock.now() + RECHECK_EVERY, self._poll_at(account))
            log.info("hh.ru webhooks are not available to this account (%s); it stays on polling", error,
                     extra=ids(account_id=account.id))
        except Exception as error:  # hh.ru down, refusing, or a bug: tried again later, never in a tight loop
            failures = subscription.failures + 1
            delay = retry_delay(failures)
            await self._storage.run(hh_subscriptions.record_failure, account.id,
                                    f"{type(error).__name__}: {error}"[:500], self._clock.now() + delay)
            log.log(logging.WARNING if isinstance(error, HHError) else logging.ERROR,
                    "webhook subscription failed (%s); failure %d, next try in %.0f s", error, failures, delay,
                    exc_info=not isinstance(error, HHError), extra=ids(account_id=account.id))

    def _poll_at(self, account: Account) -> float:
        return next_slot(account.id, self._clock.now(), self._poll_interval)

    # --- subscribing ------------------------------------------------------------------------

    async def _subscribe(self, account: Account) -> None:
        secret = secrets.token_urlsafe(SECRET_BYTES)
        await self._storage.run(hh_subscriptions.set_pending_secret, account.id, secret_hash(secret))
        actions = list(WANTED_ACTIONS)
        subscription_id = await self._settle(account, f"{self._base_url}/{secret}", actions)
        now = self._clock.now()
        await self._storage.run(hh_subscriptions.confirm, account.id, subscription_id, actions, now,
                                now + RECHECK_EVERY)
        log.info("webhook subscription confirmed for %s", ", ".join(actions), extra=ids(account_id=account.id))

    async def _settle(self, account: Account, url: str, actions: list[str]) -> str:
        """POSTs the subscription, or PUTs it over the one hh.ru already has; leaves out refused event types
        (`actions` is shortened in place). Returns hh.ru's id of the subscription."""
        existing: str | None = None
        for _ in range(SETTLE_ATTEMPTS):
            try:
                if existing is None:
                    return await self._hh.create_webhook_subscription(account.id, url, actions)
                await self._hh.update_webhook_subscription(account.id, existing, url, actions)
                return existing
            except NotFound:
                if existing is None:
                    raise
                existing = None  # gone between the list and the PUT: create it
            except BadRequest as error:
                if is_already_exist(error):
                    existing = await self._listed_id(account)
                    continue
                refused = refused_actions(error, actions)
                if not refused or refused.issuperset(actions):
                    raise
                log.info("hh.ru refuses webhook events %s; subscribing without them", ", ".join(sorted(refused)),
                         extra=ids(account_id=account.id))
                actions[:] = [action for action in actions if action not in refused]
        raise HHError("hh.ru's webhook subscription did not settle")

    async def _listed_id(self, account: Account) -> str | None:
        listed = await self._hh.webhook_subscriptions(account.id)
        return listed.items[0].id if listed.items else None

    # --- the daily re-check -----------------------------------------------------------------

    async def _recheck(self, account: Account, subscription: Subscription) -> None:
        listed = await self._hh.webhook_subscriptions(account.id)
        found = await self._storage.run(hh_subscriptions.which_is_ours, account.id, self._secret_hashes(listed.items))
        if found is not None:
            item, pending = found
            actions = next((tuple(a.type for a in i.actions) for i in listed.items if i.id == item), ())
            await self._storage.run(hh_subscriptions.still_listed, account.id, item, actions, pending,
                                    self._clock.now() + RECHECK_EVERY)
            return
        log.warning("hh.ru no longer lists the webhook subscription; polling at the poll interval and "
                    "subscribing again", extra=ids(account_id=account.id))
        await self._storage.run(hh_subscriptions.mark_missing, account.id, "not listed at hh.ru", self._clock.now(),
                                self._poll_at(account))
        await self._subscribe(account)

    def _secret_hashes(self, items: Sequence[WebhookSubscription]) -> dict[str, str]:
        """hh.ru's id → the hash of the secret in its address, for the subscriptions at this bot's address."""
        prefix = f"{self._base_url}/"
        return {item.id: secret_hash(item.url[len(prefix):]) for item in items if item.url.startswith(prefix)}


async def retire_all(storage: Storage, hh: HHClient) -> None:
    """Webhooks switched off (no HH_WEBHOOK_URL): deletes the subscriptions hh.ru has, whose address nothing
    serves any more, and forgets them."""
    for account, subscription_id in await storage.run(hh_subscriptions.with_hh_id):
        if account.status is not Status.NEEDS_RELINK:
            try:
                await hh.delete_webhook_subscription(account.id, subscription_id)
            except (HHError, AccountNeedsRelink) as error:
                log.info("could not delete a webhook subscription at hh.ru: %s", error,
                         extra=ids(account_id=account.id))
        await storage.run(hh_subscriptions.delete, account.id)
