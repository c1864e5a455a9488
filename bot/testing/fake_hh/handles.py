"""Small public dataclasses the fake hands to tests (all ids are strings, as on hh.ru)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ManagerAccount:
    """A work account: user `user_id` acting for `employer_id` (`company`) as manager `manager_id`. `blocked`
    is as it was when this snapshot was taken."""

    account_id: str
    user_id: str
    employer_id: str
    manager_id: str
    company: str
    primary: bool
    blocked: bool = False


@dataclass(frozen=True)
class EmployerUser:
    """`employer_id`, `manager_id` and `company` are the primary work account's; `accounts` are all the
    user's work accounts when the user was created, primary first."""

    user_id: str
    employer_id: str
    manager_id: str
    company: str
    account_id: str = ""
    accounts: tuple[ManagerAccount, ...] = ()


@dataclass(frozen=True)
class ApplicantUser:
    user_id: str
    resume_id: str


@dataclass(frozen=True)
class Vacancy:
    vacancy_id: str


@dataclass(frozen=True)
class Negotiation:
    negotiation_id: str


@dataclass(frozen=True)
class TokenInfo:
    access_token: str
    refresh_token: str
    expires_at: float
    refreshed: bool
    invalidated: bool
    revoked: bool
    deactivated: bool


@dataclass(frozen=True)
class MessageView:
    id: str
    author: str
    text: str | None
    state: str
    viewed_by_employer: bool
    viewed_by_applicant: bool


@dataclass(frozen=True)
class NegotiationView:
    negotiation_id: str
    state: str
    employer_state: str
    collection: str
    has_updates_employer: bool
    has_updates_applicant: bool
    hidden: bool
    messaging_status: str
    updated_at: float
    messages: tuple[MessageView, ...]
    vacancy_id: str
