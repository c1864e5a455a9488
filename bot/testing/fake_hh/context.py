"""What every route needs: the fake's backend, links, JSON answers, forms and pagination."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

from aiohttp import web
from multidict import MultiDict

from .clock import FakeClock
from .errors import bad_argument
from .settings import Settings
from .state import World
from .tokens import TokenStore
from .traffic import Traffic

_T = TypeVar("_T")
REQUEST_ID_KEY = web.RequestKey("fake_hh_request_id", str)
USER_ID_KEY = web.RequestKey("fake_hh_user_id", str)
FORM_KEY = web.RequestKey("fake_hh_form", dict[str, str])
_SECRET_FIELDS = frozenset({"client_secret", "refresh_token", "code", "password"})
_FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})


@dataclass
class Backend:
    settings: Settings
    clock: FakeClock
    world: World
    tokens: TokenStore
    traffic: Traffic


BACKEND_KEY = web.AppKey("fake_hh_backend", Backend)


def backend_of(request: web.Request) -> Backend:
    return request.app[BACKEND_KEY]


@dataclass(frozen=True)
class Links:
    """Absolute URLs: API ones on the fake itself, human ones on `site_url`, resume files on `files_url` (None: on
    the API's host)."""

    api: str
    site: str
    files: str | None = None


def links_of(request: web.Request) -> Links:
    settings = backend_of(request).settings
    files = settings.files_url.rstrip("/") if settings.files_url else None
    return Links(api=str(request.url.origin()), site=settings.site_url.rstrip("/"), files=files)


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    return web.json_response(data, status=status, headers=headers, dumps=partial(json.dumps, ensure_ascii=False))


async def read_form(request: web.Request, not_a_form: Exception) -> MultiDict[str]:
    """The form-encoded body hh.ru demands; any other body (JSON...) raises `not_a_form`."""
    form: MultiDict[str] = MultiDict()
    if request.content_type in _FORM_TYPES:
        posted = await request.post()
        form.extend((k, v) for k, v in posted.items() if isinstance(v, str))
    elif request.body_exists and await request.read():
        raise not_a_form
    request[FORM_KEY] = {k: "***" if k in _SECRET_FIELDS else v for k, v in form.items()}
    return form


def parse_bool(value: str | None, name: str, default: bool = False) -> bool:
    if value is None:
        return default
    if value in ("true", "false"):
        return value == "true"
    raise bad_argument(name)


@dataclass(frozen=True)
class PageRequest:
    page: int
    per_page: int


def page_request(request: web.Request, maximum: int, default: int = 20) -> PageRequest:
    return PageRequest(
        page=_non_negative_int(request.query.get("page"), "page", 0, minimum=0),
        per_page=_non_negative_int(request.query.get("per_page"), "per_page", default, minimum=1, maximum=maximum),
    )


def page_body(items: Sequence[_T], page: PageRequest, render: Callable[[_T], dict[str, Any]]) -> dict[str, Any]:
    start = page.page * page.per_page
    return {
        "found": len(items),
        "pages": max(1, math.ceil(len(items) / page.per_page)),
        "page": page.page,
        "per_page": page.per_page,
        "items": [render(item) for item in items[start : start + page.per_page]],
    }


def _non_negative_int(raw: str | None, name: str, default: int, *, minimum: int, maximum: int | None = None) -> int:
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise bad_argument(name) from None
    if value < minimum or (maximum is not None and value > maximum):
        raise bad_argument(name)
    return value
