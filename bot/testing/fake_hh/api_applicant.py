"""Applicant routes: the list of one's negotiations and hiding (declining) one."""

from __future__ import annotations

from collections.abc import Callable

from aiohttp import web

from .access import negotiation_for
from .auth import authenticate, require_applicant
from .context import backend_of, json_response, links_of, page_body, page_request, parse_bool
from .errors import bad_argument
from .messaging import hide_by_applicant
from .records import NegotiationRecord, UserRecord
from .render_negotiations import applicant_negotiation_json

_STATUS_FILTERS: dict[str, Callable[[NegotiationRecord], bool]] = {
    "all": lambda n: True,
    "active": lambda n: not n.hidden and n.applicant_state != "discard",
    "invitations": lambda n: not n.hidden and n.applicant_state == "invitation",
    "response": lambda n: n.applicant_state == "response",
    "discard": lambda n: n.applicant_state == "discard",
    "archived": lambda n: n.hidden,
}


def applicant_list(request: web.Request, user: UserRecord, default_status: str = "all") -> web.Response:
    world = backend_of(request).world
    query = request.query
    page = page_request(request, maximum=100)
    order_by = query.get("order_by", "updated_at")
    if order_by not in ("updated_at", "created_at"):
        raise bad_argument("order_by")
    order = query.get("order", "desc")
    if order not in ("asc", "desc"):
        raise bad_argument("order")
    status_filter = _STATUS_FILTERS.get(query.get("status", default_status))
    if status_filter is None:
        raise bad_argument("status")
    only_updated = parse_bool(query.get("has_updates"), "has_updates")
    vacancy_id = query.get("vacancy_id")
    negotiations = [
        n
        for n in world.negotiations_of_applicant(user.id)
        if status_filter(n)
        and (not only_updated or n.has_updates_applicant)
        and (vacancy_id is None or n.vacancy_id == vacancy_id)
    ]
    if order_by == "updated_at":
        negotiations.sort(key=lambda n: (n.updated_at, n.change_seq), reverse=order == "desc")
    else:
        negotiations.sort(key=lambda n: (n.created_at, int(n.id)), reverse=order == "desc")
    links = links_of(request)
    return json_response(page_body(negotiations, page, lambda n: applicant_negotiation_json(links, world, n)))


async def hide_active(request: web.Request) -> web.Response:
    user = require_applicant(request, authenticate(request))
    world = backend_of(request).world
    negotiation = negotiation_for(world, user, request.match_info["nid"])
    with_decline = parse_bool(request.query.get("with_decline_message"), "with_decline_message")
    hide_by_applicant(world, negotiation, with_decline)
    return web.Response(status=204)
