"""The main benchmark: N linked accounts, hh.ru with latency, Telegram with flood control, news arriving.

Timeline: every account is due at start, so the first pass is a backlog that shows the request rate under
load; then events (new responses for employers, invitations for applicants) arrive spread over two poll
intervals, and each one's delivery time is measured from its creation on the fake hh.ru to its sendMessage.
"""

from __future__ import annotations

import asyncio
import gc
import itertools
import math
import random
import statistics
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from cryptography.fernet import Fernet

from bot.bench.fakes import first_pass, marker_sends, running_fakes, wait_for
from bot.bench.measure import calls_per_check, is_check_start, max_in_window, percentile, process_usage
from bot.bench.report import Report
from bot.bench.seed import World, build_world, link_in_database
from bot.testing.bot_process import BotProcess
from bot.testing.fake_hh import FakeHH
from bot.testing.fake_telegram import FakeTelegram

MARKER = "bench-event-"


@dataclass(frozen=True)
class MainOptions:
    accounts: int = 1000
    rate: float = 8.0
    interval: float | None = None
    latency: float = 0.1
    events: int = 100
    seed: int = 1

    def poll_interval(self) -> float:
        """Long enough that one pass over idle accounts fits: N × 1 call ÷ rate, with room for the news."""
        return self.interval or float(math.ceil(self.accounts / self.rate * 1.25))


def make_event(hh: FakeHH, world: World, number: int, rng: random.Random) -> None:
    """New news on hh.ru for one ordinary account: a response (employer) or an invitation (applicant)."""
    account = rng.choice([a for a in world.accounts if a.label == "regular"])
    marker = f"{MARKER}{number:05d}"
    if account.role == "employer":
        applicant = hh.add_applicant_user(first_name="Кандидат", last_name=str(number))
        hh.add_response(rng.choice(account.vacancies), applicant, cover_letter=f"Здравствуйте! {marker}")
    else:
        outside = hh.add_employer_user(company=f"Работодатель {number}")
        negotiation = hh.add_response(hh.add_vacancy(outside, name=f"Вакансия {number}"), account.hh_user_id,
                                      cover_letter="Добрый день")
        hh.employer_action(negotiation, "invitation", message=f"Приглашаем на собеседование. {marker}")


async def main_run(options: MainOptions, folder: Path, command: str) -> Report:
    rng = random.Random(options.seed)
    interval = options.poll_interval()
    report = Report(f"python -m bot.bench — {options.accounts} accounts", command, {
        "accounts": options.accounts, "HH_RATE_LIMIT": options.rate, "POLL_INTERVAL": interval,
        "hh.ru latency per request": f"{options.latency} s", "Telegram flood control": "on (30/s, 1/s per chat)",
        "events": options.events,
    })
    async with running_fakes(options.rate) as (hh, tg):
        world = build_world(hh, tg, options.accounts, rng=rng)
        key = Fernet.generate_key()
        link_in_database(hh, world, folder / "bot.sqlite3", key, baseline_done=True)
        hh.latency = options.latency
        # A full collection over the world stalled this process's loop for ~90 ms, and the fake hh.ru then recorded
        # the requests that had come meanwhile as arriving together. Frozen, the world is no longer collected.
        gc.freeze()
        process = BotProcess(hh, tg, folder, POLL_INTERVAL=str(interval), HH_RATE_LIMIT=str(options.rate),
                             ENCRYPTION_KEY=key.decode(), LOG_LEVEL="WARNING")
        print(f"world ready; starting the bot (poll interval {interval:.0f} s)", flush=True)
        try:
            await process.start()
            started = time.time()
            await wait_for(first_pass(hh, [a.hh_user_id for a in world.accounts]),
                           timeout=options.accounts / options.rate * 3 + 60, step=1.0)
            first_pass_end = time.time()
            print(f"first pass over {options.accounts} accounts took {first_pass_end - started:.0f} s", flush=True)

            created: dict[str, float] = {}
            for number in range(options.events):
                make_event(hh, world, number, rng)
                created[f"{MARKER}{number:05d}"] = time.monotonic()
                await asyncio.sleep(2 * interval / options.events)
            await wait_for(lambda: len(marker_sends(tg, MARKER)) >= options.events, timeout=interval + 60, step=1.0)
            usage = process_usage(process.pid)
            ended = time.time()
            status, stop_seconds = await process.terminate()
        finally:
            await process.stop_quietly()
        record_results(report, hh, tg, world, options, interval, created, usage.peak_rss_mb, usage.cpu_seconds,
                       (started, first_pass_end, ended), (status, stop_seconds))
    return report


def record_results(report: Report, hh: FakeHH, tg: FakeTelegram, world: World, options: MainOptions,
                   interval: float, created: dict[str, float], peak_rss_mb: float, cpu_seconds: float,
                   moments: tuple[float, float, float], stop: tuple[int, float]) -> None:
    started, first_pass_end, ended = moments
    records = [r for r in hh.requests if r.user_id is not None]
    per_check = {world.labelled(label).label: calls_per_check(records, world.labelled(label).hh_user_id)
                 for label in ("applicant", "employer with 1 vacancy", "employer with 10 vacancies",
                               "employer with 50 vacancies")}
    for label, calls in per_check.items():
        report.target(f"hh.ru calls per check, idle {label}", f"{calls:.2f} (target 1)", calls == 1.0)

    first_pass = [r.at for r in records if started <= r.at <= first_pass_end]
    busy_rate = len(first_pass) / max(first_pass_end - started, 1e-9)
    peak = max_in_window([r.at for r in records])
    report.target("hh.ru requests in any 1 s (never above HH_RATE_LIMIT)", f"{peak} (limit {options.rate:g})",
                  peak <= options.rate)
    report.target("hh.ru request rate while there is work (≥ 90% of HH_RATE_LIMIT)",
                  f"{busy_rate:.2f}/s over the first pass ({busy_rate / options.rate:.0%})",
                  busy_rate >= 0.9 * options.rate)
    report.measure("hh.ru 429 answers", str(hh.stats.too_many_requests))

    starts: dict[str, list[float]] = defaultdict(list)
    for record in records:
        if is_check_start(record) and record.user_id is not None:
            starts[record.user_id].append(record.at)
    gaps = [b - a for times in starts.values() for a, b in itertools.pairwise(times)]
    bound = options.accounts / options.rate
    report.measure("cycle time, first pass (all accounts due at once)",
                   f"{first_pass_end - started:.1f} s (bound N × 1 call ÷ rate = {bound:.1f} s)")
    if gaps:
        report.measure("cycle time, steady state (median gap between two checks of an account)",
                       f"{statistics.median(gaps):.1f} s (POLL_INTERVAL {interval:g} s)")

    checks = sum(len(times) for times in starts.values())
    calls = len(records) / max(checks, 1)
    busiest = options.accounts * calls / options.rate
    report.measure("hh.ru calls per check, all accounts, news included", f"{calls:.2f}")
    delivered = marker_sends(tg, MARKER)
    latencies = [min(times) - created[marker] for marker, times in delivered.items() if marker in created]
    applies = busiest <= interval
    p50, p95 = percentile(latencies, 0.5), percentile(latencies, 0.95)
    report.measure("delivery latency p50", f"{p50:.1f} s")
    report.target("delivery latency p95 (≤ POLL_INTERVAL + 2 s)",
                  f"{p95:.1f} s (limit {interval + 2:g} s; N × calls ÷ rate = {busiest:.0f} s)",
                  p95 <= interval + 2 if applies else None)
    lost = [marker for marker in created if marker not in delivered]
    duplicated = [marker for marker, times in delivered.items() if len(times) > 1]
    report.target("messages lost, no crashes", str(len(lost)), not lost)
    report.target("messages duplicated, no crashes", str(len(duplicated)), not duplicated)
    report.measure("Telegram 429 answers", str(tg.stats.too_many_requests))
    report.target("Telegram 429s after a retry_after was honoured", str(tg.stats.retry_after_ignored),
                  tg.stats.retry_after_ignored == 0)
    report.target("peak RSS of the bot process (≤ 150 MB at 10,000 accounts)", f"{peak_rss_mb:.1f} MB",
                  peak_rss_mb <= 150 if options.accounts >= 10_000 else None)
    report.measure("account checks", str(checks))
    report.measure("CPU seconds per 1,000 account checks", f"{cpu_seconds / max(checks, 1) * 1000:.2f} "
                                                           f"({cpu_seconds:.1f} s CPU in {ended - started:.0f} s)")
    report.measure("requests by kind", ", ".join(f"{kind} {count}" for kind, count in Counter(
        "check" if is_check_start(r) else "other" for r in records).most_common()))
    report.measure("stop on SIGTERM", f"exit {stop[0]} after {stop[1]:.1f} s")
