"""Whether a background loop is alive and making progress, for /healthz."""

from __future__ import annotations

import asyncio
from enum import StrEnum
from typing import Any

from bot.clock import Clock


class LoopState(StrEnum):
    OK = "ok"
    STALLED = "stalled"
    DEAD = "dead"
    OFF = "off"  # not run in this mode (intake in webhook mode)


def loop_state(*, alive: bool, last_beat: float | None, now: float, stall_after: float) -> LoopState:
    if not alive:
        return LoopState.DEAD
    if last_beat is None or now - last_beat > stall_after:
        return LoopState.STALLED
    return LoopState.OK


class Heartbeat:
    """A loop's task and the last moment it made progress: dead when the task has ended, stalled when no beat
    came for `stall_after` seconds."""

    def __init__(self, clock: Clock, stall_after: float) -> None:
        self._clock = clock
        self._stall_after = stall_after
        self.task: asyncio.Task[Any] | None = None
        self.last_beat: float | None = None

    def started(self) -> None:
        """Called first thing in the loop's own task."""
        self.task = asyncio.current_task()
        self.beat()

    def beat(self) -> None:
        self.last_beat = self._clock.now()

    def state(self) -> LoopState:
        if self.task is None:
            return LoopState.OFF
        return loop_state(alive=not self.task.done(), last_beat=self.last_beat, now=self._clock.now(),
                          stall_after=self._stall_after)
