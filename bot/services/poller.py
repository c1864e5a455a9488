"""One account's check: what changed on hh.ru since the watermarks, with as few calls as possible.

Everything a check learns is written in one transaction: the new watermarks, the pushes into the outbox and
the dedup keys. A check that fails half-way writes nothing, and the next one starts from the same marks.

Targeted checks (one negotiation, one chat: what a webhook points at) push exactly what a poll would, under the
same `delivered` keys, and may run beside a full check of the same account: the keys are claimed inside the
commit, and a commit never moves a mark back (see `save_newest_mark`, `negotiation_chats.save`).

A negotiation with a `chat_id` is read through its hh.ru chat from a watermark (a chat message id); one
without, or whose chat methods hh.ru refuses with 404/405, through the legacy methods from a message count.
Chat and legacy ids differ, so a negotiation the bot already knows joins its chat only at a clean cut
(`_join_chat`): news is read the legacy way between two looks at the chat's newest message, and only when the
chat did not change in between does its newest message become the watermark. A negotiation never seen before
is read in its chat from the first message (the cover letter).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Protocol

from sqlite_utils import Database

from bot.clock import Clock
from bot.hh.errors import ChatNotReady, ChatUnavailable, Forbidden, HHError, NotFound
from bot.hh.manager_accounts import acting_as, current_account, is_work_account_refusal
from bot.hh.models import (
    Collection,
    Collections,
    IdName,
    Message,
    Negotiation,
    Page,
    Vacancy,
    WriteMessageState,
)
from bot.keyboards import as_json, card_keyboard
from bot.logs import ids
from bot.render import (
    applicant_responded,
    applicant_summary,
    candidate_name,
    changed_card_text,
    company_name,
    employer_summary,
    event_for_applicant,
    message_for_employer,
    response_card,
    vacancy_name,
)
from bot.services import groups
from bot.services.actions import card_actions
from bot.services.chat_reads import ChatRead, ChatReader, ChatSource, as_message, side_of
from bot.services.legacy_reads import LegacyReader, MessageSource
from bot.services.news_signs import (
    known_counters,
    larger,
    may_have_news,
    message_count,
    newly_flagged,
    older_than,
    unsettled,
    updated_within,
    written_after,
)
from bot.services.work_accounts import as_work_account, lose_work_account
from bot.services.work_accounts import header as work_header
from bot.texts import Texts, texts_for
from bot.work_accounts_view import labelled
from storage import accounts, cards, delivered, negotiation_chats, outbox, users, watermarks, work_accounts
from storage.accounts import Account, Role, Status
from storage.cards import Card
from storage.db import Storage
from storage.negotiation_chats import NegotiationChat
from storage.watermarks import NEGOTIATION_RETENTION, CollectionCounters, NegotiationMark
from storage.work_accounts import WorkAccount

log = logging.getLogger(__name__)

REVIEW_COLLECTION = "response"
APPLICANT = "applicant"
EMPLOYER = "employer"


class HHReads(ChatSource, MessageSource, Protocol):
    """The hh.ru calls a check makes (`HHClient` has them; tests pass a fake of hh.ru's answers)."""

    async def active_vacancies(self, account_id: int, employer_id: str, page: int = 0) -> Page[Vacancy]: ...

    async def collections(self, account_id: int, vacancy_id: str) -> Collections: ...

    async def collection_page(self, account_id: int, url: str, page: int = 0) -> Page[Negotiation]: ...

    async def applicant_negotiations(self, account_id: int, page: int = 0) -> Page[Negotiation]: ...

    async def negotiation(self, account_id: int, negotiation_id: str) -> Negotiation: ...

    async def mark_chat_read(self, account_id: int, chat_id: str, message_id: str) -> None: ...


@dataclass
class Push:
    text: str
    negotiation_id: str | None = None
    key: str | None = None
    card: Card | None = None
    vacancy: VacancyRef | None = None
    """An employer's push: its vacancy decides where it goes (`groups.enqueue_push`)."""


@dataclass
class CheckPlan:
    """What one check found: pushes to send and the watermarks to move, applied together."""

    pushes: list[Push] = field(default_factory=list)
    vacancy_snapshots: dict[str, str] | None = None
    collection_counters: list[tuple[str, str, CollectionCounters]] = field(default_factory=list)
    negotiation_marks: dict[str, NegotiationMark] = field(default_factory=dict)
    summary: str | None = None
    reopened_vacancies: set[str] = field(default_factory=set)
    chats: dict[str, NegotiationChat] = field(default_factory=dict)
    """Negotiation id → its chat as this check left it (the chat → negotiation map, watermark, write state)."""
    read_up_to: dict[str, str] = field(default_factory=dict)
    """Chat id → the newest pushed message, marked read on hh.ru after the commit."""
    read_as: dict[str, str] = field(default_factory=dict)
    """Chat id → the work account (`X-Manager-Account-Id`) to mark it read as, for an employer following several."""
    work_negotiations: dict[str, str] = field(default_factory=dict)
    """Negotiation id → the work account it was found under (see `storage.work_accounts`)."""
    work_baselined: list[str] = field(default_factory=list)
    """Work accounts whose negotiations this full check learnt."""
    stages: dict[str, Stage] = field(default_factory=dict)
    """Negotiation id → the employer state it moved to since the last check, for its cards (`cards.stale`)."""
    not_ready: set[str] = field(default_factory=set)
    """Negotiations whose started chat answered 425: their marks stay, a later read gets their news."""


@dataclass(frozen=True)
class Stage:
    """A negotiation in another employer state than the check before saw: its cards are edited to show it, with its
    actions."""

    negotiation: Negotiation
    states: tuple[IdName, ...]
    """Its vacancy's employer states, when this check read them (the moves of a negotiation without `actions`)."""


@dataclass(frozen=True)
class VacancyRef:
    """What a negotiation's pushes say of its vacancy."""

    id: str
    name: str
    alternate_url: str | None

    states: tuple[IdName, ...] = ()
    """Its employer states, where the check read them (`Collections.employer_states`)."""

    @classmethod
    def of(cls, vacancy: Vacancy, states: list[IdName]) -> VacancyRef:
        return cls(vacancy.id, vacancy.name, vacancy.alternate_url, tuple(states))

    @classmethod
    def of_negotiation(cls, item: Negotiation) -> VacancyRef:
        vacancy = item.vacancy
        return cls(vacancy.id or "", vacancy.name, vacancy.alternate_url) if vacancy else cls("", "", None)


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
    def __init__(self, storage: Storage, hh: HHReads, clock: Clock, wake_sender: Callable[[], None]) -> None:
        self._storage = storage
        self._hh = hh
        self._clock = clock
        self._wake_sender = wake_sender
        self._chats = ChatReader(hh)
        self._legacy = LegacyReader(hh)

    async def check(self, account: Account, next_check_at: float) -> int:
        """Checks one account and returns how many pushes it queued."""
        context = await self._storage.run(_context, account)
        if context is None:
            return 0
        if account.role is Role.EMPLOYER:
            plan = await self._employers(account, context)
        else:
            plan = await self._applicant(account, context)
        return await self._finish(account, context, plan, next_check_at)

    async def check_negotiation(self, account: Account, negotiation_id: str) -> int:
        """Targeted check of one negotiation (webhook NEW_RESPONSE_OR_INVITATION_VACANCY /
        NEGOTIATION_EMPLOYER_STATE_CHANGE): GET /negotiations/{id} with the account's own token, then its new
        messages (chat or legacy). Pushes exactly like a poll would (same `delivered` keys, same cards), writes
        the marks it moved. Returns pushes queued. A 403/404 for that id -> 0 pushes (log line), no exception.
        ChatNotReady: its chat cannot be read yet (425); its marks stay, and the caller may look again soon."""
        context = await self._storage.run(_context, account)
        if context is None or not account.baseline_done:
            return 0
        return await self._targeted(account, context, negotiation_id, None)

    async def check_chat(self, account: Account, chat_id: str) -> int | None:
        """Targeted check of one chat (CHAT_MESSAGE_CREATED): looks the chat up in the stored chat -> negotiation
        map; None when the chat is unknown (the caller then runs a full `check`). Otherwise reads the chat's new
        messages from its watermark and pushes them. Returns pushes queued. ChatNotReady as `check_negotiation`."""
        chat = await self._storage.run(negotiation_chats.by_chat, account.id, chat_id)
        if chat is None:
            return None
        context = await self._storage.run(_context, account)
        if context is None or not account.baseline_done:
            return 0
        if chat.legacy or not chat.started:
            return await self._targeted(account, context, chat.negotiation_id, None)
        try:
            read = await self._chats.read(account.id, chat.chat_id, chat.last_message_id)
        except (ChatUnavailable, ChatNotReady) as error:
            log.info("targeted check: chat not readable (%s); checking its negotiation", error.status,
                     extra=ids(account_id=account.id, negotiation_id=chat.negotiation_id))
            return await self._targeted(account, context, chat.negotiation_id, None)
        if any(side_of(message) == _other_side(account) for message in read.messages):
            return await self._targeted(account, context, chat.negotiation_id, read)
        plan = CheckPlan(chats={chat.negotiation_id: _read_to(chat, read.last_id, read.write)})
        return await self._finish(account, context, plan, None)

    async def _targeted(self, account: Account, context: Context, negotiation_id: str,
                        prefetched: ChatRead | None) -> int:
        """One negotiation as a poll handles it; `prefetched`: its chat's news, already read."""
        try:
            item = await self._hh.negotiation(account.id, negotiation_id)
        except (Forbidden, NotFound) as error:
            log.info("targeted check: negotiation not available (%s)", error.status,
                     extra=ids(account_id=account.id, negotiation_id=negotiation_id))
            return 0
        plan = CheckPlan()
        await self._negotiation(account, context, item, plan, prefetched)
        pushed = await self._finish(account, context, plan, None)
        if plan.not_ready:
            raise ChatNotReady(f"the chat of negotiation {negotiation_id} is not ready yet", status=425)
        return pushed

    async def _finish(self, account: Account, context: Context, plan: CheckPlan, next_check_at: float | None) -> int:
        """Commits the plan (a full check also moves the account's schedule), then marks pushed chat messages
        read on hh.ru."""
        note_work_account(plan, current_account())
        pushed = await self._storage.run(_commit, account, context, plan, self._clock.now(), next_check_at)
        if pushed:
            log.info("%d new pushes", pushed, extra=ids(account_id=account.id))
            self._wake_sender()
        for chat_id, message_id in plan.read_up_to.items():
            try:
                with acting_as(plan.read_as.get(chat_id)):
                    await self._hh.mark_chat_read(account.id, chat_id, message_id)
            except HHError as error:
                log.info("could not mark a chat message read: %s", error, extra=ids(account_id=account.id))
        return pushed

    # --- employer -------------------------------------------------------------------------------

    async def _employer(self, account: Account, context: Context) -> CheckPlan:
        baseline = not account.baseline_done
        vacancies = await self._active_vacancies(account)
        snapshots = {vacancy.id: vacancy_snapshot(vacancy) for vacancy in vacancies}
        plan = CheckPlan(vacancy_snapshots=snapshots)
        waiting: dict[str, int] = {}
        for vacancy in vacancies:
            if baseline or vacancy.has_updates or context.vacancy_snapshots.get(vacancy.id) != snapshots[vacancy.id]:
                await self._vacancy(account, context, vacancy, plan, waiting, baseline)
        if baseline:
            plan.summary = employer_summary(context.texts, waiting)
        return plan

    async def _employers(self, account: Account, context: Context) -> CheckPlan:
        """The employer's check; for one following several work accounts, each one's (with its header and its own
        baseline) in one plan, its pushes under its company's name when more than one is followed. A work account
        hh.ru refuses is dropped from the plan and the user is told (services/work_accounts)."""
        works = await self._storage.run(work_accounts.checked, account.id)
        if works is None:
            return await self._employer(account, context)
        plan = CheckPlan(vacancy_snapshots={} if works else None)
        for work in works:
            try:
                with acting_as(work_header(work)):
                    part = await self._employer(as_work_account(account, work), context)
            except HHError as error:
                if not is_work_account_refusal(error):
                    raise
                log.info("hh.ru refused a work account: %s", error.value, extra=ids(account_id=account.id))
                await self._storage.run(lose_work_account, account, work, error, self._clock.now())
                self._wake_sender()
                continue
            merge_work_plan(plan, part, work, context.texts if len(works) > 1 else None)
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

    async def _vacancy(self, account: Account, context: Context, vacancy: Vacancy, plan: CheckPlan,
                       waiting: dict[str, int], baseline: bool) -> None:
        collections = await self._hh.collections(account.id, vacancy.id)
        stored = await self._storage.run(watermarks.collection_counters, account.id, vacancy.id)
        for collection in collections.collections:
            counters = known_counters(collection)
            before = stored.get(collection.id)
            if counters is not None:
                plan.collection_counters.append((vacancy.id, collection.id, counters))
                if collection.id == REVIEW_COLLECTION:
                    waiting[collection.name] = waiting.get(collection.name, 0) + counters.total
                unchanged = before == counters and counters.with_updates == 0
                if counters.total == 0 or (unchanged and not baseline):
                    continue
            read = await self._collection(account, context, VacancyRef.of(vacancy, collections.employer_states),
                                          collection, counters, before, plan, baseline)
            if counters is None and collection.id == REVIEW_COLLECTION:
                waiting[collection.name] = waiting.get(collection.name, 0) + read

    async def _collection(self, account: Account, context: Context, vacancy: VacancyRef, collection: Collection,
                          counters: CollectionCounters | None, before: CollectionCounters | None, plan: CheckPlan,
                          baseline: bool) -> int:
        """Reads the collection's pages until the negotiations with news are all found (every page when hh.ru
        gave no counters); returns how many negotiations it read."""
        updates_left = counters.with_updates if counters else None
        new_left = counters.total - (before.total if before else 0) if counters else None
        page = read = 0
        while True:
            result = await self._hh.collection_page(account.id, collection.url, page)
            marks, chats = await self._storage.run(_known, account.id, [item.id for item in result.items])
            read += len(result.items)
            for item in result.items:
                if item.id in plan.negotiation_marks:
                    continue
                if updates_left is not None and new_left is not None:
                    updates_left -= int(item.has_updates)
                    new_left -= int(item.id not in marks)
                _note_chat(account, item, chats.get(item.id), plan)
                await self._employer_negotiation(account, context, vacancy, item, marks.get(item.id), plan, baseline)
            all_found = updates_left is not None and new_left is not None and updates_left <= 0 and new_left <= 0
            if result.is_last or not result.items or (not baseline and all_found):
                return read
            page += 1

    async def _negotiation(self, account: Account, context: Context, item: Negotiation, plan: CheckPlan,
                           prefetched: ChatRead | None = None) -> None:
        """One negotiation read on its own (a targeted check), handled as a poll handles it."""
        marks, chats = await self._storage.run(_known, account.id, [item.id])
        _note_chat(account, item, chats.get(item.id), plan)
        mark = marks.get(item.id)
        if account.role is Role.EMPLOYER:
            await self._employer_negotiation(account, context, VacancyRef.of_negotiation(item), item, mark, plan,
                                             False, prefetched)
            return
        seen = NegotiationMark(item.updated_at, message_count(item, mark), item.state.id,
                               has_updates=item.has_updates)
        if mark != seen or prefetched is not None:
            plan.negotiation_marks[item.id] = seen
            await self._applicant_negotiation(account, context, item, mark, plan, prefetched)

    async def _employer_negotiation(self, account: Account, context: Context, vacancy: VacancyRef,
                                    item: Negotiation, mark: NegotiationMark | None, plan: CheckPlan, baseline: bool,
                                    prefetched: ChatRead | None = None) -> None:
        state = item.stage.id
        if item.actions is None and not vacancy.states and mark is not None:
            state = mark.state  # no actions to show for a new stage: the check that reads its list shows it
        plan.negotiation_marks[item.id] = NegotiationMark(item.updated_at, message_count(item, mark), state,
                                                          has_updates=item.has_updates)
        if mark is not None and mark.state != state:
            plan.stages[item.id] = Stage(item, vacancy.states)
        if baseline and self._count_unknown_and_recent(item):
            await self._learn_count(account, item, plan)
        if baseline or (mark is not None and not may_have_news(item, mark) and prefetched is None):
            return
        await self._reopen(account, vacancy.id, plan)
        news = await self._news(account, context, item, mark, plan, prefetched)
        if news is None:
            _keep_mark(plan, item.id, mark)
            return
        messages = settled(news, item.state, mark is None or mark.state != state)
        chat = plan.chats.get(item.id)
        first = messages[0] if messages else None
        if mark is None and (first is None or first.author.participant_type == APPLICANT):
            text = response_card(context.texts, item, vacancy.name, first.text if first else None)
            card = employer_card(context.texts, account.id, item, vacancy, chat, text)
            plan.pushes.append(Push(text, item.id, first.id if first else "card", card, vacancy))
            messages = messages[1:]
        for message in messages:
            if message.author.participant_type == APPLICANT:
                text = message_for_employer(context.texts, item, vacancy.name, message)
                card = employer_card(context.texts, account.id, item, vacancy, chat, text).model_copy(
                    update={"actions": (), "state": None})
                plan.pushes.append(Push(text, item.id, message.id, card, vacancy))

    def _count_unknown_and_recent(self, item: Negotiation) -> bool:
        """A negotiation without hh.ru's message count, updated too recently for its `updated_at` to mark what the
        baseline saw: a message of that same second would look old later."""
        return item.counters.messages is None and updated_within(item.updated_at, self._clock.now())

    async def _learn_count(self, account: Account, item: Negotiation, plan: CheckPlan) -> None:
        """Counts the negotiation's messages (the baseline pushes none of them)."""
        _, found = await self._legacy.read_from(account.id, item.id, 0)
        _count_messages(plan, item, found)

    async def _reopen(self, account: Account, vacancy_id: str, plan: CheckPlan) -> None:
        """Forgets what was seen of the vacancy before its first messages are read in this check.

        Reading messages clears `has_updates` on hh.ru. Should this check then fail or the process die before
        the commit, the vacancy would look idle next time and its news would be lost; without its marks it is
        looked into again, and the negotiation marks tell what is new.
        """
        if vacancy_id and vacancy_id not in plan.reopened_vacancies:
            plan.reopened_vacancies.add(vacancy_id)
            await self._storage.run(watermarks.forget_vacancy, account.id, vacancy_id)

    # --- applicant ------------------------------------------------------------------------------

    async def _applicant(self, account: Account, context: Context) -> CheckPlan:
        baseline = not account.baseline_done
        plan = CheckPlan()
        unread = 0
        page = 0
        while True:
            result = await self._hh.applicant_negotiations(account.id, page)
            marks, chats = await self._storage.run(_known, account.id, [item.id for item in result.items])
            reached_seen = False
            for item in result.items:
                mark = marks.get(item.id)
                seen = NegotiationMark(item.updated_at, message_count(item, mark), item.state.id,
                                       has_updates=item.has_updates)
                if mark == seen and not unsettled(item, mark) and not newly_flagged(item, mark):
                    reached_seen = True
                    continue
                plan.negotiation_marks[item.id] = seen
                _note_chat(account, item, chats.get(item.id), plan)
                unread += int(item.has_updates)
                if not baseline:
                    await self._applicant_negotiation(account, context, item, mark, plan)
                elif self._count_unknown_and_recent(item):
                    await self._learn_count(account, item, plan)
            if result.is_last or not result.items or (reached_seen and not baseline):
                break
            page += 1
        if baseline:
            plan.summary = applicant_summary(context.texts, result.found, unread)
        return plan

    async def _applicant_negotiation(self, account: Account, context: Context, item: Negotiation,
                                     mark: NegotiationMark | None, plan: CheckPlan,
                                     prefetched: ChatRead | None = None) -> None:
        messages: list[Message] = []
        if may_have_news(item, mark) or prefetched is not None:
            news = await self._news(account, context, item, mark, plan, prefetched)
            if news is None:
                _keep_mark(plan, item.id, mark)
                return
            messages = settled(news, item.state, mark is None or mark.state != item.state.id)
        chat = plan.chats.get(item.id)
        state_told = False
        theirs = with_states(messages, item, mark)
        for message in theirs:
            text = event_for_applicant(context.texts, item, message)
            plan.pushes.append(Push(text, item.id, message.id, applicant_card(context.texts, account.id, item, chat,
                                                                              text)))
            state_told = state_told or (message.state is not None and message.state.id == item.state.id)
        if mark is None and not theirs:  # the applicant's own response, made on the site
            text = applicant_responded(context.texts, item)
            plan.pushes.append(Push(text, item.id, "responded", applicant_card(context.texts, account.id, item, chat,
                                                                               text)))
        elif mark is not None and mark.state != item.state.id and not state_told:
            text = event_for_applicant(context.texts, item, None)
            plan.pushes.append(Push(text, item.id, f"state:{item.state.id}:{item.updated_at}",
                                    applicant_card(context.texts, account.id, item, chat, text)))

    # --- messages -------------------------------------------------------------------------------

    async def _news(self, account: Account, context: Context, item: Negotiation, mark: NegotiationMark | None,
                    plan: CheckPlan, prefetched: ChatRead | None) -> list[Message] | None:
        """The negotiation's messages after `mark`, oldest first, through its chat where it has one, and the mark
        and chat moved in `plan`. None: the chat cannot be read right now; the next check tries again."""
        chat = plan.chats.get(item.id)
        if chat is not None and not chat.legacy:
            try:
                if chat.started or mark is None:
                    return await self._chat_news(account, context, item, mark, chat, plan, prefetched)
                return await self._join_chat(account, item, mark, chat, plan)
            except ChatUnavailable as error:
                log.info("hh.ru refused the chat (%s); the legacy methods from now on", error.status,
                         extra=ids(account_id=account.id, negotiation_id=item.id))
                plan.chats[item.id] = replace(chat, legacy=True)
            except ChatNotReady:
                if chat.started:
                    plan.not_ready.add(item.id)
                    return None
                log.info("the chat is not ready yet; the legacy methods this time",
                         extra=ids(account_id=account.id, negotiation_id=item.id))
        return await self._legacy_news(account, item, mark, plan)

    async def _legacy_news(self, account: Account, item: Negotiation, mark: NegotiationMark | None,
                           plan: CheckPlan) -> list[Message]:
        start = 0 if mark is None or mark.messages is None else mark.messages
        messages, found = await self._messages_from(account, item.id, start)
        if mark is not None and mark.messages is None:  # a count never known: what came after the mark is news
            messages = [message for message in messages if written_after(message, mark.updated_at)]
        _count_messages(plan, item, larger(found, item.counters.messages))
        plan.negotiation_marks[item.id] = replace(plan.negotiation_marks[item.id], has_updates=False)  # read clears it
        return messages

    async def _chat_news(self, account: Account, context: Context, item: Negotiation, mark: NegotiationMark | None,
                         chat: NegotiationChat, plan: CheckPlan, prefetched: ChatRead | None) -> list[Message]:
        """The chat's messages after its watermark (from its first message when it was never read)."""
        watermark = chat.last_message_id if chat.started else None
        read = prefetched if prefetched is not None and chat.started else \
            await self._chats.read(account.id, chat.chat_id, watermark)
        plan.chats[item.id] = _read_to(chat, read.last_id, read.write)
        _count_messages(plan, item, larger(item.counters.messages, mark.messages if mark else None))
        theirs = [message.id for message in read.messages if side_of(message) == _other_side(account)]
        if theirs:
            plan.read_up_to[chat.chat_id] = theirs[-1]
        horizon = self._clock.now() - NEGOTIATION_RETENTION
        messages = [as_message(message, context.texts.chat_attachment) for message in read.messages
                    if side_of(message) is not None]
        return [message for message in messages if not older_than(message, horizon)]

    async def _join_chat(self, account: Account, item: Negotiation, mark: NegotiationMark, chat: NegotiationChat,
                         plan: CheckPlan) -> list[Message]:
        """Reads the news the legacy way between two looks at the chat's newest message. If the chat did not change
        in between, the legacy read saw exactly the chat up to that message, which becomes the watermark; else the
        chat is joined at a later check. Either way nothing is pushed twice under the two kinds of ids."""
        before = await self._chats.newest(account.id, chat.chat_id)
        messages = await self._legacy_news(account, item, mark, plan)
        try:
            after = await self._chats.newest(account.id, chat.chat_id)
        except ChatUnavailable:
            plan.chats[item.id] = replace(chat, legacy=True)
            return messages
        except ChatNotReady:
            return messages
        if after.message_id == before.message_id:
            plan.chats[item.id] = _read_to(chat, before.message_id, after.write)
            log.info("the negotiation joins its chat", extra=ids(account_id=account.id, negotiation_id=item.id))
        return messages

    async def _messages_from(self, account: Account, negotiation_id: str, start: int) -> tuple[list[Message], int]:
        """Messages after the first `start` (oldest first) but those dated before the retention horizon, and the
        total."""
        messages, found = await self._legacy.read_from(account.id, negotiation_id, start)
        horizon = self._clock.now() - NEGOTIATION_RETENTION
        return [message for message in messages if not older_than(message, horizon)], found


PLAIN_MESSAGE = IdName(id="text", name="")


def settled(messages: list[Message], state: IdName, changed: bool) -> list[Message]:
    """Chat messages without text or a state: events of kinds the bot does not know. The newest one stands for
    the change of the negotiation's state, if it changed (as a legacy state message does); the others are
    dropped, since nothing in them can be told."""
    silent = [message.id for message in messages if not message.text and message.state is None]
    carrier = silent[-1] if silent and changed else None
    return [message.model_copy(update={"state": state}) if message.id == carrier else message
            for message in messages if message.text or message.state is not None or message.id == carrier]


def with_states(messages: list[Message], item: Negotiation, mark: NegotiationMark | None) -> list[Message]:
    """The employer's messages, each with the state it is shown under. A legacy message carries its own; a chat
    message does not, so the newest one carries the negotiation's state when it changed since `mark` (it is most
    likely the invitation or rejection that changed it) and the others are shown as plain messages."""
    theirs = [message for message in messages if message.author.participant_type == EMPLOYER]
    changed = mark is None or mark.state != item.state.id
    carrier = theirs[-1].id if theirs and changed else None
    return [message if message.state is not None else
            message.model_copy(update={"state": item.state if message.id == carrier else PLAIN_MESSAGE})
            for message in theirs]


def _other_side(account: Account) -> str:
    """Whose messages the account's user is told of."""
    return APPLICANT if account.role is Role.EMPLOYER else EMPLOYER




def _note_chat(account: Account, item: Negotiation, stored: NegotiationChat | None, plan: CheckPlan) -> None:
    """Keeps the negotiation's chat in the map: the stored one, or a new one when hh.ru names another chat."""
    chat = stored
    if item.chat_id is not None and (stored is None or stored.chat_id != item.chat_id):
        chat = NegotiationChat(account.id, item.id, item.chat_id)
    if chat is not None:
        plan.chats[item.id] = chat


def _read_to(chat: NegotiationChat, last_id: str | None, write: WriteMessageState) -> NegotiationChat:
    return replace(chat, started=True, last_message_id=last_id, write_allowed=write.allowed,
                   write_reason=None if write.allowed else (write.reason or ""))


def _count_messages(plan: CheckPlan, item: Negotiation, messages: int | None) -> None:
    current = plan.negotiation_marks[item.id]
    plan.negotiation_marks[item.id] = replace(current, messages=messages)


def _keep_mark(plan: CheckPlan, negotiation_id: str, mark: NegotiationMark | None) -> None:
    """The negotiation's news could not be read: its old mark stays, so the next check reads it."""
    if mark is None:
        plan.negotiation_marks.pop(negotiation_id, None)
    else:
        plan.negotiation_marks[negotiation_id] = mark


def reply_allowed(chat: NegotiationChat | None) -> bool:
    """The card's word on replying: hh.ru's `write_message_state` as last read from the chat."""
    return chat is None or chat.legacy or chat.write_allowed


def employer_card(texts: Texts, account_id: int, item: Negotiation, vacancy: VacancyRef,
                  chat: NegotiationChat | None, text: str) -> Card:
    """What the buttons of an employer's push need: the actions, links, and who the applicant is."""
    resume = item.resume
    return Card(account_id=account_id, negotiation_id=item.id, text=text, title=candidate_name(texts, item),
                vacancy=vacancy.name, actions=card_actions(item, vacancy.states),
                moves_from=vacancy.states if item.actions is None else (),
                resume_url=resume.alternate_url if resume else None, vacancy_url=vacancy.alternate_url,
                candidate=True, resume_pdf_url=resume.pdf_url if resume else None, vacancy_id=vacancy.id or None,
                reply_allowed=reply_allowed(chat), state=item.stage.id)


def applicant_card(texts: Texts, account_id: int, item: Negotiation, chat: NegotiationChat | None,
                   text: str) -> Card:
    vacancy = item.vacancy
    return Card(account_id=account_id, negotiation_id=item.id, text=text, title=company_name(texts, item),
                vacancy=vacancy_name(texts, item), vacancy_url=vacancy.alternate_url if vacancy else None,
                decline_allowed=item.decline_allowed, reply_allowed=reply_allowed(chat))


def _context(db: Database, account: Account) -> Context | None:
    user = users.get(db, account.telegram_id)
    if user is None:
        return None
    snapshots = watermarks.vacancy_snapshots(db, account.id) if account.role is Role.EMPLOYER else {}
    return Context(user.chat_id, texts_for(user.language), snapshots)


def _known(db: Database, account_id: int,
           negotiation_ids: list[str]) -> tuple[dict[str, NegotiationMark], dict[str, NegotiationChat]]:
    return (watermarks.negotiation_marks(db, account_id, negotiation_ids),
            negotiation_chats.of_negotiations(db, account_id, negotiation_ids))


def _commit(db: Database, account: Account, context: Context, plan: CheckPlan, now: float,
            next_check_at: float | None) -> int:
    """Writes what the check found. `next_check_at` None: a targeted check, which leaves the schedule alone."""
    with db.atomic():
        current = accounts.get(db, account.id)
        if current is None or current.status is not Status.ACTIVE:
            return 0
        pushed = 0
        for push in plan.pushes:
            if push.key is not None and not delivered.claim(db, account.id, push.negotiation_id or "", push.key,
                                                            context.chat_id, now):
                continue
            markup, card = None, None
            if push.card is not None:
                card = cards.add(db, push.card, now)
                markup = as_json(card_keyboard(context.texts, card))
            groups.enqueue_push(db, account, context.chat_id, push.text, now, reply_markup=markup,
                                negotiation_id=push.negotiation_id, hh_message_id=push.key,
                                vacancy_id=push.vacancy.id if push.vacancy else None,
                                vacancy_name=push.vacancy.name if push.vacancy else "",
                                card_id=card.id if card is not None else None)
            pushed += 1
        for negotiation_id, stage in plan.stages.items():
            restage_cards(db, account.id, negotiation_id, stage, context.texts, now)
        if plan.summary is not None:
            outbox.enqueue(db, context.chat_id, plan.summary, now, account_id=account.id)
        if plan.vacancy_snapshots is not None:
            for vacancy_id, snapshot in plan.vacancy_snapshots.items():
                watermarks.save_vacancy_snapshot(db, account.id, vacancy_id, snapshot)
            watermarks.forget_vacancies_except(db, account.id, plan.vacancy_snapshots)
        for vacancy_id, collection_id, counters in plan.collection_counters:
            watermarks.save_collection_counters(db, account.id, vacancy_id, collection_id, counters)
        for negotiation_id, mark in plan.negotiation_marks.items():
            save_newest_mark(db, account.id, negotiation_id, mark, now)
        for chat in plan.chats.values():
            negotiation_chats.save(db, chat)
        work_accounts.settle(db, account.id, plan.work_negotiations, plan.work_baselined)
        if next_check_at is not None:
            accounts.record_success(db, account.id, now, next_check_at)
        return pushed + int(plan.summary is not None)


def restage_cards(db: Database, account_id: int, negotiation_id: str, stage: Stage, texts: Texts, now: float) -> None:
    """Edits the negotiation's sent cards that show another state: a fresh card with the stage's actions replaces
    each, and an outbox row edits its message (in the chat it went to)."""
    item = stage.negotiation
    for card in cards.stale(db, account_id, negotiation_id, item.stage.id):
        if card.chat_id is None or card.message_id is None:
            continue
        states = stage.states or card.moves_from
        fresh = cards.replace(db, card, card.model_copy(update={
            "actions": card_actions(item, states), "state": item.stage.id,
            "moves_from": states if item.actions is None else ()}), now)
        text = changed_card_text(texts, card.text, item.stage.name or item.stage.id)
        outbox.enqueue_edit(db, card.chat_id, card.message_id, text, now,
                            reply_markup=as_json(card_keyboard(texts, fresh)), account_id=account_id,
                            card_id=fresh.id)


def merge_work_plan(plan: CheckPlan, part: CheckPlan, work: WorkAccount, texts: Texts | None) -> None:
    """Adds one work account's check to the employer's plan; `texts`: label its pushes with its company's name."""
    for push in part.pushes:
        if texts is not None:
            push.text = labelled(texts, work.company, push.text)
            push.card = push.card.model_copy(update={"text": push.text}) if push.card is not None else None
        plan.pushes.append(push)
    if part.summary is not None:
        summary = part.summary if texts is None else labelled(texts, work.company, part.summary)
        plan.summary = summary if plan.summary is None else f"{plan.summary}\n\n{summary}"
    plan.vacancy_snapshots = {**(plan.vacancy_snapshots or {}), **(part.vacancy_snapshots or {})}
    plan.collection_counters.extend(part.collection_counters)
    plan.negotiation_marks.update(part.negotiation_marks)
    plan.reopened_vacancies |= part.reopened_vacancies
    plan.chats.update(part.chats)
    plan.stages.update(part.stages)
    plan.read_up_to.update(part.read_up_to)
    header = work_header(work)
    if header is not None:
        plan.read_as.update(dict.fromkeys(part.read_up_to, header))
    note_work_account(part, work.manager_account_id)
    plan.work_negotiations.update(part.work_negotiations)
    plan.work_baselined.append(work.manager_account_id)


def note_work_account(plan: CheckPlan, manager_account_id: str | None) -> None:
    """Remembers the negotiations the plan looked at under the work account it acted as (None: nothing to note)."""
    if manager_account_id is not None:
        plan.work_negotiations.update({negotiation_id: manager_account_id for negotiation_id in plan.negotiation_marks
                                       if negotiation_id not in plan.work_negotiations})


def save_newest_mark(db: Database, account_id: int, negotiation_id: str, mark: NegotiationMark, now: float) -> None:
    """Saves the mark unless a concurrent check already saved one that knows more messages."""
    stored = watermarks.negotiation_marks(db, account_id, [negotiation_id]).get(negotiation_id)
    if stored is not None and stored.messages is not None and (mark.messages is None or
                                                               stored.messages > mark.messages):
        mark = replace(stored, state=mark.state) if stored.updated_at == mark.updated_at else stored
    watermarks.save_negotiation_mark(db, account_id, negotiation_id, mark, now)
