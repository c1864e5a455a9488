"""The group window on virtual time: at most N sends in any window per group, counted from when each send ended,
and no other chat waits for a group's window; answers take at most their share of it, so pushes always find room."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import pytest

from bot.services.group_pace import GroupWindow
from tests.virtual_clock import VirtualClock

G, H = -100, -200


@dataclass(frozen=True)
class Send:
    label: str
    chat: int
    at: float = 0.0
    lasts: float = 0.0  # how long Telegram takes to answer
    push: bool = True  # the sender's news or card edit; False: a handler's answer to someone in the group


async def play(window: GroupWindow, clock: VirtualClock, script: list[Send]) -> list[tuple[str, float]]:
    turns: list[tuple[str, float]] = []

    async def event(step: Send) -> None:
        await clock.sleep(step.at)
        async with window.turn(step.chat, push=step.push):
            turns.append((step.label, round(clock.monotonic(), 6)))
            await clock.sleep(step.lasts)

    async def everything() -> None:
        await asyncio.gather(*(event(step) for step in script))

    await clock.run(everything())
    return turns


@pytest.mark.parametrize(("case", "script", "turns"), [
    ("three go at once, the fourth when the first leaves the window",
     [Send(f"g{n}", G) for n in range(5)],
     [("g0", 0.0), ("g1", 0.0), ("g2", 0.0), ("g3", 60.0), ("g4", 60.0)]),
    ("a window starts when a send is answered, not when it was made",
     [Send("g0", G, lasts=2.0), Send("g1", G), Send("g2", G), Send("g3", G)],
     [("g0", 0.0), ("g1", 2.0), ("g2", 2.0), ("g3", 62.0)]),
    ("each group has its own window",
     [*(Send(f"g{n}", G) for n in range(4)), *(Send(f"h{n}", H) for n in range(3))],
     [("g0", 0.0), ("g1", 0.0), ("g2", 0.0), ("h0", 0.0), ("h1", 0.0), ("h2", 0.0), ("g3", 60.0)]),
    ("sends spread over time count only within the window",
     [Send("g0", G), Send("g1", G, at=30.0), Send("g2", G, at=50.0), Send("g3", G, at=55.0), Send("g4", G, at=61.0)],
     [("g0", 0.0), ("g1", 30.0), ("g2", 50.0), ("g3", 60.0), ("g4", 90.0)]),
])
async def test_turns(case: str, script: list[Send], turns: list[tuple[str, float]]) -> None:
    clock = VirtualClock()
    found = await play(GroupWindow(clock, per_window=3, window=60.0), clock, script)
    assert sorted(found, key=by_time) == sorted(turns, key=by_time), case


def answer(label: str, at: float = 0.0, lasts: float = 0.0) -> Send:
    return Send(label, G, at=at, lasts=lasts, push=False)


@pytest.mark.parametrize(("case", "script", "turns"), [
    ("a flood of answers takes only its share: pushes that come later go at once",
     [*(answer(f"a{n}") for n in range(6)), *(Send(f"p{n}", G, at=1.0) for n in range(3))],
     [("a0", 0.0), ("a1", 0.0), ("p0", 1.0), ("p1", 1.0), ("p2", 60.0), ("a2", 60.0), ("a3", 61.0),
      ("a4", 120.0), ("a5", 121.0)]),
    ("an answer waiting for its share holds no push back, though it came first",
     [answer("a0"), answer("a1"), answer("a2"), Send("p0", G, at=10.0), Send("p1", G, at=20.0)],
     [("a0", 0.0), ("a1", 0.0), ("p0", 10.0), ("p1", 20.0), ("a2", 60.0)]),
    ("pushes may take every place answers leave free, and an answer then waits for the whole window",
     [*(Send(f"p{n}", G) for n in range(4)), answer("a0", at=1.0)],
     [("p0", 0.0), ("p1", 0.0), ("p2", 0.0), ("p3", 0.0), ("a0", 60.0)]),
    ("an answer's share counts from when Telegram answered it",
     [answer("a0", lasts=5.0), answer("a1"), answer("a2")],
     [("a0", 0.0), ("a1", 5.0), ("a2", 65.0)]),
    ("each group has its own share",
     [answer("a0"), answer("a1"), answer("a2"), Send("h0", H, push=False), Send("h1", H, push=False)],
     [("a0", 0.0), ("a1", 0.0), ("h0", 0.0), ("h1", 0.0), ("a2", 60.0)]),
])
async def test_answers_take_only_their_share(case: str, script: list[Send], turns: list[tuple[str, float]]) -> None:
    clock = VirtualClock()
    found = await play(GroupWindow(clock, per_window=4, window=60.0, answers=2), clock, script)
    assert sorted(found, key=by_time) == sorted(turns, key=by_time), case


@pytest.mark.parametrize(("per_window", "share"), [(20, 10), (4, 2), (3, 1)])
async def test_answers_take_half_the_window_unless_told(per_window: int, share: int) -> None:
    clock = VirtualClock()
    found = await play(GroupWindow(clock, per_window=per_window, window=60.0), clock,
                       [answer(f"a{n}") for n in range(share + 1)])
    assert sorted(at for _, at in found) == [0.0] * share + [60.0]


def test_answers_cannot_take_more_than_the_window() -> None:
    with pytest.raises(ValueError, match="answers"):
        GroupWindow(VirtualClock(), per_window=4, answers=5)


def by_time(turn: tuple[str, float]) -> tuple[float, str]:
    return turn[1], turn[0]


async def test_a_full_window_is_busy_until_its_first_send_leaves_it() -> None:
    clock = VirtualClock()
    window = GroupWindow(clock, per_window=2, window=60.0)
    seen: list[tuple[float, frozenset[int]]] = []

    async def scene() -> None:
        for _ in range(2):
            async with window.turn(G, push=True):
                pass
        seen.append((clock.monotonic(), window.busy()))
        await clock.sleep(59.0)
        seen.append((clock.monotonic(), window.busy()))
        await clock.sleep(1.0)
        seen.append((clock.monotonic(), window.busy()))

    await clock.run(scene())
    assert seen == [(0.0, frozenset({G})), (59.0, frozenset({G})), (60.0, frozenset())]
