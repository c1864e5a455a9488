"""`GET /manager_accounts/mine`."""

from __future__ import annotations

from aiohttp import web

from .auth import authenticate_person, require_employer
from .context import backend_of, json_response
from .manager_accounts import ACCOUNT_HEADER, mine_json, primary_account, selected_account


async def manager_accounts_mine(request: web.Request) -> web.Response:
    """Answers even when the primary account is blocked and no header is sent: that is how a client learns
    which accounts it may use. A header naming an unknown or blocked account fails as on any employer call."""
    user = require_employer(authenticate_person(request))
    world = backend_of(request).world
    header = request.headers.get(ACCOUNT_HEADER)
    current = primary_account(world, user) if header is None else selected_account(world, user, header)
    return json_response(mine_json(world, user, current))
