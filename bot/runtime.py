"""The running bot's parts, built once in `bot.app` and reached by the web handlers through the app."""

from __future__ import annotations

from dataclasses import dataclass

from aiogram import Bot, Dispatcher
from aiohttp import web

from bot.clock import Clock
from bot.config import Settings
from bot.hh.client import HHClient
from bot.intake import UpdateIntake
from bot.services.chat_replies import ChatReplies
from bot.services.linking import Linking
from bot.services.scheduler import PollScheduler
from bot.services.sender import Sender
from bot.services.webhooks import HHWebhooks
from storage.db import Storage


@dataclass
class Runtime:
    settings: Settings
    mode: str
    clock: Clock
    storage: Storage
    hh: HHClient
    bot: Bot
    bot_username: str
    dispatcher: Dispatcher
    sender: Sender
    scheduler: PollScheduler
    intake: UpdateIntake
    linking: Linking
    webhooks: HHWebhooks | None = None  # hh.ru's employer webhooks, when HH_WEBHOOK_URL is set
    replies: ChatReplies | None = None  # replies into hh.ru chats that wait for hh.ru (425, no answer)


RUNTIME = web.AppKey("runtime", Runtime)
