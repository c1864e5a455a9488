"""State → hh.ru JSON for resumes: the full resume (`GET /resumes/{id}`), the one in an employer's negotiation and
the one in an applicant's.

The fake keeps a resume's title, owner, age, city, salary and months of experience; what hh.ru's spec requires
beyond that is empty (no jobs, schools, contacts or languages listed) or one fixed dictionary value, taken from
the spec's own examples.
"""

from __future__ import annotations

import copy
from typing import Any
from urllib.parse import quote

from .clock import format_hh_datetime
from .context import Links
from .records import NegotiationRecord, ResumeRecord, UserRecord
from .render import area_json
from .state import World

_RUSSIA = "113"
_DICTIONARY_FIELDS: dict[str, Any] = {
    "business_trip_readiness": {"id": "never", "name": "не готов к командировкам"},
    "relocation": {"type": {"id": "no_relocation", "name": "не готов к переезду"}},
    "resume_locale": {"id": "RU", "name": "Русский"},
    "schedule": {"id": "fullDay", "name": "Полный день"},
    "schedules": [{"id": "fullDay", "name": "Полный день"}],
    "travel_time": {"id": "any", "name": "Не имеет значения"},
    "employments": [{"id": "full", "name": "Полная занятость"}],
}


def resume_common_json(links: Links, resume: ResumeRecord, owner: UserRecord) -> dict[str, Any]:
    """What every resume of an employer's view carries (`ResumeResumeShort`: the full resume has no `url`)."""
    salary = None if resume.salary is None else {"amount": resume.salary[0], "currency": resume.salary[1]}
    created = format_hh_datetime(resume.created_at)
    return {
        "id": resume.id,
        "real_id": resume.real_id,
        "title": resume.title,
        "alternate_url": f"{links.site}/resume/{resume.id}",
        "first_name": owner.first_name,
        "last_name": owner.last_name,
        "middle_name": owner.middle_name,
        "age": resume.age,
        "area": area_json(links, resume.city),
        "salary": salary,
        "total_experience": {"months": resume.experience_months},
        "created_at": created,
        "updated_at": created,
        "can_view_full_info": True,
        "photo": None,
        "certificate": [],
        "hidden_fields": [],
        "education": {"level": None},
        "experience": [],
        "favorited": False,
        "negotiations_history": {"url": f"{links.api}/resumes/{resume.id}/negotiations_history"},
        "owner": {"id": owner.id, "comments": {"counters": {"total": 0},
                                               "url": f"{links.api}/applicant_comments/{owner.id}"}},
    }


def _downloads(links: Links, resume: ResumeRecord, owner: UserRecord, query: str) -> dict[str, Any]:
    """The file addresses: on the API's host as openapi.yml's examples show them, or, with `files_url` set, on
    that host as hh.ru's own pages do (`https://hh.ru/api_resume_converter/…`; resume_files.py)."""
    name = quote(f"{owner.last_name} {owner.first_name}")
    if links.files is None:
        return {kind: {"url": f"{links.api}/resumes/{resume.id}/download/{name}.{kind}?type={kind}{query}"}
                for kind in ("pdf", "rtf")}
    return {kind: {"url": f"{links.files}/api_resume_converter/{resume.id}/{name}.{kind}?type={kind}{query}"}
            for kind in ("pdf", "rtf")}


def resume_for_employer_json(links: Links, world: World, negotiation: NegotiationRecord) -> dict[str, Any] | None:
    """The resume in an employer's negotiation; null once the applicant hid it."""
    resume = world.resume_of(negotiation)
    if resume.hidden:
        return None
    owner = world.user(resume.owner_id)
    downloads = _downloads(links, resume, owner, f"&topic_id={negotiation.id}&vacancy_id={negotiation.vacancy_id}")
    body = resume_common_json(links, resume, owner)
    body.update(
        {
            "url": f"{links.api}/resumes/{resume.id}?topic_id={negotiation.id}",
            "alternate_url": f"{links.site}/resume/{resume.id}?vacancyId={negotiation.vacancy_id}&t={negotiation.id}",
            "viewed": negotiation.viewed_by_employer,
            "download": downloads,
            "actions": {"download": downloads},
        }
    )
    return body


def resume_full_json(links: Links, resume: ResumeRecord, owner: UserRecord) -> dict[str, Any]:
    """`GET /resumes/{resume_id}`."""
    downloads = _downloads(links, resume, owner, "")
    citizenship = [{"id": _RUSSIA, "name": "Россия", "url": f"{links.api}/areas/{_RUSSIA}"}]
    body = resume_common_json(links, resume, owner)
    body.update(copy.deepcopy(_DICTIONARY_FIELDS))
    body.update(
        {
            "download": downloads,
            "actions": {"download": downloads},
            "citizenship": citizenship,
            "work_ticket": citizenship,
            "contact": [],
            "driver_license_types": [],
            "language": [],
            "paid_services": [],
            "portfolio": [],
            "recommendation": [],
            "site": [],
            "skill_set": [],
        }
    )
    return body


def resume_in_applicant_negotiation_json(links: Links, resume: ResumeRecord, *, dated: bool) -> dict[str, Any]:
    """The resume in an applicant's negotiation: in the list its id, title and links; `dated` (one negotiation
    read alone) with when it was made and changed."""
    body = {
        "id": resume.id,
        "title": resume.title,
        "url": f"{links.api}/resumes/{resume.id}",
        "alternate_url": f"{links.site}/resume/{resume.id}",
    }
    if dated:
        body["created_at"] = body["updated_at"] = format_hh_datetime(resume.created_at)
    return body
