"""An hh.ru error as the refusal value the user is told about (`render.refusal_text` puts it in words)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.hh.errors import AccountNeedsRelink, BadRequest, CaptchaRequired, HHError, TransientError
from storage.accounts import Account

HH_DOWN = "hh_down"
RELINK = "relink"
CAPTCHA = "captcha"
WRITE_BLOCKED = "write_blocked:"
"""Prefix of a refusal made from a chat's `write_message_state.reason`: `write_blocked:PFP_BLOCK`."""


Refused = Callable[[Account, HHError], Awaitable[bool]]
"""Whether an hh.ru error refuses the whole account, which is then told once and stopped (`Notices.refused`)."""


def refusal_of(error: HHError) -> str:
    if isinstance(error, AccountNeedsRelink):
        return RELINK
    if isinstance(error, CaptchaRequired):
        return CAPTCHA
    if isinstance(error, TransientError):
        return HH_DOWN
    if isinstance(error, BadRequest) and error.value == "message":
        return "empty_message"
    return error.value or f"{error.status}"


def write_blocked(reason: str | None) -> str:
    return f"{WRITE_BLOCKED}{reason or ''}"
