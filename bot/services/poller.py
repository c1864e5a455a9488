"""One account's check: what changed on hh.ru since the watermarks, with as few calls as possible.

Everything a check learns is written in one transaction: the new watermarks, the pushes into the outbox and
the dedup keys. A check that fails half-way writes nothing, and the next one starts from the same marks.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from bot.clock import Clock
from bot.hh.client import MESSAGES_PER_PAGE, HHClient
from bot.hh.models import Collection, Message, Negotiation, Vacancy
from bot.keyboards import as_json, card_keyboard
from bot.logs import ids
from bot.render import applicant_summary, employer_summary, event_for_applicant, message_for_employer, response_card
from bot.services.actions import visible_actions
from bot.texts import Texts, texts_for
from storage import accounts, delivered, outbox, pending_actions, users, watermarks
from storage.accounts import Account, Role, Status
from storage.db import Storage
from storage.watermarks import NEGOTIATION_RETENTION, CollectionCounters, NegotiationMark

log = logging.getLogger(__name__)

REVIEW_COLLECTION = "response"
APPLICANT = "applicant"
EMPLOYER = "employer"


@dataclass
class Push:
    text: str
    negotiation_id: str | None = None
    key: str | None = None
    card: dict[str, Any] | None = None


@dataclass
class Plan:
    """What one check found: pushes to send and the watermarks to move, applied together."""

    pushes: list[Push] = field(default_factory=list)
    vacancy_snapshots: dict[str, str] | None = None
    collection_counters: list[tuple[str, str, CollectionCounters]] = field(default_factory=list)
    negotiation_marks: dict[str, NegotiationMark] = field(default_factory=dict)
    summary: str | None = None
    reopened_vacancies: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Context:
    chat_id: int
    texts: Texts
    vacancy_snapshots: dict[str, str]


def vacancy_snapshot(vacancy: Vacancy) -> str:
    """What the active vacancies list tells about a vacancy's negotiations at no extra cost.

    `has_updates` is not part of it: a vacancy with it set is looked into on every check anyway (a new message
    in a negotiation that is already unread changes nothing in this list). Nor is `unread_responses`: the bot's
    own reading of a new response lowers it, and the next check would look into the vacancy for nothing.
    """
    counters = vacancy.counters
    return f"{counters.responses}|{counters.invitations}|{counters.invitations_and_responses}|" \
           f"{counters.resumes_in_progress}"


class Poller:
    def __init__(self, storage: Storage, hh: HHClient, clock: Clock, wake_sender: Callable[[], None]) -> None:
        self._storage = storage
        self._hh = hh
        self._clock = clock
        self._wake_sender = wake_sender

    async def check(self, account: Account, next_check_at: float) -> int:
        """Checks one account and returns how many pushes it queued."""
        context = await self._storage.run(_context, account)
        if context is None:
            return 0
        if account.role is Role.EMPLOYER:
            plan = await self._employer(account, context)
        else:
            plan = await self._applicant(account, context)
        pushed = await self._storage.run(_commit, account, context, plan, self._clock.now(), next_check_at)
        if pushed:
            log.info("%d new pushes", pushed, extra=ids(account_id=account.id))
            self._wake_sender()
        return pushed

    # --- employer -------------------------------------------------------------------------------

    async def _employer(self, account: Account, context: Context) -> Plan:
        baseline = not account.baseline_done
        vacancies = await self._active_vacancies(account)
        snapshots = {vacancy.id: vacancy_snapshot(vacancy) for vacancy in vacancies}
        plan = Plan(vacancy_snapshots=snapshots)
        waiting: dict[str, int] = {}
        for vacancy in vacancies:
            if baseline or vacancy.has_updates or context.vacancy_snapshots.get(vacancy.id) != snapshots[vacancy.id]:
                await self._vacancy(account, context, vacancy, plan, waiting, baseline)
        if baseline:
            plan.summary = employer_summary(context.texts, waiting)
        return plan

    async def _active_vacancies(self, account: Account) -> list[Vacancy]:
        employer_id = account.profile.employer_id or ""
        vacancies: list[Vacancy] = []
        page = 0
        while True:
            result = await self._hh.active_vacancies(account.id, employer_id, page)
            vacancies.extend(result.items)
            if result.is_last or not result.items:
                return vacancies
            page += 1

    async def _vacancy(self, account: Account, context: Context, vacancy: Vacancy, plan: Plan,
                       waiting: dict[str, int], baseline: bool) -> None:
        collections = await self._hh.collections(account.id, vacancy.id)
        stored = await self._storage.run(watermarks.collection_counters, account.id, vacancy.id)
        for collection in collections.collections:
            counters = CollectionCounters(collection.counters.total, collection.counters.with_updates)
            plan.collection_counters.append((vacancy.id, collection.id, counters))
            if collection.id == REVIEW_COLLECTION:
                waiting[collection.name] = waiting.get(collection.name, 0) + counters.total
            before = stored.get(collection.id)
            unchanged = before == counters and counters.with_updates == 0
            if counters.total == 0 or (unchanged and not baseline):
                continue
            await self._collection(account, context, vacancy, collection, before, plan, baseline)

    async def _collection(self, account: Account, context: Context, vacancy: Vacancy, collection: Collection,
                          before: CollectionCounters | None, plan: Plan, baseline: bool) -> None:
        """Reads the collection's pages until the negotiations with news are all found."""
        updates_left = collection.counters.with_updates
        new_left = collection.counters.total - (before.total if before else 0)
        page = 0
        while True:
            result = await self._hh.collection_page(account.id, collection.url, page)
            marks = await self._storage.run(watermarks.negotiation_marks, account.id,
                                            [item.id for item in result.items])
            for item in result.items:
                if item.id in plan.negotiation_marks:
                    continue
                updates_left -= int(item.has_updates)
                new_left -= int(item.id not in marks)
                await self._employer_negotiation(account, context, vacancy, item, marks.get(item.id), plan, baseline)
            if result.is_last or not result.items or (not baseline and updates_left <= 0 and new_left <= 0):
                return
            page += 1

    async def _employer_negotiation(self, account: Account, context: Context, vacancy: Vacancy, item: Negotiation,
                                    mark: NegotiationMark | None, plan: Plan, baseline: bool) -> None:
        state = item.employer_state.id if item.employer_state else item.state.id
        seen = NegotiationMark(item.updated_at, item.counters.messages, state)
        plan.negotiation_marks[item.id] = seen
        if baseline or (mark is not None and item.counters.messages <= mark.messages):
            return
        await self._reopen(account, vacancy, plan)
        start = 0 if mark is None else mark.messages
        messages, found = await self._messages_from(account, item.id, start)
        plan.negotiation_marks[item.id] = NegotiationMark(item.updated_at, max(found, item.counters.messages), state)
        card = employer_card(item, vacancy)
        first = messages[0] if messages else None
        if mark is None and (first is None or first.author.participant_type == APPLICANT):
            text = response_card(context.texts, item, vacancy.name, first.text if first else None)
            plan.pushes.append(Push(text, item.id, first.id if first else "card", {**card, "text": text}))
            messages = messages[1:]
        for message in messages:
            if message.author.participant_type == APPLICANT:
                text = message_for_employer(context.texts, item, vacancy.name, message)
                plan.pushes.append(Push(text, item.id, message.id, {**card, "actions": [], "text": text}))

    async def _reopen(self, account: Account, vacancy: Vacancy, plan: Plan) -> None:
        """Forgets what was seen of the vacancy before its first messages are read in this check.

        Reading messages clears `has_updates` on hh.ru. Should this check then fail or the process die before
        the commit, the vacancy would look idle next time and its news would be lost; without its marks it is
        looked into again, and the negotiation marks tell what is new.
        """
        if vacancy.id not in plan.reopened_vacancies:
            plan.reopened_vacancies.add(vacancy.id)
            await self._storage.run(watermarks.forget_vacancy, account.id, vacancy.id)

    # --- applicant ------------------------------------------------------------------------------

    async def _applicant(self, account: Account, context: Context) -> Plan:
        baseline = not account.baseline_done
        plan = Plan()
        unread = 0
        page = 0
        while True:
            result = await self._hh.applicant_negotiations(account.id, page)
            marks = await self._storage.run(watermarks.negotiation_marks, account.id,
                                            [item.id for item in result.items])
            reached_seen = False
            for item in result.items:
                seen = NegotiationMark(item.updated_at, item.counters.messages, item.state.id)
                mark = marks.get(item.id)
                if mark == seen:
                    reached_seen = True
                    continue
                plan.negotiation_marks[item.id] = seen
                unread += int(item.has_updates)
                if not baseline:
                    await self._applicant_negotiation(account, context, item, mark, plan)
            if result.is_last or not result.items or (reached_seen and not baseline):
                break
            page += 1
        if baseline:
            plan.summary = applicant_summary(context.texts, result.found, unread)
        return plan

    async def _applicant_negotiation(self, account: Account, context: Context, item: Negotiation,
                                     mark: NegotiationMark | None, plan: Plan) -> None:
        start = 0 if mark is None else mark.messages
        messages: list[Message] = []
        if item.counters.messages > start:
            messages, found = await self._messages_from(account, item.id, start)
            plan.negotiation_marks[item.id] = NegotiationMark(item.updated_at, max(found, item.counters.messages),
                                                              item.state.id)
        card = applicant_card(item)
        state_told = False
        for message in messages:
            if message.author.participant_type != EMPLOYER:
                continue
            text = event_for_applicant(context.texts, item, message)
            plan.pushes.append(Push(text, item.id, message.id, {**card, "text": text}))
            state_told = state_told or (message.state is not None and message.state.id == item.state.id)
        if mark is not None and mark.state != item.state.id and not state_told:
            text = event_for_applicant(context.texts, item, None)
            plan.pushes.append(Push(text, item.id, f"state:{item.state.id}:{item.updated_at}", {**card, "text": text}))

    # --- messages -------------------------------------------------------------------------------

    async def _messages_from(self, account: Account, negotiation_id: str, start: int) -> tuple[list[Message], int]:
        """Messages from index `start` on (oldest first), reading only the pages that hold them, and the total."""
        page = start // MESSAGES_PER_PAGE
        horizon = self._clock.now() - NEGOTIATION_RETENTION
        collected: list[Message] = []
        while True:
            result = await self._hh.messages(account.id, negotiation_id, page)
            offset = result.page * result.per_page
            collected.extend(message for index, message in enumerate(result.items, offset)
                             if index >= start and not older_than(message, horizon))
            if result.is_last or not result.items:
                return collected, result.found
            page += 1


def older_than(message: Message, horizon: float) -> bool:
    """Whether hh.ru dates the message before `horizon`. Such a message was pushed, if ever, before its
    negotiation's marks and dedup keys were forgotten for quiet (NEGOTIATION_RETENTION), so it is never pushed."""
    if message.created_at is None:
        return False
    try:
        return datetime.strptime(message.created_at, "%Y-%m-%dT%H:%M:%S%z").timestamp() < horizon
    except ValueError:
        return False


def employer_card(item: Negotiation, vacancy: Vacancy) -> dict[str, Any]:
    """What the buttons of an employer's push need: the actions, links, and who the applicant is."""
    return {"role": EMPLOYER, "actions": visible_actions(item.actions),
            "resume_url": item.resume.alternate_url if item.resume else None, "vacancy_url": vacancy.alternate_url,
            "title": item.resume.full_name if item.resume else "", "vacancy": vacancy.name, "decline_allowed": False}


def applicant_card(item: Negotiation) -> dict[str, Any]:
    vacancy = item.vacancy
    return {"role": APPLICANT, "actions": [], "resume_url": None,
            "vacancy_url": vacancy.alternate_url if vacancy else None,
            "title": vacancy.employer.name if vacancy and vacancy.employer else "",
            "vacancy": vacancy.name if vacancy else "", "decline_allowed": item.decline_allowed}


def _context(db: Database, account: Account) -> Context | None:
    user = users.get(db, account.telegram_id)
    if user is None:
        return None
    snapshots = watermarks.vacancy_snapshots(db, account.id) if account.role is Role.EMPLOYER else {}
    return Context(user.chat_id, texts_for(user.language), snapshots)


def _commit(db: Database, account: Account, context: Context, plan: Plan, now: float, next_check_at: float) -> int:
    with db.atomic():
        current = accounts.get(db, account.id)
        if current is None or current.status is not Status.ACTIVE:
            return 0
        pushed = 0
        for push in plan.pushes:
            if push.key is not None and not delivered.claim(db, account.id, push.negotiation_id or "", push.key,
                                                            context.chat_id, now):
                continue
            markup = None
            if push.card is not None and push.negotiation_id is not None:
                card_id = pending_actions.create(db, account.id, push.negotiation_id, push.card, now)
                markup = as_json(card_keyboard(context.texts, card_id, push.card))
            outbox.enqueue(db, context.chat_id, push.text, now, reply_markup=markup, account_id=account.id,
                           negotiation_id=push.negotiation_id, hh_message_id=push.key)
            pushed += 1
        if plan.summary is not None:
            outbox.enqueue(db, context.chat_id, plan.summary, now, account_id=account.id)
        if plan.vacancy_snapshots is not None:
            for vacancy_id, snapshot in plan.vacancy_snapshots.items():
                watermarks.save_vacancy_snapshot(db, account.id, vacancy_id, snapshot)
            watermarks.forget_vacancies_except(db, account.id, plan.vacancy_snapshots)
        for vacancy_id, collection_id, counters in plan.collection_counters:
            watermarks.save_collection_counters(db, account.id, vacancy_id, collection_id, counters)
        for negotiation_id, mark in plan.negotiation_marks.items():
            watermarks.save_negotiation_mark(db, account.id, negotiation_id, mark, now)
        accounts.record_success(db, account.id, now, next_check_at)
        return pushed + int(plan.summary is not None)
