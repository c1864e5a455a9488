"""Replies into hh.ru chats: each with an idempotency key stored before the first attempt, so no retry (after a
timeout, a `425`, a crash) ever posts it twice.

What hh.ru answers to a key used before is not known for sure (409 is reported by third parties): so a reply
hh.ru refuses, and a reply about to be tried again, is first looked for in the chat's newest messages. Found there
(the account's own side, the same text, written since the reply was made), it was posted: never reported as failed,
never posted again.

A reply hh.ru cannot take yet (`425`/`chat_is_not_ready`) or did not answer stays in `outgoing_replies`; a small
loop tries it again with backoff on the injected clock and tells the user when it went, or why it did not.
"""

from __future__ import annotations

import asyncio
import logging
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from sqlite_utils import Database

from bot.clock import Clock
from bot.hh.client import HHClient
from bot.hh.errors import ChatNotReady, ChatUnavailable, HHError, TransientError
from bot.hh.manager_accounts import acting_as
from bot.hh.models import ChatMessage, parse_time
from bot.logs import ids
from bot.refusals import HH_DOWN, Refused, refusal_of
from bot.render import reply_later_texts
from bot.services.chat_reads import side_of
from bot.services.liveness import Heartbeat
from bot.texts import texts_for
from storage import accounts, negotiation_chats, outbox, outgoing_replies, users, work_accounts
from storage.accounts import Account, Role
from storage.db import Storage
from storage.outgoing_replies import OutgoingReply

log = logging.getLogger(__name__)

IN_FLIGHT_HOLD = 180.0
"""The loop leaves a reply alone this long after an attempt starts (the attempt's own retries finish first)."""
FIRST_RETRY = 15.0
MAX_RETRY_DELAY = 600.0
GIVE_UP_AFTER = 86400.0
IDLE_WAIT = 1.0
STALL_AFTER = 60.0
BATCH = 20
NOT_READY = "chat_is_not_ready"
ACCOUNT_HELD = "account_held"
"""hh.ru stopped the whole account (a captcha, a lost link): the reply waits until the account is active again."""
RECENT = 20
"""How many of a chat's newest messages are looked through for a reply that may have been posted."""
CLOCK_SKEW = 300.0
"""hh.ru's clock may be behind ours: a message dated this much before the reply was made may still be it."""


class Delivery(Enum):
    SENT = "sent"
    WAITING = "waiting"  # hh.ru cannot take it yet, or did not answer: kept and tried again later
    UNAVAILABLE = "unavailable"  # the chat methods answer 404/405: send it the legacy way
    REFUSED = "refused"


@dataclass(frozen=True)
class Attempt:
    delivery: Delivery
    refusal: str | None = None
    """hh.ru's reason: for REFUSED, and for WAITING (`chat_is_not_ready` or `hh_down`)."""


async def no_account_refusal(account: Account, error: HHError) -> bool:
    return False


def retry_delay(attempts: int) -> float:
    bound = min(MAX_RETRY_DELAY, FIRST_RETRY * 2.0 ** min(attempts, 16))
    return random.uniform(bound / 2, bound)


class ChatReplies:
    def __init__(self, storage: Storage, hh: HHClient, clock: Clock, wake_sender: Callable[[], None],
                 refused: Refused = no_account_refusal) -> None:
        self._storage = storage
        self._hh = hh
        self._clock = clock
        self._wake_sender = wake_sender
        self._refused = refused
        self._stop = asyncio.Event()
        self.heartbeat = Heartbeat(clock, STALL_AFTER)

    async def send(self, account_id: int, negotiation_id: str, chat_id: str, text: str, name: str,
                   telegram_chat_id: int) -> Attempt:
        """Stores the reply with a new key, then makes the first attempt."""
        now = self._clock.now()
        reply = await self._storage.run(outgoing_replies.add, account_id, negotiation_id, chat_id, str(uuid.uuid4()),
                                        text, name, telegram_chat_id, now, now + IN_FLIGHT_HOLD)
        return await self._attempt(reply)

    async def _attempt(self, reply: OutgoingReply) -> Attempt:
        where = ids(account_id=reply.account_id, negotiation_id=reply.negotiation_id)
        if reply.attempts > 0 and await self._posted(reply):  # an attempt whose answer never came did post it
            await self._storage.run(outgoing_replies.delete, reply.id)
            log.info("reply found in the chat: an earlier attempt posted it", extra=where)
            return Attempt(Delivery.SENT)
        try:
            sent = await self._hh.send_chat_message(reply.account_id, reply.chat_id, reply.text, reply.idempotency_key)
        except (ChatNotReady, TransientError) as error:
            refusal = NOT_READY if isinstance(error, ChatNotReady) else HH_DOWN
            until = self._clock.now() + retry_delay(reply.attempts)
            await self._storage.run(outgoing_replies.postpone, reply.id, until, f"{type(error).__name__}: {error}")
            log.info("reply waits (%s); next try in %.0f s", refusal, until - self._clock.now(), extra=where)
            return Attempt(Delivery.WAITING, refusal)
        except ChatUnavailable:
            await self._storage.run(_chat_refused, reply)
            log.info("hh.ru refused the chat method; the reply goes the legacy way", extra=where)
            return Attempt(Delivery.UNAVAILABLE)
        except HHError as error:
            if await self._account_refused(reply, error):
                until = self._clock.now() + retry_delay(reply.attempts)
                await self._storage.run(outgoing_replies.postpone, reply.id, until, f"{type(error).__name__}: {error}")
                log.info("reply waits: hh.ru stopped the account (%s)", refusal_of(error), extra=where)
                return Attempt(Delivery.WAITING, ACCOUNT_HELD)
            posted = await self._posted(reply)  # a repeat of a post whose answer was lost, refused as a repeat
            await self._storage.run(outgoing_replies.delete, reply.id)
            if posted:
                log.info("hh.ru refused a repeat (%s), but the reply is in the chat: sent", refusal_of(error),
                         extra=where)
                return Attempt(Delivery.SENT)
            log.info("reply refused: %s", refusal_of(error), extra=where)
            return Attempt(Delivery.REFUSED, refusal_of(error))
        await self._storage.run(outgoing_replies.delete, reply.id)
        log.info("reply sent through the chat%s", "" if sent else " (hh.ru had it already)", extra=where)
        return Attempt(Delivery.SENT)

    async def _account_refused(self, reply: OutgoingReply, error: HHError) -> bool:
        """Whether the error stops the whole account (its user is then told once, and the account pauses)."""
        account = await self._storage.run(accounts.get, reply.account_id)
        return account is not None and await self._refused(account, error)

    async def _posted(self, reply: OutgoingReply) -> bool:
        """Whether the chat's newest messages hold the reply; False when the chat cannot be read either."""
        side = await self._storage.run(_own_side, reply.account_id)
        try:
            page = await self._hh.chat_messages(reply.account_id, reply.chat_id, order="prev", limit=RECENT)
        except HHError as error:
            log.info("could not look for the reply in the chat: %s", error,
                     extra=ids(account_id=reply.account_id, negotiation_id=reply.negotiation_id))
            return False
        since = reply.created_at - CLOCK_SKEW
        return any(side_of(message) == side and (message.text or "").strip() == reply.text.strip()
                   and written_since(message, since) for message in page.messages)

    # --- the retry loop ---------------------------------------------------------------------------

    async def run(self) -> None:
        self.heartbeat.started()
        failures = 0
        while not self._stop.is_set():
            try:
                due = await self._storage.run(outgoing_replies.due, self._clock.now(), BATCH)
                for reply in due:
                    await self._retry(reply)
                failures = 0
                self.heartbeat.beat()
                await self._pause(IDLE_WAIT)
            except Exception:  # the loop must outlive a failing database or a bug in one reply
                failures += 1
                log.exception("the reply retry loop failed; trying again")
                await self._pause(min(MAX_RETRY_DELAY, 2.0 ** min(failures, 16)))

    async def stop(self) -> None:
        self._stop.set()

    async def _pause(self, seconds: float) -> None:
        await self._clock.wait(self._stop, seconds)

    async def _retry(self, reply: OutgoingReply) -> None:
        await self._storage.run(outgoing_replies.hold, reply.id, self._clock.now() + IN_FLIGHT_HOLD)
        with acting_as(await self._storage.run(work_accounts.of_negotiation, reply.account_id, reply.negotiation_id)):
            attempt = await self._attempt(reply)
            if attempt.delivery is Delivery.UNAVAILABLE:
                attempt = await self._legacy(reply)
        if attempt.delivery is Delivery.WAITING:
            if self._clock.now() - reply.created_at < GIVE_UP_AFTER:
                return
            await self._storage.run(outgoing_replies.delete, reply.id)
        await self._storage.run(_tell, reply, attempt.refusal if attempt.delivery is not Delivery.SENT else None,
                                self._clock.now())
        self._wake_sender()

    async def _legacy(self, reply: OutgoingReply) -> Attempt:
        try:
            await self._hh.send_message(reply.account_id, reply.negotiation_id, reply.text)
        except HHError as error:
            return Attempt(Delivery.REFUSED, refusal_of(error))
        return Attempt(Delivery.SENT)


def written_since(message: ChatMessage, moment: float) -> bool:
    """Whether hh.ru dates the chat message at or after `moment`; an undated one may be."""
    try:
        return parse_time(message.creation_time or "").timestamp() >= moment
    except ValueError:
        return True


def _own_side(db: Database, account_id: int) -> str | None:
    """Whose messages in its chats are the account's own: `employer` or `applicant`."""
    account = accounts.get(db, account_id)
    if account is None:
        return None
    return "employer" if account.role is Role.EMPLOYER else "applicant"


def _chat_refused(db: Database, reply: OutgoingReply) -> None:
    with db.atomic():
        outgoing_replies.delete(db, reply.id)
        negotiation_chats.flag_legacy(db, reply.account_id, reply.negotiation_id)


def _tell(db: Database, reply: OutgoingReply, refusal: str | None, now: float) -> None:
    """Queues the user's word on a reply the loop finished: sent, or not and why, with the text back."""
    account = accounts.get(db, reply.account_id)
    user = users.get(db, account.telegram_id) if account is not None else None
    texts = texts_for(user.language if user is not None else "ru")
    chat_id = user.chat_id if user is not None else reply.telegram_chat_id
    for text in reply_later_texts(texts, reply.name, reply.text, refusal):
        outbox.enqueue(db, chat_id, text, now, account_id=reply.account_id)
