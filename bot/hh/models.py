"""Typed views of the hh.ru answers the bot reads. Unknown fields are ignored; missing optional ones default."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Generic, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field


class View(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


def _as_text(value: Any) -> Any:
    """An id hh.ru writes as a number in one place and a string in another (`chat_id`): always text."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _enum_id(value: Any) -> Any:
    """An enum value written as a string or as `{id, name}`: its id."""
    return value.get("id") if isinstance(value, dict) else value


TextId = Annotated[str, BeforeValidator(_as_text)]
EnumId = Annotated[str | None, BeforeValidator(_enum_id)]


class IdName(View):
    id: str
    name: str = ""


class IdOnly(View):
    id: str


class MeEmployer(View):
    id: str
    name: str = ""
    manager_id: str | None = None


class MeManager(View):
    id: str
    has_multiple_manager_accounts: bool = False


class Me(View):
    id: str
    first_name: str | None = None
    last_name: str | None = None
    middle_name: str | None = None
    email: str | None = None
    is_employer: bool = False
    is_applicant: bool = False
    employer: MeEmployer | None = None
    manager: MeManager | None = None

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part) or self.id


class EmployerShort(View):
    id: str | None = None
    name: str = ""


class VacancyCounters(View):
    responses: int = 0
    unread_responses: int = 0
    invitations: int = 0
    invitations_and_responses: int = 0
    resumes_in_progress: int = 0


class Vacancy(View):
    id: str
    name: str = ""
    url: str | None = None
    alternate_url: str | None = None
    area: IdName | None = None
    employer: EmployerShort | None = None
    has_updates: bool = False
    counters: VacancyCounters = Field(default_factory=VacancyCounters)


class CollectionCounters(View):
    """Optional in hh.ru's spec, each of them: None is unknown, not zero."""

    with_updates: int | None = None
    total: int | None = None


class Collection(View):
    id: str
    name: str = ""
    url: str
    counters: CollectionCounters = Field(default_factory=CollectionCounters)
    """hh.ru may leave the counters out (its spec marks them optional): then every field is None."""


class Collections(View):
    collections: list[Collection] = Field(default_factory=list)
    employer_states: list[IdName] = Field(default_factory=list)


class Template(View):
    id: str
    name: str | None = None
    quick: bool | None = None
    url: str


class ActionArgument(View):
    id: str
    required: bool = False
    required_arguments: list[IdOnly] = Field(default_factory=list)


class Action(View):
    id: str
    name: str = ""
    enabled: bool = True
    hidden: bool = False
    method: str = "PUT"
    url: str
    resulting_employer_state: IdName | None = None
    templates: list[Template] = Field(default_factory=list)
    arguments: list[ActionArgument] = Field(default_factory=list)

    def argument(self, argument_id: str) -> ActionArgument | None:
        return next((argument for argument in self.arguments if argument.id == argument_id), None)


class Salary(View):
    amount: float | None = None
    currency: str | None = None


class Experience(View):
    months: int | None = None


class ResumeFile(View):
    url: str


class ResumeDownload(View):
    """hh.ru's addresses of the resume as a file (`download`): without contacts unless the candidate responded. The
    `download_with_contact` links beside it spend a paid contact opening; the bot never reads them."""

    pdf: ResumeFile | None = None


class Resume(View):
    id: str | None = None
    title: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    middle_name: str | None = None
    age: int | None = None
    url: str | None = None
    alternate_url: str | None = None
    area: IdName | None = None
    salary: Salary | None = None
    total_experience: Experience | None = None
    download: ResumeDownload | None = None

    @property
    def pdf_url(self) -> str | None:
        return self.download.pdf.url if self.download and self.download.pdf else None

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.last_name, self.first_name, self.middle_name) if part)


class VacancyShort(View):
    id: str | None = None
    name: str = ""
    url: str | None = None
    alternate_url: str | None = None
    area: IdName | None = None
    employer: EmployerShort | None = None


class NegotiationCounters(View):
    """Optional in hh.ru's spec (its applicant example has none): None is unknown, not zero."""

    messages: int | None = None
    unread_messages: int | None = None


class Negotiation(View):
    id: str
    created_at: str | None = None
    updated_at: str = ""
    has_updates: bool = False
    state: IdName = IdName(id="unknown")
    employer_state: IdName | None = None
    actions: list[Action] | None = None
    """None: hh.ru left them out (its spec marks them optional); an empty list: no action is possible now."""
    url: str | None = None
    messages_url: str | None = None
    resume: Resume | None = None
    vacancy: VacancyShort | None = None
    counters: NegotiationCounters = Field(default_factory=NegotiationCounters)
    messaging_status: str | None = None
    decline_allowed: bool = False
    hidden: bool = False
    chat_id: Annotated[str | None, BeforeValidator(_as_text)] = None

    @property
    def updated(self) -> datetime:
        return parse_time(self.updated_at)

    @property
    def stage(self) -> IdName:
        """The employer's state where hh.ru gives it (its spec marks `employer_state` optional), else `state`."""
        return self.employer_state or self.state


class Author(View):
    participant_type: str


class Message(View):
    id: str
    text: str | None = None
    created_at: str | None = None
    author: Author
    state: IdName | None = None


class ChatSender(View):
    name: str | None = None
    role: EnumId = None


class ChatPayload(View):
    text: str | None = None
    attachments: list[object] = Field(default_factory=list)


class ChatMessage(View):
    """A message of the Chats API; `type` SIMPLE, PARTICIPANT_JOINED, PARTICIPANT_LEFT or one not known yet."""

    id: TextId
    type: EnumId = None
    creation_time: str | None = None
    sender_display_info: ChatSender | None = None
    payload: ChatPayload | None = None

    @property
    def role(self) -> str | None:
        return self.sender_display_info.role if self.sender_display_info else None

    @property
    def text(self) -> str | None:
        return self.payload.text if self.payload else None

    @property
    def has_attachments(self) -> bool:
        return bool(self.payload and self.payload.attachments)


class WriteMessageState(View):
    allowed: bool = True
    reason: EnumId = None


class ChatStates(View):
    write_message_state: WriteMessageState = Field(default_factory=WriteMessageState)


class ChatMessages(View):
    has_more: bool = False
    messages: list[ChatMessage] = Field(default_factory=list)
    chat_states: ChatStates = Field(default_factory=ChatStates)


class WebhookAction(View):
    type: str


class WebhookSubscription(View):
    id: TextId
    url: str = ""
    actions: list[WebhookAction] = Field(default_factory=list)


class WebhookCreated(View):
    id: TextId


class WebhookSubscriptions(View):
    items: list[WebhookSubscription] = Field(default_factory=list)


class TemplateText(View):
    text: str | None = None


class MessageTemplate(View):
    mail: TemplateText | None = None
    sms: TemplateText | None = None


T = TypeVar("T", bound=View)


class Page(View, Generic[T]):
    found: int = 0
    pages: int = 1
    page: int = 0
    per_page: int = 20
    items: list[T] = Field(default_factory=list)

    @property
    def is_last(self) -> bool:
        return self.page + 1 >= self.pages


def parse_time(value: str) -> datetime:
    """hh.ru's `2025-05-14T12:00:05+0300`."""
    return datetime.strptime(value, "%Y-%m-%dT%H:%M:%S%z")
