"""What the fake hh.ru says in words, in Russian (as hh.ru does by default) and in English (hh.ru's English
interface; the demo's English world): names of actions, stages and templates, template texts and the site's pages.

The ids (`invitation`, `interview`, ...) are the same in both; only what a person reads changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

Language = Literal["ru", "en"]


@dataclass(frozen=True)
class WorkflowWords:
    """The default workflow's names: actions, templates, stages (collection and state) and the sort order."""

    actions: Mapping[str, str]
    templates: Mapping[str, str]
    stages: tuple[tuple[str, str, str], ...]  # stage id, collection name, state name
    declined_by_applicant: str
    by_creation_date: str
    collection_description: str  # {name}


@dataclass(frozen=True)
class SiteWords:
    """The pages a person sees on the fake hh.ru's site."""

    sign_in_title: str
    sign_in_intro: str
    allow: str
    deny: str
    employer_account: str  # {name} {company}
    applicant_account: str  # {name}
    choose_and_press: str
    error_title: str
    bad_response_type: str
    unknown_client: str
    bad_redirect_uri: str
    captcha_title: str
    captcha_intro: str
    not_a_robot: str
    captcha_link_invalid: str
    captcha_solved_title: str
    captcha_solved: str
    back: str


@dataclass(frozen=True)
class Words:
    workflow: WorkflowWords
    applicant_states: Mapping[str, str]
    mail: Mapping[str, str]  # template id -> text with {first_name}, {vacancy}
    generic_mail: str
    sms: str  # {company}, {vacancy}
    site: SiteWords


RU = Words(
    workflow=WorkflowWords(
        actions={"invitation": "Пригласить", "phone_interview": "Телефонное интервью", "hold": "Подумать",
                 "discard_by_employer": "Отказать", "offer": "Предложить работу", "hired": "Выход на работу",
                 "restore": "Вернуть в неразобранные"},
        templates={"invite_after_response": "Приглашение откликнувшегося соискателя",
                   "invite": "Приглашение на Телефонное интервью",
                   "discard_after_response": "Отказ откликнувшемуся на вакансию соискателю",
                   "discard_after_interview": "Отказ", "offer": "Приглашение на Предложение о работе",
                   "hired": "Приглашение на Выход на работу"},
        stages=(("response", "Неразобранные", "Отклик"), ("consider", "Подумать", "Подумать"),
                ("phone_interview", "Телефонное интервью", "Телефонное интервью"),
                ("interview", "Собеседование", "Собеседование"),
                ("offer", "Предложение о работе", "Предложение о работе"),
                ("hired", "Выход на работу", "Выход на работу"), ("discard_by_employer", "Отказ", "Отказ")),
        declined_by_applicant="Отказ соискателя",
        by_creation_date="по дате создания",
        collection_description="Коллекция «{name}»",
    ),
    applicant_states={"response": "Отклик", "invitation": "Приглашение", "discard": "Отказ",
                      "hired": "Выход на работу", "text": "Текст"},
    mail={
        "invite_after_response": ("Здравствуйте, {first_name}! Благодарим вас за отклик на вакансию «{vacancy}». "
                                  "Приглашаем вас на собеседование."),
        "invite": "Здравствуйте, {first_name}! Приглашаем вас на телефонное интервью по вакансии «{vacancy}».",
        "discard_after_response": ("Здравствуйте, {first_name}! Благодарим вас за интерес к вакансии «{vacancy}». "
                                   "К сожалению, сейчас мы не готовы пригласить вас на интервью."),
        "discard_after_interview": ("Здравствуйте, {first_name}! Благодарим вас за время, уделённое собеседованию "
                                    "по вакансии «{vacancy}». К сожалению, мы выбрали другого кандидата."),
        "offer": "Здравствуйте, {first_name}! Мы рады предложить вам работу: «{vacancy}».",
        "hired": "Здравствуйте, {first_name}! Ждём вас на работе: «{vacancy}».",
    },
    generic_mail="Здравствуйте, {first_name}! Сообщение по вакансии «{vacancy}».",
    sms="{company}: новое сообщение по вакансии «{vacancy}» на hh.ru",
    site=SiteWords(
        sign_in_title="Вход",
        sign_in_intro="Вход на hh.ru: выберите аккаунт. Приложение просит доступ к вашим откликам и сообщениям.",
        allow="Разрешить",
        deny="Отказать",
        employer_account="{name} — работодатель, «{company}»",
        applicant_account="{name} — соискатель",
        choose_and_press="Выберите аккаунт и нажмите «Разрешить» или «Отказать»",
        error_title="Ошибка",
        bad_response_type="Неверный параметр response_type",
        unknown_client="Приложение не найдено (client_id)",
        bad_redirect_uri="Неверный redirect_uri",
        captcha_title="Капча",
        captcha_intro="Подтвердите, что вы не робот.",
        not_a_robot="Я не робот",
        captcha_link_invalid="Ссылка на капчу недействительна.",
        captcha_solved_title="Капча пройдена",
        captcha_solved="Готово. Вернитесь туда, откуда пришли.",
        back="Вернуться",
    ),
)

EN = Words(
    workflow=WorkflowWords(
        actions={"invitation": "Invite", "phone_interview": "Phone interview", "hold": "Consider",
                 "discard_by_employer": "Reject", "offer": "Make an offer", "hired": "Hire",
                 "restore": "Back to new responses"},
        templates={"invite_after_response": "Invitation of a candidate who responded",
                   "invite": "Invitation to a phone interview",
                   "discard_after_response": "Rejection of a candidate who responded",
                   "discard_after_interview": "Rejection", "offer": "Invitation to an offer",
                   "hired": "Invitation to start work"},
        stages=(("response", "New responses", "Response"), ("consider", "Considering", "Considering"),
                ("phone_interview", "Phone interview", "Phone interview"), ("interview", "Interview", "Interview"),
                ("offer", "Offer", "Offer"), ("hired", "Hired", "Hired"),
                ("discard_by_employer", "Rejected", "Rejected")),
        declined_by_applicant="Declined by the candidate",
        by_creation_date="by creation date",
        collection_description="The “{name}” collection",
    ),
    applicant_states={"response": "Response", "invitation": "Invitation", "discard": "Rejection",
                      "hired": "Hired", "text": "Text"},
    mail={
        "invite_after_response": ("Hello, {first_name}! Thank you for responding to “{vacancy}”. "
                                  "We invite you to an interview."),
        "invite": "Hello, {first_name}! We invite you to a phone interview about “{vacancy}”.",
        "discard_after_response": ("Hello, {first_name}! Thank you for your interest in “{vacancy}”. "
                                   "Unfortunately, we are not ready to invite you to an interview now."),
        "discard_after_interview": ("Hello, {first_name}! Thank you for the time you gave to the interview "
                                    "about “{vacancy}”. Unfortunately, we chose another candidate."),
        "offer": "Hello, {first_name}! We are glad to offer you the job: “{vacancy}”.",
        "hired": "Hello, {first_name}! We look forward to seeing you at work: “{vacancy}”.",
    },
    generic_mail="Hello, {first_name}! A message about “{vacancy}”.",
    sms="{company}: a new message about “{vacancy}” on hh.ru",
    site=SiteWords(
        sign_in_title="Sign in",
        sign_in_intro="Sign in to hh.ru: choose an account. The application asks for access to your responses "
                      "and messages.",
        allow="Allow",
        deny="Deny",
        employer_account="{name} — employer, “{company}”",
        applicant_account="{name} — applicant",
        choose_and_press="Choose an account and press “Allow” or “Deny”",
        error_title="Error",
        bad_response_type="Wrong response_type",
        unknown_client="No such application (client_id)",
        bad_redirect_uri="Wrong redirect_uri",
        captcha_title="Captcha",
        captcha_intro="Confirm that you are not a robot.",
        not_a_robot="I am not a robot",
        captcha_link_invalid="This captcha link is not valid.",
        captcha_solved_title="Captcha solved",
        captcha_solved="Done. Go back to where you came from.",
        back="Go back",
    ),
)


def words(language: Language) -> Words:
    return EN if language == "en" else RU
