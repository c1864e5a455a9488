"""Who is calling: Bearer tokens, roles, captcha and the applicant-API ban."""

from __future__ import annotations

import secrets

from aiohttp import web

from .context import USER_ID_KEY, Backend, backend_of
from .errors import FakeHHError, forbidden, oauth_error
from .manager_accounts import ACCOUNT_HEADER, acting_user
from .records import UserRecord
from .tokens import TokenRecord


def authenticate_token(request: web.Request) -> TokenRecord:
    header = request.headers.get("Authorization")
    if header is None:
        raise oauth_error("user_auth_expected")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise oauth_error("bad_authorization")
    record = backend_of(request).tokens.authenticate(token.strip())
    request[USER_ID_KEY] = record.user_id
    return record


def authenticate(request: web.Request) -> UserRecord:
    """The calling user, or hh.ru's 403 (bad token, captcha...). An employer acts as the work account
    that `X-Manager-Account-Id` names (the primary one without it): its employer and manager ids."""
    user = authenticate_person(request)
    return acting_user(backend_of(request).world, user, request.headers.get(ACCOUNT_HEADER))


def authenticate_person(request: web.Request) -> UserRecord:
    """The calling user whatever work account the request names, or hh.ru's 403 (bad token, captcha...)."""
    record = authenticate_token(request)
    backend = backend_of(request)
    if record.user_id in backend.world.captcha_users:
        raise demand_captcha(backend, record.user_id)
    return backend.world.user(record.user_id)


def demand_captcha(backend: Backend, user_id: str) -> FakeHHError:
    """hh.ru's 403 `captcha_required` for the user, whose calls go on answering it until the captcha is solved."""
    backend.world.captcha_users.add(user_id)
    state = secrets.token_hex(8)
    backend.world.captcha_states[state] = user_id
    return _captcha_required(backend.settings.site_url.rstrip("/"), state)


def token_user(request: web.Request) -> str | None:
    """The user a request's Bearer token names, if it is one the fake issued and still honours; no error."""
    try:
        return authenticate_token(request).user_id
    except FakeHHError:
        return None


def require_employer(user: UserRecord) -> UserRecord:
    if user.kind != "employer":
        raise forbidden(description="The current user is not an employer")
    return user


def require_applicant(request: web.Request, user: UserRecord) -> UserRecord:
    if user.kind != "applicant":
        raise forbidden(description="The current user is not an applicant")
    ensure_applicant_api_allowed(request)
    return user


def ensure_applicant_api_allowed(request: web.Request) -> None:
    if backend_of(request).world.applicant_api_denied:
        raise forbidden("no_scope", "Applicant methods are not available to this application")


def _captcha_required(site_url: str, state: str) -> FakeHHError:
    return FakeHHError(
        403,
        "captcha_required",
        "captcha_required",
        "Captcha required",
        error_fields={
            "captcha_url": f"{site_url}/account/captcha?state={state}",
            "fallback_url": f"{site_url}/account/login?captcha=true&state={state}",
        },
    )
