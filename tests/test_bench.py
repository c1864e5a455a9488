"""The benchmark's own arithmetic; the benchmark itself is run by hand (README, benchmarks/)."""

from __future__ import annotations

import math
import os

from bot.bench.measure import calls_per_check, is_check_start, max_in_window, percentile, process_usage
from bot.bench.report import Report
from bot.testing.fake_hh import RequestRecord


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
