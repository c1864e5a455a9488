"""Linking a Telegram user to an hh.ru account: OAuth states, the code exchange, unlinking."""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from urllib.parse import parse_qs, urlsplit

from sqlite_utils import Database

from bot.clock import Clock
from bot.hh.client import HHClient
from bot.hh.errors import (
    AccountNeedsRelink,
    Forbidden,
    HHError,
    InvalidGrant,
    OAuthError,
    TokenExpired,
    TokenRequestError,
    TransientError,
)
from bot.hh.models import Me
from bot.hh.oauth import AuthorizeLinks
from bot.keyboards import as_json, link_keyboard
from bot.logs import ids
from bot.render import link_result_text
from bot.services.link_result import LinkResult, Outcome
from bot.texts import texts_for
from storage import accounts, oauth_states, outbox, prompts, users
from storage.accounts import Account, Profile, Role, Status, Tokens
from storage.crypto import TokenCipher
from storage.db import Storage
from storage.oauth_states import StateProblem

log = logging.getLogger(__name__)

STATE_TTL = 600.0
APPLICANT_API_DENIED = "applicant_api_denied"
PASTED_CODE = re.compile(r"[A-Za-z0-9_-]{16,256}")


@dataclass(frozen=True)
class Pasted:
    code: str | None
    state: str | None
    error: str | None


class UnlinkResult(Enum):
    NOT_LINKED = "not_linked"
    DONE = "done"
    HH_UNREACHABLE = "hh_unreachable"


def parse_pasted(text: str) -> Pasted | None:
    """The address hh.ru redirected the browser to, or the bare code; None for anything else."""
    text = text.strip()
    if "code=" in text or "error=" in text:
        query = parse_qs(urlsplit(text).query or text.split("?", 1)[-1])
        first = {key: values[0] for key, values in query.items() if values}
        if first.get("code") or first.get("error"):
            return Pasted(first.get("code"), first.get("state"), first.get("error"))
    if PASTED_CODE.fullmatch(text):
        return Pasted(text, None, None)
    return None


def profile_of(me: Me) -> Profile:
    if me.is_employer and me.employer is not None:
        manager_id = me.manager.id if me.manager else me.employer.manager_id
        return Profile(Role.EMPLOYER, me.id, me.full_name, me.employer.id, me.employer.name, manager_id)
    return Profile(Role.APPLICANT, me.id, me.full_name)


class LinkOffers:
    """Fresh authorize links, each with its own single-use state."""

    def __init__(self, storage: Storage, links: AuthorizeLinks, clock: Clock) -> None:
        self._storage = storage
        self._links = links
        self._clock = clock

    def new_state(self, db: Database, telegram_id: int) -> str:
        """Creates a state inside the caller's database work and returns its authorize URL."""
        state = secrets.token_urlsafe(24)
        oauth_states.create(db, state, telegram_id, self._clock.now(), STATE_TTL)
        return self._links.url(state)

    async def new_link(self, telegram_id: int, *, force_login: bool = False) -> str:
        state = secrets.token_urlsafe(24)
        await self._storage.run(oauth_states.create, state, telegram_id, self._clock.now(), STATE_TTL)
        return self._links.url(state, force_login=force_login)


class Linking:
    def __init__(self, storage: Storage, cipher: TokenCipher, hh: HHClient, offers: LinkOffers, clock: Clock,
                 wake_sender: Callable[[], None], wake_poller: Callable[[], None]) -> None:
        self._storage = storage
        self._cipher = cipher
        self._hh = hh
        self._offers = offers
        self._clock = clock
        self._wake_sender = wake_sender
        self._wake_poller = wake_poller

    async def announce(self, result: LinkResult) -> str | None:
        """Tells the user in Telegram how the link ended; returns their language, None if nobody to tell."""
        if result.telegram_id is None:
            return None
        language = await self._storage.run(_announce, result, self._clock.now())
        self._wake_sender()
        return language

    async def complete(self, state: str | None, code: str | None, error: str | None) -> LinkResult:
        """The OAuth redirect: checks the state, then exchanges the code."""
        if not state or not (code or error):
            return LinkResult(Outcome.MISSING_PARAMETERS)
        consumed = await self._storage.run(oauth_states.consume, state, self._clock.now())
        telegram_id = consumed.telegram_id
        if telegram_id is None:
            return LinkResult(Outcome.UNKNOWN_STATE)
        if consumed.problem is StateProblem.USED:
            return await self._failed(Outcome.USED_STATE, telegram_id)
        if consumed.problem is StateProblem.EXPIRED:
            return await self._failed(Outcome.EXPIRED_STATE, telegram_id)
        if error or not code:
            return await self._failed(Outcome.DENIED, telegram_id, reason=error)
        return await self._exchange(telegram_id, code)

    async def complete_pasted(self, telegram_id: int, pasted: Pasted) -> LinkResult:
        """The fallback when the browser could not reach the bot: the user pasted the address or the code."""
        state = pasted.state
        if state is not None:
            owner = await self._storage.run(oauth_states.peek, state)
            if owner is None:
                return await self._failed(Outcome.UNKNOWN_STATE, telegram_id)
            if owner != telegram_id:
                return LinkResult(Outcome.OTHER_USER, telegram_id)
            return await self.complete(state, pasted.code, pasted.error)
        open_state = await self._storage.run(oauth_states.latest_open, telegram_id, self._clock.now())
        if open_state is None:
            return LinkResult(Outcome.NO_PENDING_STATE, telegram_id)
        return await self.complete(open_state, pasted.code, pasted.error)

    async def unlink(self, telegram_id: int) -> UnlinkResult:
        account = await self._storage.run(accounts.of_user, telegram_id)
        if account is None:
            return UnlinkResult.NOT_LINKED
        invalidated = account.status is Status.NEEDS_RELINK or await self._invalidate_at_hh(account)
        await self._storage.run(_forget, account.id, telegram_id)
        log.info("account unlinked", extra=ids(account_id=account.id))
        return UnlinkResult.DONE if invalidated else UnlinkResult.HH_UNREACHABLE

    async def _invalidate_at_hh(self, account: Account) -> bool:
        """Logs the token out at hh.ru; False when hh.ru could not be reached."""
        tokens = await self._storage.run(accounts.load_tokens, self._cipher, account.id)
        if tokens is None:
            return True
        try:
            try:
                await self._hh.invalidate_token(tokens.access_token)
            except TokenExpired:
                await self._hh.invalidate(account.id)
        except (OAuthError, AccountNeedsRelink):
            log.info("the token was already dead at hh.ru", extra=ids(account_id=account.id))
        except HHError as error:
            log.warning("could not invalidate the token at hh.ru: %s", error, extra=ids(account_id=account.id))
            return False
        return True

    async def _exchange(self, telegram_id: int, code: str) -> LinkResult:
        try:
            pair = await self._hh.exchange_code(code)
            me = await self._hh.me_with_token(pair.access_token)
        except (InvalidGrant, TokenRequestError) as error:
            return await self._failed(Outcome.EXCHANGE_FAILED, telegram_id, reason=error.description)
        except TransientError:
            return await self._failed(Outcome.HH_DOWN, telegram_id)
        except HHError as error:
            return await self._failed(Outcome.EXCHANGE_FAILED, telegram_id, reason=error.value or str(error.status))
        now = self._clock.now()
        account = await self._storage.run(
            accounts.link, self._cipher, telegram_id, profile_of(me),
            Tokens(pair.access_token, pair.refresh_token, pair.expires_at), now, now,
        )
        log.info("account linked as %s", account.role.value, extra=ids(account_id=account.id))
        denied = account.role is Role.APPLICANT and await self._applicant_api_denied(account)
        self._wake_poller()
        return LinkResult(Outcome.LINKED, telegram_id, account=account, applicant_api_denied=denied)

    async def _applicant_api_denied(self, account: Account) -> bool:
        try:
            await self._hh.applicant_negotiations(account.id)
        except Forbidden:
            await self._storage.run(accounts.set_status, account.id, Status.PAUSED, APPLICANT_API_DENIED)
            return True
        except (AccountNeedsRelink, HHError) as error:
            log.warning("applicant access probe failed: %s", error, extra=ids(account_id=account.id))
        return False

    async def _failed(self, outcome: Outcome, telegram_id: int, reason: str | None = None) -> LinkResult:
        return LinkResult(outcome, telegram_id, retry_url=await self._offers.new_link(telegram_id), reason=reason)


def _announce(db: Database, result: LinkResult, now: float) -> str | None:
    user = users.get(db, result.telegram_id or 0)
    if user is None:
        return None
    texts = texts_for(user.language)
    markup = as_json(link_keyboard(texts, result.retry_url)) if result.retry_url else None
    outbox.enqueue(db, user.chat_id, link_result_text(texts, result), now, reply_markup=markup)
    return user.language


def _forget(db: Database, account_id: int, telegram_id: int) -> None:
    with db.atomic():
        accounts.delete(db, account_id)
        prompts.clear(db, telegram_id)
