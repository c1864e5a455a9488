"""The poller's planning, without HTTP: given what hh.ru answers at each check, the calls a check makes and the
pushes it plans. hh.ru is a table of answers (`HHAnswers`), each request looked up by its line; a request without
an answer gets hh.ru's 404, and shows in the calls.

Each case is a sequence of checks of one account (the first one is its baseline); the assert is on the last one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from cryptography.fernet import Fernet
from sqlite_utils import Database

from bot.hh.client import CHAT_MESSAGES_LIMIT, chat_errors
from bot.hh.errors import Forbidden, HHError, NotFound
from bot.hh.models import ChatMessages, Collections, Message, Negotiation, Page, Vacancy
from bot.services.poller import Poller
from storage import accounts, cards, users
from storage.accounts import Profile, Role, Tokens
from storage.crypto import TokenCipher
from storage.db import Storage
from tests.virtual_clock import VirtualClock

World = dict[str, Any]
"""Request line → hh.ru's JSON answer, or the HTTP status it answers with; a list: the answers to that request in
turn, the last one to every later ask."""


class HHAnswers:
    """hh.ru as a table of answers, for the calls a check makes (`poller.HHReads`). Every call is recorded as its
    request line; the answer is validated into the client's models as the client would."""

    def __init__(self) -> None:
        self.world: World = {}
        self.calls: list[str] = []

    def _answer(self, line: str) -> Any:
        self.calls.append(line)
        answer = self.world.get(line, 404)
        if isinstance(answer, list):
            answer = answer.pop(0) if len(answer) > 1 else answer[0]
        if isinstance(answer, int):
            error = {403: Forbidden, 404: NotFound}.get(answer, HHError)
            raise error(f"{line}: {answer}", status=answer)
        return answer

    async def active_vacancies(self, account_id: int, employer_id: str, page: int = 0) -> Page[Vacancy]:
        return Page[Vacancy].model_validate(self._answer(f"GET /employers/{employer_id}/vacancies/active?page={page}"))

    async def collections(self, account_id: int, vacancy_id: str) -> Collections:
        return Collections.model_validate(self._answer(f"GET /negotiations?vacancy_id={vacancy_id}"))

    async def collection_page(self, account_id: int, url: str, page: int = 0) -> Page[Negotiation]:
        return Page[Negotiation].model_validate(self._answer(f"GET {url}&page={page}"))

    async def applicant_negotiations(self, account_id: int, page: int = 0) -> Page[Negotiation]:
        return Page[Negotiation].model_validate(self._answer(f"GET /negotiations?page={page}"))

    async def negotiation(self, account_id: int, negotiation_id: str) -> Negotiation:
        return Negotiation.model_validate(self._answer(f"GET /negotiations/{negotiation_id}"))

    async def messages(self, account_id: int, negotiation_id: str, page: int = 0) -> Page[Message]:
        return Page[Message].model_validate(self._answer(f"GET /negotiations/{negotiation_id}/messages?page={page}"))

    async def chat_messages(self, account_id: int, chat_id: str, *, start_message_id: str | None = None,
                            order: str = "next", limit: int = CHAT_MESSAGES_LIMIT) -> ChatMessages:
        query = "" if order == "next" else f"?order={order}&limit={limit}"
        query += "" if start_message_id is None else f"?start_message_id={start_message_id}"
        with chat_errors():
            return ChatMessages.model_validate(self._answer(f"GET /common/chats/{chat_id}/messages{query}"))

    async def mark_chat_read(self, account_id: int, chat_id: str, message_id: str) -> None:
        with chat_errors():
            self._answer(f"PUT /common/chats/{chat_id}/message/{message_id}/read")


# --- what hh.ru answers -------------------------------------------------------------------------------------------

INVITE = {"id": "invitation", "name": "Пригласить", "url": "https://api.hh.ru/negotiations/invitation/x"}
HIDDEN = {"id": "discard_by_employer", "name": "Отказать", "url": "https://api.hh.ru/x", "hidden": True}


def page(*items: dict[str, Any], number: int = 0, pages: int = 1, per_page: int = 20) -> dict[str, Any]:
    return {"found": len(items), "pages": pages, "page": number, "per_page": per_page, "items": list(items)}


def vacancy(vacancy_id: str, responses: int, has_updates: bool = False) -> dict[str, Any]:
    return {"id": vacancy_id, "name": f"Вакансия {vacancy_id}", "has_updates": has_updates,
            "alternate_url": f"https://hh.ru/vacancy/{vacancy_id}", "counters": {"responses": responses}}


def collections(vacancy_id: str, **counters: tuple[int, int]) -> dict[str, Any]:
    """Collection id → (total, with_updates)."""
    return {"collections": [{"id": name, "name": name, "url": f"/negotiations/{name}?vacancy_id={vacancy_id}",
                             "counters": {"total": total, "with_updates": updates}}
                            for name, (total, updates) in counters.items()]}


def response(negotiation_id: str, messages: int = 1, has_updates: bool = False, chat: str | None = None,
             state: str = "response") -> dict[str, Any]:
    """A negotiation as an employer sees it."""
    return {"id": negotiation_id, "updated_at": f"2027-01-15T10:{messages:02d}:00+0300", "has_updates": has_updates,
            "state": {"id": state, "name": state}, "counters": {"messages": messages}, "chat_id": chat,
            "resume": {"first_name": "Иван", "last_name": negotiation_id, "alternate_url": "https://hh.ru/resume/r"},
            "actions": [INVITE, HIDDEN]}


def application(negotiation_id: str, messages: int = 1, state: str = "response") -> dict[str, Any]:
    """A negotiation as an applicant sees it."""
    second = {"response": 0, "invitation": 10, "discard": 20}[state]
    return {"id": negotiation_id, "updated_at": f"2027-01-15T10:{messages:02d}:{second:02d}+0300",
            "state": {"id": state, "name": state}, "counters": {"messages": messages}, "decline_allowed": True,
            "vacancy": {"id": "v9", "name": "Python", "employer": {"id": "e9", "name": "Рога и копыта"}}}


def message(message_id: str, author: str = "applicant", state: str | None = None,
            at: str | None = None) -> dict[str, Any]:
    return {"id": message_id, "text": f"Текст {message_id}", "author": {"participant_type": author},
            "state": {"id": state, "name": state} if state else None, "created_at": at}


def bare(world: World) -> World:
    """The same answers without the counters hh.ru's spec marks optional: negotiations' and collections' (a
    vacancy's are required)."""

    def strip(value: Any) -> Any:
        if isinstance(value, list):
            return [strip(item) for item in value]
        if not isinstance(value, dict):
            return value
        optional = "counters" in value and "responses" not in value["counters"]
        return {key: strip(item) for key, item in value.items() if not (optional and key == "counters")}

    return {line: strip(answer) for line, answer in world.items()}


def chat(*messages: tuple[str, str], has_more: bool = False) -> dict[str, Any]:
    """Chat messages as (id, role)."""
    return {"has_more": has_more, "messages": [
        {"id": message_id, "type": "SIMPLE", "sender_display_info": {"role": role},
         "payload": {"text": f"Текст {message_id}"}} for message_id, role in messages]}


VACANCIES = "GET /employers/e1/vacancies/active?page=0"


def collections_of(vacancy_id: str = "v1") -> str:
    return f"GET /negotiations?vacancy_id={vacancy_id}"


def collection(name: str = "response", vacancy_id: str = "v1", number: int = 0) -> str:
    return f"GET /negotiations/{name}?vacancy_id={vacancy_id}&page={number}"


def messages_of(negotiation_id: str, number: int = 0) -> str:
    return f"GET /negotiations/{negotiation_id}/messages?page={number}"


def chat_of(chat_id: str, after: str | None = None) -> str:
    return f"GET /common/chats/{chat_id}/messages" + (f"?start_message_id={after}" if after else "")


def newest_of(chat_id: str) -> str:
    return f"GET /common/chats/{chat_id}/messages?order=prev&limit=1"


def read(chat_id: str, message_id: str) -> str:
    return f"PUT /common/chats/{chat_id}/message/{message_id}/read"


def applicant_page(number: int = 0) -> str:
    return f"GET /negotiations?page={number}"


def employer(*negotiations: dict[str, Any], **more: Any) -> World:
    """One vacancy, v1, whose «response» collection holds `negotiations` on one page; `more`: further answers."""
    updates = sum(bool(item["has_updates"]) for item in negotiations)
    return {VACANCIES: page(vacancy("v1", len(negotiations), has_updates=updates > 0)),
            collections_of(): collections("v1", response=(len(negotiations), updates)),
            collection(): page(*negotiations), **more}


# --- the checks -------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Check:
    calls: list[str]
    pushes: list[str]
    """`negotiation:key` of each push queued, `summary` for the baseline's summary."""


PROFILES = {Role.EMPLOYER: Profile(Role.EMPLOYER, "u1", "Ольга", "e1", "Рога и копыта", "m1"),
            Role.APPLICANT: Profile(Role.APPLICANT, "u2", "Иван")}


def _link(db: Database, role: Role) -> int:
    users.upsert(db, 111, 111, "ru", now=1.0)
    cipher = TokenCipher(Fernet.generate_key())
    return accounts.link(db, cipher, 111, PROFILES[role], Tokens("a", "r", 9e9), now=1.0, first_check_at=1.0).id


def _pushes_after(db: Database, outbox_id: int) -> tuple[int, list[str]]:
    rows = db.execute("SELECT id, negotiation_id, hh_message_id FROM outbox WHERE id > ? ORDER BY id",
                      (outbox_id,)).fetchall()
    return max([outbox_id, *(row[0] for row in rows)]), [
        "summary" if negotiation is None else f"{negotiation}:{key}" for _, negotiation, key in rows]


async def checks(role: Role, *worlds: World) -> tuple[list[Check], Storage]:
    storage = Storage(":memory:")
    await storage.open()
    account_id = await storage.run(_link, role)
    hh = HHAnswers()
    poller = Poller(storage, hh, VirtualClock(), lambda: None)
    seen: list[Check] = []
    last_push = 0
    for world in worlds:
        hh.world = {line: list(answer) if isinstance(answer, list) else answer for line, answer in world.items()}
        hh.calls = []
        account = await storage.run(accounts.get, account_id)
        assert account is not None
        await poller.check(account, next_check_at=0.0)
        last_push, pushes = await storage.run(_pushes_after, last_push)
        seen.append(Check(hh.calls, pushes))
    return seen, storage


async def last_check(role: Role, *worlds: World) -> Check:
    seen, storage = await checks(role, *worlds)
    await storage.close()
    return seen[-1]


# --- employer ---------------------------------------------------------------------------------------------------

N1 = response("n1")
BASELINE = employer(N1)
NEW_RESPONSE = employer(response("n2", has_updates=True), N1, **{messages_of("n2"): page(message("m21"))})
TWO_VACANCIES = {VACANCIES: page(vacancy("v1", 1), vacancy("v2", 1)),
                 collections_of("v1"): collections("v1", response=(1, 0)), collection(): page(N1),
                 collections_of("v2"): collections("v2", response=(1, 0)), collection(vacancy_id="v2"): page(
                     response("n5"))}
TWO_PAGES = {VACANCIES: page(vacancy("v1", 2)), collections_of(): collections("v1", response=(2, 0)),
             collection(): page(N1, pages=2), collection(number=1): page(response("n3"), number=1, pages=2)}


def with_news_on(number: int) -> World:
    """Page `number` of two holds a new response."""
    first, second = (response("n4", has_updates=True), N1) if number == 0 else (N1, response("n4", has_updates=True))
    return {VACANCIES: page(vacancy("v1", 3, has_updates=True)),
            collections_of(): collections("v1", response=(3, 1)),
            collection(): page(first, pages=2), collection(number=1): page(second, response("n3"), number=1, pages=2),
            messages_of("n4"): page(message("m41"))}


BARE_NEW_MESSAGE = employer(response("n1", messages=2, has_updates=True), **{messages_of("n1"): page(
    message("m1", at="2027-01-15T10:00:30+0300"), message("m2", at="2027-01-15T10:01:30+0300"))})
"""n1's second message, written after the baseline saw it (updated 10:01)."""
BARE_UPDATED = {**BARE_NEW_MESSAGE, VACANCIES: page(vacancy("v1", 1, has_updates=True)),
                collection(): page(response("n1", messages=2))}
"""The same, with n1's own `has_updates` clear: its changed `updated_at` is the sign."""


NOW = "2027-01-15T11:00:00+0300"
"""The virtual clock's moment: what hh.ru dates this second."""
JUST_NOW = bare(employer({**response("n1"), "updated_at": NOW}, **{messages_of("n1"): page(message("m1", at=NOW))}))
"""n1 updated in the second the baseline looks: its `updated_at` cannot tell a message of that same second."""
SAME_SECOND = bare(employer({**response("n1", has_updates=True), "updated_at": NOW}, **{
    messages_of("n1"): page(message("m1", at=NOW), message("m2", at=NOW))}))


@pytest.mark.parametrize(("worlds", "calls"), [
    pytest.param([BASELINE, BASELINE], [VACANCIES], id="idle: the vacancies list, one call"),
    pytest.param([JUST_NOW], [VACANCIES, collections_of(), collection(), messages_of("n1")],
                 id="no counters: a negotiation updated this second is counted at the baseline"),
    pytest.param([bare(BASELINE), bare(BASELINE)], [VACANCIES], id="no counters, idle: still one call"),
    pytest.param([bare(TWO_PAGES), bare(with_news_on(0))],
                 [VACANCIES, collections_of(), collection(), messages_of("n4"), collection(number=1)],
                 id="no collection counters: every page"),
    pytest.param([bare(BASELINE), bare(BARE_UPDATED)],
                 [VACANCIES, collections_of(), collection(), messages_of("n1")],
                 id="no message counter: a changed updated_at reads the messages"),
    pytest.param([BASELINE], [VACANCIES, collections_of(), collection()], id="baseline: no messages read"),
    pytest.param([TWO_PAGES], [VACANCIES, collections_of(), collection(), collection(number=1)],
                 id="baseline: every page of a collection"),
    pytest.param([BASELINE, NEW_RESPONSE], [VACANCIES, collections_of(), collection(), messages_of("n2")],
                 id="changed counters: collections, the page, the new response's messages"),
    pytest.param([TWO_VACANCIES, {**TWO_VACANCIES, VACANCIES: page(vacancy("v1", 1), vacancy("v2", 2)),
                                  collections_of("v2"): collections("v2", response=(1, 0), phone=(1, 0)),
                                  collection("phone", "v2"): page(response("n6")),
                                  messages_of("n6"): page(message("m61"))}],
                 [VACANCIES, collections_of("v2"), collection("phone", "v2"), messages_of("n6")],
                 id="only the vacancy that changed, only its collection that changed"),
    pytest.param([BASELINE, employer(response("n1", messages=2, has_updates=True),
                                     **{messages_of("n1"): page(message("m1"), message("m2"))})],
                 [VACANCIES, collections_of(), collection(), messages_of("n1")],
                 id="has_updates alone opens the vacancy"),
    pytest.param([TWO_PAGES, with_news_on(0)], [VACANCIES, collections_of(), collection(), messages_of("n4")],
                 id="pages: stop once the news is found"),
    pytest.param([TWO_PAGES, with_news_on(1)],
                 [VACANCIES, collections_of(), collection(), collection(number=1), messages_of("n4")],
                 id="pages: on to the page with the news"),
    pytest.param([employer(response("n1", messages=21)), employer(
        response("n1", messages=23, has_updates=True),
        **{messages_of("n1", 1): page(*(message(f"m{n}") for n in range(21, 24)), number=1, pages=2)})],
        [VACANCIES, collections_of(), collection(), messages_of("n1", 1)],
        id="messages: only the pages holding new ones"),
])
async def test_the_calls_of_an_employers_check(worlds: list[World], calls: list[str]) -> None:
    assert (await last_check(Role.EMPLOYER, *worlds)).calls == calls


@pytest.mark.parametrize(("worlds", "pushes"), [
    pytest.param([BASELINE], ["summary"], id="baseline: the summary only"),
    pytest.param([BASELINE, BASELINE], [], id="idle: nothing"),
    pytest.param([BASELINE, NEW_RESPONSE], ["n2:m21"], id="a new response under its cover letter's id"),
    pytest.param([BASELINE, employer(response("n2", messages=0, has_updates=True), N1,
                                     **{messages_of("n2"): page()})], ["n2:card"],
                 id="a new response without a cover letter"),
    pytest.param([BASELINE, employer(response("n1", messages=4, has_updates=True), **{messages_of("n1"): page(
        message("m1"), message("m2"), message("m3", author="employer"), message("m4"))})], ["n1:m2", "n1:m4"],
        id="new messages: the applicant's, not the employer's own"),
    pytest.param([BASELINE, NEW_RESPONSE, NEW_RESPONSE], [], id="nothing twice"),
    pytest.param([bare(BASELINE), bare(NEW_RESPONSE)], ["n2:m21"], id="no counters: a new response"),
    pytest.param([bare(BASELINE), bare(BARE_NEW_MESSAGE)], ["n1:m2"],
                 id="no counters: only the message written after the baseline"),
    pytest.param([bare(BASELINE), bare(BARE_NEW_MESSAGE), bare(BARE_NEW_MESSAGE)], [],
                 id="no counters: nothing twice"),
    pytest.param([bare(TWO_PAGES), bare(with_news_on(1))], ["n4:m41"], id="no counters: news on a later page"),
    pytest.param([JUST_NOW, SAME_SECOND], ["n1:m2"], id="no counters: a message of the baseline's own second"),
])
async def test_the_pushes_of_an_employers_check(worlds: list[World], pushes: list[str]) -> None:
    assert (await last_check(Role.EMPLOYER, *worlds)).pushes == pushes


# --- applicant --------------------------------------------------------------------------------------------------

A1 = application("a1")
APPLICANT_BASELINE = {applicant_page(): page(A1, application("a2"))}
INVITED = {applicant_page(): page(application("a1", messages=2, state="invitation"), application("a2")),
           messages_of("a1"): page(message("m1"), message("m2", author="employer", state="invitation"))}
RESPONDED = {applicant_page(): page(application("a3"), A1, application("a2")), messages_of("a3"): page(message("m1"))}
"""The applicant responded on hh.ru's site: a new negotiation holding only their cover letter."""


@pytest.mark.parametrize(("worlds", "calls"), [
    pytest.param([APPLICANT_BASELINE], [applicant_page()], id="baseline: the list only"),
    pytest.param([APPLICANT_BASELINE, APPLICANT_BASELINE], [applicant_page()], id="idle: one call"),
    pytest.param([APPLICANT_BASELINE, {applicant_page(): page(A1, number=0, pages=3)}], [applicant_page()],
                 id="idle: one call however many pages"),
    pytest.param([APPLICANT_BASELINE, INVITED], [applicant_page(), messages_of("a1")],
                 id="new messages: the list, then the negotiation's messages"),
    pytest.param([APPLICANT_BASELINE, {applicant_page(): page(application("a1", state="discard"), application("a2"))}],
                 [applicant_page()], id="a new state alone: no messages read"),
    pytest.param([APPLICANT_BASELINE, {applicant_page(): page(application("a3"), pages=2),
                                       applicant_page(1): page(A1, number=1, pages=2),
                                       messages_of("a3"): page(message("m1"))}],
                 [applicant_page(), messages_of("a3"), applicant_page(1)],
                 id="on to the next page until a negotiation seen before"),
    pytest.param([bare(APPLICANT_BASELINE), bare(INVITED)], [applicant_page(), messages_of("a1")],
                 id="no counters: a changed negotiation's messages"),
])
async def test_the_calls_of_an_applicants_check(worlds: list[World], calls: list[str]) -> None:
    assert (await last_check(Role.APPLICANT, *worlds)).calls == calls


@pytest.mark.parametrize(("worlds", "pushes"), [
    pytest.param([APPLICANT_BASELINE], ["summary"], id="baseline: the summary only"),
    pytest.param([APPLICANT_BASELINE, APPLICANT_BASELINE], [], id="idle: nothing"),
    pytest.param([APPLICANT_BASELINE, INVITED], ["a1:m2"], id="the employer's message, not the applicant's own"),
    pytest.param([APPLICANT_BASELINE, {applicant_page(): page(application("a1", state="discard"), application("a2"))}],
                 ["a1:state:discard:2027-01-15T10:01:20+0300"], id="a new state without a message"),
    pytest.param([APPLICANT_BASELINE, INVITED, INVITED], [], id="nothing twice"),
    pytest.param([APPLICANT_BASELINE, RESPONDED], ["a3:responded"], id="the applicant's own response, once"),
    pytest.param([APPLICANT_BASELINE, RESPONDED, RESPONDED], [], id="the applicant's own response, not twice"),
    pytest.param([APPLICANT_BASELINE, {applicant_page(): page(application("a3", state="invitation", messages=2), A1),
                                       messages_of("a3"): page(message("m1", author="employer", state="invitation"),
                                                               message("m2"))}],
                 ["a3:m1"], id="invited without a response: the invitation, not a response"),
    pytest.param([bare(APPLICANT_BASELINE), bare(INVITED)], ["a1:m2"], id="no counters: the message, not a bare state"),
])
async def test_the_pushes_of_an_applicants_check(worlds: list[World], pushes: list[str]) -> None:
    assert (await last_check(Role.APPLICANT, *worlds)).pushes == pushes


# --- chats ------------------------------------------------------------------------------------------------------

IN_CHAT = response("n2", has_updates=True, chat="c2")
IN_CHAT_LATER = response("n2", messages=2, has_updates=True, chat="c2")
CHAT_RESPONSE = employer(IN_CHAT, N1, **{chat_of("c2"): chat(("101", "APPLICANT")), read("c2", "101"): {}})
CHAT_MESSAGE = employer(IN_CHAT_LATER, N1, **{
    chat_of("c2", after="101"): chat(("101", "APPLICANT"), ("102", "APPLICANT")), read("c2", "102"): {}})
REFUSED = employer(IN_CHAT, N1, **{chat_of("c2"): 404, messages_of("n2"): page(message("m21"))})
REFUSED_LATER = employer(IN_CHAT_LATER, N1, **{messages_of("n2"): page(message("m21"), message("m22"))})
JOINING = employer(response("n1", messages=2, has_updates=True, chat="c1"), **{
    newest_of("c1"): chat(("201", "APPLICANT")), messages_of("n1"): page(message("m1"), message("m2"))})
JOINED = employer(response("n1", messages=3, has_updates=True, chat="c1"), **{
    chat_of("c1", after="201"): chat(("202", "APPLICANT")), read("c1", "202"): {}})
MOVED_ON = {**JOINING, newest_of("c1"): [chat(("201", "APPLICANT")), chat(("202", "APPLICANT"))]}
"""The chat gets a message while the legacy news is read."""
JOINING_AGAIN = employer(response("n1", messages=3, has_updates=True, chat="c1"), **{
    newest_of("c1"): chat(("202", "APPLICANT")), messages_of("n1"): page(message("m1"), message("m2"), message("m3"))})


@pytest.mark.parametrize(("worlds", "calls"), [
    pytest.param([BASELINE, CHAT_RESPONSE], [VACANCIES, collections_of(), collection(), chat_of("c2"),
                                             read("c2", "101")],
                 id="a new response: its chat from the first message, then marked read"),
    pytest.param([BASELINE, CHAT_RESPONSE, CHAT_MESSAGE],
                 [VACANCIES, collections_of(), collection(), chat_of("c2", after="101"), read("c2", "102")],
                 id="then from the watermark"),
    pytest.param([BASELINE, REFUSED], [VACANCIES, collections_of(), collection(), chat_of("c2"), messages_of("n2")],
                 id="a chat hh.ru refuses: the legacy messages"),
    pytest.param([BASELINE, REFUSED, REFUSED_LATER], [VACANCIES, collections_of(), collection(), messages_of("n2")],
                 id="and the legacy messages from then on"),
    pytest.param([BASELINE, JOINING],
                 [VACANCIES, collections_of(), collection(), newest_of("c1"), messages_of("n1"), newest_of("c1")],
                 id="a known negotiation joins its chat: legacy news between two looks at its newest message"),
    pytest.param([BASELINE, JOINING, JOINED],
                 [VACANCIES, collections_of(), collection(), chat_of("c1", after="201"), read("c1", "202")],
                 id="and is read in its chat from then on"),
    pytest.param([BASELINE, MOVED_ON, JOINING_AGAIN],
                 [VACANCIES, collections_of(), collection(), newest_of("c1"), messages_of("n1"), newest_of("c1")],
                 id="a chat that moved on meanwhile is joined at a later check"),
])
async def test_the_calls_of_a_check_with_chats(worlds: list[World], calls: list[str]) -> None:
    assert (await last_check(Role.EMPLOYER, *worlds)).calls == calls


@pytest.mark.parametrize(("worlds", "pushes"), [
    pytest.param([BASELINE, CHAT_RESPONSE], ["n2:101"], id="a new response: the chat's first message"),
    pytest.param([BASELINE, CHAT_RESPONSE, CHAT_MESSAGE], ["n2:102"], id="then what follows the watermark"),
    pytest.param([BASELINE, REFUSED, REFUSED_LATER], ["n2:m22"], id="legacy: by the message count"),
    pytest.param([BASELINE, JOINING], ["n1:m2"], id="joining: the news read the legacy way"),
    pytest.param([BASELINE, JOINING, JOINED], ["n1:202"], id="joined: the chat's news, nothing twice"),
    pytest.param([BASELINE, MOVED_ON, JOINING_AGAIN], ["n1:m3"], id="not joined yet: still by the message count"),
])
async def test_the_pushes_of_a_check_with_chats(worlds: list[World], pushes: list[str]) -> None:
    assert (await last_check(Role.EMPLOYER, *worlds)).pushes == pushes


# --- cards ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("role", "worlds", "made"), [
    pytest.param(Role.EMPLOYER, [BASELINE, NEW_RESPONSE], [("n2", "n2 Иван", ("invitation",), False)],
                 id="a response: its visible actions"),
    pytest.param(Role.EMPLOYER, [BASELINE, employer(response("n1", messages=2, has_updates=True),
                                                    **{messages_of("n1"): page(message("m1"), message("m2"))})],
                 [("n1", "n1 Иван", (), False)], id="an applicant's message: no actions"),
    pytest.param(Role.APPLICANT, [APPLICANT_BASELINE, INVITED], [("a1", "Рога и копыта", (), True)],
                 id="an employer's message: the company, and declining"),
    pytest.param(Role.EMPLOYER, [BASELINE], [], id="a summary: none"),
])
async def test_the_cards_behind_the_pushes(role: Role, worlds: list[World],
                                           made: list[tuple[str, str, tuple[str, ...], bool]]) -> None:
    _, storage = await checks(role, *worlds)
    try:
        found = await storage.run(_cards)
    finally:
        await storage.close()
    assert [(card.negotiation_id, card.title, tuple(action.id for action in card.actions), card.decline_allowed)
            for card in found] == made


def _cards(db: Database) -> list[cards.Card]:
    found = [cards.get(db, row[0]) for row in db.execute("SELECT id FROM cards ORDER BY id").fetchall()]
    return [card for card in found if card is not None]
