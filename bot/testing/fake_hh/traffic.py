"""What goes over the wire: recorded requests, injected faults, latency and rate limiting."""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class Fault:
    """The next `count` matching requests answer `status` (or lose their connection)."""

    status: int = 503
    count: int = 1
    path_prefix: str | None = None
    method: str | None = None
    kind: Literal["status", "disconnect"] = "status"
    retry_after: int = 1

    def matches(self, method: str, path: str) -> bool:
        if self.method is not None and self.method.upper() != method.upper():
            return False
        return self.path_prefix is None or path.startswith(self.path_prefix)


@dataclass(frozen=True)
class RequestRecord:
    method: str
    path: str
    query: dict[str, str]
    status: int  # 0: the fake dropped the connection without answering
    user_id: str | None
    at: float  # when the request arrived, by the fake's clock
    form: dict[str, str]
    user_agent: str | None


@dataclass
class Stats:
    requests: int = 0
    too_many_requests: int = 0
    faults_served: int = 0
    disconnects: int = 0


@dataclass
class _PendingFault:
    fault: Fault
    remaining: int


@dataclass
class Traffic:
    rate_limit_per_second: float | None = None
    latency: float = 0.0
    records: list[RequestRecord] = field(default_factory=list)
    stats: Stats = field(default_factory=Stats)
    _faults: list[_PendingFault] = field(default_factory=list)
    _window: deque[float] = field(default_factory=deque)

    def inject(self, fault: Fault) -> None:
        if fault.count < 1:
            raise ValueError("a fault must apply to at least one request")
        self._faults.append(_PendingFault(fault, fault.count))

    def clear_faults(self) -> None:
        self._faults.clear()

    def take_fault(self, method: str, path: str) -> Fault | None:
        for pending in self._faults:
            if pending.fault.matches(method, path):
                pending.remaining -= 1
                if pending.remaining == 0:
                    self._faults.remove(pending)
                self.stats.faults_served += 1
                return pending.fault
        return None

    def over_rate_limit(self) -> bool:
        """hh.ru-like per-IP limit over a sliding one-second window of real time."""
        if self.rate_limit_per_second is None:
            return False
        now = time.monotonic()
        while self._window and self._window[0] <= now - 1.0:
            self._window.popleft()
        if len(self._window) >= self.rate_limit_per_second:
            return True
        self._window.append(now)
        return False

    def record(self, record: RequestRecord) -> None:
        self.records.append(record)
        self.stats.requests += 1
        if record.status == 429:
            self.stats.too_many_requests += 1
        if record.status == 0:
            self.stats.disconnects += 1
