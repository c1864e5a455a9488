"""The benchmark's own arithmetic, and a tiny webhook run end to end; the full runs are made by hand
(docs/benchmarks.md, benchmarks/)."""

from __future__ import annotations

import math
import os
from pathlib import Path

import pytest

from bot.bench.measure import (
    calls_per_check,
    is_check_start,
    later_429s,
    max_in_window,
    percentile,
    process_usage,
    windows_over,
)
from bot.bench.report import Report
from bot.bench.team_run import TeamOptions, team_run
from bot.bench.webhook_run import WebhookOptions, webhook_run
from bot.testing.fake_hh import RequestRecord
from bot.testing.fake_telegram import RecordedRequest


def record(path: str, user: str, page: str = "0", **query: str) -> RequestRecord:
    return RequestRecord("GET", path, {"page": page, **query}, 200, user, 0.0, {}, "ua")


def test_a_check_starts_with_the_first_page_of_the_account_list() -> None:
    assert is_check_start(record("/employers/1/vacancies/active", "u"))
    assert is_check_start(record("/negotiations", "u", order_by="updated_at"))
    assert not is_check_start(record("/negotiations", "u", vacancy_id="5"))
    assert not is_check_start(record("/employers/1/vacancies/active", "u", page="1"))


def test_calls_per_check_counts_every_request_of_the_user() -> None:
    records = [record("/employers/1/vacancies/active", "a"), record("/negotiations", "a", vacancy_id="1"),
               record("/employers/1/vacancies/active", "a"), record("/employers/2/vacancies/active", "b")]
    assert (calls_per_check(records, "a"), calls_per_check(records, "b")) == (1.5, 1.0)
    assert math.isnan(calls_per_check(records, "nobody"))


def test_max_in_window_uses_half_open_windows() -> None:
    assert max_in_window([0.0, 0.125, 0.25, 0.5, 0.999, 1.0, 1.5]) == 5
    assert max_in_window([]) == 0


def test_percentiles() -> None:
    values = [float(n) for n in range(1, 101)]
    assert (percentile(values, 0.5), percentile(values, 0.95)) == (51.0, 95.0)
    assert math.isnan(percentile([], 0.5))


def test_process_usage_reads_this_process() -> None:
    usage = process_usage(os.getpid())
    assert usage.peak_rss_mb > 10 and usage.cpu_seconds > 0


def test_the_report_marks_each_target() -> None:
    report = Report("t", "python -m bot.bench")
    report.target("good", "1", True)
    report.target("n/a", "-", None)
    assert report.passed
    report.target("bad", "2", False)
    lines = report.text().splitlines()
    assert not report.passed
    assert [line.split()[0] for line in lines[-3:]] == ["PASS", "n/a", "FAIL"]


async def test_the_webhook_run_end_to_end_with_lost_and_doubled_deliveries(tmp_path: Path) -> None:
    """A tiny `python -m bot.bench --webhook-faults`: the real bot, both fakes, deliveries lost and sent twice."""
    options = WebhookOptions(accounts=10, rate=8, interval=2, fallback=6, events=2, lose=0.3, duplicate=0.3,
                             warmup=1, seed=9)
    report = await webhook_run(options, tmp_path, "python -m bot.bench --webhook-faults")
    verdicts = {name.split(" (")[0]: passed for name, _, passed in report.targets}
    timed = {  # verdicts that depend on how busy the machine is: only that they were given
        "new response: event → sendMessage p95", "new candidate message: event → sendMessage p95",
        "hh.ru calls per idle account per fallback interval",
        "events whose delivery was lost, caught by the fallback poll within one round",
    }
    assert {name: passed if name not in timed else isinstance(passed, bool) for name, passed in verdicts.items()} == {
        "new response: event → sendMessage p95": True,
        "new candidate message: event → sendMessage p95": True,
        "hh.ru calls per idle account per fallback interval": True,
        "events lost": True,
        "events duplicated": True,
        "events whose delivery was lost, caught by the fallback poll within one round": True,
        "Telegram 429s after a retry_after was honoured": True,
        "peak RSS of the bot process": None,
    }
    measures = dict(report.measures)
    made, lost, _ = (int(n) for n in measures["deliveries made / lost / accepted twice"].split(" / "))
    assert (made, lost > 0) == (4, True)
    assert measures["idle accounts measured (no news in the window)"] == "8"


def telegram_call(method: str, chat_id: int, at: float, error_code: int | None = None) -> RecordedRequest:
    return RecordedRequest(method, {"chat_id": str(chat_id), "text": "x"}, error_code is None, error_code, None, at)


@pytest.mark.parametrize(("calls", "expected"), [
    pytest.param([], {}, id="no calls"),
    pytest.param([("sendMessage", -1, 1.0, 429)], {}, id="a chat's first 429 is not counted"),
    pytest.param([("sendMessage", -1, 1.0, 429), ("sendMessage", -1, 9.0, None), ("createForumTopic", -1, 70.0, 429)],
                 {-1: 1}, id="any later 429 to the chat counts, however long after"),
    pytest.param([("sendMessage", -2, 2.0, 429), ("sendMessage", -1, 1.0, 429), ("sendMessage", 5, 3.0, 429),
                  ("sendMessage", -1, 4.0, 400)], {}, id="each chat's first 429 is its own; other errors are not 429s"),
    pytest.param([("sendMessage", -1, 5.0, 429), ("sendMessage", -1, 3.0, 429), ("sendMessage", -1, 4.0, 429)],
                 {-1: 2}, id="ordered by arrival"),
])
def test_later_429s_are_all_of_a_chats_429s_but_its_first(calls: list[tuple[str, int, float, int | None]],
                                                          expected: dict[int, int]) -> None:
    assert later_429s([telegram_call(*call) for call in calls]) == expected


async def test_the_team_run_end_to_end(tmp_path: Path) -> None:
    """A tiny `python -m bot.bench --teams`: the real bot, both fakes, 20 employers sharing 4 forum groups."""
    options = TeamOptions(accounts=20, groups=4, rate=50, interval=1.0, events=16, burst=2, seed=3)
    report = await team_run(options, tmp_path, "python -m bot.bench --teams --accounts 20 --groups 4")
    verdicts = {name.split(" (")[0]: passed for name, _, passed in report.targets}
    timed = {"delivery latency event → sendMessage p95"}  # depends on how busy the machine is: only that it was given
    assert {name: passed if name not in timed else isinstance(passed, bool) for name, passed in verdicts.items()} == {
        "events lost": True,
        "events duplicated": True,
        "events sent elsewhere than their group's topic of their vacancy": True,
        "forum topics made vs vacancies with news": True,
        "calls to one group in any 60 s, the most in any group": True,
        "Telegram 429s to a chat after it had been told a retry_after": True,
        "delivery latency event → sendMessage p95": True,
        "hh.ru requests in any 1 s": True,
        "peak RSS of the bot process": None,
    }
    measures = dict(report.measures)
    values = {name.split(" (")[0]: value for name, value, _ in report.targets}
    topics = int(values["forum topics made vs vacancies with news"].split()[0])
    assert measures["events made"] == "16 (8 new responses, 8 candidates' messages)"
    calls, groups = measures["calls to groups (sends, edits, new topics; accepted or refused)"].split(" to ")
    assert (int(calls), groups in {"1 groups", "2 groups", "3 groups", "4 groups"}) == (16 + topics, True)
    assert report.settings["groups"] == ("4 forum supergroups, 5 owners each (accounts ÷ groups); the bot an "
                                         "administrator; every vacancy routed to its owner's group")


@pytest.mark.parametrize(("times", "limit", "expected"), [
    ([], 8, []),
    ([0.0, 0.5, 0.99], 2, [0.0]),
    ([0.0, 0.5, 1.0], 2, []),  # a window is half-open: 1.0 is the next second's
    ([0.0, 0.1, 0.2, 0.3], 2, [0.0, 0.1]),
    ([3.0, 0.0, 2.5, 0.2, 2.9, 0.4], 2, [0.0, 2.5]),
])
def test_windows_over_the_limit(times: list[float], limit: int, expected: list[float]) -> None:
    assert windows_over(times, limit) == expected
