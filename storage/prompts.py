"""What the bot waits for from a user: the text of an action's message, or of a reply to a negotiation.

A user has at most one open prompt. Each kind of prompt is one typed model, stored as JSON and read back
validated, so a prompt cannot be answered as the other kind or reach a negotiation it does not name.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter
from sqlite_utils import Database


class _OpenPrompt(BaseModel):
    """What every prompt knows: whom the text goes to, and the prompt message the user sees."""

    model_config = ConfigDict(frozen=True)

    name: str
    chat_id: int
    prompt_message_id: int


class ActionPrompt(_OpenPrompt):
    """The message of a negotiation action («Пригласить», «Отказать», …) pressed on a card."""

    kind: Literal["action"] = "action"
    card_id: int
    card_message_id: int
    action_index: int
    action_name: str
    optional: bool
    sms: bool | None
    templates: tuple[tuple[str, str], ...] = ()


class ReplyPrompt(_OpenPrompt):
    """A reply to a negotiation, asked for by the «Ответить» button."""

    kind: Literal["reply"] = "reply"
    account_id: int
    negotiation_id: str


Prompt = Annotated[ActionPrompt | ReplyPrompt, Field(discriminator="kind")]
_PROMPT: TypeAdapter[ActionPrompt | ReplyPrompt] = TypeAdapter(Prompt)


def put(db: Database, telegram_id: int, prompt: ActionPrompt | ReplyPrompt, now: float) -> None:
    db.execute(
        """
        INSERT INTO prompts (telegram_id, kind, payload, created_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (telegram_id) DO UPDATE SET
            kind = excluded.kind, payload = excluded.payload, created_at = excluded.created_at
        """,
        (telegram_id, prompt.kind, prompt.model_dump_json(), now),
    )


def get(db: Database, telegram_id: int, created_since: float) -> ActionPrompt | ReplyPrompt | None:
    """The user's prompt, unless it was opened before `created_since` or no longer reads as a prompt."""
    row = db.execute(
        "SELECT payload FROM prompts WHERE telegram_id = ? AND created_at >= ?", (telegram_id, created_since)
    ).fetchone()
    if row is None:
        return None
    try:
        return _PROMPT.validate_json(row[0])
    except ValueError:
        return None


def clear(db: Database, telegram_id: int) -> None:
    db.execute("DELETE FROM prompts WHERE telegram_id = ?", (telegram_id,))
