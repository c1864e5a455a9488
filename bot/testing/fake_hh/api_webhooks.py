"""`/webhook/subscriptions`: employers only, one subscription per user and application, JSON bodies."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web

from .auth import authenticate
from .context import json_response
from .errors import FakeHHError, forbidden, not_found
from .records import UserRecord
from .webhooks import ACTION_TYPES, WEBHOOKS_KEY, Webhooks

_MAX_URL_LENGTH = 2048


async def list_subscriptions(request: web.Request) -> web.Response:
    user, hub = _employer(request)
    return json_response({"items": [_item(view.id, view.url, hub.subscriptions[user.id].actions)
                                    for view in hub.view(user.id)]})


async def create_subscription(request: web.Request) -> web.Response:
    user, hub = _employer(request)
    body = await _json_object(request)
    url = _url(body.get("url"))
    actions = _actions(body.get("actions"), hub)
    _no_other_keys(body, {"url", "actions"})
    if hub.of_user(user.id) is not None:
        raise FakeHHError(400, "notifications", "already_exist", "A subscription of this user and application exists")
    record = hub.subscribe(user, url, actions)
    return json_response({"id": record.id}, status=201)


async def update_subscription(request: web.Request) -> web.Response:
    user, hub = _employer(request)
    record = hub.of_user(user.id, request.match_info["subscription_id"])
    if record is None:
        raise not_found("The subscription is not found or not available to the current user")
    body = await _json_object(request)
    _no_other_keys(body, {"url", "actions"})
    if "url" not in body and "actions" not in body:
        raise _bad_json("url", "required")
    url = _url(body["url"]) if "url" in body else record.url
    actions = _actions(body["actions"], hub) if "actions" in body else record.actions
    record.url, record.actions = url, actions
    return web.Response(status=204)


async def delete_subscription(request: web.Request) -> web.Response:
    user, hub = _employer(request)
    if hub.of_user(user.id, request.match_info["subscription_id"]) is None:
        raise not_found("The subscription is not found or not available to the current user")
    hub.remove(user.id, "deleted")
    return web.Response(status=204)


def _employer(request: web.Request) -> tuple[UserRecord, Webhooks]:
    user = authenticate(request)
    hub = request.app[WEBHOOKS_KEY]
    if user.kind != "employer":
        raise forbidden(description="The request is not made with an employer's authorization")
    if user.id in hub.denied_users:
        raise forbidden(description="Webhooks are not available to this employer")
    return user, hub


async def _json_object(request: web.Request) -> dict[str, Any]:
    if request.content_type != "application/json":
        raise _bad_json("", "invalid", "The body must be application/json")
    try:
        body = json.loads(await request.read())
    except ValueError:
        raise _bad_json("", "invalid", "The body is not JSON") from None
    if not isinstance(body, dict):
        raise _bad_json("", "invalid", "The body must be a JSON object")
    return body


def _url(value: Any) -> str:
    if value is None:
        raise _bad_json("url", "required")
    parts = urlsplit(value) if isinstance(value, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc or len(value) > _MAX_URL_LENGTH:
        raise _bad_json("url", "invalid")
    return str(value)


def _actions(value: Any, hub: Webhooks) -> dict[str, bool]:
    if value is None:
        raise _bad_json("actions", "required")
    if not isinstance(value, list):
        raise _bad_json("actions", "invalid")
    if not value:
        raise _bad_json("actions", "size_less_than_min")
    actions: dict[str, bool] = {}
    for index, action in enumerate(value):
        if not isinstance(action, dict) or action.get("type") not in ACTION_TYPES:
            raise _bad_json("type", "invalid", pointer=f"/actions/{index}/type")
        _no_other_keys(action, {"type", "settings"}, f"/actions/{index}")
        if action["type"] in hub.refused_actions:
            raise _bad_json("type", "invalid", f"Action type {action['type']} is not available",
                            pointer=f"/actions/{index}/type")
        actions[action["type"]] = _only_mine(action.get("settings"), index)
    return actions


def _only_mine(settings: Any, index: int) -> bool:
    if settings is None:
        return False
    pointer = f"/actions/{index}/settings"
    if not isinstance(settings, dict):
        raise _bad_json("settings", "invalid", pointer=pointer)
    _no_other_keys(settings, {"vacancies_only_mine"}, pointer)
    only_mine = settings.get("vacancies_only_mine", False)
    if not isinstance(only_mine, bool):
        raise _bad_json("vacancies_only_mine", "invalid", pointer=f"{pointer}/vacancies_only_mine")
    return only_mine


def _no_other_keys(body: dict[str, Any], allowed: set[str], pointer: str = "") -> None:
    for key in body:
        if key not in allowed:
            raise _bad_json(key, "unexpected", pointer=f"{pointer}/{key}")


def _bad_json(name: str, reason: str, description: str | None = None, *, pointer: str | None = None) -> FakeHHError:
    return FakeHHError(400, "bad_json_data", name or None, description or f"Bad JSON data: {name} {reason}".strip(),
                       error_fields={"pointer": pointer if pointer is not None else f"/{name}", "reason": reason})


def _item(subscription_id: str, url: str, actions: dict[str, bool]) -> dict[str, Any]:
    return {"id": subscription_id, "url": url,
            "actions": [{"type": action, "settings": {"vacancies_only_mine": only_mine}}
                        for action, only_mine in actions.items()]}
