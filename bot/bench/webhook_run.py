"""The webhook benchmark: N employer accounts whose hh.ru webhooks work, so each is polled only at the fallback
interval, while news (new responses, then candidates' messages in their chats) arrives through deliveries.

The subscriptions are made up front, on the fake hh.ru (real ones: it delivers to them over loopback) and in
the bot's database, as after the bot had subscribed them: at 8 requests per second its keeper, two at a time,
would need about 20 minutes for 10,000. Each account's next check is placed in its own phase of the fallback
interval, as if it had been checked once in the interval before the run.

Measured over one fallback interval after a short warm-up: the time from each event on hh.ru to its
`sendMessage`, and the hh.ru calls of the accounts that had no news. With delivery faults on, some deliveries
are never sent and some are sent twice: every event must still reach Telegram once, the lost ones through the
fallback poll.
"""

from __future__ import annotations

import asyncio
import gc
import os
import random
import re
import secrets
import sqlite3
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.fernet import Fernet

from bot.bench.fakes import marker_sends, running_fakes, wait_for
from bot.bench.measure import is_check_start, percentile, process_usage
from bot.bench.report import Report
from bot.bench.seed import FIRST_CHAT, BenchAccount, World, link_in_database
from bot.services.scheduler import next_slot
from bot.services.webhook_subscriptions import CHAT_MESSAGE, NEW_RESPONSE, RECHECK_EVERY, STAGE_CHANGE, secret_hash
from bot.testing.bot_process import BotProcess
from bot.testing.fake_hh import FakeHH, Negotiation
from bot.testing.fake_telegram import FakeTelegram

RESPONSE = "bench-resp-"
MESSAGE = "bench-mesg-"
WEBHOOK_PATH = "/hh/events"
ACTIONS = (NEW_RESPONSE, STAGE_CHANGE, CHAT_MESSAGE)
LATENCY_TARGET = 5.0


@dataclass(frozen=True)
class WebhookOptions:
    accounts: int = 10_000
    rate: float = 8.0
    interval: float = 60.0
    fallback: float = 900.0
    latency: float = 0.1
    events: int = 100
    """New responses; as many candidate messages follow in the chats of those responses."""
    lose: float = 0.0
    duplicate: float = 0.0
    warmup: float = 30.0
    seed: int = 1

    @property
    def faults(self) -> bool:
        return self.lose > 0 or self.duplicate > 0


@dataclass
class Event:
    marker: str
    kind: str  # "response" | "message"
    account: BenchAccount
    created: float  # time.monotonic(), as the fake Telegram stamps requests
    fates: list[str] = field(default_factory=list)  # of the deliveries hh.ru made for it: "sent" or "lost"


def build_employers(hh: FakeHH, tg: FakeTelegram, count: int, rng: random.Random) -> World:
    """`count` employer accounts with one to three vacancies each, no negotiations yet."""
    outside = hh.add_employer_user(first_name="Внешний", last_name="Работодатель", company="Другая компания")
    world = World([], hh.add_vacancy(outside, name="Вакансия"), [])
    for number in range(count):
        chat = FIRST_CHAT + number
        tg.add_user(chat, first_name=f"Bench {number}", language_code="ru")
        employer = hh.add_employer_user(first_name="Менеджер", last_name=str(number), company=f"Компания {number}")
        vacancies = [hh.add_vacancy(employer, name=f"Вакансия {n}") for n in range(rng.choice((1, 1, 2, 3)))]
        world.accounts.append(BenchAccount(chat, employer.user_id, "employer", "regular", employer.employer_id,
                                           vacancies))
    return world


def subscribe_all(hh: FakeHH, database: Path, base_url: str, fallback: float) -> None:
    """Every account subscribed, as the bot's keeper would have left it, and due in its phase of `fallback`."""
    now = time.time()
    with sqlite3.connect(database) as db:
        for account_id, hh_user_id in db.execute("SELECT id, hh_user_id FROM accounts").fetchall():
            secret = secrets.token_urlsafe(32)
            subscription = hh.add_webhook_subscription(hh_user_id, f"{base_url}/{secret}", ACTIONS)
            db.execute(
                """
                INSERT INTO hh_subscriptions (account_id, state, subscription_id, secret_hash, base_url, actions,
                    confirmed_at, next_attempt_at)
                VALUES (?, 'active', ?, ?, ?, ?, ?, ?)
                """,
                (account_id, subscription.id, secret_hash(secret), base_url, ",".join(ACTIONS), now,
                 now + RECHECK_EVERY),
            )
            db.execute("UPDATE accounts SET next_check_at = ? WHERE id = ?",
                       (next_slot(account_id, now, fallback), account_id))


def new_deliveries(hh: FakeHH, seen: int, action: str) -> tuple[int, list[str]]:
    """The fates of the deliveries of `action` hh.ru made since the first `seen` events."""
    events = hh.webhook_events()
    return len(events), [event.fate for event in events[seen:] if event.action_type == action]


async def make_events(hh: FakeHH, world: World, options: WebhookOptions, span: float,
                      rng: random.Random) -> list[Event]:
    """`events` new responses over the first half of `span`, then a candidate's message in each one's chat
    over the second half, in the order the responses came."""
    chosen = rng.sample(world.accounts, min(options.events, len(world.accounts)))
    pause = span / max(2 * len(chosen), 1)
    made: list[Event] = []
    negotiations: list[Negotiation] = []
    seen = len(hh.webhook_events())
    for number, account in enumerate(chosen):
        marker = f"{RESPONSE}{number:05d}"
        applicant = hh.add_applicant_user(first_name="Кандидат", last_name=str(number))
        negotiations.append(hh.add_response(rng.choice(account.vacancies), applicant,
                                            cover_letter=f"Здравствуйте! {marker}"))
        event = Event(marker, "response", account, time.monotonic())
        seen, event.fates = new_deliveries(hh, seen, NEW_RESPONSE)
        made.append(event)
        await asyncio.sleep(pause)
    for number, (account, negotiation) in enumerate(zip(chosen, negotiations, strict=True)):
        marker = f"{MESSAGE}{number:05d}"
        hh.add_message(negotiation, "applicant", f"Когда можно прийти на собеседование? {marker}")
        event = Event(marker, "message", account, time.monotonic())
        seen, event.fates = new_deliveries(hh, seen, CHAT_MESSAGE)
        made.append(event)
        await asyncio.sleep(pause)
    return made


def cycle_bound(options: WebhookOptions) -> float:
    """How long one round of fallback polls takes: the fallback interval, or longer when N calls at the rate
    limit do not fit in it (the scheduler then stretches the round)."""
    return max(options.fallback, options.accounts / options.rate)


async def webhook_run(options: WebhookOptions, folder: Path, command: str) -> Report:
    rng = random.Random(options.seed)
    title = "python -m bot.bench " + ("--webhook-faults" if options.faults else "--webhooks")
    report = Report(f"{title} — {options.accounts} employer accounts", command, {
        "accounts": f"{options.accounts} employers, each with a confirmed webhook subscription",
        "HH_RATE_LIMIT": options.rate, "POLL_INTERVAL": options.interval,
        "HH_WEBHOOK_FALLBACK_INTERVAL": options.fallback, "HH_WEBHOOK_URL": f"the bot's {WEBHOOK_PATH} (loopback)",
        "hh.ru latency per request": f"{options.latency} s", "Telegram flood control": "on (30/s, 1/s per chat)",
        "events": f"{options.events} new responses, then a candidate's message in each one's chat",
        "deliveries lost / sent twice": f"{options.lose:.0%} / {options.duplicate:.0%}",
    })
    database = folder / "bot.sqlite3"
    async with running_fakes(options.rate) as (hh, tg):
        hh.enable_chats(for_new_responses=True, ready_after=0.0)
        world = build_employers(hh, tg, options.accounts, rng)
        key = Fernet.generate_key()
        link_in_database(hh, world, database, key, baseline_done=True)
        process = BotProcess(hh, tg, folder, POLL_INTERVAL=str(options.interval), HH_RATE_LIMIT=str(options.rate),
                             HH_WEBHOOK_FALLBACK_INTERVAL=str(options.fallback), ENCRYPTION_KEY=key.decode(),
                             LOG_LEVEL="WARNING")
        base_url = f"{process.url}{WEBHOOK_PATH}"
        process.env["HH_WEBHOOK_URL"] = base_url
        subscribe_all(hh, database, base_url, options.fallback)
        hh.latency = options.latency
        hh.webhook_faults(lose_ratio=options.lose, duplicate_ratio=options.duplicate, seed=options.seed)
        gc.freeze()  # see main_run: a full collection over the world would stall the fakes' loop
        print(f"world ready; starting the bot (fallback interval {options.fallback:g} s)", flush=True)
        loads: list[float] = []
        sampling = asyncio.create_task(sample_load(loads))
        try:
            await process.start()
            await asyncio.sleep(options.warmup)
            window = (time.time(), time.time() + options.fallback)
            print(f"warm-up over; measuring for {options.fallback:g} s", flush=True)
            events = await make_events(hh, world, options, 0.8 * options.fallback, rng)
            await asyncio.sleep(max(0.0, window[1] - time.time()))

            def all_sent() -> bool:
                return len(marker_sends(tg, RESPONSE)) + len(marker_sends(tg, MESSAGE)) >= len(events)

            await wait_for(all_sent, timeout=cycle_bound(options) + 120 if options.faults else 120, step=1.0)
            usage = process_usage(process.pid)
            ended = time.time()
            status, stop_seconds = await process.terminate()
        finally:
            sampling.cancel()
            gc.unfreeze()
            await process.stop_quietly()
        record_results(report, hh, tg, world, options, events, window, ended, usage.peak_rss_mb, usage.cpu_seconds,
                       (status, stop_seconds))
        report.measure("machine load (1-minute load average, sampled every 10 s; 2 cores shared)",
                       f"mean {sum(loads) / max(len(loads), 1):.2f}, max {max(loads, default=0):.2f}")
    return report


async def sample_load(loads: list[float]) -> None:
    while True:
        loads.append(os.getloadavg()[0])
        await asyncio.sleep(10.0)


def idle_accounts(world: World, events: list[Event]) -> list[BenchAccount]:
    busy = {event.account.hh_user_id for event in events}
    return [account for account in world.accounts if account.hh_user_id not in busy]


def idle_calls(hh: FakeHH, world: World, events: list[Event], window: tuple[float, float]) -> list[int]:
    """hh.ru calls in `window` of each account that had no news."""
    calls = Counter(r.user_id for r in hh.requests if r.user_id is not None and window[0] <= r.at < window[1])
    return [calls[account.hh_user_id] for account in idle_accounts(world, events)]


def record_results(report: Report, hh: FakeHH, tg: FakeTelegram, world: World, options: WebhookOptions,
                   events: list[Event], window: tuple[float, float], ended: float, peak_rss_mb: float,
                   cpu_seconds: float, stop: tuple[int, float]) -> None:
    sends = {**marker_sends(tg, RESPONSE), **marker_sends(tg, MESSAGE)}
    latency = {event.marker: min(sends[event.marker]) - event.created for event in events if event.marker in sends}
    for kind, name in (("response", "new response"), ("message", "new candidate message")):
        mine = [event for event in events if event.kind == kind]
        hooked = [latency[e.marker] for e in mine if e.marker in latency and "sent" in e.fates]
        report.measure(f"{name}: event → sendMessage p50 (delivered by webhook)", f"{percentile(hooked, 0.5):.2f} s")
        report.target(f"{name}: event → sendMessage p95 (delivered by webhook; ≤ {LATENCY_TARGET:g} s)",
                      f"{percentile(hooked, 0.95):.2f} s over {len(hooked)} events, max {max(hooked, default=0):.2f} s",
                      percentile(hooked, 0.95) <= LATENCY_TARGET if hooked else False)

    idle = idle_calls(hh, world, events, window)
    spread = Counter(idle)
    report.measure("idle accounts measured (no news in the window)", str(len(idle)))
    report.measure("hh.ru calls per idle account in one fallback interval, mean",
                   f"{sum(idle) / max(len(idle), 1):.2f} (calls by count of accounts: "
                   + ", ".join(f"{calls}: {count}" for calls, count in sorted(spread.items())) + ")")
    report.target(f"hh.ru calls per idle account per fallback interval ({options.fallback:g} s), most (≤ 1)",
                  str(max(idle, default=0)), max(idle, default=0) <= 1)
    checked_again = [account for account, calls in zip(idle_accounts(world, events), idle, strict=True) if calls > 1]
    for account in checked_again[:3]:
        its = [r for r in hh.requests if r.user_id == account.hh_user_id]
        report.measure(f"an idle account with {len([r for r in its if window[0] <= r.at < window[1]])} calls "
                       "in the window: all its calls",
                       "; ".join(f"{r.method} {r.path} at {r.at - window[0]:+.1f} s" for r in its))
    in_window = [r for r in hh.requests if r.user_id is not None and window[0] <= r.at < window[1]]
    report.measure("hh.ru requests in the window", f"{len(in_window)} ({len(in_window) / options.fallback:.2f}/s; "
                                                   f"full checks {sum(1 for r in in_window if is_check_start(r))})")
    busy = {event.account.hh_user_id for event in events}
    kinds = Counter(re.sub(r"\d+", "{id}", r.path) for r in hh.requests if r.user_id in busy and not is_check_start(r))
    report.measure("hh.ru requests of the accounts with news, besides full checks, per event",
                   f"{sum(kinds.values()) / max(len(events), 1):.2f} ("
                   + ", ".join(f"{path} {count}" for path, count in kinds.most_common()) + ")")
    wanted = options.accounts / options.fallback
    report.measure("fallback polls wanted vs the rate limit",
                   f"{wanted:.1f}/s wanted (N ÷ fallback) vs HH_RATE_LIMIT {options.rate:g}/s: one round takes "
                   f"≥ {cycle_bound(options):.0f} s")
    checks = sum(1 for r in in_window if is_check_start(r))
    round_seconds = options.accounts / max(checks / options.fallback, 1e-9)
    report.measure("one round of fallback polls, as measured (N ÷ full checks per second in the window)",
                   f"{round_seconds:.0f} s")
    report.measure("hh.ru 429 answers", str(hh.stats.too_many_requests))

    lost = [event.marker for event in events if event.marker not in sends]
    duplicated = [marker for marker, times in sends.items() if len(times) > 1]
    report.target("events lost (never sent to Telegram)", f"{len(lost)} of {len(events)}", not lost)
    report.target("events duplicated (sent to Telegram twice)", str(len(duplicated)), not duplicated)
    fates = Counter(fate for event in events for fate in event.fates)
    attempts = Counter(attempt.delivery_id for attempt in hh.webhook_attempts() if attempt.accepted)
    twice = sum(1 for count in attempts.values() if count > 1)
    report.measure("deliveries made / lost / accepted twice",
                   f"{sum(fates.values())} / {fates['lost']} / {twice}")
    unsent = [event for event in events if "sent" not in event.fates]
    missed = [latency[event.marker] for event in unsent if event.marker in latency]
    if options.faults:
        bound = round_seconds + 2 * LATENCY_TARGET
        report.target(f"events whose delivery was lost, caught by the fallback poll within one round "
                      f"(≤ measured round + {2 * LATENCY_TARGET:g} s = {bound:.0f} s)",
                      f"{len(missed)} of {len(unsent)}, longest wait {max(missed, default=0):.0f} s",
                      max(missed, default=0) <= bound and len(missed) == len(unsent))
    report.measure("Telegram 429 answers", str(tg.stats.too_many_requests))
    report.target("Telegram 429s after a retry_after was honoured", str(tg.stats.retry_after_ignored),
                  tg.stats.retry_after_ignored == 0)
    report.target("peak RSS of the bot process (≤ 150 MB at 10,000 accounts)", f"{peak_rss_mb:.1f} MB",
                  peak_rss_mb <= 150 if options.accounts >= 10_000 else None)
    report.measure("CPU of the bot process", f"{cpu_seconds:.1f} s in {ended - window[0] + options.warmup:.0f} s "
                                             f"({cpu_seconds / (ended - window[0] + options.warmup):.1%} of a core)")
    report.measure("stop on SIGTERM", f"exit {stop[0]} after {stop[1]:.1f} s")
