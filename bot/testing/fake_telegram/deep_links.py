"""Links to the bot (`https://t.me/<bot>?start=<payload>`) opened in a user's Telegram app.

Telegram's app opens the chat with the bot and sends it `/start <payload>` from whoever is signed in there (a user
who had not started the bot presses START first). The payload is 1-64 of A-Z a-z 0-9 _ -; a link with any other
payload opens the chat with a plain `/start` (the harsher reading: the payload is lost).

For a person in a browser (the demo) the fake also serves the link itself at `/_fake/t.me/<bot>?start=...`: a page
asking whose Telegram opens it, standing in for the app on that person's device.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Literal
from urllib.parse import parse_qs, urlsplit

from aiohttp import web

from . import user_actions
from .state import FakeState

if TYPE_CHECKING:
    from .server import FakeTelegram

TELEGRAM_HOSTS = frozenset({"t.me", "telegram.me", "www.t.me", "www.telegram.me"})
PAGE_PATH = "/_fake/t.me"
START_PAYLOAD = re.compile(r"[A-Za-z0-9_-]{1,64}")
START_LINK_IN_PAGE = re.compile(r"""href=["']([^"']*[?&]start=[^"']*)["']""")
PageLanguage = Literal["ru", "en"]
LinkUserChoice = Callable[[str], int | None]
"""The user a link page pre-selects, by the link's `start` payload (None: the first user)."""


@dataclass(frozen=True)
class _PageWords:
    question: str  # {bot}
    open: str
    foreign_form: str
    choose: str
    opened: str


_WORDS: dict[PageLanguage, _PageWords] = {
    "ru": _PageWords(question="Ссылка на @{bot}. Чей Telegram открывает её?", open="Открыть в Telegram",
                     foreign_form="Форма пришла не с этой страницы.", choose="Выберите пользователя.",
                     opened="Открыто в Telegram: бот получил /start. Вернитесь в чат."),
    "en": _PageWords(question="A link to @{bot}. Whose Telegram opens it?", open="Open in Telegram",
                     foreign_form="The form did not come from this page.", choose="Choose a user.",
                     opened="Opened in Telegram: the bot got /start. Go back to the chat."),
}


def start_link_in(page: str) -> str | None:
    """The first link in an HTML page that would start a chat with a bot (`...?start=...`), as a browser reads it."""
    found = START_LINK_IN_PAGE.search(page)
    return html.unescape(found.group(1)) if found else None


def start_text(state: FakeState, url: str, own_base: str | None) -> str:
    """The message the app sends for a link to this bot; ValueError for a link to anything else."""
    parts = urlsplit(url)
    own = urlsplit(own_base) if own_base else None
    if parts.hostname in TELEGRAM_HOSTS and parts.scheme in ("http", "https"):
        path = parts.path
    elif own is not None and (parts.scheme, parts.netloc) == (own.scheme, own.netloc) and \
            parts.path.startswith(PAGE_PATH + "/"):
        path = parts.path[len(PAGE_PATH):]
    else:
        raise ValueError(f"not a Telegram link: {url!r}")
    if path.strip("/").lower() != state.identity.username.lower():
        raise ValueError(f"not a link to this bot (@{state.identity.username}): {url!r}")
    payload = parse_qs(parts.query).get("start", [""])[0]
    return f"/start {payload}" if START_PAYLOAD.fullmatch(payload) else "/start"


def open_link(state: FakeState, user_id: int, url: str, own_base: str | None) -> int:
    """User `user_id` opens the link in their Telegram app; returns the id of the message it sent."""
    return user_actions.send_text(state, user_id, start_text(state, url, own_base), None, None)


def add_deep_link_routes(app: web.Application, fake: FakeTelegram) -> None:
    pages = _Pages(fake)
    app.router.add_get(PAGE_PATH + "/{username}", pages.ask)
    app.router.add_post(PAGE_PATH + "/{username}", pages.open)


class _Pages:
    def __init__(self, fake: FakeTelegram) -> None:
        self._fake = fake

    async def ask(self, request: web.Request) -> web.Response:
        """Whose Telegram opens the link: one radio button per user (the fake has no sign-in), the one the link
        page's choice names pre-selected (`FakeTelegram.preselect_link_user`), else the first."""
        said = _WORDS[self._fake.page_language]
        users = self._fake.users()
        choice = self._fake.link_user_choice
        chosen = choice(request.query.get("start", "")) if choice is not None else None
        if all(user.user_id != chosen for user in users):
            chosen = users[0].user_id if users else None
        choices = "".join(
            f"<label><input type='radio' name='user_id' value='{user.user_id}'"
            f"{' checked' if user.user_id == chosen else ''}> "
            f"{escape(user.first_name)}{escape(f' (@{user.username})' if user.username else '')}</label>"
            for user in users)
        body = (f"<p>{escape(said.question.format(bot=self._fake.bot_username))}</p>"
                f"<form method='post' action='{escape(str(request.rel_url))}'>{choices}"
                f"<button>{escape(said.open)}</button></form>")
        return self._page(body)

    async def open(self, request: web.Request) -> web.Response:
        said = _WORDS[self._fake.page_language]
        if request.headers.get("Origin") != self._fake.base_url:  # only this page's own form
            return self._page(f"<p>{escape(said.foreign_form)}</p>", status=403)
        form = await request.post()
        user_id = form.get("user_id")
        if not isinstance(user_id, str) or not user_id.isdigit():
            return self._page(f"<p>{escape(said.choose)}</p>", status=400)
        try:
            await self._fake.open_link(int(user_id), str(request.url))
        except LookupError as error:
            return self._page(f"<p>{escape(str(error))}</p>", status=404)
        return self._page(f"<p>{escape(said.opened)}</p>")

    def _page(self, body: str, status: int = 200) -> web.Response:
        return _page("Telegram", body, status, self._fake.page_language)


def _page(title: str, body: str, status: int = 200, language: PageLanguage = "ru") -> web.Response:
    html = (f"<!DOCTYPE html><html lang='{language}'><head><meta charset='utf-8'><title>{escape(title)}</title>"
            "<style>body{font-family:system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem}"
            "label{display:block;padding:.5rem;border:1px solid #ddd;border-radius:.4rem;margin:.4rem 0}"
            "button{padding:.6rem 1.2rem;margin-top:.8rem;border:0;border-radius:.4rem;background:#229ed9;"
            "color:#fff}</style></head>"
            f"<body><h1>{escape(title)}</h1>{body}</body></html>")
    return web.Response(status=status, text=html, content_type="text/html")
