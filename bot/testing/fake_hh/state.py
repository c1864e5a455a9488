"""The fake's world: users, employers, resumes, vacancies, negotiations and their messages."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, TypeVar

from .clock import FakeClock
from .errors import negotiations_error
from .records import (
    ChatBook,
    ChatRecord,
    EmployerRecord,
    FileGate,
    ManagerAccountRecord,
    MessageRecord,
    NegotiationRecord,
    ResumeRecord,
    Side,
    UserRecord,
    VacancyRecord,
)
from .settings import Settings
from .workflow import Workflow

_T = TypeVar("_T")

_FIRST_IDS = {
    "user": 10_000_001,
    "employer": 1_000_001,
    "manager": 5_000_001,
    "vacancy": 90_000_001,
    "negotiation": 4_000_000_001,
    "message": 7_000_000_001,
    "address": 300_001,
    "resume": 1,
    "resume_number": 400_000_001,
    "manager_account": 20_000_001,
    "chat": 60_000_001,
    "chat_message": 9_100_000_000_001,
}


@dataclass(frozen=True)
class WorldEvent:
    """Something hh.ru tells webhook subscribers about: a new response, a stage change, a new message."""

    kind: Literal["response", "stage", "message"]
    negotiation: NegotiationRecord
    message: MessageRecord | None = None
    from_state: str | None = None


class UnknownObjectError(LookupError):
    """A test named a user, vacancy, negotiation... that the fake does not have."""


class IdSource:
    """Deterministic, hh-looking ids: numeric strings, and 38 hex digits for resumes."""

    def __init__(self) -> None:
        self._next = dict(_FIRST_IDS)

    def next(self, kind: str) -> str:
        number = self._next[kind]
        self._next[kind] = number + 1
        if kind == "resume":
            return hashlib.sha1(f"fake-hh-resume-{number}".encode()).hexdigest()[:38]
        return str(number)


class World:
    def __init__(self, clock: FakeClock, settings: Settings) -> None:
        self.clock = clock
        self.settings = settings
        self.employers: dict[str, EmployerRecord] = {}
        self.users: dict[str, UserRecord] = {}
        self.resumes: dict[str, ResumeRecord] = {}
        self.vacancies: dict[str, VacancyRecord] = {}
        self.negotiations: dict[str, NegotiationRecord] = {}
        self.addresses: dict[str, str] = {}
        self.applicant_api_denied = False
        self.captcha_users: set[str] = set()
        self.captcha_states: dict[str, str] = {}  # the state of a captcha link -> the user it was issued to
        self.consent_user: str | None = None
        self.consent_allow = True
        self.sign_in_choice: Callable[[str | None], str | None] | None = None  # the sign-in form's state -> user
        self.chat_book = ChatBook()
        self.file_gates: list[FileGate] = []  # resume files a test holds (`FakeHH.hold_resume_files`)
        self.manager_accounts: dict[str, ManagerAccountRecord] = {}
        self._manager_users: dict[str, str] = {}  # manager id -> the user acting as that manager
        self._user_accounts: dict[str, list[ManagerAccountRecord]] = {}  # user id -> work accounts, primary first
        self._ids = IdSource()
        self._change_seq = 0
        self.observers: list[Callable[[WorldEvent], None]] = []  # told of responses, stage changes, messages
        self._employer_states: dict[str, str] = {}

    def emit(self, event: WorldEvent) -> None:
        for observer in self.observers:
            observer(event)

    def now(self) -> float:
        return self.clock.now()

    def touch(self, negotiation: NegotiationRecord) -> None:
        self._change_seq += 1
        negotiation.updated_at = self.now()
        negotiation.change_seq = self._change_seq
        previous = self._employer_states.get(negotiation.id)
        self._employer_states[negotiation.id] = negotiation.employer_state
        if previous is not None and previous != negotiation.employer_state:
            self.emit(WorldEvent("stage", negotiation, from_state=previous))

    # --- creation -------------------------------------------------------------------------

    def create_employer_user(
        self,
        first_name: str,
        last_name: str,
        middle_name: str | None,
        company: str,
        paid_api: bool,
        employer_id: str | None = None,
    ) -> UserRecord:
        if employer_id is None:
            employer = EmployerRecord(self._ids.next("employer"), company, paid_api)
            self.employers[employer.id] = employer
        else:
            employer = self.employer(employer_id)
        user_id = self._ids.next("user")
        user = UserRecord(
            id=user_id,
            kind="employer",
            first_name=first_name,
            last_name=last_name,
            middle_name=middle_name,
            email=f"manager{user_id}@example.com",
            employer_id=employer.id,
            manager_id=self._ids.next("manager"),
        )
        self.users[user.id] = user
        self.create_manager_account(user, employer, primary=True, manager_id=user.manager_id)
        return user

    def create_employer(self, name: str, paid_api: bool) -> EmployerRecord:
        employer = EmployerRecord(self._ids.next("employer"), name, paid_api)
        self.employers[employer.id] = employer
        return employer

    def create_manager_account(
        self, user: UserRecord, employer: EmployerRecord, *, primary: bool = False, manager_id: str | None = None
    ) -> ManagerAccountRecord:
        account = ManagerAccountRecord(
            id=self._ids.next("manager_account"),
            user_id=user.id,
            employer_id=employer.id,
            manager_id=manager_id or self._ids.next("manager"),
            primary=primary,
        )
        self.manager_accounts[account.id] = account
        self._manager_users[account.manager_id] = user.id
        self._user_accounts.setdefault(user.id, []).append(account)
        return account

    def accounts_of(self, user_id: str) -> list[ManagerAccountRecord]:
        """The user's work accounts, primary first, blocked ones included."""
        return list(self._user_accounts.get(user_id, ()))

    def create_applicant_user(
        self,
        first_name: str,
        last_name: str,
        middle_name: str | None,
        age: int | None,
        city: str,
        resume_title: str,
        salary: tuple[int, str] | None,
        experience_months: int,
    ) -> UserRecord:
        user_id = self._ids.next("user")
        resume = ResumeRecord(
            id=self._ids.next("resume"),
            real_id=self._ids.next("resume_number"),
            owner_id=user_id,
            title=resume_title,
            age=age,
            city=city,
            salary=salary,
            experience_months=experience_months,
            created_at=self.now(),
        )
        user = UserRecord(
            id=user_id,
            kind="applicant",
            first_name=first_name,
            last_name=last_name,
            middle_name=middle_name,
            email=f"applicant{user_id}@example.com",
            resume_id=resume.id,
        )
        self.resumes[resume.id] = resume
        self.users[user.id] = user
        return user

    def create_vacancy(self, manager: UserRecord, name: str, city: str, workflow: Workflow) -> VacancyRecord:
        if manager.employer_id is None or manager.manager_id is None:
            raise UnknownObjectError(f"user {manager.id} is not an employer's manager")
        vacancy = VacancyRecord(
            id=self._ids.next("vacancy"),
            employer_id=manager.employer_id,
            manager_id=manager.manager_id,
            name=name,
            city=city,
            workflow=workflow,
            created_at=self.now(),
        )
        self.vacancies[vacancy.id] = vacancy
        return vacancy

    def create_response(
        self, vacancy: VacancyRecord, resume: ResumeRecord, cover_letter: str | None
    ) -> NegotiationRecord:
        if vacancy.archived:
            raise negotiations_error("invalid_vacancy")
        if resume.hidden:
            raise negotiations_error("resume_not_found")
        if any(n.vacancy_id == vacancy.id and n.resume_id == resume.id for n in self.negotiations.values()):
            raise negotiations_error("already_applied")
        workflow = vacancy.workflow
        now = self.now()
        negotiation = NegotiationRecord(
            id=self._ids.next("negotiation"),
            vacancy_id=vacancy.id,
            resume_id=resume.id,
            applicant_id=resume.owner_id,
            created_at=now,
            updated_at=now,
            change_seq=0,
            collection=workflow.collection_of(workflow.initial_state),
            employer_state=workflow.initial_state,
        )
        self.negotiations[negotiation.id] = negotiation
        if self.chat_book.for_new_responses:
            self.open_chat(negotiation)
        self.append_message(negotiation, "applicant", cover_letter, "response")
        self.emit(WorldEvent("response", negotiation))
        return negotiation

    def open_chat(self, negotiation: NegotiationRecord) -> ChatRecord:
        """Gives the negotiation a chat (Chats API), not ready for `chat_book.ready_delay` seconds."""
        if negotiation.chat is None:
            now = self.now()
            negotiation.chat = ChatRecord(self._ids.next("chat"), negotiation.id, now, now + self.chat_book.ready_delay)
            self.chat_book.chats[negotiation.chat.id] = negotiation.id
        return negotiation.chat

    def next_chat_message_id(self) -> str:
        if self.chat_book.message_ids == "shrinking":
            return str(10**18 - int(self._ids.next("chat_message")))
        return self._ids.next("chat_message")

    def create_address(self, employer_id: str) -> str:
        address_id = self._ids.next("address")
        self.addresses[address_id] = employer_id
        self.employer(employer_id).address_ids.add(address_id)
        return address_id

    def append_message(
        self, negotiation: NegotiationRecord, author: Side, text: str | None, state: str
    ) -> MessageRecord:
        message = MessageRecord(
            id=self._ids.next("message"),
            author=author,
            text=text,
            state=state,
            created_at=self.now(),
            viewed_by_employer=author == "employer",
            viewed_by_applicant=author == "applicant",
        )
        negotiation.messages.append(message)
        self.touch(negotiation)
        self.emit(WorldEvent("message", negotiation, message=message))
        return message

    # --- lookups --------------------------------------------------------------------------

    def user(self, user_id: str) -> UserRecord:
        return _lookup(self.users, user_id, "user")

    def employer(self, employer_id: str) -> EmployerRecord:
        return _lookup(self.employers, employer_id, "employer")

    def resume(self, resume_id: str) -> ResumeRecord:
        return _lookup(self.resumes, resume_id, "resume")

    def vacancy(self, vacancy_id: str) -> VacancyRecord:
        return _lookup(self.vacancies, vacancy_id, "vacancy")

    def negotiation(self, negotiation_id: str) -> NegotiationRecord:
        return _lookup(self.negotiations, negotiation_id, "negotiation")

    def vacancy_of(self, negotiation: NegotiationRecord) -> VacancyRecord:
        return self.vacancies[negotiation.vacancy_id]

    def resume_of(self, negotiation: NegotiationRecord) -> ResumeRecord:
        return self.resumes[negotiation.resume_id]

    def applicant_of(self, negotiation: NegotiationRecord) -> UserRecord:
        return self.users[negotiation.applicant_id]

    def negotiations_of_vacancy(self, vacancy_id: str) -> list[NegotiationRecord]:
        return [n for n in self.negotiations.values() if n.vacancy_id == vacancy_id]

    def negotiations_of_applicant(self, user_id: str) -> list[NegotiationRecord]:
        return [n for n in self.negotiations.values() if n.applicant_id == user_id]

    def manager_of_vacancy(self, vacancy: VacancyRecord) -> UserRecord:
        return self.users[self._manager_users[vacancy.manager_id]]


def _lookup(table: dict[str, _T], key: str, kind: str) -> _T:
    try:
        return table[key]
    except KeyError:
        raise UnknownObjectError(f"the fake hh.ru has no {kind} {key!r}") from None
