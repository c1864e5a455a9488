"""What the bot waits for from a user: the text of an action's message, or of a reply to a negotiation.

A prompt belongs to an owner (whose account answers it), a chat, and the person who opened it: in the private chat
the owner has one open prompt, in a connected group each person has one per owner whose card they pressed, so two
colleagues pressing «Пригласить» at once each get their own. A prompt message is one prompt: buttons under it and
replies to it find it by (chat, message). Each kind of prompt is one typed model, stored as JSON and read back
validated, so a prompt cannot be answered as the other kind or reach a negotiation it does not name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal

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


@dataclass(frozen=True)
class HeldPrompt:
    """An open prompt, whose account answers it (`owner_id`) and who opened it (`actor_id`)."""

    owner_id: int
    actor_id: int
    prompt: ActionPrompt | ReplyPrompt


def put(db: Database, owner_id: int, actor_id: int, prompt: ActionPrompt | ReplyPrompt, now: float) -> None:
    """Opens the prompt; it ends the one the same person had open for the same owner in the same chat."""
    db.execute(
        """
        INSERT INTO prompts (telegram_id, chat_id, actor_id, prompt_message_id, kind, payload, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (telegram_id, chat_id, actor_id) DO UPDATE SET
            prompt_message_id = excluded.prompt_message_id, kind = excluded.kind, payload = excluded.payload,
            created_at = excluded.created_at
        """,
        (owner_id, prompt.chat_id, actor_id, prompt.prompt_message_id, prompt.kind, prompt.model_dump_json(), now),
    )


_COLUMNS = "telegram_id, actor_id, payload"


def _held(row: Sequence[Any] | None) -> HeldPrompt | None:
    """The row's prompt, unless it no longer reads as a prompt."""
    if row is None:
        return None
    try:
        return HeldPrompt(int(row[0]), int(row[1]), _PROMPT.validate_json(row[2]))
    except ValueError:
        return None


def get(db: Database, owner_id: int, chat_id: int, actor_id: int,
        created_since: float) -> ActionPrompt | ReplyPrompt | None:
    """The person's prompt for the owner in the chat, unless it was opened before `created_since`."""
    held = _held(db.execute(
        f"""SELECT {_COLUMNS} FROM prompts
        WHERE telegram_id = ? AND chat_id = ? AND actor_id = ? AND created_at >= ?""",
        (owner_id, chat_id, actor_id, created_since)).fetchone())
    return None if held is None else held.prompt


def at_message(db: Database, chat_id: int, prompt_message_id: int, created_since: float) -> HeldPrompt | None:
    """The prompt that message `prompt_message_id` of the chat asks, unless it was opened before `created_since`."""
    return _held(db.execute(
        f"SELECT {_COLUMNS} FROM prompts WHERE chat_id = ? AND prompt_message_id = ? AND created_at >= ?",
        (chat_id, prompt_message_id, created_since)).fetchone())


def latest_of_actor(db: Database, chat_id: int, actor_id: int, created_since: float) -> HeldPrompt | None:
    """The prompt the person opened last in the chat, for whichever owner."""
    return _held(db.execute(
        f"""SELECT {_COLUMNS} FROM prompts WHERE chat_id = ? AND actor_id = ? AND created_at >= ?
        ORDER BY created_at DESC, rowid DESC LIMIT 1""",
        (chat_id, actor_id, created_since)).fetchone())


def close(db: Database, chat_id: int, prompt_message_id: int) -> None:
    """Ends the prompt of that prompt message (not a newer one the same person opened since)."""
    db.execute("DELETE FROM prompts WHERE chat_id = ? AND prompt_message_id = ?", (chat_id, prompt_message_id))


def clear(db: Database, owner_id: int) -> None:
    """Ends every prompt answered with the owner's account, in every chat."""
    db.execute("DELETE FROM prompts WHERE telegram_id = ?", (owner_id,))
