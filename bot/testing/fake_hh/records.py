"""The fake's internal, mutable model of hh.ru's data."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Literal

from .workflow import Workflow

Side = Literal["employer", "applicant"]


@dataclass
class EmployerRecord:
    id: str
    name: str
    paid_api: bool
    paid_services: bool = True
    invitation_limit: int | None = None
    invitation_times: list[float] = field(default_factory=list)
    address_ids: set[str] = field(default_factory=set)


@dataclass
class UserRecord:
    id: str
    kind: Side
    first_name: str
    last_name: str
    middle_name: str | None
    email: str
    employer_id: str | None = None
    manager_id: str | None = None
    resume_id: str | None = None


@dataclass
class FileSpec:
    """How hh.ru answers for a resume's file: padded to `size` bytes, a page instead of a PDF (`not_pdf`), or without
    `Content-Length` (`chunked`)."""

    size: int | None = None
    not_pdf: bool = False
    chunked: bool = False


@dataclass
class FileGate:
    """Holds the next resume file until `release()`; `reached` is set once a request is being held."""

    reached: asyncio.Event = field(default_factory=asyncio.Event)
    opened: asyncio.Event = field(default_factory=asyncio.Event)
    taken: bool = False

    def release(self) -> None:
        self.opened.set()


@dataclass
class ResumeRecord:
    id: str
    real_id: str  # hh.ru's number of the resume, beside its 38-character id
    owner_id: str
    title: str
    age: int | None
    city: str
    salary: tuple[int, str] | None
    experience_months: int
    created_at: float
    hidden: bool = False
    file: FileSpec = field(default_factory=FileSpec)


@dataclass
class VacancyRecord:
    id: str
    employer_id: str
    manager_id: str
    name: str
    city: str
    workflow: Workflow
    created_at: float
    archived: bool = False


@dataclass
class MessageRecord:
    id: str
    author: Side
    text: str | None
    state: str
    created_at: float
    viewed_by_employer: bool
    viewed_by_applicant: bool

    def viewed_by(self, side: Side) -> bool:
        return self.viewed_by_employer if side == "employer" else self.viewed_by_applicant

    def mark_viewed_by(self, side: Side) -> None:
        if side == "employer":
            self.viewed_by_employer = True
        else:
            self.viewed_by_applicant = True


@dataclass
class NegotiationRecord:
    id: str
    vacancy_id: str
    resume_id: str
    applicant_id: str
    created_at: float
    updated_at: float
    change_seq: int
    collection: str
    employer_state: str
    applicant_state: str = "response"
    ever_invited: bool = False
    hidden: bool = False
    has_updates_employer: bool = True
    has_updates_applicant: bool = False
    viewed_by_employer: bool = False
    messages: list[MessageRecord] = field(default_factory=list)
    messaging_override: str | None = None
    action_enabled_overrides: dict[str, bool] = field(default_factory=dict)
    overall_limit: int | None = None
    chat: ChatRecord | None = None

    def has_updates_for(self, side: Side) -> bool:
        return self.has_updates_employer if side == "employer" else self.has_updates_applicant

    def set_has_updates(self, side: Side, value: bool) -> None:
        if side == "employer":
            self.has_updates_employer = value
        else:
            self.has_updates_applicant = value

    def unread_for(self, side: Side) -> int:
        return sum(1 for m in self.messages if m.author != side and not m.viewed_by(side))


@dataclass
class ChatEntryRecord:
    """One message of a chat: a negotiation message, or one of hh.ru's own (`PARTICIPANT_JOINED`, ...)."""

    id: str
    type: str
    created_at: float
    side: Side
    message: MessageRecord | None = None


@dataclass
class ChatRecord:
    """A negotiation's chat (Chats API). Its entries follow the negotiation's messages under their own ids."""

    id: str
    negotiation_id: str
    created_at: float
    ready_at: float
    entries: list[ChatEntryRecord] = field(default_factory=list)
    synced: int = 0  # how many of the negotiation's messages have an entry
    write_block: str | None = None  # write_message_state.reason; None: writing allowed


ChatMessageIds = Literal["growing", "shrinking"]
KeyReuse = Literal["conflict", "bad_request"]


@dataclass
class ChatBook:
    """The fake's Chats API settings and memory."""

    for_new_responses: bool = False
    ready_delay: float = 0.0
    chats: dict[str, str] = field(default_factory=dict)  # chat id → negotiation id
    used_keys: dict[str, set[str]] = field(default_factory=dict)  # user id → idempotency keys it sent
    refusal_status: int | None = None  # every chat method answers this (404 or 405)
    refusal_method: str | None = None
    lost_answers: int = 0  # the next posts are done, but their answer never arrives
    unavailable_after_lost: int = 0  # and then this many posts of that chat answer 503
    after_next_read: dict[str, list[tuple[Side, str]]] = field(default_factory=dict)  # chat id → messages to add
    message_ids: ChatMessageIds = "growing"
    """`shrinking`: each chat message's id is a smaller number than the one before, and a read from
    `start_message_id` does not list that message itself (nothing hh.ru documents promises either)."""
    key_reuse: KeyReuse = "conflict"
    """What a post with a key used before gets: 409 (third parties report it), or 400 `bad_argument`."""


@dataclass
class ManagerAccountRecord:
    """A manager's work account: the person acts for `employer_id` as manager `manager_id`. Every employer
    user has a primary one; a blocked account is one the user lost access to."""

    id: str
    user_id: str
    employer_id: str
    manager_id: str
    primary: bool
    blocked: bool = False


def other_side(side: Side) -> Side:
    return "applicant" if side == "employer" else "employer"
