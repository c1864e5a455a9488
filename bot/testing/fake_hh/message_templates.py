"""Deterministic texts of `GET /message_templates/{template}`."""

from __future__ import annotations

from typing import Any

from .words import RU, Language, words


def template_body(template_id: str, *, first_name: str, vacancy: str, company: str,
                  language: Language = "ru") -> dict[str, Any]:
    said = words(language)
    mail = said.mail.get(template_id, said.generic_mail)
    fields = {"first_name": first_name, "vacancy": vacancy, "company": company}
    return {
        "mail": {"text": mail.format(**fields), "template_modified": False},
        "sms": {"text": said.sms.format(**fields), "template_modified": False},
    }


def is_known_template(template_id: str, workflow_templates: set[str]) -> bool:
    return template_id in RU.mail or template_id in workflow_templates
