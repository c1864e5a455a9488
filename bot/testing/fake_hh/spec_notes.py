"""What the fake answers beyond `openapi.yml`, each with its source: paths newer than the spec (and the addresses of
resume files, which it gives only inside answers), statuses the spec does not list, where the spec is corrected, the
fields the fake sends that no schema has, and how a concrete path finds its operation. `spec.py` reads these;
docs/architecture.md points here.

Sources: `openapi.yml` (hh.ru's spec, December 2025, its examples included), and the project's notes on hh.ru
(shared/hh-api): `NOTES.md`, `chats-and-webhooks.md` (hh.ru's newer specification), `general.ru.md` and
`employer-negotiations.ru.md` (hh.ru's own pages).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

_CHATS = "chats-and-webhooks.md, «Chats API (newer spec)»"
_SCHEMAS = "#/components/schemas/"
_NEWER = "#/x-fake-newer/"

# --- paths -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Alias:
    """A concrete path that fits `key`'s template but is described by the spec's `target` path."""

    key: str  # "METHOD template" of the operation the path fits by template
    target: str
    source: str

    def applies(self, key: str, segments: Sequence[str]) -> bool:
        return key == self.key and not segments[-1].isdigit()


ALIASES = (
    Alias("GET /negotiations/{id}", "/negotiations/response",
          "openapi.yml, get-collection-negotiations-list: «Вместо `response` необходимо указывать параметр "
          "`{collection_name}`»; a negotiation id is a number, a collection name is not"),
)


@dataclass(frozen=True)
class NewerPath:
    """A path hh.ru answers that `openapi.yml` has no operation for: newer than it, or given only as an address inside
    its answers (a resume's file). Its answers are those of `like` (an operation of openapi.yml, "METHOD template"),
    or else its 2xx answer is checked against `schema` (a name in NEWER_SCHEMAS; None: no JSON body) and its errors
    against the `Error` of NEWER_SCHEMAS."""

    method: str
    template: str
    source: str
    schema: str | None = None
    like: str | None = None


NEWER_PATHS = (
    NewerPath("POST", "/token", "NOTES.md, «OAuth»: the token endpoint; `/oauth/token` is the older path",
              like="POST /oauth/token"),
    NewerPath("DELETE", "/token", "NOTES.md, «OAuth»: logging out (newer: `DELETE /token`)",
              like="DELETE /oauth/token"),
    NewerPath("GET", "/common/chats", _CHATS, "ChatList"),
    NewerPath("GET", "/common/chats/counters/unread", _CHATS, "UnreadChats"),
    NewerPath("GET", "/common/chats/{chat_id}/messages", _CHATS, "ChatMessages"),
    NewerPath("POST", "/common/chats/{chat_id}/messages", _CHATS, "ChatMessageSent"),
    NewerPath("PUT", "/common/chats/{chat_id}/message/{message_id}/read", _CHATS),
    NewerPath("GET", "/common/chats/{chat_id}/participants", _CHATS, "ChatParticipants"),
    NewerPath("GET", "/resumes/{resume_id}/download/{file_name}",
              "openapi.yml: the address of a resume's file, `download.pdf.url` (its examples, e.g. "
              "NegotiationsCollectionNegotiations: items[].resume.download.pdf.url), and the «Просмотр резюме» "
              "section: «Успешный ответ приходит с кодом 200 и содержит в теле запрашиваемый файл»"),
    NewerPath("GET", "/api_resume_converter/{resume_id}/{file_name}",
              "employer-negotiations.ru.md: `resume.download.pdf.url` is "
              "`https://hh.ru/api_resume_converter/{id}/{name}.pdf?type=pdf` in hh.ru's own examples"),
)

# --- schemas of what openapi.yml lacks ----------------------------------------------------------------

_ANY: Mapping[str, Any] = {}


def _object(properties: Mapping[str, Any], required: Sequence[str] = ()) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": dict(properties)}
    if required:
        schema["required"] = list(required)
    return schema


def _ref(name: str) -> dict[str, str]:
    return {"$ref": _NEWER + name}


# The chats' fields are what chats-and-webhooks.md lists, field by field; it says little of types and nothing of
# what is required.
NEWER_SCHEMAS: Mapping[str, Any] = {
    "ChatMessage": _object({
        "id": _ANY, "type": _ANY, "creation_time": _ANY, "last_change_time": _ANY, "sender_participant_id": _ANY,
        "sender_display_info": _object({"name": _ANY, "icon": _ANY, "role": _ANY}),
        "payload": _object({"text": _ANY, "attachments": {"type": "array", "items": _ANY},
                            "moved_participant": {"type": "object"}}),
        "viewed_by_opponent": {"type": "boolean"},
    }),
    "Chat": _object({
        "id": _ANY, "type": _ANY, "display": _object({"title": _ANY, "icon": _ANY}), "creation_time": _ANY,
        "unread_message_count": {"type": "integer"}, "muted": {"type": "boolean"}, "block_reason": _ANY,
        "vacancy_id": _ANY, "last_message": {"allOf": [_ref("ChatMessage")], "nullable": True},
    }),
    # general.ru.md, «Пагинация»: every answer with pages has the same root object
    "ChatList": _object({"items": {"type": "array", "items": _ref("Chat")}, "found": {"type": "integer"},
                         "page": {"type": "integer"}, "pages": {"type": "integer"}, "per_page": {"type": "integer"}}),
    "UnreadChats": _object({"unread_chats_count": {"type": "integer"}}),
    "ChatMessages": {"allOf": [_ref("Chat"), _object({
        "has_more": {"type": "boolean"},
        "messages": {"type": "array", "items": _ref("ChatMessage")},
        "chat_states": _object({"write_message_state": _object({"allowed": {"type": "boolean"}, "reason": _ANY})}),
    })]},
    "ChatMessageSent": _object({"id": _ANY}, ["id"]),
    # «Participants: GET …/participants, role APPLICANT/EMPLOYER/BOT»; the id is what messages call
    # `sender_participant_id`
    "ChatParticipants": _object({"items": {"type": "array", "items": _object({"id": _ANY, "role": _ANY})}}),
    # NOTES.md, «Every request»: `{request_id, errors: [{type, value}], description}`
    "Error": _object({"request_id": {"type": "string"}, "description": {"type": "string"},
                      "errors": {"type": "array", "items": {"type": "object"}},
                      "oauth_error": {"type": "string"}}, ["errors"]),
    # NOTES.md, «Every request»: «`User-Agent` or `HH-User-Agent` is required (`400 bad_user_agent` otherwise)»
    "BadUserAgent": _object({"request_id": {"type": "string"}, "description": {"type": "string"},
                             "errors": {"type": "array", "items": _object(
                                 {"type": {"type": "string", "enum": ["bad_user_agent"]}, "value": _ANY}, ["type"])}},
                            ["errors"]),
}

# --- statuses ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusRule:
    """Error answers a status may carry beyond what an operation lists (`schemas`: references into the document)."""

    schemas: tuple[str, ...]
    source: str


_ERROR = StatusRule((_NEWER + "Error",), "")

# On every path, beside what the operation lists for the status.
ALSO_ANSWERED: Mapping[int, StatusRule] = {
    400: StatusRule((_NEWER + "BadUserAgent",), "general.ru.md, «Требования к запросам»: a request without "
                    "`User-Agent` or `HH-User-Agent` is 400"),
    403: StatusRule((_SCHEMAS + "ErrorsCommonBadAuthorizationErrors",),
                    "NOTES.md, «OAuth»: an expired or bad token on any API call is 403; chats-and-webhooks.md, "
                    "«Manager accounts»: `X-Manager-Account-Id` on every employer call, and its refusals; "
                    "NOTES.md, «Every request»: `captcha_required`"),
}

# On an operation that does not list the status at all.
UNLISTED_STATUSES: Mapping[int, StatusRule] = {
    400: StatusRule((_SCHEMAS + "ErrorsCommonBadArgumentErrors",),
                    "employer-negotiations.ru.md, «Ошибки»: «400 Bad Request – ошибка в параметрах запроса»"),
    403: StatusRule((), "ALSO_ANSWERED"),
    404: StatusRule((_SCHEMAS + "ErrorsNegotiationNegotiationsNotFoundErrors",),
                    "employer-negotiations.ru.md, «Ошибки»: «404 Not Found – переданный отклик/приглашение не "
                    "существует, либо у текущего менеджера нет прав для работы с ним»"),
    429: StatusRule(_ERROR.schemas, "NOTES.md, «Every request»: about 10 requests per second per IP, above which "
                                    "hh.ru answers 429"),
    500: StatusRule(_ERROR.schemas, "general.ru.md, «Ошибки и коды ответов»: in trouble, 503 and 500"),
    502: StatusRule(_ERROR.schemas, "a gateway in front of any server (the fake's injected faults)"),
    503: StatusRule(_ERROR.schemas, "general.ru.md, «Ошибки и коды ответов»: in trouble, 503 and 500"),
    504: StatusRule(_ERROR.schemas, "a gateway in front of any server (the fake's injected faults)"),
}

# --- corrections of openapi.yml -----------------------------------------------------------------------


@dataclass(frozen=True)
class Amendment:
    """A change to openapi.yml as the checker reads it (the file itself stays as hh.ru published it): at `pointer`,
    the key `remove` goes, or `append` is added to the list, or `put` replaces the value."""

    pointer: str
    source: str
    remove: str | None = None
    append: Any = None
    put: Any = None


_CHAT_WEBHOOK_ACTION = _object({
    "type": {"type": "string", "enum": ["CHAT_CREATED", "CHAT_MESSAGE_CREATED"]},
    "settings": {"allOf": [{"$ref": _SCHEMAS + "WebhookActionVacancyOnlyMineSettings"}], "nullable": True},
}, ["type"])

AMENDMENTS = (
    Amendment("/components/schemas/WebhookSubscriptionItem/allOf/1",
              "openapi.yml's own defect: this `allOf` branch declares only `id` and forbids other properties, so the "
              "`url` and `actions` its other branch requires could never be there (GET /webhook/subscriptions)",
              remove="additionalProperties"),
    Amendment("/components/schemas/WebhookSubscriptionCommonItem/properties/actions/items/anyOf",
              "chats-and-webhooks.md, «Webhook API»: `CHAT_CREATED`, `CHAT_MESSAGE_CREATED` (newer spec)",
              append=_CHAT_WEBHOOK_ACTION),
    Amendment("/components/schemas/NegotiationsMessagesGetResponse/allOf/1/required",
              "openapi.yml leaves this page's `items` optional, so the spec-minimal fake would answer every messages "
              "page empty; general.ru.md, «Пагинация»: «Во всех ответах, где доступна пагинация, единообразный "
              "корневой объект» with `found`, `per_page`, `pages`, `page`, `items`",
              put=["items"]),
    Amendment("/paths/~1negotiations~1{nid}~1messages/post/responses/400/content/application~1json/schema",
              "openapi.yml's 400 here is `not_found` (its 404's errors); employer-negotiations.ru.md, «Ошибки»: «400 "
              "Bad Request – ошибка в параметрах запроса», as everywhere else: `bad_argument`",
              put={"anyOf": [{"$ref": _SCHEMAS + "ErrorsCommonNotFoundErrors"},
                             {"$ref": _SCHEMAS + "ErrorsCommonBadArgumentErrors"}]}),
)

# --- fields no schema has ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Seen:
    """Where hh.ru shows a field no schema has: one of openapi.yml's examples (its name, and the field's place in it),
    or a document."""

    example: str | None = None
    at: str | None = None
    document: str | None = None

    def __str__(self) -> str:
        return f"openapi.yml's example {self.example}: {self.at}" if self.example else str(self.document)


def _example(name: str, at: str) -> Seen:
    return Seen(example=name, at=at)


_EMPLOYER_ITEM = "NegotiationsEmployerNegotiationItem"
_COLLECTION_PAGE = "NegotiationsCollectionNegotiations"
_CHAT_ID = Seen(document="chats-and-webhooks.md, «Chats API»: «newer negotiation items ... carry `chat_id`. It is a "
                         "number on negotiations»")

# Fields the fake sends that the operation's schema does not have, by operation and field (`[]`: any item of a
# list), with where hh.ru shows them. The spec-minimal fake leaves them out, as it leaves out everything optional.
INVENTED_FIELDS: Mapping[str, Mapping[str, Seen]] = {
    "GET /negotiations/{id}": {
        "chat_id": _example(_EMPLOYER_ITEM, "chat_id"),
        "url": _example(_EMPLOYER_ITEM, "url"),
        "actions[].templates[].quick": _example(_EMPLOYER_ITEM, "actions[].templates[].quick"),
        "templates[].quick": _example(_COLLECTION_PAGE, "items[].templates[].quick"),
    },
    "GET /negotiations/response": {
        "items[].chat_id": _example(_COLLECTION_PAGE, "items[].chat_id"),
        "items[].actions[].templates[].quick": _example(_COLLECTION_PAGE, "items[].actions[].templates[].quick"),
        "items[].templates[].quick": _example(_COLLECTION_PAGE, "items[].templates[].quick"),
    },
    "GET /negotiations": {"items[].chat_id": _CHAT_ID},
    "GET /negotiations/active": {"items[].chat_id": _CHAT_ID},
}

# Fields of any error answer (4xx, 5xx) that its schema may lack.
ERROR_FIELDS: Mapping[str, Seen] = {
    "description": Seen(document="NOTES.md, «Every request»: «Error body: `{\"request_id\": …, \"errors\": [{\"type\": "
                                 "…, \"value\": …}], \"description\": …}`»"),
}
