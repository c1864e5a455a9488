"""Numbers from the fakes' request logs and from /proc."""

from __future__ import annotations

import asyncio
import os
import platform
import time
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


def windows_over(times: Sequence[float], limit: int, window: float = 1.0) -> list[float]:
    """The starts of the windows of `window` seconds holding more than `limit` events (each start an event's time;
    overlapping windows are all listed)."""
    ordered = sorted(times)
    starts = []
    end = 0
    for start, moment in enumerate(ordered):
        while end < len(ordered) and ordered[end] - moment < window:
            end += 1
        if end - start > limit:
            starts.append(moment)
    return starts


class LoopLag:
    """How late this event loop wakes from a short sleep: the fakes share it, so a late wake-up means requests
    waited unread and were stamped late, bunched together."""

    def __init__(self, step: float = 0.02) -> None:
        self._step = step
        self.lags: list[tuple[float, float]] = []  # (when, seconds late) for wake-ups later than 50 ms
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._watch())

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()

    async def _watch(self) -> None:
        while True:
            before = time.time()
            await asyncio.sleep(self._step)
            late = time.time() - before - self._step
            if late > 0.05:
                self.lags.append((before, late))

    def worst_near(self, moment: float, span: float = 2.0) -> float:
        """The longest stall within `span` seconds before `moment`."""
        return max((late for when, late in self.lags if moment - span <= when <= moment), default=0.0)
