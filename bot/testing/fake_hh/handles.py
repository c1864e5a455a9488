"""Small public dataclasses the fake hands to tests (all ids are strings, as on hh.ru)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EmployerUser:
    user_id: str
    employer_id: str
    manager_id: str
    company: str


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
