"""The hiring-teams benchmark (issue 15): N employer accounts whose news all goes to G forum supergroups, N ÷ G
owners to a group, every vacancy routed to its owner's group (the default once a group is active).

Seeded like the other runs, straight into the database and the fakes: each group a forum whose creator and
administrators are its owners, with the bot an administrator (it may make topics), and one active `group_links`
row per owner. No topic exists yet, so each vacancy's first news makes its topic.

News comes in bursts: a burst is `burst` pieces of news of one employer at the same moment (a vacancy published
on a job board, a mailing answered), each on one of its vacancies. Spread evenly over the run as the main run
spreads its events, single pieces of news would not press on a group at all: one group's ten owners are checked
at ten different moments of the poll interval, so a group would see a message every few tens of seconds, and
hh.ru's rate limit, not Telegram's, bounds how much news the bot can read. What brings a group to Telegram's 20 a
minute is one check finding many pieces of news at once. So the default burst is 20: a burst of new responses
makes its vacancies' topics and 20 sends, more than one group's minute holds, and a burst of messages fills it
exactly; every burst makes the bot wait at the edge of the group's window, where one call too many is a 429.
The first half of the events are new responses, in bursts over one poll interval, each burst for an owner of the
next group of a shuffled round; the second half are candidates' messages in negotiations already delivered, in
bursts over the next interval. The default 4,000 events make 100 bursts of each kind: each of the 100 groups gets
one burst of responses, and the bursts of messages fall on employers whose earlier news was sent.

POLL_INTERVAL leaves room for the news: (N + events) ÷ rate × 1.25, since the news of the run costs about one
hh.ru call an event (a messages read each, and a collection and a page a burst's vacancy), half the events in
each interval. Each event's delivery time is measured from its creation on the fake hh.ru to its sendMessage.
"""

from __future__ import annotations

import asyncio
import gc
import itertools
import math
import random
import time
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.fernet import Fernet

from bot.bench.fakes import first_pass, running_fakes, wait_for
from bot.bench.measure import (
    LoopLag,
    chat_of,
    is_check_start,
    later_429s,
    max_in_window,
    percentile,
    process_usage,
    windows_over,
)
from bot.bench.report import Report
from bot.bench.seed import FIRST_CHAT, BenchAccount, BenchGroup, World, connect_groups_in_database, link_in_database
from bot.testing.bot_process import BotProcess
from bot.testing.fake_hh import FakeHH, Negotiation, Vacancy
from bot.testing.fake_telegram import FakeTelegram, RecordedRequest

MARKER = "bench-team-"
FIRST_GROUP = -1_001_000_000_000  # supergroups' ids: -100xxxxxxxxxx
GROUP_LIMIT = 20  # Telegram's sends to one group in any 60 s
GROUP_WINDOW = 60.0
GROUP_COUNTED = frozenset({"sendMessage", "editMessageText", "editMessageReplyMarkup", "createForumTopic"})


@dataclass(frozen=True)
class TeamOptions:
    accounts: int = 1000
    groups: int = 100
    rate: float = 8.0
    interval: float | None = None
    latency: float = 0.1
    events: int = 4000
    burst: int = 20
    seed: int = 1

    def poll_interval(self) -> float:
        """One pass over the idle accounts plus the news of one interval (about one call an event, half the
        events in each of the two intervals they are spread over, counted twice for room), with a quarter to
        spare."""
        return self.interval or float(math.ceil((self.accounts + self.events) / self.rate * 1.25))


@dataclass
class TeamWorld:
    world: World
    groups: list[BenchGroup]
    group_of: dict[str, int]  # hh.ru user id → the chat id of the owner's group
    vacancy_names: dict[str, str]  # vacancy id → its name (unique: a topic's name tells its vacancy)


@dataclass
class Event:
    marker: str
    kind: str  # "response" | "message"
    account: BenchAccount
    vacancy: Vacancy
    negotiation: Negotiation
    group: int
    created: float  # time.monotonic(), as the fake Telegram stamps requests


@dataclass(frozen=True)
class Send:
    chat_id: int | None
    thread_id: int | None
    at: float


@dataclass
class Seen:
    """What the fake Telegram saw of the run: each marker's sends, and the topics made per (chat, name)."""

    sends: dict[str, list[Send]] = field(default_factory=dict)
    topics: dict[tuple[int, str], list[int]] = field(default_factory=dict)


def build_team_world(hh: FakeHH, tg: FakeTelegram, accounts: int, groups: int, rng: random.Random) -> TeamWorld:
    """`accounts` employers with one to three vacancies each, owner i in group i mod `groups`; each group a
    forum whose first owner created it, the others administrators, and the bot an administrator."""
    if not 1 <= groups <= accounts:
        raise ValueError(f"--groups must be between 1 and the number of accounts ({accounts}), got {groups}")
    outside = hh.add_employer_user(first_name="Внешний", last_name="Работодатель", company="Другая компания")
    world = World([], hh.add_vacancy(outside, name="Вакансия"), [])
    names: dict[str, str] = {}
    for number in range(accounts):
        chat = FIRST_CHAT + number
        tg.add_user(chat, first_name=f"Bench {number}", language_code="ru")
        employer = hh.add_employer_user(first_name="Менеджер", last_name=str(number), company=f"Компания {number}")
        vacancies = []
        for n in range(rng.choice((1, 1, 2, 3))):
            name = f"Вакансия {number}-{n}"
            vacancies.append(hh.add_vacancy(employer, name=name))
            names[vacancies[-1].vacancy_id] = name
        world.accounts.append(BenchAccount(chat, employer.user_id, "employer", "regular", employer.employer_id,
                                           vacancies))
    teams: list[BenchGroup] = []
    group_of: dict[str, int] = {}
    for index in range(groups):
        owners = world.accounts[index::groups]
        team = BenchGroup(FIRST_GROUP - index, f"Найм {index}", owners)
        tg.add_group(team.chat_id, team.title, [owner.telegram_id for owner in owners], is_forum=True)
        for place, owner in enumerate(owners):
            tg.set_member_status(team.chat_id, owner.telegram_id, "creator" if place == 0 else "administrator")
            group_of[owner.hh_user_id] = team.chat_id
        tg.add_bot_to_group(team.chat_id, by_user_id=owners[0].telegram_id, as_admin=True)
        teams.append(team)
    return TeamWorld(world, teams, group_of, names)


def seen_in_telegram(tg: FakeTelegram) -> Seen:
    seen = Seen()
    for request in tg.requests:
        if not request.ok:
            continue
        if request.method == "sendMessage":
            text = str(request.params.get("text", ""))
            if MARKER in text:
                start = text.index(MARKER)
                thread = request.params.get("message_thread_id")
                seen.sends.setdefault(text[start:start + len(MARKER) + 5], []).append(
                    Send(chat_of(request), None if thread is None else int(thread), request.at))
        elif request.method == "createForumTopic" and isinstance(request.result, dict):
            key = (chat_of(request) or 0, str(request.params.get("name", "")))
            seen.topics.setdefault(key, []).append(int(request.result["message_thread_id"]))
    return seen


class EventMaker:
    """Makes the news on the fake hh.ru, in bursts, and remembers each piece."""

    def __init__(self, hh: FakeHH, tg: FakeTelegram, teams: TeamWorld, options: TeamOptions,
                 rng: random.Random) -> None:
        self._hh, self._tg, self._teams, self._options, self._rng = hh, tg, teams, options, rng
        self.events: list[Event] = []
        self._patience = 0.0  # how long a message burst waits for a response to be sent
        self._round: list[BenchGroup] = []  # the groups still to get a burst of responses in this round


    async def run(self, interval: float) -> None:
        self._patience = interval + 4 * GROUP_WINDOW
        responses = self._options.events - self._options.events // 2
        await self._spread(responses, interval, self._response_burst)
        await self._spread(self._options.events - responses, interval, self._message_burst)

    async def _spread(self, count: int, span: float, burst: Callable[[int], Awaitable[int]]) -> None:
        """`count` events in bursts over `span`: after each burst a pause in proportion to the events it made (a
        message burst may find fewer negotiations ready than asked)."""
        left = count
        while left > 0:
            started = time.monotonic()
            made = await burst(min(self._options.burst, left))
            if not made:
                return  # no response was ever sent: the report counts them lost
            left -= made
            await asyncio.sleep(max(0.0, span * made / count - (time.monotonic() - started)))

    async def _response_burst(self, size: int) -> int:
        """`size` new responses for one owner of the next group in a shuffled round, so that no group gets a
        second burst before every group got one."""
        if not self._round:
            self._round = self._rng.sample(self._teams.groups, len(self._teams.groups))
        account = self._rng.choice(self._round.pop().owners)
        for _ in range(size):
            number = len(self.events)
            marker = f"{MARKER}{number:05d}"
            vacancy = self._rng.choice(account.vacancies)
            applicant = self._hh.add_applicant_user(first_name="Кандидат", last_name=str(number))
            negotiation = self._hh.add_response(vacancy, applicant, cover_letter=f"Здравствуйте! {marker}")
            self._add(marker, "response", account, vacancy, negotiation)
        return size

    async def _message_burst(self, size: int) -> int:
        """`size` candidates' messages in distinct negotiations of one employer, each negotiation's earlier news
        already sent (so no check finds two of its pieces at once)."""
        await wait_for(lambda: bool(self._ready()), timeout=self._patience, step=1.0)
        ready = self._ready()
        if not ready:
            return 0
        telegram_id = self._rng.choice(sorted(ready))
        account = next(event.account for event in self.events if event.account.telegram_id == telegram_id)
        chosen = self._rng.sample(ready[telegram_id], min(size, len(ready[telegram_id])))
        for vacancy, negotiation in chosen:
            marker = f"{MARKER}{len(self.events):05d}"
            self._hh.add_message(negotiation, "applicant", f"Когда можно прийти на собеседование? {marker}")
            self._add(marker, "message", account, vacancy, negotiation)
        return len(chosen)

    def _ready(self) -> dict[int, list[tuple[Vacancy, Negotiation]]]:
        """Each employer's (by Telegram id) negotiations whose every piece of news was sent."""
        sent = seen_in_telegram(self._tg).sends
        pending = {event.negotiation for event in self.events if event.marker not in sent}
        ready: dict[int, list[tuple[Vacancy, Negotiation]]] = defaultdict(list)
        for event in self.events:
            if event.kind == "response" and event.negotiation not in pending:
                ready[event.account.telegram_id].append((event.vacancy, event.negotiation))
        return ready

    def _add(self, marker: str, kind: str, account: BenchAccount, vacancy: Vacancy, negotiation: Negotiation) -> None:
        self.events.append(Event(marker, kind, account, vacancy, negotiation,
                                 self._teams.group_of[account.hh_user_id], time.monotonic()))


async def team_run(options: TeamOptions, folder: Path, command: str) -> Report:
    rng = random.Random(options.seed)
    interval = options.poll_interval()
    per_group = options.accounts / options.groups
    report = Report(f"python -m bot.bench --teams — {options.accounts} employers in {options.groups} forum groups",
                    command, {
                        "accounts": f"{options.accounts} employers, 1–3 vacancies each",
                        "groups": f"{options.groups} forum supergroups, {per_group:g} owners each (accounts ÷ groups); "
                                  "the bot an administrator; every vacancy routed to its owner's group",
                        "HH_RATE_LIMIT": options.rate, "POLL_INTERVAL": interval,
                        "hh.ru latency per request": f"{options.latency} s",
                        "Telegram flood control": f"on (30/s, 1/s per private chat, {GROUP_LIMIT} per "
                                                  f"{GROUP_WINDOW:g} s per group)",
                        "events": f"{options.events}: new responses in bursts of {options.burst} over one poll "
                                  "interval, then candidates' messages in bursts over the next",
                    })
    database = folder / "bot.sqlite3"
    async with running_fakes(options.rate) as (hh, tg):
        teams = build_team_world(hh, tg, options.accounts, options.groups, rng)
        key = Fernet.generate_key()
        link_in_database(hh, teams.world, database, key, baseline_done=True)
        connect_groups_in_database(database, teams.groups)
        hh.latency = options.latency
        gc.freeze()  # see main_run: a full collection over the world would stall the fakes' loop
        process = BotProcess(hh, tg, folder, POLL_INTERVAL=str(interval), HH_RATE_LIMIT=str(options.rate),
                             ENCRYPTION_KEY=key.decode(), LOG_LEVEL="WARNING")
        print(f"world ready; starting the bot (poll interval {interval:.0f} s)", flush=True)
        maker = EventMaker(hh, tg, teams, options, rng)
        lag = LoopLag()
        lag.start()
        try:
            await process.start()
            started = time.time()
            await wait_for(first_pass(hh, [a.hh_user_id for a in teams.world.accounts]),
                           timeout=options.accounts / options.rate * 3 + 60, step=1.0)
            first_pass_end = time.time()
            print(f"first pass over {options.accounts} accounts took {first_pass_end - started:.0f} s", flush=True)
            await maker.run(interval)
            await wait_for(lambda: len(seen_in_telegram(tg).sends) >= len(maker.events),
                           timeout=interval + 4 * GROUP_WINDOW, step=1.0)
            await asyncio.sleep(2.0)  # a send repeated just after the last first send would still be counted
            usage = process_usage(process.pid)
            ended = time.time()
            status, stop_seconds = await process.terminate()
        finally:
            lag.stop()
            gc.unfreeze()
            await process.stop_quietly()
        record_results(report, hh, tg, teams, options, interval, maker.events, usage.peak_rss_mb, usage.cpu_seconds,
                       (started, ended), (status, stop_seconds), lag)
    return report


def record_results(report: Report, hh: FakeHH, tg: FakeTelegram, teams: TeamWorld, options: TeamOptions,
                   interval: float, events: list[Event], peak_rss_mb: float, cpu_seconds: float,
                   moments: tuple[float, float], stop: tuple[int, float], lag: LoopLag) -> None:
    started, ended = moments
    seen = seen_in_telegram(tg)
    record_delivery(report, seen, teams, events)
    record_topics(report, seen, teams, events)
    requests = tg.requests
    record_group_limits(report, requests, teams)
    records = [r for r in hh.requests if r.user_id is not None]
    checks = sum(1 for r in records if is_check_start(r))
    calls = len(records) / max(checks, 1)
    busiest = options.accounts * calls / options.rate
    latencies = [min(send.at for send in seen.sends[e.marker]) - e.created for e in events if e.marker in seen.sends]
    for kind in ("response", "message"):
        mine = [min(send.at for send in seen.sends[e.marker]) - e.created
                for e in events if e.kind == kind and e.marker in seen.sends]
        report.measure(f"delivery latency, new {kind}s: p50 / p95 / max",
                       f"{percentile(mine, 0.5):.1f} / {percentile(mine, 0.95):.1f} / {max(mine, default=0):.1f} s "
                       f"over {len(mine)}")
    p95 = percentile(latencies, 0.95)
    report.target("delivery latency event → sendMessage p95 (≤ POLL_INTERVAL + 2 s)",
                  f"{p95:.1f} s, max {max(latencies, default=0):.1f} s (limit {interval + 2:g} s; "
                  f"N × calls ÷ rate = {busiest:.0f} s)",
                  p95 <= interval + 2 if busiest <= interval else None)
    peak = max_in_window([r.at for r in records])
    report.target("hh.ru requests in any 1 s (never above HH_RATE_LIMIT)", f"{peak} (limit {options.rate:g})",
                  peak <= options.rate)
    over = windows_over([r.at for r in records], int(options.rate))
    report.measure("1 s windows above HH_RATE_LIMIT at the fake: when, and the benchmark loop's longest stall in the "
                   "2 s before", ", ".join(f"+{at - started:.1f} s (stall {lag.worst_near(at) * 1000:.0f} ms)"
                                          for at in over[:10]) or "none")
    report.measure("benchmark loop stalls over 50 ms (the fakes stamp requests late)",
                   f"{len(lag.lags)}, longest {max((late for _, late in lag.lags), default=0) * 1000:.0f} ms")
    report.measure("hh.ru 429 answers", str(hh.stats.too_many_requests))
    report.measure("hh.ru calls per check, all accounts, news included", f"{calls:.2f} over {checks} checks")
    starts: dict[str, list[float]] = defaultdict(list)
    for record in records:
        if is_check_start(record) and record.user_id is not None:
            starts[record.user_id].append(record.at)
    gaps = sorted(b - a for times in starts.values() for a, b in itertools.pairwise(times))
    if gaps:
        report.measure("cycle time (median gap between two checks of an account)",
                       f"{percentile(gaps, 0.5):.1f} s (POLL_INTERVAL {interval:g} s)")
    report.target("peak RSS of the bot process (≤ 150 MB at 10,000 accounts)", f"{peak_rss_mb:.1f} MB",
                  peak_rss_mb <= 150 if options.accounts >= 10_000 else None)
    report.measure("CPU of the bot process", f"{cpu_seconds:.1f} s in {ended - started:.0f} s "
                                             f"({cpu_seconds / max(ended - started, 1e-9):.1%} of a core); "
                                             f"{cpu_seconds / max(checks, 1) * 1000:.2f} s per 1,000 checks")
    report.measure("stop on SIGTERM", f"exit {stop[0]} after {stop[1]:.1f} s")


def record_delivery(report: Report, seen: Seen, teams: TeamWorld, events: list[Event]) -> None:
    kinds = Counter(event.kind for event in events)
    report.measure("events made", f"{len(events)} ({kinds['response']} new responses, {kinds['message']} "
                                  f"candidates' messages)")
    lost = [event.marker for event in events if event.marker not in seen.sends]
    duplicated = [marker for marker, sends in seen.sends.items() if len(sends) > 1]
    report.target("events lost (never sent to their group)", f"{len(lost)} of {len(events)}", not lost)
    report.target("events duplicated (sent more than once)", str(len(duplicated)), not duplicated)
    misplaced = 0
    for event in events:
        topic = seen.topics.get((event.group, teams.vacancy_names[event.vacancy.vacancy_id]), [])
        misplaced += sum(1 for send in seen.sends.get(event.marker, [])
                         if send.chat_id != event.group or send.thread_id not in topic)
    report.target("events sent elsewhere than their group's topic of their vacancy", str(misplaced), misplaced == 0)


def record_topics(report: Report, seen: Seen, teams: TeamWorld, events: list[Event]) -> None:
    with_news = {(event.group, teams.vacancy_names[event.vacancy.vacancy_id]) for event in events}
    made = sum(len(threads) for threads in seen.topics.values())
    twice = sum(len(threads) - 1 for threads in seen.topics.values() if len(threads) > 1)
    without_news = [key for key in seen.topics if key not in with_news]
    report.target("forum topics made vs vacancies with news (one each)",
                  f"{made} made for {len(with_news)} vacancies with news; {twice} duplicates, "
                  f"{len(without_news)} for vacancies without news",
                  made == len(with_news) and not twice and not without_news and set(seen.topics) == with_news)


def record_group_limits(report: Report, requests: list[RecordedRequest], teams: TeamWorld) -> None:
    groups = {group.chat_id for group in teams.groups}
    counted: dict[int, list[float]] = defaultdict(list)
    refused: Counter[int] = Counter()
    for request in requests:
        chat = chat_of(request)
        if chat in groups and request.method in GROUP_COUNTED:
            counted[chat].append(request.at)
        if chat in groups and request.error_code == 429:
            refused[chat] += 1
    windows = {chat: max_in_window(times, GROUP_WINDOW) for chat, times in counted.items()}
    full = sum(1 for most in windows.values() if most >= GROUP_LIMIT)
    busiest = max(windows.values(), default=0)
    report.measure("calls to groups (sends, edits, new topics; accepted or refused)",
                   f"{sum(len(times) for times in counted.values())} to {len(counted)} groups")
    report.target(f"calls to one group in any {GROUP_WINDOW:g} s, the most in any group (≤ {GROUP_LIMIT})",
                  f"{busiest}; {full} of {len(groups)} groups reached {GROUP_LIMIT} (their window was full)",
                  busiest <= GROUP_LIMIT)
    report.measure("Telegram 429 answers to groups",
                   f"{sum(refused.values())} in {len(refused)} groups, most in one group "
                   f"{max(refused.values(), default=0)}")
    later = later_429s(requests)
    report.target("Telegram 429s to a chat after it had been told a retry_after (all its 429s but the first)",
                  f"{sum(later.values())} in {len(later)} chats", not later)
