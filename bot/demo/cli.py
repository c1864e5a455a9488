"""`python -m bot demo [--port 8080] [--data DIR] [--script] [--lang ru|en]`.

Ctrl-C (SIGINT) or SIGTERM stops the demo gracefully: the page, then the bot, then the fakes; exit status 0.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import socket
import sys
import tempfile
from collections.abc import Awaitable, Iterator
from contextlib import AsyncExitStack, contextmanager
from pathlib import Path
from typing import cast

import aiohttp

from bot.demo.browser import Browser
from bot.demo.happenings import Happenings
from bot.demo.page import PageParts, create_page_app
from bot.demo.stack import LOOPBACK, SECRETS, Stack, loopback_socket, running_stack, serve
from bot.demo.texts import DemoTexts, Language, demo_texts
from bot.demo.traffic_log import TrafficLog
from bot.demo.transcript import Transcript
from bot.demo.walkthrough import WalkThrough, WalkThroughError
from bot.demo.world import seed
from bot.logs import setup_logging

DATABASE_NAME = "bot.sqlite3"
PORTS_TRIED = 100  # after a taken port, how many of the next ones are tried for one to suggest


class DemoError(Exception):
    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bot demo",
        description="The real bot against a fake hh.ru and a fake Telegram, on this machine only: no accounts, "
                    "no tokens, no network beyond 127.0.0.1.",
        formatter_class=lambda prog: argparse.HelpFormatter(prog, max_help_position=30))
    parser.add_argument("--port", type=int, default=8080, help="port of the demo page (default 8080)")
    parser.add_argument("--data", type=Path, metavar="FOLDER",
                        help="keep the bot's database in this folder, new or empty (default: a temporary one)")
    parser.add_argument("--script", action="store_true", help="play the walk-through in the terminal and exit")
    parser.add_argument("--lang", choices=("ru", "en"), default="ru",
                        help="the language of the demo, its world and the bot (default ru)")
    args = parser.parse_args(argv)
    if not 0 < args.port < 65536:
        parser.error("--port: expected 1-65535")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    language = cast(Language, args.lang)
    texts = demo_texts(language)
    setup_logging("WARNING", "text", secrets=SECRETS)
    try:
        with data_folder(args.data, texts) as folder:
            return asyncio.run(run(args, language, texts, folder))
    except DemoError as error:
        print(error, file=sys.stderr)
        return error.status


@contextmanager
def data_folder(data: Path | None, texts: DemoTexts) -> Iterator[Path]:
    """A temporary folder removed afterwards, or `data`, which must be new or empty: an earlier run's database is
    of no use to fakes that start empty, and the demo's files must not mix with anything else."""
    if data is None:
        with tempfile.TemporaryDirectory(prefix="hh-bridge-demo-") as folder:
            yield Path(folder)
        return
    if (data / DATABASE_NAME).exists():
        raise DemoError(texts.command.data_taken.format(folder=data), status=2)
    if data.exists() and (not data.is_dir() or any(data.iterdir())):
        raise DemoError(texts.command.data_not_empty.format(folder=data), status=2)
    data.mkdir(parents=True, exist_ok=True)
    yield data


async def run(args: argparse.Namespace, language: Language, texts: DemoTexts, folder: Path) -> int:
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopping.set)
    async with AsyncExitStack() as exits:
        page_socket = None if args.script else exits.enter_context(page_socket_on(args.port, texts))
        stack = await exits.enter_async_context(running_stack(folder, language))
        world = seed(stack.hh, stack.tg, texts, language)
        browser = Browser(stack.tg, world)
        stack.hh.preselect_sign_in(browser.hh_account)
        stack.tg.preselect_link_user(browser.telegram_user)
        happenings = Happenings(stack.hh, stack.tg, world, texts)
        exits.callback(happenings.close)
        if page_socket is None:
            walk = WalkThrough(stack, world, happenings, texts, Transcript(texts.script, sys.stdout))
            return await until_stopped(play(walk, texts), stopping)
        parts = PageParts(stack.tg.base_url, world, happenings, TrafficLog(stack.hh, stack.tg, stack.user_agent),
                          texts, language)
        await serve(exits, create_page_app(parts, args.port), page_socket)
        announce(texts, stack, args, folder)
        await stopping.wait()
    print(texts.command.stopped, flush=True)
    return 0


@contextmanager
def page_socket_on(port: int, texts: DemoTexts) -> Iterator[socket.socket]:
    try:
        sock = loopback_socket(port)
    except OSError as error:
        free = free_port_after(port)
        said = texts.command.port_taken if free is not None else texts.command.port_taken_none_free
        raise DemoError(said.format(port=port, reason=error.strerror, free=free), status=1) from None
    with sock:
        yield sock


def free_port_after(port: int) -> int | None:
    """The first of the next ports that is free on 127.0.0.1 right now, to suggest one."""
    for candidate in range(port + 1, min(port + 1 + PORTS_TRIED, 65536)):
        try:
            loopback_socket(candidate).close()
        except OSError:
            continue
        return candidate
    return None


def announce(texts: DemoTexts, stack: Stack, args: argparse.Namespace, folder: Path) -> None:
    said = texts.command
    database = said.database_temporary if args.data is None else said.database_kept
    print(said.open_page.format(url=f"http://{LOOPBACK}:{args.port}/demo"))
    print(said.bot_at.format(url=stack.bot_url))
    print(database.format(folder=folder))
    print(said.stop_hint, flush=True)


async def play(walk: WalkThrough, texts: DemoTexts) -> int:
    try:
        await walk.run()
    except (WalkThroughError, TimeoutError, LookupError, aiohttp.ClientError) as error:
        print(texts.script.failed.format(reason=error), file=sys.stderr)
        return 1
    return 0


async def until_stopped(work: Awaitable[int], stopping: asyncio.Event) -> int:
    """The work's exit status, or 0 once a signal asks to stop first."""
    task = asyncio.ensure_future(work)
    stop = asyncio.create_task(stopping.wait())
    await asyncio.wait({task, stop}, return_when=asyncio.FIRST_COMPLETED)
    stop.cancel()
    if task.done():
        return task.result()
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    return 0
