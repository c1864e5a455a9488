"""The demo's machinery on 127.0.0.1: the fake hh.ru, the fake Telegram and the real bot, started and stopped as one."""

from __future__ import annotations

import socket
import time
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from aiohttp import web

from bot.app import create_app
from bot.config import Settings
from bot.demo.texts import Language
from bot.testing.fake_hh import FakeHH
from bot.testing.fake_telegram import FakeTelegram
from bot.testing.fake_telegram.deep_links import PAGE_PATH as TELEGRAM_LINKS

LOOPBACK = "127.0.0.1"
BOT_TOKEN = "777000:demo-token-for-the-fake-telegram"
BOT_USERNAME = "hh_bridge_demo_bot"
CLIENT_ID = "demo-client"
CLIENT_SECRET = "demo-client-secret"
USER_AGENT = "HHBridgeDemo/1.0 (demo@example.com)"
HEALTHZ_TOKEN = "demo-healthz-token-on-loopback"  # the walk-through reads the outbox count from /healthz's details
HEALTHZ_AUTH = {"Authorization": f"Bearer {HEALTHZ_TOKEN}"}
POLL_INTERVAL = 2.0
HH_RATE_LIMIT = 8.0
SHUTDOWN_TIMEOUT = 2.0
SECRETS = (BOT_TOKEN, CLIENT_SECRET)


@dataclass(frozen=True)
class Stack:
    """The running parts. `user_agent` tells the bot's hh.ru calls from a person's visits to the fake site."""

    hh: FakeHH
    hh_url: str
    tg: FakeTelegram
    bot_url: str
    user_agent: str
    database: Path


def loopback_socket(port: int = 0) -> socket.socket:
    """A socket bound now, so that an address is known before the server that listens on it is built."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((LOOPBACK, port))
    except OSError:
        sock.close()
        raise
    return sock


def url_of(sock: socket.socket) -> str:
    return f"http://{LOOPBACK}:{sock.getsockname()[1]}"


async def serve(exits: AsyncExitStack, app: web.Application, sock: socket.socket) -> None:
    """Serves `app` on `sock` until `exits` closes."""
    runner = web.AppRunner(app, handle_signals=False, access_log=None, shutdown_timeout=SHUTDOWN_TIMEOUT)
    await runner.setup()
    exits.push_async_callback(runner.cleanup)
    await web.SockSite(runner, sock).start()


def bot_settings(tg: FakeTelegram, hh_url: str, bot_url: str, folder: Path) -> Settings:
    return Settings(
        _env_file=None,  # the demo reads no .env: it needs no settings
        bot_token=BOT_TOKEN, telegram_api_url=tg.base_url, telegram_link_url=f"{tg.base_url}{TELEGRAM_LINKS}",
        hh_client_id=CLIENT_ID, hh_client_secret=CLIENT_SECRET,
        hh_redirect_uri=f"{bot_url}/oauth/callback", hh_api_url=hh_url, hh_oauth_url=hh_url,
        hh_user_agent=USER_AGENT, hh_rate_limit=HH_RATE_LIMIT, host=LOOPBACK, port=int(bot_url.rsplit(":", 1)[1]),
        database_path=folder / "bot.sqlite3", poll_interval=POLL_INTERVAL, webhook_url=None, webhook_secret=None,
        encryption_key=None, healthz_token=HEALTHZ_TOKEN, log_level="WARNING", log_format="text",
    )


@asynccontextmanager
async def running_stack(folder: Path, language: Language = "ru") -> AsyncIterator[Stack]:
    """Starts the fakes (speaking `language` on their pages and in hh.ru's names), then the bot; on exit stops the
    bot gracefully first, then the fakes."""
    async with AsyncExitStack() as exits:
        hh_socket, bot_socket = exits.enter_context(loopback_socket()), exits.enter_context(loopback_socket())
        hh_url, bot_url = url_of(hh_socket), url_of(bot_socket)
        hh = FakeHH(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, redirect_uri=f"{bot_url}/oauth/callback",
                    clock=time.time, site_url=hh_url, language=language)
        await serve(exits, hh.create_app(), hh_socket)
        tg = FakeTelegram(token=BOT_TOKEN, bot_username=BOT_USERNAME, page_language=language)
        await tg.start()
        exits.push_async_callback(tg.close)
        settings = bot_settings(tg, hh_url, bot_url, folder)
        await serve(exits, create_app(settings, "polling"), bot_socket)
        yield Stack(hh, hh_url, tg, bot_url, USER_AGENT, settings.database_path)
