"""Who is in the demo: an employer and an applicant on hh.ru, each with a Telegram chat with the bot, and the
employer's hiring team: a forum group with two colleagues, the bot already added as an administrator."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.demo.texts import DemoTexts, Language
from bot.testing.fake_hh import ApplicantUser, EmployerUser, FakeHH, Negotiation, Vacancy
from bot.testing.fake_telegram import FakeTelegram

Role = Literal["employer", "applicant"]
ROLES: tuple[Role, Role] = ("employer", "applicant")
TELEGRAM_IDS: dict[Role, int] = {"employer": 700001, "applicant": 700002}
USERNAMES: dict[Role, str] = {"employer": "olga", "applicant": "ivan"}
TEAM_CHAT = -1001000700100
COLLEAGUE_IDS = (700003, 700004)  # an administrator of the group, and a plain member
MemberStatus = Literal["creator", "administrator", "member"]


@dataclass(frozen=True)
class Persona:
    """The person at the page in one role: their Telegram chat and the hh.ru account they mean to link."""

    role: Role
    telegram_id: int
    name: str
    hh_user_id: str
    hh_name: str


@dataclass(frozen=True)
class Member:
    """Someone in the team's group: the employer (its creator) or a colleague."""

    telegram_id: int
    name: str
    username: str
    status: MemberStatus
    role_label: str


@dataclass(frozen=True)
class Team:
    chat_id: int
    title: str
    members: tuple[Member, Member, Member]  # the owner (the employer persona), an administrator, a plain member

    @property
    def owner(self) -> Member:
        return self.members[0]

    @property
    def admin(self) -> Member:
        return self.members[1]

    @property
    def member(self) -> Member:
        return self.members[2]


@dataclass(frozen=True)
class World:
    employer: EmployerUser
    vacancy: Vacancy
    second_vacancy: Vacancy
    applicant: ApplicantUser
    earlier_response: Negotiation  # the applicant's, made before the demo began
    personas: dict[Role, Persona]
    team: Team


def seed(hh: FakeHH, tg: FakeTelegram, texts: DemoTexts, language: Language) -> World:
    sample = texts.sample
    first, last, company = sample.employer
    employer = hh.add_employer_user(first, last, company)
    vacancy = hh.add_vacancy(employer, sample.vacancy, city=sample.city)
    second_vacancy = hh.add_vacancy(employer, sample.second_vacancy, city=sample.city)
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
        tg.add_user(persona.telegram_id, first_name=persona.name, language_code=language,
                    username=USERNAMES[persona.role])
    team = _team(tg, texts, language, personas["employer"])
    return World(employer, vacancy, second_vacancy, applicant, earlier_response, personas, team)


def _team(tg: FakeTelegram, texts: DemoTexts, language: Language, owner: Persona) -> Team:
    """The employer's forum group with an administrator and a plain member; the employer added the bot as an
    administrator (so that it may make a topic per vacancy), and nothing is connected yet."""
    said = texts.team
    (admin_name, admin_username), (member_name, member_username) = said.colleagues
    members = (
        Member(owner.telegram_id, owner.name, USERNAMES["employer"], "creator", said.owner_role),
        Member(COLLEAGUE_IDS[0], admin_name, admin_username, "administrator", said.admin_role),
        Member(COLLEAGUE_IDS[1], member_name, member_username, "member", said.member_role),
    )
    for colleague in members[1:]:
        tg.add_user(colleague.telegram_id, first_name=colleague.name, language_code=language,
                    username=colleague.username)
    tg.add_group(TEAM_CHAT, said.title, [m.telegram_id for m in members], is_forum=True)
    for member in members:
        tg.set_member_status(TEAM_CHAT, member.telegram_id, member.status)
    tg.add_bot_to_group(TEAM_CHAT, by_user_id=owner.telegram_id, as_admin=True)
    return Team(TEAM_CHAT, said.title, members)
