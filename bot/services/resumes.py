"""The resume of a candidate as a PDF in the chat («📄 Резюме» on a card).

hh.ru gives each resume's file address in the negotiation (`resume.download.pdf.url`, kept on the card). The file is
fetched with the card owner's token (acting as the negotiation's work account), streamed with a size cap at what a
bot may upload to Telegram, checked to be a PDF, and sent into the chat the card is in, under the card (in its forum
topic). Telegram's `file_id` of it is kept (`storage.resume_files`), so pressing again, or a colleague's press, sends
the same file without an hh.ru call. Only an employer's card, about a candidate who responded or was invited,
offers the button (`Card.candidate`): hh.ru's terms for third-party systems allow working with those only.

A press is answered at once and the file goes in the background, so a slow hh.ru holds back none of the user's other
updates; a second press in the same chat while the first is on its way sends nothing more, and presses in other chats
wait for that one download and send its `file_id`. The file never reaches the log, and neither does its address.
"""

from __future__ import annotations

import asyncio
import logging
import tempfile
from collections.abc import AsyncGenerator
from dataclasses import dataclass, field
from enum import Enum
from typing import IO

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest, TelegramForbiddenError
from aiogram.types import InputFile, Message, ReplyParameters

from bot.clock import Clock
from bot.hh.client import HHClient
from bot.hh.errors import FileTooLarge, Forbidden, HHError, NotFound, UnexpectedRedirect, UnsafeUrl
from bot.hh.manager_accounts import acting_as
from bot.keyboards import open_on_hh_keyboard
from bot.logs import ids
from bot.refusals import refusal_of
from bot.resume_view import (
    FORBIDDEN,
    GONE,
    NO_FILE,
    NOT_PDF,
    TELEGRAM,
    TOO_LARGE,
    resume_caption,
    resume_file_name,
    resume_refusal_text,
)
from bot.services.limits import UserLimit
from bot.texts import Texts
from storage import resume_files, watermarks, work_accounts
from storage.cards import Card
from storage.db import Storage

log = logging.getLogger(__name__)

TELEGRAM_UPLOAD_LIMIT = 50 * 1024 * 1024
"""Bot API: «Bots can currently send files of any type of up to 50 MB in size» (sendDocument, an upload)."""
FILE_LIFETIME = 86400.0
"""How long a `file_id` is sent again; after that the resume is fetched anew (the candidate may have changed it)."""
IN_MEMORY = 1024 * 1024
"""A larger file is spooled to an unnamed temporary file (private to the process, gone when closed)."""
PDF_MAGIC = b"%PDF-"
FILE_ID_REFUSALS = ("file identifier", "file reference", "type of file", "file_id")
"""What Telegram says of a `file_id` it no longer takes; the file is then uploaded again."""


class Started(Enum):
    """What a press started."""

    SENDING = "sending"
    BUSY = "busy"  # the same file is already on its way to this chat
    SLOW_DOWN = "slow_down"  # the owner's per-minute limit of hh.ru calls


@dataclass
class _Fetch:
    """One download per negotiation at a time: whoever waits for it sends its `file_id` after it."""

    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    users: int = 0


@dataclass(frozen=True)
class Place:
    """Where the file goes: the chat the card is in, its forum topic (None outside topics), under the card."""

    chat_id: int
    thread_id: int | None
    card_message_id: int


class ResumeFiles:
    def __init__(self, storage: Storage, hh: HHClient, bot: Bot, clock: Clock, limit: UserLimit, *,
                 size_limit: int = TELEGRAM_UPLOAD_LIMIT) -> None:
        self._storage = storage
        self._hh = hh
        self._bot = bot
        self._clock = clock
        self._limit = limit
        self.size_limit = size_limit
        self._sending: set[tuple[int, int, str]] = set()
        self._fetches: dict[tuple[int, str], _Fetch] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    async def send(self, owner_id: int, card: Card, place: Place, texts: Texts) -> Started:
        """Starts sending the card's resume to `place`, unless it is on its way there already; a file not kept yet
        costs the owner one step of the per-user limit (`UserLimit`)."""
        key = (place.chat_id, card.account_id, card.negotiation_id)
        if key in self._sending:
            return Started.BUSY
        self._sending.add(key)  # before anything waits: two presses at once in a group start one send
        if await self._kept(card) is None and not self._limit.allow(owner_id):
            self._sending.discard(key)
            return Started.SLOW_DOWN
        task = asyncio.create_task(self._deliver(card, place, texts), name=f"resume-{card.account_id}")
        self._tasks.add(task)

        def done(finished: asyncio.Task[None]) -> None:
            self._tasks.discard(finished)
            self._sending.discard(key)

        task.add_done_callback(done)
        return Started.SENDING

    async def stop(self, grace: float) -> None:
        """Lets the files on their way finish within `grace` seconds, then cancels the rest."""
        if not self._tasks:
            return
        _, pending = await asyncio.wait(set(self._tasks), timeout=grace)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)

    async def forget_old(self) -> None:
        """Housekeeping: `file_id`s too old to send again."""
        await self._storage.run(resume_files.purge, self._clock.now() - FILE_LIFETIME)

    async def _deliver(self, card: Card, place: Place, texts: Texts) -> None:
        where = ids(account_id=card.account_id, negotiation_id=card.negotiation_id, chat_id=place.chat_id)
        try:
            refusal = await self._send_file(card, place, texts)
            if refusal is not None:
                log.info("resume not sent: %s", refusal, extra=where)
                await self._bot.send_message(
                    place.chat_id, resume_refusal_text(texts, card, refusal, self.size_limit),
                    message_thread_id=place.thread_id, reply_parameters=_under(place),
                    reply_markup=open_on_hh_keyboard(texts, card.resume_url))
        except TelegramAPIError as error:
            log.warning("could not send the resume into the chat: %s", error, extra=where)
        except Exception:  # a bug in one delivery must not pass unseen; the press was answered already
            log.exception("sending the resume failed", extra=where)

    async def _send_file(self, card: Card, place: Place, texts: Texts) -> str | None:
        """Sends the kept file, or fetches and uploads it; the refusal when there is nothing to send."""
        key = (card.account_id, card.negotiation_id)
        fetch = self._fetches.setdefault(key, _Fetch())
        fetch.users += 1
        try:
            async with fetch.lock:
                kept = await self._kept(card)
                if kept is not None and await self._send_kept(card, place, texts, kept):
                    return None
                return await self._fetch_and_upload(card, place, texts)
        finally:
            fetch.users -= 1
            if fetch.users == 0:
                del self._fetches[key]

    async def _send_kept(self, card: Card, place: Place, texts: Texts, file_id: str) -> bool:
        """Sends the kept file again; False when Telegram no longer takes that `file_id` (it is then forgotten)."""
        try:
            await self._document(card, place, texts, file_id)
        except TelegramBadRequest as error:
            if not any(sign in error.message.lower() for sign in FILE_ID_REFUSALS):
                raise
            log.info("Telegram no longer takes the kept resume file; fetching it again",
                     extra=ids(account_id=card.account_id, negotiation_id=card.negotiation_id))
            await self._storage.run(resume_files.forget, card.account_id, card.negotiation_id, file_id)
            return False
        log.info("resume sent again from Telegram's copy",
                 extra=ids(account_id=card.account_id, negotiation_id=card.negotiation_id, chat_id=place.chat_id))
        return True

    async def _fetch_and_upload(self, card: Card, place: Place, texts: Texts) -> str | None:
        with tempfile.SpooledTemporaryFile(max_size=IN_MEMORY) as file:
            refusal = await self._fetch(card, file)
            if refusal is not None:
                return refusal
            size = file.tell()
            try:
                sent = await self._document(card, place, texts, _Upload(file, resume_file_name(texts, card)))
            except TelegramForbiddenError:
                raise
            except TelegramAPIError as error:
                log.warning("Telegram refused the resume file: %s", error,
                            extra=ids(account_id=card.account_id, negotiation_id=card.negotiation_id))
                return TELEGRAM
        if sent.document is not None:
            await self._storage.run(resume_files.put, card.account_id, card.negotiation_id, sent.document.file_id,
                                    self._clock.now())
        log.info("resume sent, %d bytes from hh.ru", size,
                 extra=ids(account_id=card.account_id, negotiation_id=card.negotiation_id, chat_id=place.chat_id))
        return None

    async def _fetch(self, card: Card, into: IO[bytes]) -> str | None:
        """hh.ru's PDF of the resume into `into`; the refusal when there is none to send."""
        where = ids(account_id=card.account_id, negotiation_id=card.negotiation_id)
        work_account = await self._storage.run(work_accounts.of_negotiation, card.account_id, card.negotiation_id)
        if card.vacancy_id is not None:
            # hh.ru counts opening the resume as viewing the response and clears its `has_updates`, which could hide
            # news that came since the last check; without its marks the vacancy is looked into at the next one
            await self._storage.run(watermarks.forget_vacancy, card.account_id, card.vacancy_id)
        try:
            with acting_as(work_account):
                url = card.resume_pdf_url or await self._current_url(card)
                if url is None:
                    return NO_FILE
                await self._hh.download(card.account_id, url, into, limit=self.size_limit)
        except FileTooLarge:
            return TOO_LARGE
        except (UnsafeUrl, UnexpectedRedirect) as error:
            log.warning("the resume's file is not on hh.ru's configured hosts: %s", error, extra=where)
            return NO_FILE
        except NotFound:
            return GONE
        except Forbidden:
            return FORBIDDEN
        except HHError as error:
            return refusal_of(error)
        size = into.tell()
        into.seek(0)
        if into.read(len(PDF_MAGIC)) != PDF_MAGIC:
            log.warning("hh.ru's resume file is not a PDF", extra=where)
            return NOT_PDF
        into.seek(size)
        return None

    async def _current_url(self, card: Card) -> str | None:
        """The PDF's address as hh.ru gives it now (a card made without it: an older card, or a resume hidden then)."""
        negotiation = await self._hh.negotiation(card.account_id, card.negotiation_id)
        return negotiation.resume.pdf_url if negotiation.resume else None

    async def _kept(self, card: Card) -> str | None:
        return await self._storage.run(resume_files.get, card.account_id, card.negotiation_id,
                                       self._clock.now() - FILE_LIFETIME)

    async def _document(self, card: Card, place: Place, texts: Texts, document: str | InputFile) -> Message:
        return await self._bot.send_document(place.chat_id, document, caption=resume_caption(texts, card),
                                             message_thread_id=place.thread_id, reply_parameters=_under(place))


class _Upload(InputFile):
    """The fetched file, read from the start each time aiogram sends it (again after a 429)."""

    def __init__(self, file: IO[bytes], filename: str) -> None:
        super().__init__(filename=filename)
        self._file = file

    async def read(self, bot: Bot) -> AsyncGenerator[bytes, None]:
        self._file.seek(0)
        while chunk := self._file.read(self.chunk_size):
            yield chunk


def _under(place: Place) -> ReplyParameters:
    return ReplyParameters(message_id=place.card_message_id, allow_sending_without_reply=True)
