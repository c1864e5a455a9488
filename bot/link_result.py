"""How an attempt to link ended: what `services.linking` returns, and `render` and `web` show."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from storage.accounts import Account, Profile


class LinkOutcome(Enum):
    LINKED = "linked"
    CONFIRM_IN_TELEGRAM = "confirm_in_telegram"
    """hh.ru signed the browser in; the link waits for its owner's confirmation from Telegram (the page's button)."""
    CONFIRMED_BY_ANOTHER = "confirmed_by_another"
    """To the owner: the confirmation was opened in another Telegram account, so nothing was linked."""
    NOT_YOUR_SIGN_IN = "not_your_sign_in"
    """To whoever opened someone else's confirmation: nothing was linked."""
    CONFIRMATION_UNKNOWN = "confirmation_unknown"
    CONFIRMATION_EXPIRED = "confirmation_expired"
    ADDRESS_LEAKED = "address_leaked"
    """To the owner: another Telegram user pasted the address of the owner's sign-in; its access was withdrawn."""
    LINK_ALTERED = "link_altered"
    """hh.ru's redirect carried another `state` than the one its `flow` was made for (the connect link or the
    address was changed): nothing linked, the flow's state consumed and its code spent."""
    SIGN_IN_STOPPED = "sign_in_stopped"
    """To the owner: a sign-in through their link came back with its `state` changed; it was stopped and withdrawn."""
    PASTE_NOT_TAKEN = "paste_not_taken"
    """Webhook mode: a pasted redirect address never links; its sign-in was stopped."""
    DENIED = "denied"
    UNKNOWN_STATE = "unknown_state"
    USED_STATE = "used_state"
    EXPIRED_STATE = "expired_state"
    EXCHANGE_FAILED = "exchange_failed"
    CAPTCHA = "captcha"
    """hh.ru asks the account signing in to solve a captcha (`reason`: its page, maybe empty); nothing was linked."""
    HH_DOWN = "hh_down"
    OTHER_USER = "other_user"
    NEEDS_FULL_ADDRESS = "needs_full_address"
    RATE_LIMITED = "rate_limited"
    MISSING_PARAMETERS = "missing_parameters"


@dataclass(frozen=True)
class LinkResult:
    outcome: LinkOutcome
    telegram_id: int | None = None
    account: Account | None = None
    retry_url: str | None = None
    reason: str | None = None
    applicant_api_denied: bool = False
    telegram_name: str = ""
    """The Telegram user the link belongs to, as the page names them."""
    signed_in: Profile | None = None
    """The hh.ru account the browser signed in as, while its link waits for confirmation."""
    confirm_url: str | None = None
    """The deep link that confirms the sign-in from Telegram (shown only on the page, to the browser)."""
