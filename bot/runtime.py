"""The running bot's parts, built once in `bot.app` and reached by the web handlers through the app."""

from __future__ import annotations

from dataclasses import dataclass

from aiogram import Bot, Dispatcher
from aiohttp import web

from bot.clock import Clock
from bot.config import Settings
from bot.hh.client import HHClient
from bot.intake import UpdateIntake
from bot.services.linking import Linking
from bot.services.scheduler import PollScheduler
from bot.services.sender import Sender
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


RUNTIME = web.AppKey("runtime", Runtime)
