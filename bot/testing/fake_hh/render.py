"""State → hh.ru JSON for users, employers, areas and vacancies (resumes: render_resumes)."""

from __future__ import annotations

import zlib
from typing import Any

from .clock import format_hh_datetime
from .context import Links
from .records import EmployerRecord, UserRecord, VacancyRecord
from .state import World

_AREA_IDS = {
    "Москва": "1",
    "Санкт-Петербург": "2",
    "Екатеринбург": "3",
    "Новосибирск": "4",
    "Нижний Новгород": "66",
    "Казань": "88",
}
_VACANCY_LIFETIME = 30 * 24 * 3600


def area_json(links: Links, city: str) -> dict[str, Any]:
    area_id = _AREA_IDS.get(city) or str(10_000 + zlib.crc32(city.encode()) % 10_000)
    return {"id": area_id, "name": city, "url": f"{links.api}/areas/{area_id}"}


def employer_json(links: Links, employer: EmployerRecord) -> dict[str, Any]:
    return {
        "id": employer.id,
        "name": employer.name,
        "url": f"{links.api}/employers/{employer.id}",
        "alternate_url": f"{links.site}/employer/{employer.id}",
        "vacancies_url": f"{links.api}/vacancies?employer_id={employer.id}",
        "logo_urls": None,
        "trusted": True,
        "accredited_it_employer": False,
    }


def vacancy_short_json(links: Links, world: World, vacancy: VacancyRecord) -> dict[str, Any]:
    """The vacancy in a negotiation."""
    body = _vacancy_json(links, world, vacancy)
    body.update({"professional_roles": [], "insider_interview": None})
    return body


def _vacancy_json(links: Links, world: World, vacancy: VacancyRecord) -> dict[str, Any]:
    created = format_hh_datetime(vacancy.created_at)
    return {
        "id": vacancy.id,
        "name": vacancy.name,
        "url": f"{links.api}/vacancies/{vacancy.id}",
        "alternate_url": f"{links.site}/vacancy/{vacancy.id}",
        "apply_alternate_url": f"{links.site}/applicant/vacancy_response?vacancyId={vacancy.id}",
        "area": area_json(links, vacancy.city),
        "employer": employer_json(links, world.employer(vacancy.employer_id)),
        "archived": vacancy.archived,
        "created_at": created,
        "published_at": created,
        "premium": False,
        "response_letter_required": False,
        "salary": None,
        "salary_range": None,
        "type": {"id": "open", "name": "Открытая"},
        "has_test": False,
        "department": None,
        "address": None,
        "show_contacts": False,
        "response_url": None,
    }


def vacancy_counters(world: World, vacancy: VacancyRecord) -> dict[str, int]:
    """The vacancy's `counters` in the active vacancies list."""
    negotiations = world.negotiations_of_vacancy(vacancy.id)
    initial = vacancy.workflow.initial_state
    return {
        "responses": len(negotiations),
        "unread_responses": sum(1 for n in negotiations if not n.viewed_by_employer),
        "invitations": sum(1 for n in negotiations if n.ever_invited),
        "invitations_and_responses": len(negotiations),
        "views": 0,
        "resumes_in_progress": sum(
            1 for n in negotiations if n.employer_state != initial and n.applicant_state != "discard"
        ),
        "calls": 0,
        "new_missed_calls": 0,
    }


def vacancy_active_json(links: Links, world: World, vacancy: VacancyRecord) -> dict[str, Any]:
    negotiations = world.negotiations_of_vacancy(vacancy.id)
    manager = world.manager_of_vacancy(vacancy)
    body = _vacancy_json(links, world, vacancy)
    body.update(
        {
            "manager": {
                "id": vacancy.manager_id,
                "first_name": manager.first_name,
                "last_name": manager.last_name,
                "middle_name": manager.middle_name,
            },
            "has_updates": any(n.has_updates_employer for n in negotiations),
            "counters": vacancy_counters(world, vacancy),
            "expires_at": format_hh_datetime(vacancy.created_at + _VACANCY_LIFETIME),
            "billing_type": {"id": "standard", "name": "Стандарт"},
            "can_upgrade_billing_type": False,
            "closed_for_applicants": False,
            "relations": [],
        }
    )
    return body


def me_json(links: Links, world: World, user: UserRecord) -> dict[str, Any]:
    body: dict[str, Any] = {
        "auth_type": user.kind,
        "is_employer": user.kind == "employer",
        "is_applicant": user.kind == "applicant",
        "is_admin": False,
        "is_application": False,
        "is_employer_integration": False,
        "id": user.id,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "middle_name": user.middle_name,
        "email": user.email,
        "phone": None,
    }
    if user.kind == "employer" and user.employer_id is not None:
        employer = world.employer(user.employer_id)
        body["employer"] = {"id": employer.id, "name": employer.name, "manager_id": user.manager_id}
        body["manager"] = {
            "id": user.manager_id,
            "has_admin_rights": True,
            "has_multiple_manager_accounts": len(world.accounts_of(user.id)) > 1,
            "is_main_contact_person": True,
            "manager_settings_url": (f"{links.api}/employers/{employer.id}/managers/{user.manager_id}/settings"),
        }
        return body
    negotiations = world.negotiations_of_applicant(user.id)
    body.update(
        {
            "employer": None,
            "manager": None,
            "personal_manager": None,
            "is_in_search": True,
            "resumes_url": f"{links.api}/resumes/mine",
            "negotiations_url": f"{links.api}/negotiations",
            "counters": {
                "unread_negotiations": sum(1 for n in negotiations if n.has_updates_applicant),
                "new_resume_views": 0,
                "resumes_count": 1,
            },
        }
    )
    return body
