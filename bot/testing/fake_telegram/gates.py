"""A test's hold on one sendMessage: Telegram slow to answer it, so the test can act while the bot waits."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field


@dataclass
class SendGate:
    """Holds the next sendMessage to `chat_id` whose text contains `contains` until `release()`; the call is
    checked and carried out only then, as Telegram would answer a call that took that long. `reached` is set
    once the call is being held."""

    chat_id: int
    contains: str
    reached: asyncio.Event = field(default_factory=asyncio.Event)
    opened: asyncio.Event = field(default_factory=asyncio.Event)
    taken: bool = False

    def release(self) -> None:
        self.opened.set()


def take_gate(gates: list[SendGate], chat_id: int, text: str | None) -> SendGate | None:
    """The first gate waiting for this call; it holds no other."""
    for gate in gates:
        if not gate.taken and gate.chat_id == chat_id and gate.contains in (text or ""):
            gate.taken = True
            return gate
    return None
