"""What goes over the wire: recorded requests, injected faults, latency and rate limiting."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class Fault:
    """The next `count` matching requests answer `status`, lose their connection, or are redirected.

    `kind="redirect"` answers `status` (a 3xx, e.g. 307) with `Location: location`, as a hijacked or misconfigured
    front end might; a client that follows it re-sends the request to `location`. `user_id`: only requests whose
    Bearer token names that user (the demo's trouble belongs to one persona).
    """

    status: int = 503
    count: int = 1
    path_prefix: str | None = None
    method: str | None = None
    kind: Literal["status", "disconnect", "redirect"] = "status"
    retry_after: int = 1
    location: str | None = None
    user_id: str | None = None

    def matches(self, method: str, path: str, user: Callable[[], str | None]) -> bool:
        if self.method is not None and self.method.upper() != method.upper():
            return False
        if self.path_prefix is not None and not path.startswith(self.path_prefix):
            return False
        return self.user_id is None or self.user_id == user()


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
    manager_account_id: str | None = None  # the X-Manager-Account-Id header sent, if any


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


OverRate = Literal["429", "captcha"]


@dataclass
class Traffic:
    rate_limit_per_second: float | None = None
    over_rate: OverRate = "429"
    """What a request past the rate gets: hh.ru's 429, or a captcha for its account (third parties report both)."""
    latency: float = 0.0
    records: list[RequestRecord] = field(default_factory=list)
    stats: Stats = field(default_factory=Stats)
    _faults: list[_PendingFault] = field(default_factory=list)
    _window: deque[float] = field(default_factory=deque)
    stopwatch: Callable[[], float] = time.monotonic

    def inject(self, fault: Fault) -> None:
        if fault.count < 1:
            raise ValueError("a fault must apply to at least one request")
        if fault.kind == "redirect" and (not fault.location or not 300 <= fault.status < 400):
            raise ValueError("a redirect needs a 3xx status and a location")
        self._faults.append(_PendingFault(fault, fault.count))

    def clear_faults(self, user_id: str | None = None) -> None:
        """Every pending fault, or only those of `user_id`."""
        if user_id is None:
            self._faults.clear()
            return
        self._faults[:] = [pending for pending in self._faults if pending.fault.user_id != user_id]

    def take_fault(self, method: str, path: str, user: Callable[[], str | None]) -> Fault | None:
        """The first pending fault the request matches; `user` names the caller, asked only for a user's fault."""
        for pending in self._faults:
            if pending.fault.matches(method, path, user):
                pending.remaining -= 1
                if pending.remaining == 0:
                    self._faults.remove(pending)
                self.stats.faults_served += 1
                return pending.fault
        return None

    def over_rate_limit(self) -> bool:
        """hh.ru-like per-IP limit: refuses an arrival that would make more than `rate_limit_per_second` admitted
        arrivals in any one second of real time, both ends included (harsher than a half-open window)."""
        if self.rate_limit_per_second is None:
            return False
        now = self.stopwatch()
        while self._window and self._window[0] < now - 1.0:
            self._window.popleft()
        if len(self._window) + 1 > self.rate_limit_per_second:
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
