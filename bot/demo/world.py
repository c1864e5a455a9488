"""Who is in the demo: an employer and an applicant on hh.ru, each with a Telegram chat with the bot."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.demo.texts import DemoTexts, Language
from bot.testing.fake_hh import ApplicantUser, EmployerUser, FakeHH, Negotiation, Vacancy
from bot.testing.fake_telegram import FakeTelegram

Role = Literal["employer", "applicant"]
ROLES: tuple[Role, Role] = ("employer", "applicant")
TELEGRAM_IDS: dict[Role, int] = {"employer": 700001, "applicant": 700002}


@dataclass(frozen=True)
class Persona:
    """The person at the page in one role: their Telegram chat and the hh.ru account they mean to link."""

    role: Role
    telegram_id: int
    name: str
    hh_user_id: str
    hh_name: str


@dataclass(frozen=True)
class World:
    employer: EmployerUser
    vacancy: Vacancy
    applicant: ApplicantUser
    earlier_response: Negotiation  # the applicant's, made before the demo began
    personas: dict[Role, Persona]


def seed(hh: FakeHH, tg: FakeTelegram, texts: DemoTexts, language: Language) -> World:
    sample = texts.sample
    first, last, company = sample.employer
    employer = hh.add_employer_user(first, last, company)
    vacancy = hh.add_vacancy(employer, sample.vacancy, city=sample.city)
    applicant_first, applicant_last = sample.applicant
    applicant = hh.add_applicant_user(applicant_first, applicant_last, city=sample.city,
                                      resume_title=sample.resume_title)
    company_elsewhere, vacancy_elsewhere, letter = sample.earlier_response
    manager = hh.add_employer_user(first_name="HR", last_name=company_elsewhere, company=company_elsewhere)
    elsewhere = hh.add_vacancy(manager, vacancy_elsewhere, city=sample.city)
    earlier_response = hh.add_response(elsewhere, applicant, cover_letter=letter)
    personas: dict[Role, Persona] = {
        "employer": Persona("employer", TELEGRAM_IDS["employer"], texts.telegram_names[0], employer.user_id,
                            f"{first} {last}"),
        "applicant": Persona("applicant", TELEGRAM_IDS["applicant"], texts.telegram_names[1], applicant.user_id,
                             f"{applicant_first} {applicant_last}"),
    }
    for persona in personas.values():
        tg.add_user(persona.telegram_id, first_name=persona.name, language_code=language)
    return World(employer, vacancy, applicant, earlier_response, personas)
