"""The OAuth side: the site's `/oauth/authorize` page and the API's token endpoints."""

from __future__ import annotations

from html import escape

from aiohttp import web
from yarl import URL

from .auth import authenticate_token
from .context import USER_ID_KEY, backend_of, json_response, read_form
from .errors import OAuthTokenError
from .redirect_uri import redirect_uri_allowed
from .site_pages import sign_in_form, site_words
from .tokens import TokenRecord

# What hh.ru says of a missing parameter: openapi.yml lists its token errors' descriptions (POST /oauth/token, 400).
_MISSING = {"client_id": "account not found", "client_secret": "account not found", "redirect_uri": "bad redirect url",
            "code": "code not found"}


async def authorize_page(request: web.Request) -> web.Response:
    """Who consents: `X-Fake-Login`/`X-Fake-Decision` headers, else `FakeHH.consent(...)`; nobody: the sign-in form."""
    login = request.headers.get("X-Fake-Login")
    if login is None and request.query.get("force_login") != "true":
        login = backend_of(request).world.consent_user
    return _authorize(request, login, request.headers.get("X-Fake-Decision"))


async def sign_in(request: web.Request) -> web.Response:
    """The sign-in form sent by a person: the account picked and the button pressed."""
    form = await request.post()
    login, decision = form.get("login"), form.get("decision")
    if not isinstance(login, str) or decision not in ("allow", "deny"):
        return _html(request, 400, site_words(backend_of(request).world).choose_and_press)
    return _authorize(request, login, str(decision))


def _authorize(request: web.Request, login: str | None, decision: str | None) -> web.Response:
    backend = backend_of(request)
    settings = backend.settings
    query = request.query
    said = site_words(backend.world)
    if query.get("response_type") != "code":
        return _html(request, 400, said.bad_response_type)
    if query.get("client_id") != settings.client_id:
        return _html(request, 400, said.unknown_client)
    redirect_uri = query.get("redirect_uri") or settings.redirect_uri
    if not redirect_uri_allowed(settings.redirect_uri, redirect_uri):
        return _html(request, 400, said.bad_redirect_uri)
    if login is None or login not in backend.world.users:
        return sign_in_form(backend.world, request.query_string, query.get("state"))
    if decision not in (None, "allow", "deny"):
        return _html(request, 400, "X-Fake-Decision must be allow or deny")
    allow = decision == "allow" if decision is not None else backend.world.consent_allow
    params: dict[str, str] = {}
    if allow:
        params["code"] = backend.tokens.create_code(settings.client_id, redirect_uri, login)
    else:
        params["error"] = "access_denied"
    if "state" in query:
        params["state"] = query["state"]
    location = URL(redirect_uri).update_query(params)
    return web.Response(status=302, headers={"Location": str(location)})


async def token_endpoint(request: web.Request) -> web.Response:
    backend = backend_of(request)
    form = await read_form(request, OAuthTokenError("invalid_request", "token is empty"))
    grant_type = form.get("grant_type")
    record: TokenRecord
    if grant_type == "authorization_code":
        names = ("client_id", "client_secret", "redirect_uri", "code")
        for name in names:
            if not form.get(name):
                raise OAuthTokenError("invalid_request", _MISSING[name])
        record = backend.tokens.exchange_code(*(form[name] for name in names))
    elif grant_type == "refresh_token":
        client_id = form.get("client_id")
        if client_id is not None and client_id != backend.settings.client_id:
            raise OAuthTokenError("invalid_client", "client_id or client_secret not found")
        refresh_token = form.get("refresh_token")
        if not refresh_token:
            raise OAuthTokenError("invalid_request", "token is empty")
        record = backend.tokens.refresh(refresh_token)
    else:
        raise OAuthTokenError("unsupported_grant_type", "unsupported grant_type")
    request[USER_ID_KEY] = record.user_id
    return json_response(
        {
            "access_token": record.access_token,
            "token_type": "bearer",
            "expires_in": round(record.expires_at - backend.clock.now()),
            "refresh_token": record.refresh_token,
        }
    )


async def invalidate_token(request: web.Request) -> web.Response:
    record = authenticate_token(request)
    backend_of(request).tokens.invalidate(record)
    return web.Response(status=204)


def _html(request: web.Request, status: int, message: str) -> web.Response:
    world = backend_of(request).world
    title = site_words(world).error_title
    page = (
        f"<!DOCTYPE html><html lang='{world.settings.language}'><head><meta charset='utf-8'>"
        f"<title>{escape(title)}</title></head>"
        f"<body><h1>{escape(title)}</h1><p>{escape(message)}</p></body></html>"
    )
    return web.Response(status=status, text=page, content_type="text/html")


def add_oauth_routes(app: web.Application) -> None:
    app.router.add_get("/oauth/authorize", authorize_page)
    app.router.add_post("/oauth/authorize", sign_in)
    for path in ("/token", "/oauth/token"):
        app.router.add_post(path, token_endpoint)
        app.router.add_delete(path, invalidate_token)
