"""Who is at the demo's browser, as hh.ru's sign-in form and Telegram's link page pre-select them.

A real browser is already signed in to hh.ru as its owner, and the Telegram app on that device is its owner's. In
the demo one browser plays both people, so the fakes ask: hh.ru's form pre-selects the persona whose chat holds the
bot's link with that `state` (the one who pressed «Подключить hh.ru»), and Telegram's link page the persona who
signed in last.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from bot.demo.world import Persona, World
from bot.testing.fake_telegram import FakeTelegram


class Browser:
    def __init__(self, tg: FakeTelegram, world: World) -> None:
        self._tg = tg
        self._world = world
        self._signing_in: Persona | None = None

    def hh_account(self, state: str | None) -> str | None:
        """The hh.ru account to pre-select for the sign-in with `state`: its persona's."""
        persona = next((p for p in self._world.personas.values() if state and self._offered(p, state)), None)
        if persona is not None:
            self._signing_in = persona
        return None if persona is None else persona.hh_user_id

    def telegram_user(self, payload: str) -> int | None:
        """Whose Telegram app opens a link to the bot: the person who signed in on hh.ru last."""
        return None if self._signing_in is None else self._signing_in.telegram_id

    def _offered(self, persona: Persona, state: str) -> bool:
        """Whether the bot offered `persona` a link to hh.ru's sign-in with this `state`."""
        return any(parse_qs(urlsplit(str(button.get("url", ""))).query).get("state") == [state]
                   for message in self._tg.bot_messages(persona.telegram_id)
                   for row in message.buttons() for button in row)
