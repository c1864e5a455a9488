"""The walk-through as a chat transcript in the terminal: who said what, the bot's buttons under its messages."""

from __future__ import annotations

from typing import TextIO

from bot.demo.texts import ScriptTexts
from bot.testing.fake_telegram import ChatMessage

INDENT = "     "


class Transcript:
    def __init__(self, texts: ScriptTexts, out: TextIO) -> None:
        self._texts = texts
        self._out = out

    def heading(self) -> None:
        self._print(self._texts.heading)

    def step(self, number: int) -> None:
        self._print(f"\n{number}. {self._texts.steps[number - 1]}")

    def bot(self, message: ChatMessage, *, edited: bool = False, edited_answer: bool = False,
            edited_message: bool = False) -> None:
        """A bot's message in the private chat; `edited`: the card it changed; `edited_answer`: its preview turned
        into the outcome; `edited_message`: another message it changed (a question answered)."""
        if edited or edited_answer or edited_message:
            who = self._texts.edited if edited else self._texts.edited_answer if edited_answer else \
                self._texts.edited_message
        else:
            who = self._texts.bot
        self._message(who, message)

    def bot_in_group(self, message: ChatMessage, topic: str | None, *, edited: bool = False) -> None:
        """A bot's message in the team's group, in the vacancy's `topic` (None: the general one)."""
        if edited:
            who = self._texts.edited_in_group
        elif topic is None:
            who = self._texts.bot_in_group
        else:
            who = self._texts.bot_in_topic.format(topic=topic)
        self._message(who, message)

    def person(self, name: str, text: str, *, replying_to: str | None = None, in_group: bool = False) -> None:
        if in_group:
            who = self._texts.person_in_group if replying_to is None else self._texts.replies_in_group
        else:
            who = self._texts.person if replying_to is None else self._texts.replies
        quote = replying_to.splitlines()[0] if replying_to else ""
        self._said(who.format(name=name, quote=_shorten(quote)), text)

    def hh(self, text: str) -> None:
        self._said(self._texts.hh, text)

    def line(self, text: str) -> None:
        self._print(f"  {text}")

    def _message(self, who: str, message: ChatMessage) -> None:
        self._said(who, message.text)
        for row in message.buttons():
            self._print(INDENT + " ".join(_button(button) for button in row))

    def _said(self, who: str, text: str) -> None:
        first, *rest = text.splitlines() or [""]
        self._print(f"  {who}: {first}")
        for line in rest:
            self._print(f"{INDENT}{line}" if line else "")

    def _print(self, line: str) -> None:
        print(line, file=self._out, flush=True)


def _button(button: dict[str, str]) -> str:
    return f"[{button['text']} ↗]" if "url" in button else f"[{button['text']}]"


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
