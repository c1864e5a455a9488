"""The composition root: builds every part from the settings and runs them in one asyncio process.

Resources open and close in the web app's cleanup contexts. On shutdown they unwind in reverse: updates
stop first, then checks, then sends, then the sessions and the database.
"""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from dataclasses import dataclass

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.exceptions import TelegramAPIError
from aiogram.types import BotCommand
from aiohttp import web

from bot.clock import Clock, SystemClock
from bot.config import ConfigError, Settings
from bot.handlers import build_router
from bot.handlers.context import UserContext
from bot.hh.client import HHClient
from bot.hh.oauth import AuthorizeLinks
from bot.intake import ALLOWED_UPDATES, UpdateIntake
from bot.logs import setup_logging
from bot.runtime import RUNTIME, Runtime
from bot.services.accounts import AccountService, ToldGroups
from bot.services.actions import ActionService
from bot.services.chat_replies import ChatReplies
from bot.services.group_gate import RefusalPace, TeamGate
from bot.services.group_pace import GROUP_PER_MINUTE, GROUP_WINDOW, GroupPacingMiddleware, GroupWindow
from bot.services.group_sends import GroupSends
from bot.services.groups import GroupService, RoleCache
from bot.services.limits import ACTIONS_PER_MINUTE, CheckNow, UserLimit
from bot.services.linking import ConfirmLinks, Linking, LinkOffers
from bot.services.notices import Notices
from bot.services.pacing import PacingMiddleware, TelegramPace
from bot.services.poller import Poller
from bot.services.quiet_settings import QuietSettings
from bot.services.resumes import TELEGRAM_UPLOAD_LIMIT, ResumeFiles
from bot.services.scheduler import PollScheduler, queue_allowance
from bot.services.sender import Sender
from bot.services.token_key import TokenKey, check_stored_tokens, token_key
from bot.services.token_store import DatabaseTokenStore
from bot.services.webhook_subscriptions import retire_all
from bot.services.webhooks import HHWebhooks
from bot.services.work_accounts import WorkAccountChoice
from bot.telegram_session import TelegramSession
from bot.texts import EN, RU, Texts
from bot.web import add_hh_webhook_route, add_routes, webhook_path_of
from storage.crypto import TokenCipher
from storage.db import Storage, StorageOpenError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Tuning:
    """Limits that are not settings: Telegram's pace and hh.ru retry timing. Tests and the benchmark change them."""

    telegram_per_second: float = 25.0
    telegram_chat_interval: float = 1.05
    hh_backoff_base: float = 0.5
    hh_backoff_cap: float = 10.0
    telegram_group_per_window: int = GROUP_PER_MINUTE
    telegram_group_window: float = GROUP_WINDOW
    telegram_group_answers_per_window: int | None = None  # None: half the group's window
    resume_size_limit: int = TELEGRAM_UPLOAD_LIMIT


SETTINGS = web.AppKey("settings", Settings)
MODE = web.AppKey("mode", str)
CLOCK = web.AppKey("clock", Clock)
STORAGE = web.AppKey("storage", Storage)
CIPHER = web.AppKey("cipher", TokenCipher)
TUNING = web.AppKey("tuning", Tuning)

UPDATES_GRACE = 4.0
CHECKS_GRACE = 3.0
SENDS_GRACE = 3.0
WEB_SHUTDOWN_TIMEOUT = 3.0


def create_app(
    settings: Settings, mode: str, clock: Clock | None = None, tuning: Tuning | None = None
) -> web.Application:
    app = web.Application()
    app[SETTINGS] = settings
    app[MODE] = mode
    app[CLOCK] = clock or SystemClock()
    app[TUNING] = tuning or Tuning()
    app.cleanup_ctx.extend([database, build_runtime, background_work])
    webhook_path = webhook_path_of(settings.webhook_url) if mode == "webhook" and settings.webhook_url else None
    add_routes(app, settings.redirect_path, webhook_path, app[CLOCK])
    if settings.hh_webhook_url:
        add_hh_webhook_route(app, settings.hh_webhook_path)
    return app


async def database(app: web.Application) -> AsyncIterator[None]:
    storage = Storage(app[SETTINGS].database_path)
    try:
        key = await open_checked(app, storage)
    except BaseException:
        await storage.close()
        raise
    app[STORAGE] = storage
    app[CIPHER] = key.cipher
    yield
    await storage.close()


async def open_checked(app: web.Application, storage: Storage) -> TokenKey:
    """Opens the database and checks that the token key reads the stored tokens; ConfigError (exit 2) if not."""
    settings, clock = app[SETTINGS], app[CLOCK]
    try:
        await storage.open()
    except StorageOpenError as error:
        raise ConfigError([f"DATABASE_PATH: {error}; {error.hint}"]) from None
    key = token_key(settings)
    offers = LinkOffers(storage, AuthorizeLinks(settings.hh_oauth_url, settings.hh_client_id,
                                                settings.hh_redirect_uri), clock)
    await check_stored_tokens(storage, key, Notices(storage, offers, clock, lambda: None))
    return key


async def build_runtime(app: web.Application) -> AsyncIterator[None]:
    """Builds the running bot's parts (`bot.runtime.Runtime`); on the way out, closes the two sessions."""
    settings, clock, storage, tuning = app[SETTINGS], app[CLOCK], app[STORAGE], app[TUNING]
    session = TelegramSession(clock, TelegramAPIServer.from_base(settings.telegram_api_url))
    session.middleware(PacingMiddleware(TelegramPace(clock, tuning.telegram_per_second, tuning.telegram_chat_interval)))
    group_window = GroupWindow(clock, tuning.telegram_group_per_window, tuning.telegram_group_window,
                               tuning.telegram_group_answers_per_window)
    session.middleware(GroupPacingMiddleware(group_window))
    bot = Bot(settings.bot_token.get_secret_value(), session=session,
              default=DefaultBotProperties(parse_mode=ParseMode.HTML))
    group_sends = GroupSends(storage, bot, clock, group_window)
    sender = Sender(storage, bot, clock, groups=group_sends)
    offers = LinkOffers(storage, AuthorizeLinks(settings.hh_oauth_url, settings.hh_client_id,
                                                settings.hh_redirect_uri), clock)
    async with AsyncExitStack() as closing:  # on the way out: the hh.ru session, then Telegram's
        closing.push_async_callback(bot.session.close)
        me = await bot.get_me()
        notices = Notices(storage, offers, clock, sender.wake, captcha_backurl=f"https://t.me/{me.username}",
                          site_url=settings.hh_oauth_url)
        hh = HHClient(
            api_url=settings.hh_api_url, user_agent=settings.hh_user_agent, client_id=settings.hh_client_id,
            client_secret=settings.hh_client_secret.get_secret_value(), redirect_uri=settings.hh_redirect_uri,
            rate_limit=settings.hh_rate_limit, tokens=DatabaseTokenStore(storage, app[CIPHER], notices), clock=clock,
            backoff_base=tuning.hh_backoff_base, backoff_cap=tuning.hh_backoff_cap, files_url=settings.hh_files_url,
        )
        closing.push_async_callback(hh.close)
        poller = Poller(storage, hh, clock, sender.wake)
        replies = ChatReplies(storage, hh, clock, sender.wake, notices.refused)
        scheduler = PollScheduler(storage, poller, notices, clock, settings.poll_interval,
                                  queued_requests=lambda: hh.waiting,
                                  queue_allowance=queue_allowance(settings.hh_rate_limit),
                                  fallback_interval=settings.hh_webhook_fallback_interval if settings.hh_webhook_url
                                  else None)
        webhooks = None if not settings.hh_webhook_url else HHWebhooks.build(
            storage, hh, poller, scheduler, notices, clock, base_url=settings.hh_webhook_url,
            poll_interval=settings.poll_interval)
        linking = Linking(storage, app[CIPHER], hh, offers, clock, sender.wake, scheduler.wake, UserLimit(clock),
                          ConfirmLinks(settings.telegram_link_url, me.username or ""),
                          hooks=webhooks.keeper if webhooks else None, pasted_addresses=app[MODE] == "polling")
        scheduler.also_housekeep(linking.expire_pending)
        hh_calls = UserLimit(clock, ACTIONS_PER_MINUTE)  # one budget for everything a user's steps cost hh.ru
        resumes = ResumeFiles(storage, hh, bot, clock, hh_calls, size_limit=tuning.resume_size_limit)
        closing.push_async_callback(resumes.stop, SENDS_GRACE)  # after updates stop, before the sessions close
        scheduler.also_housekeep(resumes.forget_old)

        def resumed() -> None:  # a resumed account's checks, and the webhook events kept for it, go on at once
            scheduler.wake()
            if webhooks is not None:
                webhooks.worker.wake()

        check_now = CheckNow(clock)
        dispatcher = Dispatcher()
        dispatcher.update.outer_middleware(UserContext(storage, clock))
        dispatcher.include_router(build_router())
        dispatcher.workflow_data.update(
            linking=linking, offers=offers,
            account_service=AccountService(storage, clock, resumed, check_now=check_now,
                                           interval=settings.poll_interval, webhooks=webhooks is not None),
            told_groups=ToldGroups(storage, clock), quiet_hours=QuietSettings(storage, clock, sender.wake),
            actions=ActionService(storage, hh, clock, hh_calls, replies), resumes=resumes,
            groups=GroupService(storage, hh, clock, sender.wake, hh_calls), group_sends=group_sends,
            team_gate=TeamGate(RoleCache(clock), RefusalPace(clock)),
            work_choice=WorkAccountChoice(storage, hh, clock, scheduler.wake, limit=hh_calls, check_now=check_now),
        )
        app[RUNTIME] = Runtime(
            settings=settings, mode=app[MODE], clock=clock, storage=storage, hh=hh, bot=bot,
            bot_username=me.username or "", dispatcher=dispatcher, sender=sender, scheduler=scheduler,
            intake=UpdateIntake(storage, dispatcher, bot, clock), linking=linking, webhooks=webhooks,
            replies=replies,
        )
        yield


async def background_work(app: web.Application) -> AsyncIterator[None]:
    parts = app[RUNTIME]
    settings = parts.settings
    await register_commands(parts.bot)
    sending = asyncio.create_task(parts.sender.run(), name="sender")
    replying = asyncio.create_task(parts.replies.run(), name="replies") if parts.replies else None
    parts.scheduler.start()
    if parts.webhooks is not None:
        await parts.webhooks.start()
    retiring = None if parts.webhooks else asyncio.create_task(retire_all(parts.storage, parts.hh), name="retire")
    await parts.intake.replay()
    if parts.mode == "webhook":
        assert settings.webhook_url is not None and settings.webhook_secret is not None
        await parts.bot.set_webhook(settings.webhook_url, secret_token=settings.webhook_secret.get_secret_value(),
                                    allowed_updates=ALLOWED_UPDATES, drop_pending_updates=False)
    else:
        await parts.bot.delete_webhook(drop_pending_updates=False)
        parts.intake.start_polling()
    log.info("bot @%s running in %s mode", parts.bot_username, parts.mode)
    yield
    log.info("stopping: no new updates, finishing what is in flight")
    await parts.intake.stop(UPDATES_GRACE)
    if retiring is not None:
        retiring.cancel()
    if parts.webhooks is not None:
        await parts.webhooks.stop(CHECKS_GRACE)
    await parts.scheduler.stop(CHECKS_GRACE)
    if parts.replies is not None and replying is not None:
        await parts.replies.stop()
        await replying
    await parts.sender.stop(SENDS_GRACE)
    await sending


async def register_commands(bot: Bot) -> None:
    def commands(texts: Texts) -> list[BotCommand]:
        return [BotCommand(command=name, description=getattr(texts, f"command_{name}"))
                for name in ("start", "status", "pause", "resume", "unlink", "quiet", "vacancies", "accounts", "cancel",
                             "help")]

    try:
        await bot.set_my_commands(commands(RU))
        await bot.set_my_commands(commands(RU), language_code="ru")
        await bot.set_my_commands(commands(EN), language_code="en")
    except TelegramAPIError as error:
        log.warning("could not register the command menu: %s", error)


def run(settings: Settings, mode: str) -> int:
    setup_logging(settings.log_level, settings.log_format, secrets=_secrets(settings))
    try:
        web.run_app(create_app(settings, mode), host=settings.host, port=settings.port, print=None,
                    shutdown_timeout=WEB_SHUTDOWN_TIMEOUT, access_log=None)
    except (OSError, TelegramAPIError, socket.gaierror) as error:
        log.error("the bot could not start: %s", error)
        return 1
    return 0


def _secrets(settings: Settings) -> list[str]:
    values = [settings.bot_token, settings.hh_client_secret, settings.webhook_secret, settings.healthz_token,
              settings.encryption_key]
    return [value.get_secret_value() for value in values if value is not None]
