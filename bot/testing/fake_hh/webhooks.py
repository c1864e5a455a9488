"""hh.ru's employer webhooks: one subscription per user, and deliveries as hh.ru makes them.

A delivery is a JSON POST to the subscribed URL. hh.ru waits `timeout` seconds (2 s) for an answer; a 2xx or a
409 ends it, anything else (no connection, no answer in time, another status) makes it try again after a pause
that grows with each attempt (on the fake's clock). After `block_after` failed attempts in a row the
subscription is blocked: it is gone from the list and nothing more is sent. Faults make deliveries lost (never
sent), duplicated (sent twice) or late.

Deliveries go to loopback addresses only, so a test can never reach out of the machine.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import random
from dataclasses import dataclass, field
from ipaddress import ip_address
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from aiohttp import web

from .chats import STATE_CHANGE_TYPE, chat_message_id
from .clock import FakeClock, format_hh_datetime
from .records import NegotiationRecord, UserRecord
from .state import World, WorldEvent

NEW_NEGOTIATION_VACANCY = "NEW_NEGOTIATION_VACANCY"
NEW_RESPONSE_OR_INVITATION_VACANCY = "NEW_RESPONSE_OR_INVITATION_VACANCY"
NEGOTIATION_EMPLOYER_STATE_CHANGE = "NEGOTIATION_EMPLOYER_STATE_CHANGE"
CHAT_CREATED = "CHAT_CREATED"
CHAT_MESSAGE_CREATED = "CHAT_MESSAGE_CREATED"
ACTION_TYPES = frozenset({
    NEW_NEGOTIATION_VACANCY, NEW_RESPONSE_OR_INVITATION_VACANCY, NEGOTIATION_EMPLOYER_STATE_CHANGE, "VACANCY_CHANGE",
    "VACANCY_ARCHIVATION", "VACANCY_PROLONGATION", "VACANCY_PUBLICATION_FOR_VACANCY_MANAGER", CHAT_CREATED,
    CHAT_MESSAGE_CREATED,
})
TIMEOUT = 2.0
RETRY_PAUSES = (10.0, 30.0, 120.0, 600.0, 1800.0, 3600.0)
BLOCK_AFTER = 12
CONCURRENCY = 100
USER_AGENT = "hh.ru webhooks (fake)"
_LOOPBACK_NAMES = frozenset({"localhost"})


@dataclass
class SubscriptionRecord:
    id: str
    user_id: str
    url: str
    actions: dict[str, bool]  # type -> vacancies_only_mine


@dataclass(frozen=True)
class WebhookSubscriptionView:
    id: str
    user_id: str
    url: str
    actions: tuple[str, ...]


@dataclass(frozen=True)
class WebhookEventView:
    """A delivery the fake made for an event; `fate` is "sent" (queued to be sent), "lost", or "dropped" (its
    subscription went away first)."""

    delivery_id: str
    user_id: str
    action_type: str
    payload: dict[str, Any]
    fate: str


@dataclass(frozen=True)
class DeliveryAttempt:
    delivery_id: str
    user_id: str
    action_type: str
    url: str
    at: float
    status: int | None  # None: no connection or no answer within the timeout
    accepted: bool  # 2xx or 409


@dataclass
class DeliveryFaults:
    """The next `lose` deliveries are never sent, the next `duplicate` are sent twice, the next `late` wait
    `late_by` seconds first; the ratios apply to every delivery (drawn from `seed`)."""

    lose: int = 0
    duplicate: int = 0
    late: int = 0
    late_by: float = 0.0
    lose_ratio: float = 0.0
    duplicate_ratio: float = 0.0
    seed: int = 0


@dataclass(order=True)
class _Pending:
    due_at: float
    seq: int
    delivery_id: str = field(compare=False)
    subscription_id: str = field(compare=False)
    user_id: str = field(compare=False)
    action_type: str = field(compare=False)
    body: dict[str, Any] = field(compare=False)
    copies: int = field(default=1, compare=False)
    attempts: int = field(default=0, compare=False)


class Webhooks:
    def __init__(self, world: World, clock: FakeClock, *, timeout: float = TIMEOUT,
                 retry_pauses: tuple[float, ...] = RETRY_PAUSES, block_after: int = BLOCK_AFTER) -> None:
        self._world = world
        self._clock = clock
        self.timeout = timeout
        self.retry_pauses = retry_pauses
        self.block_after = block_after
        self.subscriptions: dict[str, SubscriptionRecord] = {}  # by user id: one per user and application
        self._subscribers: dict[str, set[str]] = {}  # employer id -> its subscribed users
        self.denied_users: set[str] = set()
        self.refused_actions: set[str] = set()
        self.faults = DeliveryFaults()
        self._random = random.Random(0)
        self.events: list[WebhookEventView] = []
        self.attempts: list[DeliveryAttempt] = []
        self.removed: list[tuple[WebhookSubscriptionView, str]] = []  # (subscription, "deleted" | "blocked")
        self._failures_in_row: dict[str, int] = {}
        self._queue: list[_Pending] = []
        self._order = itertools.count()
        self._ids = itertools.count(880_000_001)
        self._in_flight: set[asyncio.Task[None]] = set()
        self._wake = asyncio.Event()
        self._session: aiohttp.ClientSession | None = None
        self._loop_task: asyncio.Task[None] | None = None
        world.observers.append(self._observe)

    # --- lifecycle ------------------------------------------------------------------------

    async def start(self) -> None:
        self._session = aiohttp.ClientSession()
        self._loop_task = asyncio.create_task(self._run(), name="fake-hh-webhooks")

    async def close(self) -> None:
        tasks = [task for task in (self._loop_task, *self._in_flight) if task is not None]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._loop_task = None
        if self._session is not None:
            await self._session.close()
            self._session = None

    def wake(self) -> None:
        self._wake.set()

    @property
    def idle(self) -> bool:
        """Nothing being sent and nothing due now (retries and late deliveries may wait for the clock)."""
        now = self._clock.now()
        return not self._in_flight and not any(pending.due_at <= now for pending in self._queue)

    # --- subscriptions --------------------------------------------------------------------

    def subscribe(self, user: UserRecord, url: str, actions: dict[str, bool]) -> SubscriptionRecord:
        record = SubscriptionRecord(f"{next(self._ids):x}", user.id, url, actions)
        self.subscriptions[user.id] = record
        self._subscribers.setdefault(user.employer_id or "", set()).add(user.id)
        self._failures_in_row[record.id] = 0
        return record

    def of_user(self, user_id: str, subscription_id: str | None = None) -> SubscriptionRecord | None:
        record = self.subscriptions.get(user_id)
        if record is None or (subscription_id is not None and record.id != subscription_id):
            return None
        return record

    def remove(self, user_id: str, reason: str) -> None:
        """The subscription is gone: deleted (by its user, by hh.ru, or with the app's access) or blocked."""
        record = self.subscriptions.pop(user_id, None)
        if record is not None:
            self._subscribers.get(self._world.user(user_id).employer_id or "", set()).discard(user_id)
            self.removed.append((view_of(record), reason))

    def view(self, user_id: str | None = None) -> list[WebhookSubscriptionView]:
        return [view_of(record) for record in self.subscriptions.values() if user_id in (None, record.user_id)]

    # --- events ---------------------------------------------------------------------------

    def _observe(self, event: WorldEvent) -> None:
        negotiation = event.negotiation
        vacancy = self._world.vacancy_of(negotiation)
        for user_id in sorted(self._subscribers.get(vacancy.employer_id, ())):
            user, record = self._world.user(user_id), self.subscriptions[user_id]
            for action_type, payload in self._payloads(event, user):
                only_mine = record.actions.get(action_type)
                if only_mine is None or (only_mine and user.manager_id != vacancy.manager_id):
                    continue
                self._enqueue(record, action_type, payload)

    def _payloads(self, event: WorldEvent, user: UserRecord) -> list[tuple[str, dict[str, Any]]]:
        negotiation = event.negotiation
        vacancy = self._world.vacancy_of(negotiation)
        chat_id = chat_of(negotiation)
        if event.kind == "response":
            common = {"topic_id": negotiation.id, "resume_id": negotiation.resume_id, "vacancy_id": vacancy.id,
                      "employer_id": vacancy.employer_id}
            if chat_id is not None:
                common["chat_id"] = chat_id
            created = format_hh_datetime(negotiation.created_at)
            return [(NEW_RESPONSE_OR_INVITATION_VACANCY, {**common, "response_date": created}),
                    (NEW_NEGOTIATION_VACANCY, {**common, "negotiation_date": created})]
        if event.kind == "stage":
            return [(NEGOTIATION_EMPLOYER_STATE_CHANGE, {
                "topic_id": negotiation.id, "vacancy_id": vacancy.id, "resume_id": negotiation.resume_id,
                "from_state": event.from_state, "to_state": negotiation.employer_state,
                "employer_manager_id": vacancy.manager_id, "transferred_at": format_hh_datetime(self._clock.now()),
            })]
        message = event.message
        # a chat's messages reach the managers taking part in it: the vacancy's own manager
        if message is None or chat_id is None or user.manager_id != vacancy.manager_id:
            return []
        applicant = message.author == "applicant"
        return [(CHAT_MESSAGE_CREATED, {
            "chat_id": chat_id, "message_id": chat_message_id(self._world, negotiation, message),
            "message_type": "SIMPLE" if message.text else STATE_CHANGE_TYPE,
            "sender_participant_id": negotiation.applicant_id if applicant else user.id,
            "role": "APPLICANT" if applicant else "EMPLOYER", "is_current_participant": not applicant,
            "creation_time": format_hh_datetime(message.created_at),
        })]

    def _enqueue(self, record: SubscriptionRecord, action_type: str, payload: dict[str, Any]) -> None:
        delivery_id = str(next(self._ids))
        body = {"id": delivery_id, "subscription_id": record.id, "action_type": action_type,
                "user_id": record.user_id, "payload": payload}
        faults = self.faults
        if faults.lose > 0 or self._random.random() < faults.lose_ratio:
            faults.lose = max(0, faults.lose - 1)
            self.events.append(WebhookEventView(delivery_id, record.user_id, action_type, payload, "lost"))
            return
        copies = 1
        if faults.duplicate > 0 or self._random.random() < faults.duplicate_ratio:
            faults.duplicate = max(0, faults.duplicate - 1)
            copies = 2
        due_at = self._clock.now()
        if faults.late > 0:
            faults.late -= 1
            due_at += faults.late_by
        heapq.heappush(self._queue, _Pending(due_at, next(self._order), delivery_id, record.id, record.user_id,
                                             action_type, body, copies))
        self.events.append(WebhookEventView(delivery_id, record.user_id, action_type, payload, "sent"))
        self._wake.set()

    def set_faults(self, faults: DeliveryFaults) -> None:
        self.faults = faults
        self._random = random.Random(faults.seed)

    # --- delivering -----------------------------------------------------------------------

    async def _run(self) -> None:
        while True:
            self._wake.clear()
            self._start_due()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._idle_wait())

    def _idle_wait(self) -> float | None:
        """Only a clock that moves by itself makes waiting for the next due delivery worth a timer; otherwise
        `advance` (or a new event, or a finished delivery) wakes the loop."""
        if not self._queue or not self._clock.live or len(self._in_flight) >= CONCURRENCY:
            return None
        return max(0.0, self._queue[0].due_at - self._clock.now())

    def _start_due(self) -> None:
        now = self._clock.now()
        while self._queue and self._queue[0].due_at <= now and len(self._in_flight) < CONCURRENCY:
            pending = heapq.heappop(self._queue)
            record = self.of_user(pending.user_id, pending.subscription_id)
            if record is None:
                self._mark_dropped(pending.delivery_id)
                continue
            task = asyncio.create_task(self._deliver(pending, record))
            self._in_flight.add(task)
            task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._in_flight.discard(task)
        self._wake.set()

    async def _deliver(self, pending: _Pending, record: SubscriptionRecord) -> None:
        accepted = False
        for _ in range(pending.copies):
            status = await self._post(record.url, pending.body)
            accepted = status is not None and (200 <= status < 300 or status == 409)
            self.attempts.append(DeliveryAttempt(pending.delivery_id, pending.user_id, pending.action_type,
                                                 record.url, self._clock.now(), status, accepted))
            if not accepted:
                break
        pending.copies = 1
        if accepted:
            self._failures_in_row[record.id] = 0
            return
        failures = self._failures_in_row.get(record.id, 0) + 1
        self._failures_in_row[record.id] = failures
        if failures >= self.block_after:
            if self.of_user(record.user_id, record.id) is not None:
                self.remove(record.user_id, "blocked")
            return
        pause = self.retry_pauses[min(pending.attempts, len(self.retry_pauses) - 1)]
        pending.attempts += 1
        pending.due_at = self._clock.now() + pause
        pending.seq = next(self._order)
        heapq.heappush(self._queue, pending)

    async def _post(self, url: str, body: dict[str, Any]) -> int | None:
        if self._session is None or not is_loopback(url):
            return None
        try:
            async with self._session.post(url, json=body, headers={"User-Agent": USER_AGENT},
                                          timeout=aiohttp.ClientTimeout(total=self.timeout),
                                          allow_redirects=False) as response:
                await response.read()
                return response.status
        except (aiohttp.ClientError, TimeoutError):
            return None

    def _mark_dropped(self, delivery_id: str) -> None:
        self.events = [WebhookEventView(event.delivery_id, event.user_id, event.action_type, event.payload,
                                        "dropped" if event.delivery_id == delivery_id else event.fate)
                       for event in self.events]


WEBHOOKS_KEY = web.AppKey("fake_hh_webhooks", Webhooks)


def view_of(record: SubscriptionRecord) -> WebhookSubscriptionView:
    return WebhookSubscriptionView(record.id, record.user_id, record.url, tuple(record.actions))


def chat_of(negotiation: NegotiationRecord) -> str | None:
    """The negotiation's chat id as webhooks write it (a string), if it has a chat."""
    return None if negotiation.chat is None else negotiation.chat.id


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return False
