"""The bot's calls to hh.ru and Telegram, as the two fakes recorded them: method, path, status and time."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Literal

from bot.testing.fake_hh import FakeHH
from bot.testing.fake_telegram import FakeTelegram

Service = Literal["hh.ru", "Telegram"]


@dataclass(frozen=True)
class Call:
    at: float  # Unix time
    service: Service
    method: str
    path: str
    status: int  # 0: the connection was dropped


@dataclass(frozen=True)
class Cursor:
    """How many records of each fake were already read."""

    hh: int = 0
    telegram: int = 0


class TrafficLog:
    def __init__(self, hh: FakeHH, tg: FakeTelegram, bot_user_agent: str) -> None:
        self._hh = hh
        self._tg = tg
        self._user_agent = bot_user_agent
        self._monotonic_to_unix = time.time() - time.monotonic()  # the fake Telegram stamps on a monotonic clock

    def since(self, cursor: Cursor) -> tuple[list[Call], Cursor]:
        """Calls recorded after `cursor`, oldest first, and the cursor to read on from.

        hh.ru's calls are told from a person's visits to the fake site (sign-in, captcha) by the bot's User-Agent.
        The bot token, part of every Bot API path, is left out.
        """
        hh_records = self._hh.requests
        tg_records = self._tg.requests
        calls = [Call(r.at, "hh.ru", r.method, r.path, r.status)
                 for r in hh_records[cursor.hh:] if r.user_agent == self._user_agent]
        calls += [Call(r.at + self._monotonic_to_unix, "Telegram", "POST", f"/bot…/{r.method}",
                       200 if r.ok else r.error_code or 0)
                  for r in tg_records[cursor.telegram:]]
        calls.sort(key=lambda call: call.at)
        return calls, Cursor(len(hh_records), len(tg_records))
