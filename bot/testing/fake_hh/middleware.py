"""Everything around a route: rate limit, latency, faults, User-Agent, errors, recording."""

from __future__ import annotations

import asyncio
import re
import secrets

from aiohttp import web
from aiohttp.typedefs import Handler

from .auth import demand_captcha, token_user
from .context import FORM_KEY, REQUEST_ID_KEY, USER_ID_KEY, Backend, backend_of, json_response
from .errors import FakeHHError, OAuthTokenError
from .manager_accounts import ACCOUNT_HEADER
from .traffic import Fault, RequestRecord

CONTROL_PREFIX = "/_fake/"
_SITE_PAGES = frozenset({"/oauth/authorize", "/account/captcha"})
_SITE_PAGE_PREFIXES = ("/resume/", "/vacancy/")
_USER_AGENT = re.compile(r"^(?P<name>[A-Za-z0-9][\w.\-]*)/[\w.\-+]+\s+\([^()]+\)$")
_LIBRARY_AGENTS = frozenset(
    {
        "python",
        "aiohttp",
        "python-requests",
        "python-urllib",
        "python-httpx",
        "httpx",
        "curl",
        "wget",
        "okhttp",
        "java",
        "go-http-client",
        "axios",
        "node-fetch",
        "postmanruntime",
    }
)
_FAULT_ERRORS = {
    429: "too_many_requests",
    500: "internal_error",
    502: "bad_gateway",
    503: "service_unavailable",
    504: "gateway_timeout",
}


class _ConnectionDropped(web.HTTPServiceUnavailable):
    """Raised after the transport is closed, so nothing is written back."""


def is_site_page(path: str) -> bool:
    """A page of hh.ru's site, which the fake serves beside its API."""
    return path in _SITE_PAGES or path.startswith(_SITE_PAGE_PREFIXES)


def user_agent_of(request: web.Request) -> str | None:
    if "HH-User-Agent" in request.headers:
        return request.headers["HH-User-Agent"]
    return request.headers.get("User-Agent")


def user_agent_acceptable(agent: str | None) -> bool:
    """hh.ru wants `Name/Version (contact)`, not a library's default User-Agent."""
    match = _USER_AGENT.match((agent or "").strip())
    return match is not None and match["name"].lower() not in _LIBRARY_AGENTS


@web.middleware
async def fake_hh_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    if request.path.startswith(CONTROL_PREFIX):
        return await handler(request)
    backend = backend_of(request)
    arrived = backend.clock.now()
    request_id = secrets.token_hex(16)
    request[REQUEST_ID_KEY] = request_id
    status = 0
    try:
        response = await _answer(request, handler, backend, request_id)
        status = response.status
        response.headers["X-Request-Id"] = request_id
        return response
    except _ConnectionDropped:
        raise
    except Exception:
        status = 500
        raise
    finally:
        backend.traffic.record(
            RequestRecord(
                method=request.method,
                path=request.path,
                query=dict(request.query),
                status=status,
                user_id=request.get(USER_ID_KEY),
                at=arrived,
                form=dict(request.get(FORM_KEY, {})),
                user_agent=user_agent_of(request),
                manager_account_id=request.headers.get(ACCOUNT_HEADER),
            )
        )


async def _answer(request: web.Request, handler: Handler, backend: Backend, request_id: str) -> web.StreamResponse:
    traffic = backend.traffic
    if traffic.over_rate_limit():
        return _error(_over_rate(request, backend), request_id)
    if traffic.latency > 0:
        await asyncio.sleep(traffic.latency)
    fault = traffic.take_fault(request.method, request.path, lambda: token_user(request))
    if fault is not None:
        return _fault_answer(request, fault, request_id)
    if not is_site_page(request.path) and not user_agent_acceptable(user_agent_of(request)):
        bad_agent = FakeHHError(400, "bad_user_agent", "blacklisted", "Bad User-Agent header")
        return _error(bad_agent, request_id)
    try:
        return await handler(request)
    except FakeHHError as error:
        return _error(error, request_id)
    except OAuthTokenError as error:
        return json_response(error.body(), status=400)
    except web.HTTPNotFound:
        return _error(FakeHHError(404, "not_found", None, "Not Found"), request_id)
    except web.HTTPMethodNotAllowed:
        return _error(FakeHHError(405, "bad_request", None, "Method Not Allowed"), request_id)


def _fault_answer(request: web.Request, fault: Fault, request_id: str) -> web.StreamResponse:
    if fault.kind == "disconnect":
        if request.transport is not None:
            request.transport.close()
        raise _ConnectionDropped()
    if fault.kind == "redirect":
        return web.Response(status=fault.status, headers={"Location": fault.location or ""})
    if fault.status == 429:
        return _error(_too_many_requests(fault.retry_after), request_id)
    error_type = _FAULT_ERRORS.get(fault.status, "injected_fault")
    return _error(FakeHHError(fault.status, error_type, None), request_id)


def _over_rate(request: web.Request, backend: Backend) -> FakeHHError:
    """Past the rate: 429; or, as third parties report of hh.ru under heavy traffic, a captcha the calling account
    must solve before its calls go on (`over_rate="captcha"`; a call without a usable token still gets 429)."""
    if backend.traffic.over_rate == "captcha" and (user_id := token_user(request)) is not None:
        return demand_captcha(backend, user_id)
    return _too_many_requests(1)


def _too_many_requests(retry_after: int) -> FakeHHError:
    return FakeHHError(
        429,
        "too_many_requests",
        None,
        "Too many requests",
        headers={"Retry-After": str(retry_after)},
    )


def _error(error: FakeHHError, request_id: str) -> web.Response:
    return json_response(error.body(request_id), status=error.status, headers=error.headers)
