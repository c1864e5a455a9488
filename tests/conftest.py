"""The bot end to end: the real app on an ephemeral port, against the fake hh.ru and the fake Telegram."""

from __future__ import annotations

from bot.lazy_aiogram import import_aiogram_lazily

import_aiogram_lazily()  # before anything imports aiogram, as `python -m bot` does (imports below: E402 allowed)

import asyncio
import socket
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol, TypeVar
from urllib.parse import parse_qs, urlsplit

import aiohttp
import pytest
from aiohttp import web
from cryptography.fernet import Fernet

from bot.app import Tuning, create_app
from bot.clock import SystemClock
from bot.config import Settings
from bot.runtime import RUNTIME, Runtime
from bot.testing.bot_process import HEALTHZ_TOKEN, USER_AGENT
from bot.testing.fake_hh import FakeHH
from bot.testing.fake_telegram import ChatMessage, FakeTelegram, start_link_in
from storage import accounts, oauth_states, outbox

T = TypeVar("T")


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto` (pyproject): see tests/parallel.py."""
    from tests.parallel import workers

    return workers(config)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """xdist's default `load`, keeping the modules that share a probe process on one worker (tests/parallel.py)."""
    if config.getoption("dist") != "load":
        return None
    from tests.parallel import WholeModules

    return WholeModules(config, log)


class MovableClock:
    """Real time, plus however far a test has moved it forward: the one calendar of a test, shared by the bot, the
    fake hh.ru (its dates, tokens and chats) and the fake Telegram (its message dates)."""

    def __init__(self) -> None:
        self.offset = 0.0
        self._moved: list[Callable[[], None]] = []

    def now(self) -> float:
        return time.time() + self.offset

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("time only moves forward")
        self.offset += seconds
        for moved in self._moved:
            moved()

    def on_advance(self, moved: Callable[[], None]) -> None:
        """Calls `moved` after each `advance` (a fake whose loops wait for due work)."""
        self._moved.append(moved)

    def monotonic(self) -> float:
        """Real: moving the calendar does not move the pacers' stopwatch, as it does not move the fakes' limits."""
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(max(0.0, seconds))

    async def wait(self, event: asyncio.Event, seconds: float) -> bool:
        return await SystemClock().wait(event, seconds)


POLL_STEP = 0.02


async def wait_until(predicate: Callable[[], bool], timeout: float = 5.0, what: str = "condition") -> None:
    """Polls `predicate` until it holds; fails the test after `timeout` seconds."""

    async def probe() -> bool | None:
        return predicate() or None

    await eventually(probe, timeout, what)


async def eventually(probe: Callable[[], Awaitable[T | None]], timeout: float = 5.0, what: str = "condition") -> T:
    """Polls `probe` until it gives something other than None, and returns that; fails after `timeout` s."""
    deadline = time.monotonic() + timeout
    while (found := await probe()) is None:
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        await asyncio.sleep(POLL_STEP)
    return found
POLL_INTERVAL = 0.2  # news reaches a test within a fifth of a second: most of a test is waiting for it
FAST = Tuning(telegram_per_second=1000.0, telegram_chat_interval=0.0, hh_backoff_base=0.01, hh_backoff_cap=0.05)


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock()


class SharedClock(Protocol):
    def now(self) -> float: ...

    def on_advance(self, moved: Callable[[], None]) -> None: ...


FAKE_HH_MODES = ("full", "minimal")
# A module's tests run against both: `pytestmark = BOTH_FAKE_HH_MODES` (ids `[full]`, `[minimal]`)
BOTH_FAKE_HH_MODES = pytest.mark.parametrize("hh", FAKE_HH_MODES, indirect=True)


def in_mode(hh: FakeHH, full: T, minimal: T) -> T:
    """What a test expects against the full fake hh.ru, or against the spec-minimal one (which leaves out all that
    hh.ru's spec marks optional, so the bot shows and does less)."""
    return minimal if hh.spec_minimal else full


def link_of(message: ChatMessage, label: str) -> str | None:
    """The URL of the message's link button `label`; None when it has no such button."""
    found = [button.get("url") for row in message.buttons() for button in row if button["text"] == label]
    return found[0] if found else None


@dataclass(frozen=True, eq=False)
class StartsWith:
    """Equal to any string that starts with `prefix` (a URL whose tail the fake makes up)."""

    prefix: str

    def __eq__(self, other: object) -> bool:
        return isinstance(other, str) and other.startswith(self.prefix)

    def __repr__(self) -> str:
        return f"StartsWith({self.prefix!r})"


@pytest.fixture
async def hh(clock: SharedClock, request: pytest.FixtureRequest) -> AsyncIterator[FakeHH]:
    """The fake hh.ru, every answer checked against hh.ru's spec: the test fails if one broke it. Parametrized
    indirectly with "minimal" (FAKE_HH_MODES), its answers carry only what the spec requires."""
    mode = getattr(request, "param", "full")
    if mode not in FAKE_HH_MODES:
        raise ValueError(f"the fake hh.ru's mode is one of {FAKE_HH_MODES}, not {mode!r}")
    fake = FakeHH(clock=clock.now, validate=True, spec_minimal=mode == "minimal")
    clock.on_advance(fake.time_moved)
    await fake.start()
    yield fake
    await fake.close()
    fail_on_spec_violations(fake)


def fail_on_spec_violations(fake: FakeHH) -> None:
    """Fails the test (at its teardown) if an answer of the fake hh.ru broke hh.ru's spec, listing them."""
    if fake.spec_violations:
        lines = "\n".join(map(str, fake.spec_violations))
        pytest.fail(f"the fake hh.ru broke hh.ru's spec (bot/testing/fake_hh/spec_notes.py):\n{lines}", pytrace=False)


@pytest.fixture
async def tg(clock: SharedClock) -> AsyncIterator[FakeTelegram]:
    fake = FakeTelegram(token="123456:TEST-bot-token-for-tests", wall_clock=clock.now)
    await fake.start()
    yield fake
    await fake.close()


def confirm_url_of(page: str) -> str | None:
    """The address of the «confirm in Telegram» button of the bot's page after hh.ru's redirect, if it has one."""
    return start_link_in(page)


async def browse(url: str, *, login: str | None, decision: str = "allow",
                 confirm_in: tuple[FakeTelegram, int] | None = None) -> tuple[int, str]:
    """A browser: opens hh.ru's authorize page as `login` and follows the redirect back to the bot. With
    `confirm_in` (the fake Telegram and a user), the page's «confirm in Telegram» button is pressed on a device
    whose Telegram app is that user's: it sends the bot the confirmation."""
    headers = {"X-Fake-Decision": decision}
    if login is not None:
        headers["X-Fake-Login"] = login
    async with aiohttp.ClientSession() as browser:
        async with browser.get(url, headers=headers, allow_redirects=False) as consent:
            assert consent.status == 302, await consent.text()
            location = consent.headers["Location"]
        async with browser.get(location) as page:
            status, text = page.status, await page.text()
    confirm = confirm_url_of(text)
    if confirm_in is not None and confirm is not None:
        tg, user_id = confirm_in
        await tg.open_link(user_id, confirm)
    return status, text


async def link_through(tg: FakeTelegram, user_id: int, hh_user_id: str) -> ChatMessage:
    """/start, consent on the fake hh.ru, the confirmation from the user's Telegram, and the bot's answer; the user
    must exist in `tg`."""
    sent = await tg.send_text(user_id, "/start")
    answer = await tg.wait_for_bot_message(user_id, contains="hh.ru", after=sent, timeout=15)
    status, _ = await browse(answer.url_of("hh.ru"), login=hh_user_id, confirm_in=(tg, user_id))
    assert status == 200
    return await tg.wait_for_bot_message(user_id, contains="Готово", after=answer.message_id, timeout=15)


@dataclass
class Bridge:
    """The running bot with the two fakes it talks to."""

    hh: FakeHH
    tg: FakeTelegram
    settings: Settings
    runner: web.AppRunner
    url: str
    clock: MovableClock

    @property
    def runtime(self) -> Runtime:
        return self.runner.app[RUNTIME]

    async def stop(self) -> None:
        """A graceful stop, as on SIGTERM."""
        await self.runner.cleanup()

    async def browse(self, url: str, *, login: str | None, decision: str = "allow",
                     confirm_as: int | Literal["owner"] | None = "owner") -> tuple[int, str]:
        """`browse` on a device whose Telegram is `confirm_as`'s: by default the user the link was made for (who
        signs in on hh.ru with their own account and confirms it from their own Telegram); None: nobody confirms."""
        device: int | None
        if isinstance(confirm_as, str):  # "owner"
            device = await self.runtime.storage.run(oauth_states.peek, parse_qs(urlsplit(url).query)["state"][0])
        else:
            device = confirm_as
        confirm_in = None if device is None else (self.tg, device)
        return await browse(url, login=login, decision=decision, confirm_in=confirm_in)

    async def ticks(self, count: int = 2) -> None:
        """Waits until the poll scheduler has ticked `count` more times."""
        scheduler = self.runtime.scheduler
        target = scheduler.ticks + count
        await wait_until(lambda: scheduler.ticks >= target, what=f"{count} scheduler ticks")

    async def checks(self, count: int) -> None:
        """Waits until `count` more account checks have finished."""
        scheduler = self.runtime.scheduler
        target = scheduler.checks + count
        await wait_until(lambda: scheduler.checks >= target, what=f"{count} account checks")

    async def outbox_drained(self) -> None:
        """Waits until the sender has marked every queued push as sent.

        Telegram shows a message a moment before its answer reaches the sender, and only the mark lets a Telegram
        reply to that message find its negotiation.
        """

        async def probe() -> bool | None:
            return await self.runtime.storage.run(outbox.pending_count) == 0 or None

        await eventually(probe, what="the outbox to drain")

    async def account_when(self, user_id: int, predicate: Callable[[accounts.Account], bool],
                           timeout: float = 5.0) -> accounts.Account:
        """The user's account once `predicate` holds for it (looked up again every few milliseconds)."""

        async def probe() -> accounts.Account | None:
            account = await self.runtime.storage.run(accounts.of_user, user_id)
            return account if account is not None and predicate(account) else None

        return await eventually(probe, timeout, f"the account of {user_id}")

    async def start_link(self, user_id: int) -> ChatMessage:
        """/start, and the bot's answer with the connect button."""
        sent = await self.tg.send_text(user_id, "/start")
        return await self.tg.wait_for_bot_message(user_id, after=sent)

    async def link(self, user_id: int, hh_user_id: str, *, language_code: str | None = "ru") -> ChatMessage:
        """Links a Telegram user to an hh.ru user the way a person does; returns the confirmation."""
        if user_id not in self._known_users:
            self.tg.add_user(user_id, first_name=f"User {user_id}", language_code=language_code)
            self._known_users.add(user_id)
        answer = await self.start_link(user_id)
        status, _ = await self.browse(answer.url_of("hh.ru"), login=hh_user_id)
        assert status == 200
        return await self.tg.wait_for_bot_message(user_id, contains="hh.ru", after=answer.message_id)

    def __post_init__(self) -> None:
        self._known_users: set[int] = set()


StartBridge = Callable[..., Awaitable[Bridge]]


@pytest.fixture
async def start_bridge(hh: FakeHH, tg: FakeTelegram, clock: MovableClock,
                       tmp_path: Path) -> AsyncIterator[StartBridge]:
    runners: list[web.AppRunner] = []
    key = Fernet.generate_key().decode()

    async def start(*, mode: str = "polling", tuning: Tuning = FAST, **overrides: Any) -> Bridge:
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        redirect_uri = f"http://127.0.0.1:{port}/oauth/callback"
        hh.redirect_uri = redirect_uri
        values: dict[str, Any] = {
            "bot_token": tg.token, "telegram_api_url": tg.base_url, "hh_client_id": "test-client",
            "hh_client_secret": "test-secret", "hh_redirect_uri": redirect_uri, "hh_api_url": hh.base_url,
            "hh_oauth_url": hh.base_url, "hh_user_agent": USER_AGENT, "hh_rate_limit": 50,
            "database_path": tmp_path / "bot.sqlite3", "poll_interval": POLL_INTERVAL,
            "encryption_key": key, "host": "127.0.0.1", "port": port, "healthz_token": HEALTHZ_TOKEN,
        }
        if str(overrides.get("hh_webhook_url") or "").startswith("/"):  # a path: served on this bot's own port
            overrides["hh_webhook_url"] = f"http://127.0.0.1:{port}{overrides['hh_webhook_url']}"
        if str(overrides.get("webhook_url") or "").startswith("/"):  # Telegram's webhook on this bot's own port
            overrides["webhook_url"] = f"http://127.0.0.1:{port}{overrides['webhook_url']}"
        values.update(overrides)
        settings = Settings(_env_file=None, **values)
        app = create_app(settings, mode, clock=clock, tuning=tuning)
        runner = web.AppRunner(app, handle_signals=False, shutdown_timeout=1)
        await runner.setup()
        runners.append(runner)
        await web.SockSite(runner, sock).start()
        return Bridge(hh, tg, settings, runner, f"http://127.0.0.1:{port}", clock)

    yield start
    for runner in reversed(runners):
        if runner.server is not None:
            await runner.cleanup()


@pytest.fixture
async def bridge(start_bridge: StartBridge) -> Bridge:
    return await start_bridge()
