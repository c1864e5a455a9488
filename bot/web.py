"""The bot's own HTTP endpoints: hh.ru's OAuth redirect, Telegram's webhook, hh.ru's webhooks and /healthz."""

from __future__ import annotations

import hmac
import json
import logging
import sqlite3
from datetime import UTC, datetime
from html import escape
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web
from pydantic import SecretStr

from bot.clock import Clock
from bot.link_result import LinkOutcome
from bot.log_pace import LogPace
from bot.render import link_result_page
from bot.runtime import RUNTIME
from bot.services.linking import redirect_of
from bot.services.liveness import LoopState, loop_state
from bot.texts import language_of, texts_for
from storage import accounts, outbox
from storage.hh_events import Receipt

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
REFUSED_WEBHOOKS = web.AppKey("refused_webhooks", LogPace)
PAGE_STATUS = {LinkOutcome.CONFIRM_IN_TELEGRAM: 200, LinkOutcome.DENIED: 200, LinkOutcome.HH_DOWN: 503,
               LinkOutcome.RATE_LIMITED: 429}
STALL_INTERVALS = 3
MAX_JSON_DEPTH = 64  # a Telegram update nests about ten deep
PAGE_HEADERS = {
    # the page's address holds the code and the state, and its button the confirmation: never sent on, never kept
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; "
                               "base-uri 'none'; form-action 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
}

PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{title}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;line-height:1.5}}
a.button{{display:inline-block;margin-top:1rem;padding:.6rem 1.2rem;background:#229ed9;color:#fff;border-radius:.5rem;
text-decoration:none}}</style></head>
<body><h1>{title}</h1><p>{sentence}</p><a class="button" href="{link}" rel="noreferrer">{button}</a></body></html>
"""


def add_routes(app: web.Application, redirect_path: str, webhook_path: str | None, clock: Clock) -> None:
    app.router.add_get(redirect_path, oauth_callback)
    app.router.add_get("/healthz", healthz)
    if webhook_path is not None:
        app[REFUSED_WEBHOOKS] = LogPace(clock)
        app.router.add_post(webhook_path, telegram_webhook)


def add_hh_webhook_route(app: web.Application, base_path: str) -> None:
    """hh.ru's deliveries: `HH_WEBHOOK_URL`'s path, then the account's secret."""
    app.router.add_post(f"{base_path}/{{secret}}", hh_webhook)


def webhook_path_of(webhook_url: str) -> str:
    return urlsplit(webhook_url).path or "/"


async def oauth_callback(request: web.Request) -> web.Response:
    """hh.ru's redirect. It never links by itself: a sign-in waits for its owner's confirmation from Telegram."""
    runtime = request.app[RUNTIME]
    result = await runtime.linking.complete(redirect_of(request.query))
    language = await runtime.linking.announce(result)
    if language is None:
        language = language_of(request.headers.get("Accept-Language"))
    texts = texts_for(language)
    title, sentence = link_result_page(texts, result)
    link, button = (result.confirm_url, texts.page_confirm_button) if result.confirm_url else (
        f"https://t.me/{runtime.bot_username}", texts.page_back_to_telegram)
    page = PAGE.format(lang=language, title=escape(title), sentence=escape(sentence), link=escape(link),
                       button=escape(button))
    return web.Response(text=page, content_type="text/html", status=PAGE_STATUS.get(result.outcome, 400),
                        headers=PAGE_HEADERS)


async def telegram_webhook(request: web.Request) -> web.Response:
    runtime = request.app[RUNTIME]
    secret = runtime.settings.webhook_secret
    if secret is None or not _secret_matches(request.headers.get(SECRET_HEADER, ""), secret.get_secret_value()):
        _log_refused(request)
        return web.Response(status=401, text="unauthorized")
    try:
        update = json.loads((await request.read()).decode("utf-8"))
    except (ValueError, RecursionError):  # not UTF-8, not JSON, or nested past the parser's depth
        return web.Response(status=400, text="not JSON")
    if not _nested_at_most(update, MAX_JSON_DEPTH):
        return web.Response(status=400, text="nested too deep")
    if not isinstance(update, dict) or type(update.get("update_id")) is not int:
        return web.Response(status=400, text="not an update")
    try:
        await runtime.intake.accept([update])
    except sqlite3.Error as error:
        log.error("could not store a webhook update (%s); answering 503 so that Telegram delivers it again", error)
        return web.Response(status=503, text="try again later")
    return web.Response(status=200)


def _log_refused(request: web.Request) -> None:
    """At most one line a minute, however many strangers post: the first at once, then a count."""
    count = request.app[REFUSED_WEBHOOKS].note()
    if count == 1:
        log.warning("webhook request without the right secret from %s", request.remote)
    elif count is not None:
        log.warning("%d webhook requests without the right secret since the last such line, the latest from %s",
                    count, request.remote)


HH_RECEIPT_STATUS = {Receipt.STORED: 200, Receipt.NOT_STORED: 200, Receipt.DUPLICATE: 409,
                     Receipt.UNKNOWN_PATH: 404, Receipt.WRONG_USER: 403}
MAX_HH_DELIVERY = 64 * 1024


async def hh_webhook(request: web.Request) -> web.Response:
    """A delivery from hh.ru: stored before the answer, answered without calling hh.ru (it waits 2 s)."""
    webhooks = request.app[RUNTIME].webhooks
    if webhooks is None:
        raise web.HTTPNotFound()
    if (request.content_length or 0) > MAX_HH_DELIVERY:
        return web.Response(status=413, text="too large")
    raw = await request.read()  # a body without a length is still bounded by aiohttp's client_max_size
    if len(raw) > MAX_HH_DELIVERY:
        return web.Response(status=413, text="too large")
    try:
        receipt = await webhooks.intake.receive(request.match_info["secret"], raw)
    except sqlite3.Error as error:
        log.error("could not store an hh.ru delivery (%s); answering 503 so that hh.ru sends it again", error)
        return web.Response(status=503, text="try again later")
    if receipt is None:
        return web.Response(status=400, text="not a delivery")
    if receipt is Receipt.WRONG_USER:
        log.warning("an hh.ru delivery for another hh.ru user was refused")
    return web.Response(status=HH_RECEIPT_STATUS[receipt])


def _secret_matches(given: str, secret: str) -> bool:
    """aiohttp keeps header bytes that are not UTF-8 as surrogates; they are compared, never decoded again."""
    return hmac.compare_digest(given.encode("utf-8", "surrogateescape"), secret.encode())


def _nested_at_most(value: Any, limit: int) -> bool:
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else None
        if children is None:
            continue
        if depth > limit:
            return False
        stack.extend((child, depth + 1) for child in children)
    return True


async def healthz(request: web.Request) -> web.Response:
    """200 while every loop works, else 503. Only the status for anyone; the details (how many accounts, the
    backlog, the mode, which loops run) only for a caller with `HEALTHZ_TOKEN`. Loopback is not trusted for them:
    a reverse proxy on the same host makes every stranger's request come from 127.0.0.1."""
    runtime = request.app[RUNTIME]
    now = runtime.clock.now()
    counts = await runtime.storage.run(accounts.counts)
    scheduler = runtime.scheduler
    interval = runtime.settings.poll_interval
    if runtime.webhooks is not None:  # accounts with working webhooks are checked at the longer interval
        interval = max(interval, runtime.settings.hh_webhook_fallback_interval)
    last_poll = scheduler.last_check_at
    quiet_since = last_poll if last_poll is not None else scheduler.started_at
    loops = {
        "intake": runtime.intake.heartbeat.state(),
        "sender": runtime.sender.heartbeat.state(),
        "scheduler": loop_state(alive=scheduler.running, last_beat=scheduler.last_tick_at, now=now,
                                stall_after=STALL_INTERVALS * interval),
    }
    if runtime.webhooks is not None:
        loops.update(runtime.webhooks.loops())
    if runtime.replies is not None:
        loops["chat_replies"] = runtime.replies.heartbeat.state()
    checking = counts.active == 0 or now - quiet_since <= STALL_INTERVALS * interval
    status = LoopState.OK if checking else LoopState.STALLED
    for worse in (LoopState.STALLED, LoopState.DEAD):
        if worse in loops.values():
            status = worse
    code = 200 if status is LoopState.OK else 503
    if not _bearer_matches(request.headers.get("Authorization", ""), runtime.settings.healthz_token):
        return web.json_response({"status": status}, status=code)
    body = {
        "status": status,
        "mode": runtime.mode,
        "loops": loops,
        "accounts": {"linked": counts.linked, "active": counts.active},
        "last_poll_at": None if last_poll is None else datetime.fromtimestamp(last_poll, UTC).isoformat(),
        "outbox_pending": await runtime.storage.run(outbox.pending_count),
        "outbox_set_aside": await runtime.storage.run(outbox.set_aside_count),
    }
    return web.json_response(body, status=code, headers={"Cache-Control": "no-store"})


def _bearer_matches(authorization: str, token: SecretStr | None) -> bool:
    """`Authorization: Bearer <token>`, compared in constant time; never true without a configured token."""
    scheme, _, given = authorization.strip().partition(" ")
    return token is not None and scheme.lower() == "bearer" and _secret_matches(given.strip(),
                                                                                  token.get_secret_value())
