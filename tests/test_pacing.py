"""Telegram pacing on virtual time: the global spacing, one send per interval in a chat, and a 429's hold that
keeps only its own chat waiting."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import pytest

from bot.services.pacing import TelegramPace
from tests.virtual_clock import VirtualClock

A, B, C = 1, 2, 3


@dataclass(frozen=True)
class Send:
    label: str
    chat: int | None
    at: float = 0.0


@dataclass(frozen=True)
class Hold:
    """Telegram answered 429 with this retry_after for this chat."""

    chat: int | None
    seconds: float
    at: float = 0.0


async def play(pacer: TelegramPace, clock: VirtualClock, script: list[Send | Hold]) -> list[tuple[str, float]]:
    """Runs the script (events at the same moment happen in script order); returns each send's turn, in order."""
    turns: list[tuple[str, float]] = []

    async def event(step: Send | Hold) -> None:
        await clock.sleep(step.at)
        if isinstance(step, Hold):
            pacer.hold(step.chat, step.seconds)
            return
        await pacer.wait_turn(step.chat)
        turns.append((step.label, round(clock.monotonic(), 6)))

    async def everything() -> None:
        await asyncio.gather(*(event(step) for step in script))

    await clock.run(everything())
    return turns


@pytest.mark.parametrize(("case", "per_second", "chat_interval", "script", "turns"), [
    ("sends to different chats are spaced by the global rate", 10, 0.0,
     [Send(f"m{number}", 100 + number) for number in range(5)],
     [("m0", 0.0), ("m1", 0.1), ("m2", 0.2), ("m3", 0.3), ("m4", 0.4)]),
    ("one chat gets one send per interval, in the order asked", 100, 1.0,
     [Send("a0", A), Send("a1", A), Send("a2", A)],
     [("a0", 0.0), ("a1", 1.0), ("a2", 2.0)]),
    ("chats interleave, each at its own interval", 100, 1.0,
     [Send("a0", A), Send("a1", A), Send("b0", B), Send("a2", A), Send("b1", B)],
     [("a0", 0.0), ("b0", 0.01), ("a1", 1.0), ("b1", 1.01), ("a2", 2.0)]),
    ("a hold keeps only its chat waiting", 100, 1.0,
     [Hold(A, 5.0), Send("a0", A), Send("b0", B), Send("c0", C)],
     [("b0", 0.0), ("c0", 0.01), ("a0", 5.0)]),
    ("a hold that comes while a send waits for its chat's interval", 100, 1.0,
     [Send("a0", A), Send("a1", A), Hold(A, 2.0, at=0.5), Send("b0", B, at=0.5)],
     [("a0", 0.0), ("b0", 0.5), ("a1", 2.5)]),
    ("a hold that comes while a send waits for its global turn", 1, 0.0,
     [Send("b0", B), Send("a0", A), Send("c0", C), Hold(A, 2.0, at=0.5)],
     [("b0", 0.0), ("c0", 2.0), ("a0", 3.0)]),
    ("a shorter hold does not cut a longer one short", 100, 0.0,
     [Hold(A, 5.0), Hold(A, 1.0, at=0.5), Send("a0", A, at=0.5)],
     [("a0", 5.0)]),
    ("sends without a chat id have no interval, and their hold is theirs", 100, 1.0,
     [Send("n0", None), Send("n1", None), Send("a0", A), Hold(None, 3.0, at=0.5), Send("n2", None, at=0.5),
      Send("a1", A, at=0.5)],
     [("n0", 0.0), ("a0", 0.01), ("n1", 0.02), ("a1", 1.01), ("n2", 3.5)]),
])
async def test_turns(case: str, per_second: float, chat_interval: float, script: list[Send | Hold],
                     turns: list[tuple[str, float]]) -> None:
    clock = VirtualClock()
    assert await play(TelegramPace(clock, per_second, chat_interval), clock, script) == turns
