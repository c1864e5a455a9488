"""The sender's side of groups: a forum's topic per vacancy (made when first needed, made again when deleted),
and a group that is gone handed back to its owner's private chat, so nothing queued for it is lost.

A forum where the bot may not make topics gets its news in the general topic; its owners are told so once in
their private chats, and again only after topics were made there and then refused again (or once after a
restart, since what was told is kept in memory). Promoting the bot (`topics_allowed`) makes topics again.
"""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.types import InlineKeyboardMarkup, LinkPreviewOptions
from sqlite_utils import Database

from bot.clock import Clock
from bot.logs import ids
from bot.render import esc
from bot.services.group_pace import GroupWindow
from bot.services.groups import group_gone
from bot.texts import texts_for
from storage import group_links, outbox, users, vacancy_topics
from storage.db import Storage
from storage.outbox import OutboxItem, Topic

log = logging.getLogger(__name__)

THREAD_GONE = ("message thread not found", "topic_deleted", "topic_closed")
CHAT_GONE = ("chat not found", "group chat was deleted", "bot was kicked", "not a member", "have no rights to send")
NO_TOPICS_FOR = 600.0  # a forum where the bot may not make topics is tried again after this long
NO_RIGHTS = ("not enough rights", "chat_admin_required")  # the bot is no administrator allowed to manage topics


def _says(error: TelegramBadRequest | TelegramForbiddenError, reasons: tuple[str, ...]) -> bool:
    message = error.message.lower()
    return any(reason in message for reason in reasons)


class GroupSends:
    def __init__(self, storage: Storage, bot: Bot, clock: Clock, window: GroupWindow) -> None:
        self._storage = storage
        self._bot = bot
        self._clock = clock
        self._window = window
        self._no_topics: dict[int, float] = {}  # forum → until when the bot is known unable to make topics
        self._told_no_topics: set[int] = set()  # forums whose owners know, since topics last worked there

    def busy(self) -> frozenset[int]:
        return self._window.busy()

    async def send(self, item: OutboxItem, markup: InlineKeyboardMarkup | None, *, silent: bool) -> int | None:
        """Telegram's message id; None when the group turned out gone (its rows then went to the owner)."""
        topic = await self._storage.run(outbox.topic_of, item.id)
        thread = None if topic is None else topic.thread_id or await self._thread(item.chat_id, topic)
        try:
            try:
                return await self._send(item, markup, thread, silent)
            except TelegramBadRequest as error:
                if topic is None or thread is None or not _says(error, THREAD_GONE):
                    raise
                log.info("the vacancy's topic is gone (%s); making it again", error.message,
                         extra=ids(chat_id=item.chat_id))
                await self._storage.run(vacancy_topics.forget, item.chat_id, topic.vacancy_id, thread)
                return await self._send(item, markup, await self._thread(item.chat_id, topic), silent)
        except (TelegramBadRequest, TelegramForbiddenError) as error:
            if isinstance(error, TelegramBadRequest) and not _says(error, CHAT_GONE):
                raise
            link = await self._storage.run(group_gone, item.chat_id, self._clock.now())
            log.warning("the group is no longer reachable (%s); %s", error.message,
                        "its news goes to the owner's private chat" if link else "dropped its queued messages",
                        extra=ids(chat_id=item.chat_id))
            return None

    async def _send(self, item: OutboxItem, markup: InlineKeyboardMarkup | None, thread: int | None,
                    silent: bool) -> int:
        message = await self._bot.send_message(
            item.chat_id, item.text, reply_markup=markup, link_preview_options=LinkPreviewOptions(is_disabled=True),
            disable_notification=True if silent else None, message_thread_id=thread)
        return message.message_id

    async def _thread(self, chat_id: int, topic: Topic) -> int | None:
        """The vacancy's topic: the one remembered, else a new one. None (the group's general topic) when the bot
        may not make topics there."""
        known = await self._storage.run(vacancy_topics.get, chat_id, topic.vacancy_id)
        if known is not None:
            return known
        if self._no_topics.get(chat_id, -1.0) > self._clock.monotonic():
            return None
        try:
            made = await self._bot.create_forum_topic(chat_id, topic.name)
        except TelegramBadRequest as error:
            if _says(error, CHAT_GONE):
                raise
            log.warning("could not make a topic (%s); sending to the general topic", error.message,
                        extra=ids(chat_id=chat_id))
            self._no_topics[chat_id] = self._clock.monotonic() + NO_TOPICS_FOR
            if _says(error, NO_RIGHTS):
                await self._tell_no_topics(chat_id)
            return None
        self._told_no_topics.discard(chat_id)
        await self._storage.run(vacancy_topics.save, chat_id, topic.vacancy_id, made.message_thread_id)
        return made.message_thread_id

    async def _tell_no_topics(self, chat_id: int) -> None:
        if chat_id in self._told_no_topics:
            return
        told = await self._storage.run(tell_no_topics, chat_id, self._clock.now())
        self._told_no_topics.add(chat_id)
        log.info("told %d owners that the bot may not make topics", told, extra=ids(chat_id=chat_id))

    def topics_allowed(self, chat_id: int) -> None:
        """The bot became an administrator: it may make topics now."""
        self._no_topics.pop(chat_id, None)


def tell_no_topics(db: Database, chat_id: int, now: float) -> int:
    """Queues, for each owner connected to the forum, why its news goes to the general topic; returns how many."""
    told = 0
    with db.atomic():
        for link in group_links.active_links(db, chat_id):
            owner = users.get(db, link.owner_id)
            if owner is None:
                continue
            text = texts_for(owner.language).group_no_topics.format(title=esc(link.title))
            outbox.enqueue(db, owner.chat_id, text, now)
            told += 1
    return told
