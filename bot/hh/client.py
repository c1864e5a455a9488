"""The hh.ru API client: one session, one rate limit for all accounts, retries, errors, token refresh."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from types import SimpleNamespace
from typing import IO, Any, TypeVar
from urllib.parse import quote, urlsplit

import aiohttp
from pydantic import BaseModel
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception_type, stop_after_attempt, wait_random_exponential
from yarl import URL

from bot.clock import Clock
from bot.hh.errors import (
    AccountNeedsRelink,
    BadRequest,
    CaptchaRequired,
    ChatNotReady,
    ChatUnavailable,
    FileTooLarge,
    Forbidden,
    HHError,
    InvalidGrant,
    NegotiationError,
    NetworkError,
    NotFound,
    RateLimited,
    ServerError,
    TokenExpired,
    TokenInvalid,
    TokenRequestError,
    TransientError,
    UnexpectedRedirect,
    UnsafeUrl,
)
from bot.hh.manager_accounts import ACCOUNT_HEADER, ManagerAccounts, current_account
from bot.hh.models import (
    ChatMessages,
    Collections,
    Me,
    Message,
    MessageTemplate,
    Negotiation,
    Page,
    Vacancy,
    WebhookCreated,
    WebhookSubscriptions,
)
from bot.hh.pace import HHPace, Turn
from bot.hh.tokens import TokenPair, TokenStore
from bot.logs import ids

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)
R = TypeVar("R")

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "DELETE"})
VACANCIES_PER_PAGE = 50
COLLECTION_PER_PAGE = 50
APPLICANT_PER_PAGE = 50
MESSAGES_PER_PAGE = 20
TOKEN_DEAD_VALUES = frozenset({"token_revoked", "bad_authorization"})
CHAT_MESSAGES_LIMIT = 50
CHAT_UNAVAILABLE_STATUSES = frozenset({404, 405})
FILE_CHUNK = 64 * 1024
FILE_REDIRECTS = 3
FILE_TIMEOUT = aiohttp.ClientTimeout(total=300, sock_connect=30, sock_read=30)
ERROR_BODY_LIMIT = 64 * 1024
FILE = "<file>"
"""What a file's request is called in errors and logs: its path names the candidate."""


class HHClient:
    def __init__(
        self,
        *,
        api_url: str,
        user_agent: str,
        client_id: str,
        client_secret: str,
        redirect_uri: str,
        rate_limit: float,
        tokens: TokenStore,
        clock: Clock,
        max_attempts: int = 4,
        backoff_base: float = 0.5,
        backoff_cap: float = 10.0,
        request_timeout: float = 30.0,
        files_url: str | None = None,
    ) -> None:
        """`files_url`: hh.ru's host for files (resume PDFs), if it is not the API's own; a file is fetched, with
        the token, only from these two."""
        self.api_url = api_url.rstrip("/")
        self._api_origin = _origin(self.api_url)
        self._file_origins = {host for url in (self.api_url, files_url) if url and (host := _host_of(URL(url)))}
        self._user_agent = user_agent
        self._client_id = client_id
        self._client_secret = client_secret
        self.redirect_uri = redirect_uri
        self._pace = HHPace(rate_limit, clock)
        self._tokens = tokens
        self._clock = clock
        self._max_attempts = max_attempts
        self._backoff = wait_random_exponential(multiplier=backoff_base, max=backoff_cap)
        self._timeout = aiohttp.ClientTimeout(total=request_timeout)
        self._session: aiohttp.ClientSession | None = None
        self._refresh_locks: dict[int, asyncio.Lock] = {}

    @property
    def waiting(self) -> int:
        """Requests queued for the rate limit right now."""
        return self._pace.waiting

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    # --- OAuth -------------------------------------------------------------------------------

    async def exchange_code(self, code: str, redirect_uri: str | None = None) -> TokenPair:
        """`redirect_uri`: the one the authorize request named (hh.ru compares them); the registered one if None."""
        return await self._token_request({
            "grant_type": "authorization_code", "client_id": self._client_id,
            "client_secret": self._client_secret, "redirect_uri": redirect_uri or self.redirect_uri, "code": code,
        })

    async def me_with_token(self, access_token: str) -> Me:
        return Me.model_validate(await self._request("GET", "/me", bearer=access_token))

    async def manager_accounts_with_token(self, access_token: str) -> ManagerAccounts:
        """`GET /manager_accounts/mine` with a token not stored yet (while linking)."""
        return ManagerAccounts.model_validate(await self._request("GET", "/manager_accounts/mine", bearer=access_token))

    async def invalidate_token(self, access_token: str) -> None:
        await self._request("DELETE", "/oauth/token", bearer=access_token)

    # --- account calls -------------------------------------------------------------------------

    async def me(self, account_id: int) -> Me:
        return Me.model_validate(await self._call(account_id, "GET", "/me"))

    async def invalidate(self, account_id: int) -> None:
        """Logs the account out at hh.ru (`DELETE /oauth/token`)."""
        await self._call(account_id, "DELETE", "/oauth/token")

    async def active_vacancies(self, account_id: int, employer_id: str, page: int = 0) -> Page[Vacancy]:
        body = await self._call(account_id, "GET", f"/employers/{employer_id}/vacancies/active",
                                params={"page": page, "per_page": VACANCIES_PER_PAGE})
        return Page[Vacancy].model_validate(body)

    async def collections(self, account_id: int, vacancy_id: str) -> Collections:
        body = await self._call(account_id, "GET", "/negotiations", params={"vacancy_id": vacancy_id})
        return Collections.model_validate(body)

    async def collection_page(self, account_id: int, url: str, page: int = 0) -> Page[Negotiation]:
        body = await self._call(account_id, "GET", url, params={"page": page, "per_page": COLLECTION_PER_PAGE})
        return Page[Negotiation].model_validate(body)

    async def applicant_negotiations(self, account_id: int, page: int = 0) -> Page[Negotiation]:
        params = {"page": page, "per_page": APPLICANT_PER_PAGE, "order_by": "updated_at", "order": "desc"}
        return Page[Negotiation].model_validate(await self._call(account_id, "GET", "/negotiations", params=params))

    async def negotiation(self, account_id: int, negotiation_id: str) -> Negotiation:
        return Negotiation.model_validate(await self._call(account_id, "GET", f"/negotiations/{negotiation_id}"))

    async def messages(self, account_id: int, negotiation_id: str, page: int = 0) -> Page[Message]:
        body = await self._call(account_id, "GET", f"/negotiations/{negotiation_id}/messages",
                                params={"page": page, "per_page": MESSAGES_PER_PAGE})
        return Page[Message].model_validate(body)

    async def send_message(self, account_id: int, negotiation_id: str, text: str) -> None:
        await self._call(account_id, "POST", f"/negotiations/{negotiation_id}/messages", data={"message": text})

    async def run_action(self, account_id: int, method: str, url: str, arguments: Mapping[str, str]) -> None:
        """Calls a negotiation action's `method` on its `url` with form-encoded arguments."""
        await self._call(account_id, method.upper(), url, data=dict(arguments))

    async def message_template(self, account_id: int, url: str) -> MessageTemplate:
        return MessageTemplate.model_validate(await self._call(account_id, "GET", url))

    async def hide_response(self, account_id: int, negotiation_id: str, with_decline_message: bool) -> None:
        await self._call(account_id, "DELETE", f"/negotiations/active/{negotiation_id}",
                         params={"with_decline_message": "true" if with_decline_message else "false"})

    async def download(self, account_id: int, url: str, into: IO[bytes], *, limit: int) -> int:
        """Streams the file at `url`, an address hh.ru gave (`resume.download.pdf.url`), into `into` with the
        account's token; its size. Only addresses on the API's host or on the files host are called, and a redirect
        is followed only to those, at most FILE_REDIRECTS times (else UnexpectedRedirect): the token goes nowhere
        else. At most `limit` bytes are read: a larger file raises FileTooLarge as soon as that is known."""
        target = self._file_target(url)

        async def fetch(bearer: str, work_account: str | None) -> int:
            return await self._fetch_file(target, into, limit, bearer, work_account)

        return await self._authorized(account_id, fetch)

    async def manager_accounts(self, account_id: int) -> ManagerAccounts:
        """`GET /manager_accounts/mine`: the work accounts the account's user may act as."""
        return ManagerAccounts.model_validate(await self._call(account_id, "GET", "/manager_accounts/mine"))

    # --- Chats API (hh.ru's newer specification: its answers decide; see chat_errors) ---------------

    async def chat_messages(self, account_id: int, chat_id: str, *, start_message_id: str | None = None,
                            order: str = "next", limit: int = CHAT_MESSAGES_LIMIT) -> ChatMessages:
        params: dict[str, Any] = {"order": order, "limit": limit}
        if start_message_id is not None:
            params["start_message_id"] = start_message_id
        with chat_errors():
            body = await self._call(account_id, "GET", f"/common/chats/{_segment(chat_id)}/messages", params=params)
        return ChatMessages.model_validate(body)

    async def send_chat_message(self, account_id: int, chat_id: str, text: str, idempotency_key: str) -> bool:
        """Posts `text` with `idempotency_key`; retried on timeouts with the same key. False: hh.ru answered 409,
        the key was used already, so the message was sent before."""
        with chat_errors():
            try:
                await self._call(account_id, "POST", f"/common/chats/{_segment(chat_id)}/messages",
                                 json_body={"text": text, "idempotency_key": idempotency_key}, idempotent=True)
            except HHError as error:
                if error.status == 409:
                    return False
                raise
        return True

    async def mark_chat_read(self, account_id: int, chat_id: str, message_id: str) -> None:
        with chat_errors():
            await self._call(account_id, "PUT",
                             f"/common/chats/{_segment(chat_id)}/message/{_segment(message_id)}/read")

    # --- employer webhooks -------------------------------------------------------------------

    async def webhook_subscriptions(self, account_id: int) -> WebhookSubscriptions:
        return WebhookSubscriptions.model_validate(await self._call(account_id, "GET", "/webhook/subscriptions"))

    async def create_webhook_subscription(self, account_id: int, url: str, actions: Sequence[str]) -> str:
        """Subscribes the account's user; hh.ru's id of the new subscription."""
        body = await self._call(account_id, "POST", "/webhook/subscriptions", json_body=_subscription(url, actions))
        return WebhookCreated.model_validate(body).id

    async def update_webhook_subscription(self, account_id: int, subscription_id: str, url: str,
                                          actions: Sequence[str]) -> None:
        await self._call(account_id, "PUT", f"/webhook/subscriptions/{_segment(subscription_id)}",
                         json_body=_subscription(url, actions))

    async def delete_webhook_subscription(self, account_id: int, subscription_id: str) -> None:
        await self._call(account_id, "DELETE", f"/webhook/subscriptions/{_segment(subscription_id)}")

    async def delete_webhook_subscription_with_token(self, access_token: str, subscription_id: str) -> None:
        """The same with a token no longer stored (of an account that a new link replaced)."""
        await self._request("DELETE", f"/webhook/subscriptions/{_segment(subscription_id)}", bearer=access_token)

    # --- tokens -----------------------------------------------------------------------------

    async def _call(self, account_id: int, method: str, url: str, *, params: Mapping[str, Any] | None = None,
                    data: Mapping[str, str] | None = None, json_body: Mapping[str, Any] | None = None,
                    idempotent: bool = False) -> Any:
        async def request(bearer: str, work_account: str | None) -> Any:
            return await self._request(method, url, params=params, data=data, bearer=bearer, json_body=json_body,
                                       idempotent=idempotent, work_account=work_account)

        return await self._authorized(account_id, request)

    async def _authorized(self, account_id: int, request: Callable[[str, str | None], Awaitable[R]]) -> R:
        """`request` made with the account's access token (refreshed when expired, once more if hh.ru says so) and
        the work account it acts as."""
        tokens = await self._tokens.load(account_id)
        if tokens is None:
            raise AccountNeedsRelink(f"account {account_id} has no usable tokens")
        if tokens.expires_at <= self._clock.now():
            tokens = await self._refresh(account_id, tokens)
        work_account = current_account()
        try:
            try:
                return await request(tokens.access_token, work_account)
            except TokenExpired:
                tokens = await self._refresh(account_id, tokens)
                return await request(tokens.access_token, work_account)
        except TokenInvalid as error:
            await self._tokens.mark_needs_relink(account_id, error.value or "token_invalid")
            raise AccountNeedsRelink(f"account {account_id}: hh.ru no longer accepts its token ({error.value})",
                                     status=error.status, errors=error.errors) from error

    async def _refresh(self, account_id: int, stale: TokenPair) -> TokenPair:
        """One refresh at a time per account; the new pair is stored before anyone uses it."""
        lock = self._refresh_locks.setdefault(account_id, asyncio.Lock())
        async with lock:
            current = await self._tokens.load(account_id)
            if current is None:
                raise AccountNeedsRelink(f"account {account_id} has no usable tokens")
            if current.access_token != stale.access_token:
                return current
            try:
                fresh = await self._token_request({"grant_type": "refresh_token",
                                                   "refresh_token": current.refresh_token})
            except InvalidGrant as error:
                if error.description == "token not expired":
                    log.warning("hh.ru says the token has not expired yet; using it", extra=ids(account_id=account_id))
                    return current
                await self._tokens.mark_needs_relink(account_id, f"invalid_grant: {error.description}")
                raise AccountNeedsRelink(f"account {account_id}: refresh refused ({error.description})") from error
            await self._tokens.save(account_id, fresh)
            log.info("tokens refreshed", extra=ids(account_id=account_id))
            return fresh

    async def _token_request(self, form: dict[str, str]) -> TokenPair:
        try:
            body = await self._request("POST", "/token", data=form)
        except BadRequest as error:
            oauth_error = error.errors[0].get("error") if error.errors else None
            description = str(error.errors[0].get("error_description", "")) if error.errors else ""
            if oauth_error == "invalid_grant":
                raise InvalidGrant(description) from None
            raise TokenRequestError(str(oauth_error or ""), description, error.status) from None
        return TokenPair(access_token=body["access_token"], refresh_token=body["refresh_token"],
                         expires_at=self._clock.now() + float(body.get("expires_in", 0)))

    # --- HTTP -------------------------------------------------------------------------------

    async def _request(self, method: str, url: str, *, params: Mapping[str, Any] | None = None,
                       data: Mapping[str, str] | None = None, bearer: str | None = None,
                       json_body: Mapping[str, Any] | None = None, idempotent: bool = False,
                       work_account: str | None = None) -> Any:
        """`idempotent`: a request that may be sent again after a timeout (an idempotency key in its body).
        `work_account`: the work account the call acts as (`X-Manager-Account-Id`); None: the primary one."""
        target = self._resolve(url)
        if params:
            target = target.update_query({key: str(value) for key, value in params.items()})
        retryable = TransientError if method in IDEMPOTENT_METHODS or idempotent else RateLimited
        retrying = AsyncRetrying(stop=stop_after_attempt(self._max_attempts), wait=self._wait, sleep=self._clock.sleep,
                                 retry=retry_if_exception_type(retryable), reraise=True)
        async for attempt in retrying:
            with attempt:
                return await self._send_once(method, target, data=data, bearer=bearer, json_body=json_body,
                                             work_account=work_account)
        raise AssertionError("unreachable: tenacity re-raises the last error")

    def _wait(self, state: RetryCallState) -> float:
        delay = float(self._backoff(state))
        error = state.outcome.exception() if state.outcome else None
        if isinstance(error, RateLimited) and error.retry_after:
            delay = max(delay, error.retry_after)
        return delay

    async def _send_once(self, method: str, target: URL, *, data: Mapping[str, str] | None,
                         bearer: str | None, json_body: Mapping[str, Any] | None = None,
                         work_account: str | None = None) -> Any:
        headers = self._headers(bearer, work_account)
        session = self._open_session()
        async with self._pace.turn() as turn:
            started = time.monotonic()
            try:
                async with session.request(method, target, data=data, json=json_body, headers=headers,
                                           allow_redirects=False, trace_request_ctx=turn) as response:
                    turn.answered()
                    raw = await response.read()
                    status = response.status
                    content_type = response.content_type
                    retry_after = response.headers.get("Retry-After")
            except (aiohttp.ClientError, TimeoutError) as error:
                raise NetworkError(f"{method} {target.path}: {type(error).__name__}") from None
        log.debug("hh %s %s -> %s in %.0f ms", method, target.path, status, (time.monotonic() - started) * 1000)
        body = _json(raw) if content_type == "application/json" or raw[:1] in (b"{", b"[") else None
        if status < 300:
            return body
        raise _error_for(method, target.path, status, body, retry_after)

    def _headers(self, bearer: str | None, work_account: str | None) -> dict[str, str]:
        headers = {"HH-User-Agent": self._user_agent, "User-Agent": self._user_agent}
        if bearer:
            headers["Authorization"] = f"Bearer {bearer}"
        if work_account is not None:
            headers[ACCOUNT_HEADER] = work_account
        return headers

    # --- files ------------------------------------------------------------------------------

    async def _fetch_file(self, target: URL, into: IO[bytes], limit: int, bearer: str,
                          work_account: str | None) -> int:
        retrying = AsyncRetrying(stop=stop_after_attempt(self._max_attempts), wait=self._wait, sleep=self._clock.sleep,
                                 retry=retry_if_exception_type(TransientError), reraise=True)
        async for attempt in retrying:
            with attempt:
                into.seek(0)
                into.truncate()
                for _ in range(FILE_REDIRECTS + 1):
                    location = await self._file_once(target, into, limit, bearer, work_account)
                    if location is None:
                        return into.tell()
                    target = self._redirect_target(target, location)
                raise UnexpectedRedirect(f"hh.ru redirected {FILE} more than {FILE_REDIRECTS} times")
        raise AssertionError("unreachable: tenacity re-raises the last error")

    async def _file_once(self, target: URL, into: IO[bytes], limit: int, bearer: str,
                         work_account: str | None) -> str | None:
        """One GET of the file into `into`; the `Location` of a redirect instead, unread."""
        session = self._open_session()
        async with self._pace.turn() as turn:
            started = time.monotonic()
            try:
                async with session.get(target, headers=self._headers(bearer, work_account), allow_redirects=False,
                                       timeout=FILE_TIMEOUT, trace_request_ctx=turn) as response:
                    turn.answered()
                    status = response.status
                    if 300 <= status < 400 and response.headers.get("Location"):
                        return response.headers["Location"]
                    if status >= 300:
                        raw = await response.content.read(ERROR_BODY_LIMIT)
                        body = _json(raw) if raw[:1] in (b"{", b"[") else None
                        raise _error_for("GET", FILE, status, body, response.headers.get("Retry-After"))
                    if response.content_length is not None and response.content_length > limit:
                        raise FileTooLarge(f"{FILE} is {response.content_length} bytes, over {limit}", status=status)
                    await _stream(response.content, into, limit)
            except (aiohttp.ClientError, TimeoutError) as error:
                raise NetworkError(f"GET {FILE}: {type(error).__name__}") from None
        log.debug("hh GET %s -> %s, %d bytes in %.0f ms", FILE, status, into.tell(),
                  (time.monotonic() - started) * 1000)
        return None

    def _file_target(self, url: str) -> URL:
        try:
            target = URL(url)
        except ValueError:
            raise UnsafeUrl("refusing to fetch a file from a malformed address") from None
        if not target.is_absolute() or _host_of(target) not in self._file_origins:
            raise UnsafeUrl("refusing to fetch a file outside hh.ru's configured hosts")
        return target

    def _redirect_target(self, current: URL, location: str) -> URL:
        """Where a redirect of a file points, if it stays on hh.ru's configured hosts; never followed elsewhere."""
        try:
            target = current.join(URL(location))
        except ValueError:
            raise UnexpectedRedirect(f"hh.ru redirected {FILE} to a malformed address; not followed",
                                     status=302) from None
        if _host_of(target) not in self._file_origins:
            raise UnexpectedRedirect(f"hh.ru redirected {FILE} outside its configured hosts; not followed",
                                     status=302)
        return target

    def _open_session(self) -> aiohttp.ClientSession:
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=self._timeout, trace_configs=[_pace_trace()])
        return self._session

    def _resolve(self, url: str) -> URL:
        if url.startswith("/"):
            return URL(self.api_url + url)
        if _origin(url) != self._api_origin:
            raise UnsafeUrl(f"refusing to call a URL outside {self._api_origin}")
        return URL(url)


async def _stream(content: aiohttp.StreamReader, into: IO[bytes], limit: int) -> None:
    """The body into `into`, chunk by chunk; FileTooLarge once more than `limit` bytes came (nothing more is read)."""
    total = 0
    async for chunk in content.iter_chunked(FILE_CHUNK):
        total += len(chunk)
        if total > limit:
            raise FileTooLarge(f"{FILE} is over {limit} bytes")
        into.write(chunk)


def _pace_trace() -> aiohttp.TraceConfig:
    """Tells each request's pace turn when the request goes on the wire."""
    trace = aiohttp.TraceConfig()
    trace.on_request_headers_sent.append(_headers_sent)
    trace.on_request_chunk_sent.append(_chunk_sent)
    return trace


async def _headers_sent(_: aiohttp.ClientSession, context: SimpleNamespace,
                        params: aiohttp.TraceRequestHeadersSentParams) -> None:
    # A body carries the headers out with it, so the body's last chunk marks the send instead.
    has_body = params.headers.get("Content-Length", "0") != "0" or "Transfer-Encoding" in params.headers
    if isinstance(context.trace_request_ctx, Turn) and not has_body:
        context.trace_request_ctx.sent()


async def _chunk_sent(_: aiohttp.ClientSession, context: SimpleNamespace,
                      __: aiohttp.TraceRequestChunkSentParams) -> None:
    if isinstance(context.trace_request_ctx, Turn):
        context.trace_request_ctx.sent()


@contextmanager
def chat_errors() -> Iterator[None]:
    """A Chats API refusal in the terms the bot acts on: 404/405 → ChatUnavailable (use the legacy methods),
    425 or `chat_is_not_ready` → ChatNotReady (try later). Anything else stays as it is."""
    try:
        yield
    except ChatUnavailable:
        raise
    except HHError as error:
        if error.status in CHAT_UNAVAILABLE_STATUSES:
            raise ChatUnavailable(str(error), status=error.status, errors=error.errors,
                                  request_id=error.request_id) from error
        if error.status == 425 or error.value == "chat_is_not_ready":
            raise ChatNotReady(str(error), status=error.status, errors=error.errors,
                               request_id=error.request_id) from error
        raise


def _subscription(url: str, actions: Sequence[str]) -> dict[str, Any]:
    return {"url": url, "actions": [{"type": action} for action in actions]}


def _segment(value: str) -> str:
    """An id from hh.ru as one path segment: never a way to another path."""
    return quote(value, safe="")


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme, parts.netloc.lower()


def _host_of(url: URL) -> tuple[str, str, int | None] | None:
    """Scheme, host and port of the URL as it would be requested; None for one with a user or password in it."""
    if url.user is not None or url.password is not None or not url.host:
        return None
    return url.scheme, url.host.lower(), url.port


def _json(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        return None


def _error_for(method: str, path: str, status: int, body: Any, retry_after: str | None) -> HHError:
    errors: list[dict[str, Any]] = []
    request_id = None
    if isinstance(body, dict):
        request_id = body.get("request_id")
        if isinstance(body.get("errors"), list):
            errors = [error for error in body["errors"] if isinstance(error, dict)]
        elif "error" in body:
            errors = [{"error": body.get("error"), "error_description": body.get("error_description")}]
    types = {str(error.get("type")) for error in errors}
    values = [str(error.get("value")) for error in errors if error.get("value")]
    message = f"hh.ru answered {status} to {method} {path}" + (f": {', '.join(values)}" if values else "")
    details: dict[str, Any] = {"status": status, "errors": errors, "request_id": request_id}
    if 300 <= status < 400:
        return UnexpectedRedirect(message, **details)
    if status == 429:
        return RateLimited(message, retry_after=_seconds(retry_after), **details)
    if status >= 500:
        return ServerError(message, **details)
    if "captcha_required" in types:
        captcha = next(error for error in errors if error.get("type") == "captcha_required")
        return CaptchaRequired(message, captcha_url=str(captcha.get("captcha_url", "")),
                               fallback_url=captcha.get("fallback_url"), **details)
    if "oauth" in types and TOKEN_DEAD_VALUES.intersection(values):
        return TokenInvalid(message, **details)
    if "oauth" in types:  # `token_expired`, or no value at all (hh.ru's spec marks it optional): refresh once
        return TokenExpired(message, **details)
    if "negotiations" in types:
        return NegotiationError(message, **details)
    if status == 403:
        return Forbidden(message, **details)
    if status == 404:
        return NotFound(message, **details)
    return BadRequest(message, **details)


def _seconds(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None
