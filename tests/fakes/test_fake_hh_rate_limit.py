"""The fake hh.ru's rate limit counts arrivals in any one second, both ends included, and never lets a fractional
limit round up."""

from __future__ import annotations

import pytest

from bot.testing.fake_hh.traffic import Traffic


@pytest.mark.parametrize(("case", "limit", "arrivals", "admitted"), [
    ("the limit within a second, then refusals", 3, [0.0, 0.1, 0.2, 0.3], [True, True, True, False]),
    ("arrivals exactly one second apart share a window", 3, [0.0, 0.1, 0.2, 1.0, 1.01],
     [True, True, True, False, True]),
    ("a fractional limit admits the whole number below it", 2.5, [0.0, 0.1, 0.2, 1.2], [True, True, False, True]),
    ("refused arrivals do not use up the next second", 1, [0.0, 0.5, 0.9, 1.001], [True, False, False, True]),
    ("no limit", None, [0.0] * 5, [True] * 5),
])
def test_admits_at_most_the_limit_in_any_second(case: str, limit: float | None, arrivals: list[float],
                                                admitted: list[bool]) -> None:
    moments = iter(arrivals)
    traffic = Traffic(rate_limit_per_second=limit, stopwatch=lambda: next(moments))
    assert [not traffic.over_rate_limit() for _ in arrivals] == admitted
