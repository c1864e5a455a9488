"""A strict fake of hh.ru (API + OAuth site) for tests. Independent of the bot's code."""

from .errors import FakeHHError
from .fake import FakeHH
from .handles import (
    ApplicantUser,
    EmployerUser,
    ManagerAccount,
    MessageView,
    Negotiation,
    NegotiationView,
    TokenInfo,
    Vacancy,
)
from .state import UnknownObjectError
from .traffic import Fault, RequestRecord, Stats
from .webhooks import DeliveryAttempt, DeliveryFaults, WebhookEventView, WebhookSubscriptionView
from .words import Language
from .workflow import ActionSpec, ArgumentSpec, TemplateSpec, Workflow, default_workflow

__all__ = [
    "ActionSpec",
    "ApplicantUser",
    "ArgumentSpec",
    "DeliveryAttempt",
    "DeliveryFaults",
    "EmployerUser",
    "FakeHH",
    "FakeHHError",
    "Fault",
    "Language",
    "ManagerAccount",
    "MessageView",
    "Negotiation",
    "NegotiationView",
    "RequestRecord",
    "Stats",
    "TemplateSpec",
    "TokenInfo",
    "UnknownObjectError",
    "Vacancy",
    "WebhookEventView",
    "WebhookSubscriptionView",
    "Workflow",
    "default_workflow",
]
