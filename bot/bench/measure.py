"""Numbers from the fakes' request logs and from /proc."""

from __future__ import annotations

import os
import platform
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.testing.fake_hh import RequestRecord
from bot.testing.fake_telegram import RecordedRequest


@dataclass(frozen=True)
class ProcessUsage:
    peak_rss_mb: float
    cpu_seconds: float


def process_usage(pid: int) -> ProcessUsage:
    """Peak resident memory (VmHWM) and CPU time (user + system) of a running process."""
    status = Path(f"/proc/{pid}/status").read_text()
    peak_kb = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:"))
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return ProcessUsage(peak_kb / 1024, (int(fields[11]) + int(fields[12])) / ticks)


def is_check_start(record: RequestRecord) -> bool:
    """The first request of an account's check: the vacancies list (employer) or the negotiations list."""
    first_page = record.query.get("page", "0") == "0"
    employer = record.path.endswith("/vacancies/active")
    applicant = record.path == "/negotiations" and "vacancy_id" not in record.query
    return record.method == "GET" and first_page and (employer or applicant)


def calls_per_check(records: Iterable[RequestRecord], user_id: str) -> float:
    mine = [record for record in records if record.user_id == user_id]
    checks = sum(1 for record in mine if is_check_start(record))
    return len(mine) / checks if checks else float("nan")


def max_in_window(times: Sequence[float], window: float = 1.0) -> int:
    """The most events in any half-open window of `window` seconds."""
    ordered = sorted(times)
    best = start = 0
    for end, moment in enumerate(ordered):
        while moment - ordered[start] >= window:
            start += 1
        best = max(best, end - start + 1)
    return best


def chat_of(request: RecordedRequest) -> int | None:
    """The chat a Bot API call was made to, None when it names none."""
    try:
        return int(request.params["chat_id"])
    except (KeyError, TypeError, ValueError):
        return None


def later_429s(requests: Iterable[RecordedRequest]) -> dict[int, int]:
    """Each chat's 429s that arrived after the chat had already been answered a 429 (and so told a retry_after):
    all of a chat's 429s but its first. `requests` in the order the fake recorded them."""
    told: set[int] = set()
    later: dict[int, int] = {}
    for request in sorted(requests, key=lambda r: r.at):
        chat = chat_of(request)
        if request.error_code != 429 or chat is None:
            continue
        if chat in told:
            later[chat] = later.get(chat, 0) + 1
        told.add(chat)
    return later


def percentile(values: Sequence[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def machine() -> str:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines()
                    if line.startswith("model name")), cpu)
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        total_kb = int(meminfo.read_text().split()[1])
        memory = f", {total_kb / 1024 / 1024:.0f} GiB RAM"
    return f"{cpu}, {os.cpu_count()} cores{memory}, {platform.system()} {platform.release()}, " \
           f"Python {platform.python_version()}"
