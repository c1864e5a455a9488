"""Deterministic texts of `GET /message_templates/{template}`."""

from __future__ import annotations

from typing import Any

_MAIL_TEXTS = {
    "invite_after_response": (
        "Здравствуйте, {first_name}! Благодарим вас за отклик на вакансию «{vacancy}». Приглашаем вас на собеседование."
    ),
    "invite": ("Здравствуйте, {first_name}! Приглашаем вас на телефонное интервью по вакансии «{vacancy}»."),
    "discard_after_response": (
        "Здравствуйте, {first_name}! Благодарим вас за интерес к вакансии «{vacancy}». "
        "К сожалению, сейчас мы не готовы пригласить вас на интервью."
    ),
    "discard_after_interview": (
        "Здравствуйте, {first_name}! Благодарим вас за время, уделённое собеседованию "
        "по вакансии «{vacancy}». К сожалению, мы выбрали другого кандидата."
    ),
    "offer": "Здравствуйте, {first_name}! Мы рады предложить вам работу: «{vacancy}».",
    "hired": "Здравствуйте, {first_name}! Ждём вас на работе: «{vacancy}».",
}
_GENERIC_MAIL = "Здравствуйте, {first_name}! Сообщение по вакансии «{vacancy}»."
_SMS_TEXT = "{company}: новое сообщение по вакансии «{vacancy}» на hh.ru"


def template_body(template_id: str, *, first_name: str, vacancy: str, company: str) -> dict[str, Any]:
    mail = _MAIL_TEXTS.get(template_id, _GENERIC_MAIL)
    fields = {"first_name": first_name, "vacancy": vacancy, "company": company}
    return {
        "mail": {"text": mail.format(**fields), "template_modified": False},
        "sms": {"text": _SMS_TEXT.format(**fields), "template_modified": False},
    }


def is_known_template(template_id: str, workflow_templates: set[str]) -> bool:
    return template_id in _MAIL_TEXTS or template_id in workflow_templates
