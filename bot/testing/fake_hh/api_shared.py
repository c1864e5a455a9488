"""Routes both sides use: `/me`, `/negotiations` dispatch, one negotiation, its messages."""

from __future__ import annotations

from aiohttp import web

from .access import negotiation_for
from .api_applicant import applicant_list
from .api_employer import collection_page, collections
from .auth import authenticate, ensure_applicant_api_allowed, require_applicant
from .context import backend_of, json_response, links_of, page_body, page_request, parse_bool, read_form
from .errors import bad_argument
from .messaging import post_message, read_messages
from .render import me_json
from .render_negotiations import (
    applicant_negotiation_json,
    employer_negotiation_json,
    message_json,
)

_MESSAGES_PER_PAGE_MAX = 50


async def me(request: web.Request) -> web.Response:
    user = authenticate(request)
    return json_response(me_json(links_of(request), backend_of(request).world, user))


async def negotiations_root(request: web.Request) -> web.Response:
    """Employer: a vacancy's collections (`vacancy_id` required). Applicant: own negotiations."""
    user = authenticate(request)
    if user.kind == "employer":
        return collections(request, user)
    return applicant_list(request, require_applicant(request, user))


async def negotiation_or_collection(request: web.Request) -> web.Response:
    user = authenticate(request)
    name = request.match_info["name"]
    if not name.isdigit():
        if user.kind == "applicant" and name == "active":
            return applicant_list(request, require_applicant(request, user), "active")
        if user.kind == "employer":
            return collection_page(request, user, name)
    if user.kind == "applicant":
        ensure_applicant_api_allowed(request)
    world = backend_of(request).world
    negotiation = negotiation_for(world, user, name)
    links = links_of(request)
    if user.kind == "employer":
        return json_response(employer_negotiation_json(links, world, negotiation, with_vacancy=True))
    return json_response(applicant_negotiation_json(links, world, negotiation, alone=True))


async def get_messages(request: web.Request) -> web.Response:
    """Oldest first, or newest first (`legacy_order`); reading clears the reader's `has_updates` and marks messages
    viewed."""
    user = authenticate(request)
    if user.kind == "applicant":
        ensure_applicant_api_allowed(request)
    world = backend_of(request).world
    negotiation = negotiation_for(world, user, request.match_info["nid"])
    page = page_request(request, maximum=_MESSAGES_PER_PAGE_MAX)
    messages = negotiation.messages
    if parse_bool(request.query.get("with_text_only"), "with_text_only"):
        messages = [m for m in messages if m.text is not None]
    if world.settings.legacy_order == "newest_first":
        messages = list(reversed(messages))
    body = page_body(messages, page, lambda m: message_json(m, user.kind, world.settings.language))
    read_messages(world, negotiation, user.kind)
    return json_response(body)


async def send_message(request: web.Request) -> web.Response:
    user = authenticate(request)
    if user.kind == "applicant":
        ensure_applicant_api_allowed(request)
    world = backend_of(request).world
    negotiation = negotiation_for(world, user, request.match_info["nid"])
    form = await read_form(request, bad_argument("message", "Parameters must be application/x-www-form-urlencoded"))
    text = form.get("message")
    if text is None:
        raise bad_argument("message")
    message = post_message(world, negotiation, user.kind, text)
    if user.kind == "employer":
        return web.Response(status=201, text="", content_type="text/html")
    return json_response(message_json(message, user.kind, world.settings.language), status=201)
