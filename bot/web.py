"""The bot's own HTTP endpoints: hh.ru's OAuth redirect, Telegram's webhook and /healthz."""

from __future__ import annotations

import hmac
import json
import logging
from datetime import UTC, datetime
from html import escape
from urllib.parse import urlsplit

from aiohttp import web

from bot.render import link_result_page
from bot.runtime import RUNTIME
from bot.services.link_result import Outcome
from bot.texts import language_of, texts_for
from storage import accounts, outbox

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
PAGE_STATUS = {Outcome.LINKED: 200, Outcome.DENIED: 200, Outcome.HH_DOWN: 503}
STALL_INTERVALS = 3

PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>{title}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;line-height:1.5}}
a.button{{display:inline-block;margin-top:1rem;padding:.6rem 1.2rem;background:#229ed9;color:#fff;border-radius:.5rem;
text-decoration:none}}</style></head>
<body><h1>{title}</h1><p>{sentence}</p><a class="button" href="{telegram}">{back}</a></body></html>
"""


def add_routes(app: web.Application, redirect_path: str, webhook_path: str | None) -> None:
    app.router.add_get(redirect_path, oauth_callback)
    app.router.add_get("/healthz", healthz)
    if webhook_path is not None:
        app.router.add_post(webhook_path, telegram_webhook)


def webhook_path_of(webhook_url: str) -> str:
    return urlsplit(webhook_url).path or "/"


async def oauth_callback(request: web.Request) -> web.Response:
    runtime = request.app[RUNTIME]
    query = request.query
    result = await runtime.linking.complete(query.get("state"), query.get("code"), query.get("error"))
    language = await runtime.linking.announce(result)
    if language is None:
        language = language_of(request.headers.get("Accept-Language"))
    texts = texts_for(language)
    title, sentence = link_result_page(texts, result)
    page = PAGE.format(lang=language, title=escape(title), sentence=escape(sentence),
                       telegram=escape(f"https://t.me/{runtime.bot_username}"),
                       back=escape(texts.page_back_to_telegram))
    return web.Response(text=page, content_type="text/html", status=PAGE_STATUS.get(result.outcome, 400))


async def telegram_webhook(request: web.Request) -> web.Response:
    runtime = request.app[RUNTIME]
    secret = runtime.settings.webhook_secret
    given = request.headers.get(SECRET_HEADER, "")
    if secret is None or not hmac.compare_digest(given.encode(), secret.get_secret_value().encode()):
        log.warning("webhook request without the right secret from %s", request.remote)
        return web.Response(status=401, text="unauthorized")
    try:
        update = await request.json()
    except json.JSONDecodeError:
        return web.Response(status=400, text="not JSON")
    if not isinstance(update, dict) or not isinstance(update.get("update_id"), int):
        return web.Response(status=400, text="not an update")
    await runtime.intake.accept([update])
    return web.Response(status=200)


async def healthz(request: web.Request) -> web.Response:
    runtime = request.app[RUNTIME]
    now = runtime.clock.now()
    counts = await runtime.storage.run(accounts.counts)
    pending = await runtime.storage.run(outbox.pending_count)
    scheduler = runtime.scheduler
    interval = runtime.settings.poll_interval
    last_poll = scheduler.last_check_at
    quiet_since = last_poll if last_poll is not None else scheduler.started_at
    ticking = scheduler.last_tick_at is not None and now - scheduler.last_tick_at <= STALL_INTERVALS * interval
    checking = counts.active == 0 or now - quiet_since <= STALL_INTERVALS * interval
    healthy = ticking and checking
    body = {
        "status": "ok" if healthy else "stalled",
        "mode": runtime.mode,
        "accounts": {"linked": counts.linked, "active": counts.active},
        "last_poll_at": None if last_poll is None else datetime.fromtimestamp(last_poll, UTC).isoformat(),
        "outbox_pending": pending,
    }
    return web.json_response(body, status=200 if healthy else 503)
