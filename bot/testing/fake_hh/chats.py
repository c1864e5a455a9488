"""The Chats API (`/common/chats…`, hh.ru's newer specification), harsh where hh.ru is not documented.

- A chat's messages follow its negotiation's messages under ids of their own (never a legacy message id), with
  hh.ru's own `PARTICIPANT_JOINED` messages first, and a type the bot does not know for a change of state.
- `start_message_id` is included in the answer; `order=prev` lists newest first.
- Reading does not mark anything read: only `PUT …/message/{id}/read` does (and then clears `has_updates`).
- A post needs JSON with a UUID `idempotency_key`; a key the user already sent posts nothing and answers 409, or
  400 `bad_argument` (`chat_key_reuse`: what hh.ru answers is not known for sure).
- Message ids grow; or (`chat_message_ids="shrinking"`) each is smaller than the one before, and a read from
  `start_message_id` leaves that message out.
  A chat still being created answers 425 `chat_is_not_ready`. Refused posts do not use up their key.
- An employer sees a chat only as the vacancy's manager. A control makes every chat method answer 404 or 405.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from .auth import authenticate, ensure_applicant_api_allowed
from .clock import format_hh_datetime
from .context import backend_of, json_response
from .errors import FakeHHError, bad_argument, not_found
from .messaging import add_message
from .records import ChatEntryRecord, ChatRecord, MessageRecord, NegotiationRecord, Side, UserRecord, other_side
from .rules import ensure_usable, messaging_status
from .state import World
from .traffic import Fault


@dataclass(frozen=True)
class ChatMessageView:
    id: str
    type: str
    side: str
    text: str | None
    legacy_id: str | None  # the negotiation message it shows; None for hh.ru's own messages


STATE_CHANGE_TYPE = "WORKFLOW_TRANSITION"  # not in hh.ru's list: a client must tolerate unknown types
TEXT_MAX_LENGTH = 20_000
MESSAGES_LIMIT_MAX = 50
CHATS_PER_PAGE_MAX = 20
WRITE_REFUSALS = {"ARCHIVED_BY_EMPLOYER": "chat_archived"}


def chats_error(status: int, value: str) -> FakeHHError:
    return FakeHHError(status, "chats", value, value.replace("_", " ").capitalize())


# --- the model -----------------------------------------------------------------------------------


def sync(world: World, negotiation: NegotiationRecord) -> ChatRecord | None:
    """Gives every negotiation message not yet in the chat its chat entry, in order; None: no chat."""
    chat = negotiation.chat
    if chat is None:
        return None
    if not chat.entries:
        for side in ("applicant", "employer"):
            chat.entries.append(ChatEntryRecord(world.next_chat_message_id(), "PARTICIPANT_JOINED", chat.created_at,
                                                side))
    for message in negotiation.messages[chat.synced:]:
        kind = "SIMPLE" if message.text else STATE_CHANGE_TYPE
        chat.entries.append(ChatEntryRecord(world.next_chat_message_id(), kind, message.created_at, message.author,
                                            message))
    chat.synced = len(negotiation.messages)
    return chat


def chat_message_id(world: World, negotiation: NegotiationRecord, message: MessageRecord) -> str | None:
    """The chat message id of a negotiation message (what a CHAT_MESSAGE_CREATED delivery names)."""
    chat = sync(world, negotiation)
    if chat is None:
        return None
    return next((entry.id for entry in chat.entries if entry.message is message), None)


def add_system_entry(world: World, negotiation: NegotiationRecord, kind: str, side: Side) -> str:
    chat = sync(world, negotiation)
    if chat is None:
        raise not_found("The negotiation has no chat")
    entry = ChatEntryRecord(world.next_chat_message_id(), kind, world.now(), side)
    chat.entries.append(entry)
    return entry.id


def write_state(world: World, negotiation: NegotiationRecord) -> dict[str, Any]:
    chat = negotiation.chat
    reason = chat.write_block if chat is not None else None
    if reason is None and world.vacancy_of(negotiation).archived:
        reason = "ARCHIVED_BY_EMPLOYER"
    return {"allowed": reason is None, "reason": reason}


# --- access --------------------------------------------------------------------------------------


def _refusal(request: web.Request) -> None:
    book = backend_of(request).world.chat_book
    if book.refusal_status is not None and book.refusal_method in (None, request.method):
        if book.refusal_status == 405:
            raise FakeHHError(405, "bad_request", None, "Method Not Allowed")
        raise not_found("Not Found")


def _caller(request: web.Request) -> UserRecord:
    _refusal(request)
    user = authenticate(request)
    if user.kind == "applicant":
        ensure_applicant_api_allowed(request)
    return user


def _takes_part(world: World, user: UserRecord, negotiation: NegotiationRecord) -> bool:
    if user.kind == "applicant":
        return negotiation.applicant_id == user.id
    return world.vacancy_of(negotiation).manager_id == user.manager_id


def _chat_for(request: web.Request, user: UserRecord) -> tuple[ChatRecord, NegotiationRecord]:
    world = backend_of(request).world
    negotiation_id = world.chat_book.chats.get(request.match_info["chat_id"])
    negotiation = world.negotiations.get(negotiation_id or "")
    if negotiation is None or not _takes_part(world, user, negotiation):
        raise not_found("Chat not found or not available to the current user")
    chat = sync(world, negotiation)
    assert chat is not None
    return chat, negotiation


# --- rendering -----------------------------------------------------------------------------------


def _participant_id(world: World, negotiation: NegotiationRecord, side: Side) -> str:
    if side == "applicant":
        return negotiation.applicant_id
    return world.manager_of_vacancy(world.vacancy_of(negotiation)).id


def _display_name(world: World, negotiation: NegotiationRecord, side: Side) -> str:
    user = world.user(_participant_id(world, negotiation, side))
    return f"{user.first_name} {user.last_name}"


def entry_json(world: World, negotiation: NegotiationRecord, entry: ChatEntryRecord) -> dict[str, Any]:
    message = entry.message
    if message is not None:
        payload: dict[str, Any] = {"text": message.text} if message.text else {}
        viewed = message.viewed_by(other_side(message.author))
    else:
        payload = {"moved_participant": {"id": _participant_id(world, negotiation, entry.side),
                                         "role": entry.side.upper()}}
        viewed = True
    created = format_hh_datetime(entry.created_at)
    return {
        "id": entry.id,
        "type": entry.type,
        "creation_time": created,
        "last_change_time": created,
        "sender_participant_id": _participant_id(world, negotiation, entry.side),
        "sender_display_info": {"name": _display_name(world, negotiation, entry.side), "icon": None,
                                "role": entry.side.upper()},
        "payload": payload,
        "viewed_by_opponent": viewed,
    }


def _unread(chat: ChatRecord, side: Side) -> int:
    return sum(1 for e in chat.entries if e.message is not None and e.side != side and not e.message.viewed_by(side))


def chat_json(world: World, negotiation: NegotiationRecord, chat: ChatRecord, side: Side) -> dict[str, Any]:
    vacancy = world.vacancy_of(negotiation)
    last = chat.entries[-1] if chat.entries else None
    return {
        "id": chat.id,
        "type": "NEGOTIATION",
        "display": {"title": vacancy.name, "icon": None},
        "creation_time": format_hh_datetime(chat.created_at),
        "unread_message_count": _unread(chat, side),
        "muted": False,
        "block_reason": None,
        "vacancy_id": vacancy.id,
        "last_message": entry_json(world, negotiation, last) if last else None,
    }


# --- routes --------------------------------------------------------------------------------------


def _int(raw: str | None, name: str, default: int, low: int, high: int) -> int:
    if raw is None:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise bad_argument(name)
    return int(raw)


async def list_chats(request: web.Request) -> web.Response:
    user = _caller(request)
    world = backend_of(request).world
    query = request.query
    page = _int(query.get("page"), "page", 0, 0, 10_000)
    per_page = _int(query.get("per_page"), "per_page", 20, 1, CHATS_PER_PAGE_MAX)
    vacancy_ids: set[str] | None = None
    if "filter_with_vacancy_ids" in query:
        raw = query["filter_with_vacancy_ids"].strip()
        if not (raw.startswith("[") and raw.endswith("]")):
            raise bad_argument("filter_with_vacancy_ids")
        vacancy_ids = {part.strip() for part in raw[1:-1].split(",") if part.strip()}
        if len(vacancy_ids) > 100:
            raise bad_argument("filter_with_vacancy_ids")
    chats = []
    for negotiation_id in world.chat_book.chats.values():
        negotiation = world.negotiations[negotiation_id]
        chat = sync(world, negotiation)
        if chat is None or not _takes_part(world, user, negotiation):
            continue
        if query.get("filter_unread") == "true" and not _unread(chat, user.kind):
            continue
        if query.get("filter_has_text_message") == "true" and not any(e.type == "SIMPLE" for e in chat.entries):
            continue
        if vacancy_ids is not None and negotiation.vacancy_id not in vacancy_ids:
            continue
        chats.append(chat_json(world, negotiation, chat, user.kind))
    items = chats[page * per_page:(page + 1) * per_page]
    pages = max(1, -(-len(chats) // per_page))
    return json_response({"items": items, "found": len(chats), "page": page, "pages": pages, "per_page": per_page})


async def unread_counter(request: web.Request) -> web.Response:
    user = _caller(request)
    world = backend_of(request).world
    count = 0
    for negotiation_id in world.chat_book.chats.values():
        negotiation = world.negotiations[negotiation_id]
        chat = sync(world, negotiation)
        count += int(chat is not None and _takes_part(world, user, negotiation) and _unread(chat, user.kind) > 0)
    return json_response({"unread_chats_count": count})


def _not_ready(world: World, chat: ChatRecord) -> None:
    if world.now() < chat.ready_at:
        raise chats_error(425, "chat_is_not_ready")


async def chat_messages(request: web.Request) -> web.Response:
    user = _caller(request)
    world = backend_of(request).world
    chat, negotiation = _chat_for(request, user)
    _not_ready(world, chat)
    query = request.query
    limit = _int(query.get("limit"), "limit", 20, 1, MESSAGES_LIMIT_MAX)
    order = query.get("order", "next")
    if order not in ("next", "prev"):
        raise bad_argument("order")
    ids = [entry.id for entry in chat.entries]
    start = query.get("start_message_id")
    if start is not None and start not in ids:
        raise bad_argument("start_message_id")
    if order == "next":
        first = ids.index(start) if start is not None else 0
        if start is not None and world.chat_book.message_ids == "shrinking":
            first += 1
        chosen = chat.entries[first:first + limit]
        has_more = first + limit < len(chat.entries)
    else:
        last = ids.index(start) if start is not None else len(ids) - 1
        chosen = list(reversed(chat.entries[max(0, last - limit + 1):last + 1]))
        has_more = last - limit + 1 > 0
    answer = json_response({
        **chat_json(world, negotiation, chat, user.kind),
        "has_more": has_more,
        "messages": [entry_json(world, negotiation, entry) for entry in chosen],
        "chat_states": {"write_message_state": write_state(world, negotiation)},
    })
    for side, text in world.chat_book.after_next_read.pop(chat.id, []):
        add_message(world, negotiation, side, text)
    return answer


async def _json_object(request: web.Request) -> dict[str, Any]:
    if request.content_type != "application/json":
        raise bad_argument("body", "JSON expected")
    try:
        body = json.loads(await request.read())
    except ValueError:
        raise bad_argument("body", "JSON expected") from None
    if not isinstance(body, dict):
        raise bad_argument("body", "JSON object expected")
    return body


def _idempotency_key(body: dict[str, Any]) -> str:
    key = body.get("idempotency_key")
    if not isinstance(key, str):
        raise bad_argument("idempotency_key")
    try:
        uuid.UUID(key)
    except ValueError:
        raise bad_argument("idempotency_key") from None
    return key


def _check_post(world: World, negotiation: NegotiationRecord, side: Side, text: object) -> str:
    if not isinstance(text, str) or not text.strip():
        raise chats_error(400, "message_cannot_be_empty")
    if len(text) > TEXT_MAX_LENGTH:
        raise chats_error(400, "too_long_message")
    state = write_state(world, negotiation)
    if not state["allowed"]:
        raise chats_error(403, WRITE_REFUSALS.get(str(state["reason"]), "disabled_by_employer"))
    ensure_usable(world, negotiation)
    status = messaging_status(world, negotiation)
    if status != "ok":
        raise chats_error(403, status)
    if negotiation.overall_limit is not None and len(negotiation.messages) >= negotiation.overall_limit:
        raise chats_error(403, "overall_limit")
    run = 0
    for message in reversed(negotiation.messages):
        if message.author != side:
            break
        run += 1
    if run >= world.settings.in_a_row_limit:
        raise chats_error(403, "in_a_row_limit")
    return text


async def post_chat_message(request: web.Request) -> web.StreamResponse:
    user = _caller(request)
    world = backend_of(request).world
    chat, negotiation = _chat_for(request, user)
    body = await _json_object(request)
    key = _idempotency_key(body)
    used = world.chat_book.used_keys.setdefault(user.id, set())
    if key in used:
        if world.chat_book.key_reuse == "bad_request":
            raise bad_argument("idempotency_key", "The idempotency key was already used")
        raise FakeHHError(409, "conflict", "idempotency_key_already_used", "The message was already sent")
    _not_ready(world, chat)
    text = _check_post(world, negotiation, user.kind, body.get("text"))
    message = add_message(world, negotiation, user.kind, text)
    used.add(key)
    entry_id = chat_message_id(world, negotiation, message)
    book = world.chat_book
    if book.lost_answers > 0:
        book.lost_answers -= 1
        if book.unavailable_after_lost:
            backend_of(request).traffic.inject(Fault(503, book.unavailable_after_lost, request.path, "POST"))
        if request.transport is not None:
            request.transport.close()
        raise web.HTTPServiceUnavailable()
    return json_response({"id": entry_id}, status=201)


async def mark_read(request: web.Request) -> web.Response:
    user = _caller(request)
    chat, negotiation = _chat_for(request, user)
    ids = [entry.id for entry in chat.entries]
    message_id = request.match_info["message_id"]
    if message_id not in ids:
        raise not_found("Message not found")
    side: Side = user.kind
    for entry in chat.entries[:ids.index(message_id) + 1]:
        if entry.message is not None and entry.side != side:
            entry.message.mark_viewed_by(side)
    if _unread(chat, side) == 0:
        negotiation.set_has_updates(side, False)
        if side == "employer":
            negotiation.viewed_by_employer = True
    return web.Response(status=204)


async def participants(request: web.Request) -> web.Response:
    user = _caller(request)
    world = backend_of(request).world
    _, negotiation = _chat_for(request, user)
    items = [{"id": _participant_id(world, negotiation, side), "role": side.upper()}
             for side in ("applicant", "employer")]
    return json_response({"items": items})


def add_chat_routes(app: web.Application) -> None:
    router = app.router
    router.add_get("/common/chats", list_chats)
    router.add_get("/common/chats/counters/unread", unread_counter)
    router.add_get("/common/chats/{chat_id}/messages", chat_messages)
    router.add_post("/common/chats/{chat_id}/messages", post_chat_message)
    router.add_put("/common/chats/{chat_id}/message/{message_id}/read", mark_read)
    router.add_get("/common/chats/{chat_id}/participants", participants)
