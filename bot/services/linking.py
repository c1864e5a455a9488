"""Linking a Telegram user to an hh.ru account: OAuth states, the code exchange, the confirmation from Telegram,
unlinking.

Who signed in on hh.ru is proven by Telegram, not by a link: the callback (a plain GET, which anyone can be sent to)
only exchanges the code and holds the sign-in; it is linked when `/start link_<token>` comes from the very Telegram
user who asked for the link, sent by the Telegram app that the browser's «confirm» button opened. A pasted redirect
address (polling mode only) comes from a known Telegram user already, and links only under that user's own state.

A code is issued for one state's redirect URI (`flow=`), and the state is found by that flow whatever `state` the
redirect carries: one whose `state` was changed or removed consumes the flow's state and spends its code at once.
"""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Protocol
from urllib.parse import parse_qs, urlsplit

from sqlite_utils import Database

from bot.clock import Clock
from bot.hh.client import HHClient
from bot.hh.errors import (
    AccountNeedsRelink,
    CaptchaRequired,
    Forbidden,
    HHError,
    InvalidGrant,
    OAuthError,
    TokenExpired,
    TokenRequestError,
    TransientError,
)
from bot.hh.manager_accounts import ManagerAccounts
from bot.hh.models import Me, MeEmployer
from bot.hh.oauth import FLOW_PARAMETER, AuthorizeLinks, flow_of
from bot.keyboards import as_json, link_keyboard
from bot.link_result import LinkOutcome, LinkResult
from bot.logs import ids
from bot.render import account_label, link_result_text
from bot.services import groups
from bot.services.limits import UserLimit
from bot.services.work_accounts import ask as ask_work_accounts
from bot.services.work_accounts import offered
from bot.texts import texts_for
from storage import accounts, hh_subscriptions, oauth_states, outbox, pending_links, prompts, users, work_accounts
from storage.accounts import Account, Profile, Role, Status, Tokens
from storage.crypto import TokenCipher
from storage.db import Storage
from storage.oauth_states import StateProblem
from storage.pending_links import PendingLink
from storage.work_accounts import Offered

log = logging.getLogger(__name__)

STATE_TTL = 600.0
CONFIRM_TTL = 600.0
CONFIRM_PREFIX = "link_"
CONFIRM_TOKEN = re.compile(r"link_([A-Za-z0-9_-]{32})")
APPLICANT_API_DENIED = "applicant_api_denied"
BARE_CODE = re.compile(r"[A-Za-z0-9_-]{16,256}")
SIGN_IN_PARAMETER = re.compile(r"[?&](?:code|state)=[^\s&#]+")
TOLD_STATES_KEPT = 10_000


@dataclass(frozen=True)
class Pasted:
    """What hh.ru's redirect address carries (as pasted, or as the callback's query)."""

    code: str | None
    state: str | None
    error: str | None
    flow: str | None = None


class UnlinkResult(Enum):
    NOT_LINKED = "not_linked"
    DONE = "done"
    HH_UNREACHABLE = "hh_unreachable"


def parse_pasted(text: str) -> Pasted | None:
    """The address hh.ru redirected the browser to, alone in the message; None for anything else."""
    text = text.strip()
    if not text or any(char.isspace() for char in text):
        return None
    address = urlsplit(text)
    if address.scheme not in ("http", "https") or not address.netloc:
        return None
    query = {key: values[0] for key, values in parse_qs(address.query).items() if values}
    if not (query.get("code") or query.get("error")):
        return None
    return redirect_of(query)


def redirect_of(query: Mapping[str, str]) -> Pasted:
    """What a redirect address's query carries."""
    return Pasted(query.get("code"), query.get("state"), query.get("error"), query.get(FLOW_PARAMETER))


def confirmation_token(payload: str | None) -> str | None:
    """The token of a `/start` payload that confirms a sign-in; None for any other payload."""
    found = CONFIRM_TOKEN.fullmatch(payload or "")
    return found.group(1) if found else None


@dataclass(frozen=True)
class ConfirmLinks:
    """Telegram deep links to this bot: whoever's Telegram opens one sends it `/start <payload>`."""

    link_url: str  # https://t.me
    bot_username: str

    def url(self, token: str) -> str:
        return f"{self.link_url.rstrip('/')}/{self.bot_username}?start={CONFIRM_PREFIX}{token}"


@dataclass(frozen=True)
class Exchanged:
    """What a code gave: whom hh.ru signed in, their tokens, and their work accounts."""

    profile: Profile
    tokens: Tokens = field(repr=False)
    work: Sequence[Offered] = ()


@dataclass(frozen=True)
class Spent:
    """A state consumed for nobody: whose it was, and whether its code was still good (and is spent now)."""

    owner: int
    burned: bool


@dataclass(frozen=True)
class Opened:
    """A state consumed for its owner, with the code hh.ru sent back under it."""

    owner: int
    state: str
    code: str


def flow_matches(state: str | None, flow: str | None) -> bool:
    """Whether the redirect carries the very state its redirect URI (and so its code) was made for."""
    return state is not None and flow is not None and flow_of(state) == flow


def looks_like_bare_code(text: str) -> bool:
    return BARE_CODE.fullmatch(text.strip()) is not None


def carries_sign_in(text: str) -> bool:
    """Whether the text holds what could complete someone's link (an address with `code=` or `state=`, or a bare
    code), so that it must never be sent on to anyone."""
    return SIGN_IN_PARAMETER.search(text) is not None or looks_like_bare_code(text)


def profile_of(me: Me, work: ManagerAccounts | None = None) -> Profile:
    """Who the account is. hh.ru's spec leaves `/me`'s `employer` optional: an employer without it is named by its
    current work account in `work` (`/manager_accounts/mine`, whose items always name their employer)."""
    employer = me.employer
    if me.is_employer and employer is None and work is not None:
        current = work.current_account_id or work.primary_account_id
        chosen = next((item for item in work.items if item.id == current), work.items[0] if work.items else None)
        employer = MeEmployer(id=chosen.employer.id, name=chosen.employer.name) if chosen else None
    if me.is_employer and employer is not None:
        manager_id = me.manager.id if me.manager else employer.manager_id
        return Profile(Role.EMPLOYER, me.id, me.full_name, employer.id, employer.name, manager_id)
    return Profile(Role.APPLICANT, me.id, me.full_name)


class LinkOffers:
    """Fresh authorize links, each with its own single-use state."""

    def __init__(self, storage: Storage, links: AuthorizeLinks, clock: Clock) -> None:
        self._storage = storage
        self._links = links
        self._clock = clock

    def new_state(self, db: Database, telegram_id: int, *, force_login: bool = False) -> str:
        """Creates a state inside the caller's database work and returns its authorize URL.

        The user's earlier links stop working: only the newest one can complete a link.
        """
        state = secrets.token_urlsafe(24)
        oauth_states.replace(db, state, telegram_id, self._clock.now(), STATE_TTL, flow=flow_of(state))
        return self._links.url(state, force_login=force_login)

    async def new_link(self, telegram_id: int, *, force_login: bool = False) -> str:
        return await self._storage.run(self.new_state, telegram_id, force_login=force_login)

    async def open_link(self, telegram_id: int) -> str:
        """The user's newest link that still works, or a new one."""
        state = await self._storage.run(oauth_states.latest_open, telegram_id, self._clock.now())
        return self._links.url(state) if state is not None else await self.new_link(telegram_id)

    def redirect_uri_for(self, state: str) -> str:
        return self._links.redirect_uri_for(state)


class AccountHooks(Protocol):
    """What else happens when an account is linked or unlinked (the webhook subscription)."""

    async def linked(self, account: Account) -> None: ...

    async def unlinking(self, account: Account) -> None: ...

    async def replaced(self, access_token: str, subscription_id: str, account_id: int) -> None: ...


class Linking:
    def __init__(self, storage: Storage, cipher: TokenCipher, hh: HHClient, offers: LinkOffers, clock: Clock,
                 wake_sender: Callable[[], None], wake_poller: Callable[[], None], limit: UserLimit,
                 confirm_links: ConfirmLinks, hooks: AccountHooks | None = None, *,
                 pasted_addresses: bool = True) -> None:
        self._hooks = hooks
        self.pasted_addresses = pasted_addresses  # polling mode; in webhook mode a pasted address is only spent
        self._limit = limit
        self._storage = storage
        self._cipher = cipher
        self._hh = hh
        self._offers = offers
        self._clock = clock
        self._wake_sender = wake_sender
        self._wake_poller = wake_poller
        self._confirm_links = confirm_links
        self._told_states: set[str] = set()

    async def announce(self, result: LinkResult) -> str | None:
        """Tells the user in Telegram how the link ended; returns their language, None if nobody to tell.

        A sign-in waiting for confirmation is told nothing: its confirmation link is only for the browser's page.
        """
        if result.telegram_id is None:
            return None
        language = await self._storage.run(_announce, result, self._clock.now())
        if result.outcome is not LinkOutcome.CONFIRM_IN_TELEGRAM:
            self._wake_sender()
        return language

    async def complete(self, redirect: Pasted) -> LinkResult:
        """hh.ru's redirect to the callback: checks the state and exchanges the code, but never links. The sign-in
        waits for the state's owner to confirm it from Telegram, with the button on the page it gets.

        A redirect whose `state` is not the one its `flow` was made for comes from an altered connect link: the
        flow's state is consumed and the code spent for nobody, so that nobody can pair the address left in the
        browser with that state later, and the state's owner is told."""
        state, code, error = redirect.state, redirect.code, redirect.error
        if not (code or error) or not (state or redirect.flow):
            return LinkResult(LinkOutcome.MISSING_PARAMETERS)
        if not flow_matches(state, redirect.flow):
            spent = await self._spend(redirect.flow, code, charged=None)
            if spent is None:
                return LinkResult(LinkOutcome.UNKNOWN_STATE)
            if spent.burned:
                await self.announce(await self._failed(LinkOutcome.SIGN_IN_STOPPED, spent.owner))
            return LinkResult(LinkOutcome.LINK_ALTERED)
        opened = await self._open(state, code, error)
        if isinstance(opened, LinkResult):
            return opened
        exchanged = await self._exchange(opened.owner, opened.state, opened.code)
        if isinstance(exchanged, LinkResult):
            return exchanged
        return await self._hold(opened.owner, exchanged)

    async def complete_pasted(self, telegram_id: int, pasted: Pasted) -> LinkResult:
        """The fallback when the browser could not reach the bot: the user pasted the whole redirect address.

        Only the whole address of the user's own sign-in can complete a link: its state is the user's, and it is
        the very state its `flow` (and so its code) was made for; the paste itself shows who the user is. A code
        alone is never exchanged. Any other address is spent for nobody, and so is every address in webhook mode,
        where the callback gets the redirect and asks the browser's own Telegram to confirm it.
        """
        state, flow = pasted.state, pasted.flow
        if state is None or flow is None:
            return LinkResult(LinkOutcome.NEEDS_FULL_ADDRESS, telegram_id)
        if not self.pasted_addresses:
            await self._spend_pasted(telegram_id, flow, pasted.code)
            return LinkResult(LinkOutcome.PASTE_NOT_TAKEN, telegram_id)
        if not flow_matches(state, flow):
            if await self._spend_pasted(telegram_id, flow, pasted.code):
                return LinkResult(LinkOutcome.LINK_ALTERED, telegram_id)
            return await self._failed(LinkOutcome.UNKNOWN_STATE, telegram_id)
        owner = await self._storage.run(oauth_states.peek, state)
        if owner is None:
            return await self._failed(LinkOutcome.UNKNOWN_STATE, telegram_id)
        if owner != telegram_id:
            await self._spend_pasted(telegram_id, flow, pasted.code)
            return LinkResult(LinkOutcome.OTHER_USER, telegram_id)
        opened = await self._open(state, pasted.code, pasted.error)
        if isinstance(opened, LinkResult):
            return opened
        exchanged = await self._exchange(owner, state, opened.code)
        if isinstance(exchanged, LinkResult):
            return exchanged
        return await self._link(owner, exchanged)

    async def confirm(self, telegram_id: int, token: str) -> LinkResult:
        """`/start link_<token>` from `telegram_id`: the sign-in is linked only if it is the owner's own."""
        pending = await self._storage.run(pending_links.take, self._cipher, token)
        if pending is None:
            return LinkResult(LinkOutcome.CONFIRMATION_UNKNOWN, telegram_id)
        if pending.telegram_id != telegram_id:
            log.warning("a sign-in was confirmed from another Telegram account; nothing linked")
            await self._withdraw(pending)
            await self.announce(await self._failed(LinkOutcome.CONFIRMED_BY_ANOTHER, pending.telegram_id))
            return LinkResult(LinkOutcome.NOT_YOUR_SIGN_IN, telegram_id)
        if pending.tokens is None or self._clock.now() >= pending.expires_at:
            await self._withdraw(pending)
            return await self._failed(LinkOutcome.CONFIRMATION_EXPIRED, telegram_id)
        return await self._link(telegram_id, Exchanged(pending.profile, pending.tokens, pending.work))

    async def expire_pending(self) -> None:
        """Logs out at hh.ru the sign-ins nobody confirmed in time."""
        expired = await self._storage.run(pending_links.take_expired, self._cipher, self._clock.now())
        for pending in expired:
            await self._withdraw(pending)
        if expired:
            log.info("%d unconfirmed sign-ins expired", len(expired))

    async def _open(self, state: str | None, code: str | None, error: str | None) -> Opened | LinkResult:
        """Consumes the state; the failure the owner is told when it cannot be used or hh.ru sent no code."""
        if not state or not (code or error):
            return LinkResult(LinkOutcome.MISSING_PARAMETERS)
        consumed = await self._storage.run(oauth_states.consume, state, self._clock.now())
        telegram_id = consumed.telegram_id
        if telegram_id is None:
            return LinkResult(LinkOutcome.UNKNOWN_STATE)
        if consumed.problem is not None:
            outcome = LinkOutcome.USED_STATE if consumed.problem is StateProblem.USED else LinkOutcome.EXPIRED_STATE
            if not self._first_time_told(state):
                return LinkResult(outcome)
            return await self._failed(outcome, telegram_id)
        if error or not code:
            return await self._failed(LinkOutcome.DENIED, telegram_id, reason=error)
        return Opened(telegram_id, state, code)

    async def _spend_pasted(self, paster: int, flow: str, code: str | None) -> bool:
        """A pasted address that may not link: its sign-in is over (`_spend`), and its owner is told if someone else
        pasted it. Whether its flow named a state."""
        spent = await self._spend(flow, code, charged=paster)
        if spent is not None and spent.burned and spent.owner != paster:
            await self.announce(await self._failed(LinkOutcome.ADDRESS_LEAKED, spent.owner))
        return spent is not None

    async def _spend(self, flow: str | None, code: str | None, charged: int | None) -> Spent | None:
        """Consumes the state `flow` names, and exchanges the code under that state's redirect URI and logs it out
        at once, so that it can never be paired with that state later. None when the flow names no state. The
        exchange counts against `charged`'s link attempts (None: the state owner's)."""
        taken = None if flow is None else await self._storage.run(oauth_states.consume_by_flow, flow,
                                                                   self._clock.now())
        if taken is None or taken.consumed.telegram_id is None:
            return None
        owner = taken.consumed.telegram_id
        if not code or taken.consumed.problem is StateProblem.USED:  # a used state's one exchange is over already
            return Spent(owner, burned=False)
        if not self._limit.allow(owner if charged is None else charged):
            return Spent(owner, burned=False)
        return Spent(owner, burned=await self._burn(code, self._offers.redirect_uri_for(taken.state)))

    async def _burn(self, code: str, redirect_uri: str) -> bool:
        """Exchanges a code nobody may use and logs its token out at once; whether the code was still good."""
        try:
            pair = await self._hh.exchange_code(code, redirect_uri)
        except HHError as error:
            log.info("a leaked code could not be spent: %s", error)
            return False
        await self._log_out(pair.access_token, "a leaked code's token")
        return True

    async def _withdraw(self, pending: PendingLink) -> None:
        if pending.tokens is not None:
            await self._log_out(pending.tokens.access_token, "an unconfirmed sign-in's token")

    async def _log_out(self, access_token: str, what: str) -> None:
        try:
            await self._hh.invalidate_token(access_token)
        except HHError as error:
            log.warning("could not log out %s at hh.ru: %s", what, error)

    def _first_time_told(self, state: str) -> bool:
        """Whether the owner of a used or expired state has not yet been told about it (strangers can repeat it)."""
        if state in self._told_states:
            return False
        if len(self._told_states) >= TOLD_STATES_KEPT:
            self._told_states.clear()
        self._told_states.add(state)
        return True

    async def unlink(self, telegram_id: int) -> UnlinkResult:
        account = await self._storage.run(accounts.of_user, telegram_id)
        if account is None:
            return UnlinkResult.NOT_LINKED
        if self._hooks is not None:
            await self._hooks.unlinking(account)
        invalidated = account.status is Status.NEEDS_RELINK or await self._invalidate_account(account)
        await self._storage.run(_forget, account.id, telegram_id, self._clock.now())
        log.info("account unlinked", extra=ids(account_id=account.id))
        return UnlinkResult.DONE if invalidated else UnlinkResult.HH_UNREACHABLE

    async def _invalidate_account(self, account: Account) -> bool:
        """Logs the account's token out at hh.ru; False when hh.ru could not be reached."""
        tokens = await self._storage.run(_readable_tokens, self._cipher, account.id)
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

    async def _invalidate_replaced(self, replaced: Replaced, new_access_token: str) -> None:
        """Logs out at hh.ru the token of an account that a new link replaced (its row is gone already)."""
        if replaced.access_token is None or replaced.access_token == new_access_token:
            return
        try:
            await self._hh.invalidate_token(replaced.access_token)
        except (OAuthError, AccountNeedsRelink, TokenExpired):
            log.info("the replaced token was already dead at hh.ru", extra=ids(account_id=replaced.account.id))
        except HHError as error:
            log.warning("could not invalidate the replaced token at hh.ru: %s", error,
                        extra=ids(account_id=replaced.account.id))

    async def _exchange(self, telegram_id: int, state: str, code: str) -> Exchanged | LinkResult:
        """The code's tokens and whom they belong to, exchanged under the redirect URI of `state` only."""
        if not self._limit.allow(telegram_id):
            return LinkResult(LinkOutcome.RATE_LIMITED, telegram_id)
        try:
            pair = await self._hh.exchange_code(code, self._offers.redirect_uri_for(state))
        except (InvalidGrant, TokenRequestError) as error:
            return await self._failed(LinkOutcome.EXCHANGE_FAILED, telegram_id, reason=error.description)
        except TransientError:
            return await self._failed(LinkOutcome.HH_DOWN, telegram_id)
        except HHError as error:
            return await self._failed(LinkOutcome.EXCHANGE_FAILED, telegram_id, reason=error.value or str(error.status))
        try:
            me = await self._hh.me_with_token(pair.access_token)
            work_list = None if not me.is_employer or me.employer else \
                await self._hh.manager_accounts_with_token(pair.access_token)
        except CaptchaRequired as error:
            await self._log_out(pair.access_token, "a token whose account must solve a captcha first")
            return await self._failed(LinkOutcome.CAPTCHA, telegram_id, reason=error.captcha_url or error.fallback_url)
        except HHError as error:
            await self._log_out(pair.access_token, "a token whose account hh.ru did not name")
            outcome = LinkOutcome.HH_DOWN if isinstance(error, TransientError) else LinkOutcome.EXCHANGE_FAILED
            return await self._failed(outcome, telegram_id, reason=error.value or str(error.status))
        work = await self._work_accounts(me, pair.access_token)
        return Exchanged(profile_of(me, work_list), Tokens(pair.access_token, pair.refresh_token, pair.expires_at),
                         work)

    async def _hold(self, telegram_id: int, exchanged: Exchanged) -> LinkResult:
        """Keeps the sign-in for its owner's confirmation; the page gets the only copy of the confirmation link."""
        token = secrets.token_urlsafe(24)
        telegram = await self._storage.run(_hold_sign_in, self._cipher, token, telegram_id, exchanged,
                                           self._clock.now())
        log.info("an hh.ru sign-in waits for its confirmation from Telegram")
        return LinkResult(LinkOutcome.CONFIRM_IN_TELEGRAM, telegram_id, signed_in=exchanged.profile,
                          confirm_url=self._confirm_links.url(token),
                          telegram_name=telegram.display_name if telegram else "")

    async def _link(self, telegram_id: int, exchanged: Exchanged) -> LinkResult:
        account, replaced = await self._storage.run(
            _store_link, self._cipher, telegram_id, exchanged.profile, exchanged.tokens, self._clock.now(),
            exchanged.work,
        )
        log.info("account linked as %s", account.role.value, extra=ids(account_id=account.id))
        for old in replaced:
            if (self._hooks is not None and old.subscription_id and old.access_token
                    and old.account.profile.hh_user_id != account.profile.hh_user_id):
                await self._hooks.replaced(old.access_token, old.subscription_id, old.account.id)
            await self._invalidate_replaced(old, exchanged.tokens.access_token)
        if any(old.account.telegram_id != telegram_id for old in replaced):
            self._wake_sender()
        denied = account.role is Role.APPLICANT and await self._applicant_api_denied(account)
        if self._hooks is not None:
            await self._hooks.linked(account)
        self._wake_poller()
        telegram = await self._storage.run(users.get, telegram_id)
        return LinkResult(LinkOutcome.LINKED, telegram_id, account=account, applicant_api_denied=denied,
                          telegram_name=telegram.display_name if telegram else "")

    async def _work_accounts(self, me: Me, access_token: str) -> list[Offered]:
        """An employer's work accounts, when hh.ru says there are several; none otherwise or if it cannot tell."""
        if me.manager is None or not me.manager.has_multiple_manager_accounts:
            return []
        try:
            work = offered(await self._hh.manager_accounts_with_token(access_token))
        except HHError as error:
            log.warning("could not list the work accounts: %s", error)
            return []
        return work if len(work) > 1 else []

    async def ask_work_accounts(self, account_id: int) -> None:
        """Asks which work accounts to follow, if the account has several (after a pasted address's answer)."""
        if await self._storage.run(ask_work_accounts, account_id, self._clock.now()):
            self._wake_sender()

    async def _applicant_api_denied(self, account: Account) -> bool:
        try:
            await self._hh.applicant_negotiations(account.id)
        except Forbidden:
            await self._storage.run(accounts.set_status, account.id, Status.PAUSED, APPLICANT_API_DENIED)
            return True
        except (AccountNeedsRelink, HHError) as error:
            log.warning("applicant access probe failed: %s", error, extra=ids(account_id=account.id))
        return False

    async def _failed(self, outcome: LinkOutcome, telegram_id: int, reason: str | None = None) -> LinkResult:
        """The failure, with the user's newest open link to try again (a new one only when none is open)."""
        return LinkResult(outcome, telegram_id, retry_url=await self._offers.open_link(telegram_id), reason=reason)


def _announce(db: Database, result: LinkResult, now: float) -> str | None:
    user = users.get(db, result.telegram_id or 0)
    if user is None:
        return None
    if result.outcome is LinkOutcome.CONFIRM_IN_TELEGRAM:
        return user.language
    texts = texts_for(user.language)
    markup = as_json(link_keyboard(texts, result.retry_url)) if result.retry_url else None
    outbox.enqueue(db, user.chat_id, link_result_text(texts, result), now, reply_markup=markup)
    if result.account is not None:
        ask_work_accounts(db, result.account.id, now)
    return user.language


def _hold_sign_in(db: Database, cipher: TokenCipher, token: str, telegram_id: int, exchanged: Exchanged,
                  now: float) -> users.User | None:
    pending_links.add(db, cipher, token, telegram_id, exchanged.profile, exchanged.tokens, exchanged.work, now,
                      CONFIRM_TTL)
    return users.get(db, telegram_id)


@dataclass(frozen=True)
class Replaced:
    """An account a new link took the place of: the user's previous one, or the same hh.ru user in another chat."""

    account: Account
    access_token: str | None = field(repr=False)
    subscription_id: str | None = None
    """hh.ru's id of its webhook subscription, deleted with its last token if the new link is another hh.ru user."""


def _readable_tokens(db: Database, cipher: TokenCipher, account_id: int) -> Tokens | None:
    try:
        return accounts.load_tokens(db, cipher, account_id)
    except ValueError:
        return None


def _store_link(db: Database, cipher: TokenCipher, telegram_id: int, profile: Profile, tokens: Tokens,
                now: float, work: Sequence[Offered] = ()) -> tuple[Account, list[Replaced]]:
    """Links the account to this user alone: it replaces the user's previous account, and leaves any other chat
    it was linked in, which is told."""
    olds = {old.id: old for old in (accounts.of_user(db, telegram_id), *accounts.of_hh_user(db, profile.hh_user_id))
            if old is not None}
    replaced = []
    for old in olds.values():
        readable = _readable_tokens(db, cipher, old.id)
        subscription = hh_subscriptions.get(db, old.id)
        replaced.append(Replaced(old, readable.access_token if readable else None,
                                 subscription.subscription_id if subscription else None))
    for old in olds.values():
        if old.telegram_id != telegram_id or old.profile.hh_user_id != profile.hh_user_id:
            groups.owner_lost(db, old.telegram_id, now)  # a group was confirmed for that account, not this one
    account = accounts.link(db, cipher, telegram_id, profile, tokens, now, now)
    if work:
        work_accounts.offer(db, account.id, work)
    for moved in replaced:
        user = users.get(db, moved.account.telegram_id)
        if moved.account.telegram_id != telegram_id and user is not None:
            texts = texts_for(user.language)
            outbox.enqueue(db, user.chat_id, texts.link_moved_away.format(
                account=account_label(texts, moved.account.profile)), now)
            prompts.clear(db, moved.account.telegram_id)
    return account, replaced


def _forget(db: Database, account_id: int, telegram_id: int, now: float) -> None:
    with db.atomic():
        accounts.delete(db, account_id)
        prompts.clear(db, telegram_id)
        groups.owner_lost(db, telegram_id, now)
