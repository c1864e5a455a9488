"""Which vacancies and negotiations the calling user may see (others are hh.ru's 404)."""

from __future__ import annotations

from .errors import not_found
from .records import NegotiationRecord, UserRecord, VacancyRecord
from .state import World


def owned_vacancy(world: World, user: UserRecord, vacancy_id: str) -> VacancyRecord:
    vacancy = world.vacancies.get(vacancy_id)
    if vacancy is None or vacancy.employer_id != user.employer_id:
        raise not_found("Vacancy not found or not available to the current user")
    return vacancy


def negotiation_for(world: World, user: UserRecord, negotiation_id: str) -> NegotiationRecord:
    """The negotiation if the caller is its applicant or its vacancy's employer."""
    negotiation = world.negotiations.get(negotiation_id)
    if negotiation is not None:
        if user.kind == "applicant" and negotiation.applicant_id == user.id:
            return negotiation
        employer_id = world.vacancy_of(negotiation).employer_id
        if user.kind == "employer" and employer_id == user.employer_id:
            return negotiation
    raise not_found("Negotiation not found or not available to the current user")
