"""Account state changes that the user must hear about exactly once: relink, captcha, applicant access."""

from __future__ import annotations

import logging
from collections.abc import Callable
from urllib.parse import urlencode, urlsplit

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from sqlite_utils import Database

from bot.clock import Clock
from bot.hh.errors import AccountNeedsRelink, CaptchaRequired, Forbidden, HHError
from bot.keyboards import as_json, link_keyboard
from bot.logs import ids
from bot.render import account_label
from bot.services import groups
from bot.services.linking import APPLICANT_API_DENIED, LinkOffers
from bot.texts import Texts, texts_for
from storage import accounts, outbox, users
from storage.accounts import Account, Role, Status
from storage.db import Storage

log = logging.getLogger(__name__)

Compose = Callable[[Database, Texts, Account], tuple[str, InlineKeyboardMarkup | None]]

CAPTCHA_REASON = "captcha_required"
TOKENS_UNREADABLE = "tokens_unreadable"


def with_backurl(captcha_url: str, backurl: str) -> str:
    if not backurl:
        return captcha_url
    separator = "&" if urlsplit(captcha_url).query else "?"
    return f"{captcha_url}{separator}{urlencode({'backurl': backurl})}"


class Notices:
    def __init__(self, storage: Storage, offers: LinkOffers, clock: Clock, wake_sender: Callable[[], None], *,
                 captcha_backurl: str = "", site_url: str = "https://hh.ru") -> None:
        self._storage = storage
        self._offers = offers
        self._clock = clock
        self._wake_sender = wake_sender
        self._captcha_backurl = captcha_backurl  # where hh.ru's captcha page sends the user back: the bot's chat
        self._site_url = site_url  # hh.ru's site, where a captcha is solved when hh.ru names no page for it

    async def refused(self, account: Account, error: HHError) -> bool:
        """Whether `error` refuses the whole account rather than one call, whichever call met it (a check, a read a
        webhook asked for, a reply tried again). Then the account stops until its user acts, told once: a lost link
        (told when the token died), a captcha (with its link), hh.ru's ban on applicant access. False: an error of
        that call only."""
        if isinstance(error, AccountNeedsRelink):
            log.info("the account needs a new link; its work stops", extra=ids(account_id=account.id))
        elif isinstance(error, CaptchaRequired):
            page = error.captcha_url or error.fallback_url  # both optional in hh.ru's spec
            url = with_backurl(page, self._captcha_backurl) if page else self._site_url
            await self.captcha(account.id, url)
        elif isinstance(error, Forbidden) and account.role is Role.APPLICANT:
            await self.applicant_api_denied(account.id)
        else:
            return False
        return True

    async def needs_relink(self, account_id: int, reason: str) -> None:
        def compose(db: Database, texts: Texts, account: Account) -> tuple[str, InlineKeyboardMarkup | None]:
            url = self._offers.new_state(db, account.telegram_id)
            return texts.relink_needed.format(account=account_label(texts, account.profile)), link_keyboard(texts, url)

        await self._change(account_id, Status.NEEDS_RELINK, reason, compose)

    async def tokens_unreadable(self, account_id: int) -> None:
        """The stored tokens do not decrypt with the bot's key: only a new link helps."""

        def compose(db: Database, texts: Texts, account: Account) -> tuple[str, InlineKeyboardMarkup | None]:
            url = self._offers.new_state(db, account.telegram_id)
            text = texts.relink_unreadable.format(account=account_label(texts, account.profile))
            return text, link_keyboard(texts, url)

        await self._change(account_id, Status.NEEDS_RELINK, TOKENS_UNREADABLE, compose)

    async def captcha(self, account_id: int, captcha_url: str) -> None:
        def compose(db: Database, texts: Texts, account: Account) -> tuple[str, InlineKeyboardMarkup | None]:
            button = InlineKeyboardButton(text=texts.captcha_button, url=captcha_url)
            return texts.captcha_required, InlineKeyboardMarkup(inline_keyboard=[[button]])

        await self._change(account_id, Status.PAUSED, CAPTCHA_REASON, compose)

    async def applicant_api_denied(self, account_id: int) -> None:
        def compose(db: Database, texts: Texts, account: Account) -> tuple[str, InlineKeyboardMarkup | None]:
            return texts.applicant_api_denied, None

        await self._change(account_id, Status.PAUSED, APPLICANT_API_DENIED, compose)

    async def _change(self, account_id: int, status: Status, reason: str, compose: Compose) -> None:
        if await self._storage.run(self._change_once, account_id, status, reason, compose):
            log.info("account is now %s (%s); the user was told", status.value, reason,
                     extra=ids(account_id=account_id))
            self._wake_sender()

    def _change_once(self, db: Database, account_id: int, status: Status, reason: str, compose: Compose) -> bool:
        with db.atomic():
            account = accounts.get(db, account_id)
            if account is None or _already(account, status, reason):
                return False
            accounts.set_status(db, account_id, status, reason)
            if status is Status.NEEDS_RELINK:
                groups.owner_lost(db, account.telegram_id, self._clock.now())
            user = users.get(db, account.telegram_id)
            if user is None:
                return True
            text, markup = compose(db, texts_for(user.language), account)
            outbox.enqueue(db, user.chat_id, text, self._clock.now(), account_id=account_id,
                           reply_markup=None if markup is None else as_json(markup))
            return True



def _already(account: Account, status: Status, reason: str) -> bool:
    return account.status is status and (status is Status.NEEDS_RELINK or account.status_reason == reason)
