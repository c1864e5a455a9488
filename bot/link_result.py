"""How an attempt to link ended: what `services.linking` returns, and `render` and `web` show."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from storage.accounts import Account


class LinkOutcome(Enum):
    LINKED = "linked"
    DENIED = "denied"
    UNKNOWN_STATE = "unknown_state"
    USED_STATE = "used_state"
    EXPIRED_STATE = "expired_state"
    EXCHANGE_FAILED = "exchange_failed"
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
