"""The fault run: messages keep arriving on hh.ru while the bot is killed with SIGKILL and restarted, and while
another connection holds its database locked for a while, as a backup would.

Lost messages must be none. A duplicate is allowed only for a send that was in flight at a kill: Telegram had
accepted it, but the bot had not yet recorded that, so its outbox row was still there when the process died.
Those are counted at each kill from the bot's own database, and reported next to the duplicates seen. The
lock allows none: a message Telegram accepted while the bot could not write that down must not go again.
"""

from __future__ import annotations

import asyncio
import random
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from cryptography.fernet import Fernet

from bot.bench.fakes import marker_sends, running_fakes, wait_for
from bot.bench.report import Report
from bot.bench.seed import build_world, link_in_database
from bot.testing.bot_process import BotProcess
from bot.testing.fake_telegram import FakeTelegram

MARKER = "bench-msg-"


@dataclass(frozen=True)
class FaultOptions:
    accounts: int = 100
    messages: int = 2000
    kills: int = 5
    replay_seconds: float = 60.0
    lock_seconds: float = 6.0
    rate: float = 20.0
    interval: float = 1.0
    latency: float = 0.1
    seed: int = 1


@dataclass(frozen=True)
class Kill:
    at: float
    in_flight: int


@dataclass(frozen=True)
class Lock:
    """When (time.monotonic(), as the fake Telegram stamps requests) another connection held the write lock."""

    started: float
    ended: float


def delivered(tg: FakeTelegram) -> dict[str, int]:
    return {marker: len(times) for marker, times in marker_sends(tg, MARKER).items()}


def hold_lock(database: Path) -> sqlite3.Connection:
    """`BEGIN EXCLUSIVE` from a connection of our own: the bot's writes wait, then fail after its busy timeout."""
    connection = sqlite3.connect(database, isolation_level=None, timeout=30, check_same_thread=False)
    connection.execute("BEGIN EXCLUSIVE")
    return connection


async def lock_database(database: Path, seconds: float) -> Lock:
    connection = await asyncio.to_thread(hold_lock, database)
    started = time.monotonic()
    try:
        await asyncio.sleep(seconds)
    finally:
        await asyncio.to_thread(connection.execute, "COMMIT")
        connection.close()
    return Lock(started, time.monotonic())


def queued_markers(database: Path) -> set[str]:
    with sqlite3.connect(database) as db:
        texts = [row[0] for row in db.execute("SELECT text FROM outbox")]
    return {text[text.index(MARKER):text.index(MARKER) + len(MARKER) + 5] for text in texts if MARKER in text}


async def fault_run(options: FaultOptions, folder: Path, command: str) -> Report:
    rng = random.Random(options.seed)
    report = Report("python -m bot.bench --faults", command, {
        "accounts": options.accounts, "hh.ru messages replayed": options.messages, "kill -9": options.kills,
        "database locked by another connection": f"{options.lock_seconds:g} s, once, mid-run",
        "HH_RATE_LIMIT": options.rate, "POLL_INTERVAL": options.interval,
        "hh.ru latency per request": f"{options.latency} s", "Telegram flood control": "on",
    })
    database = folder / "bot.sqlite3"
    async with running_fakes(options.rate) as (hh, tg):
        world = build_world(hh, tg, options.accounts, employer_share=0.5, conversations=True, rng=rng)
        key = Fernet.generate_key()
        link_in_database(hh, world, database, key, baseline_done=False)
        hh.latency = options.latency
        process = BotProcess(hh, tg, folder, POLL_INTERVAL=str(options.interval), HH_RATE_LIMIT=str(options.rate),
                             ENCRYPTION_KEY=key.decode(), LOG_LEVEL="WARNING")
        try:
            await process.start()
            chats = [account.telegram_id for account in world.accounts]
            await wait_for(lambda: all(tg.bot_messages(chat) for chat in chats), timeout=120, step=0.5)
            print("every account checked once; replaying messages", flush=True)

            async def replay() -> None:
                plan = [account for _ in range(options.messages // len(world.accounts)) for account in world.accounts]
                rng.shuffle(plan)
                for number, account in enumerate(plan):
                    text = f"Сообщение {MARKER}{number:05d}"
                    if account.role == "employer":
                        hh.add_message(account.negotiations[0], "applicant", text)
                    else:
                        hh.add_message(account.negotiations[0], "employer", text)
                    await asyncio.sleep(options.replay_seconds / len(plan))

            started = time.monotonic()
            replaying = asyncio.create_task(replay())
            moments = sorted([(rng.uniform(3.0, options.replay_seconds + 20.0), "kill") for _ in range(options.kills)]
                             + [(options.replay_seconds / 2, "lock")])
            kills: list[Kill] = []
            locks: list[Lock] = []
            for moment, fault in moments:
                await asyncio.sleep(max(0.0, started + moment - time.monotonic()))
                if fault == "lock":
                    locks.append(await lock_database(database, options.lock_seconds))
                    print(f"held the database locked for {options.lock_seconds:g} s from "
                          f"{locks[-1].started - started:.1f} s", flush=True)
                    continue
                await process.kill()
                in_flight = len(queued_markers(database) & set(delivered(tg)))
                kills.append(Kill(time.monotonic() - started, in_flight))
                print(f"killed at {kills[-1].at:.1f} s with {in_flight} sends in flight; restarting", flush=True)
                await process.start()
            await replaying
            await wait_for(lambda: len(delivered(tg)) >= options.messages, timeout=300, step=1.0)
            await process.terminate()
        finally:
            await process.stop_quietly()
        record(report, options, tg, kills, locks, started)
    return report


def record(report: Report, options: FaultOptions, tg: FakeTelegram, kills: list[Kill], locks: list[Lock],
           started: float) -> None:
    seconds = time.monotonic() - started
    counts = delivered(tg)
    expected = {f"{MARKER}{number:05d}" for number in range(options.messages)}
    lost = expected - set(counts)
    duplicated = sum(count - 1 for count in counts.values() if count > 1)
    allowed = sum(kill.in_flight for kill in kills)
    for number, kill in enumerate(kills, 1):
        report.measure(f"kill {number}", f"at {kill.at:.1f} s, {kill.in_flight} sends in flight")
    report.measure("run time", f"{seconds:.0f} s")
    report.target("messages lost", f"{len(lost)} of {options.messages}", not lost)
    report.target("messages duplicated (at most the sends in flight at the kills)",
                  f"{duplicated} (in flight at the kills: {allowed})", duplicated <= allowed)
    first_sends = {marker: min(times) for marker, times in marker_sends(tg, MARKER).items()}
    for lock in locks:
        during = [marker for marker, at in first_sends.items() if lock.started <= at <= lock.ended]
        again = [marker for marker in during if counts[marker] > 1]
        report.measure("database locked", f"from {lock.started - started:.1f} s to {lock.ended - started:.1f} s; "
                                          f"{len(during)} messages first sent meanwhile")
        report.target("messages first sent while the database was locked and sent again", str(len(again)),
                      not again)
    report.measure("Telegram 429 answers", str(tg.stats.too_many_requests))
