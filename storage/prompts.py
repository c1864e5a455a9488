"""What the bot waits for from a user: the text of an action's message, or of a reply to a negotiation.

A prompt belongs to an owner (whose account answers it), a chat, and the person who opened it: in the private chat
the owner has one open prompt, in a connected group each person has one per owner whose card they pressed, so two
colleagues pressing «Пригласить» at once each get their own. A prompt message is one prompt: buttons under it and
replies to it find it by (chat, message). Each kind of prompt is one typed model, stored as JSON and read back
validated, so a prompt cannot be answered as the other kind or reach a negotiation it does not name.

An action's prompt has two states: waiting for its text, then (`draft` set) waiting for «Отправить» or «Изменить»
under the preview message that shows the text; nothing reaches hh.ru before «Отправить».
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
    draft: str | None = None
    """The text shown in the preview, waiting for «Отправить»; None while the prompt waits for its text."""
    draft_message_id: int | None = None
    """The message the draft came from: the user's own, or the prompt's for a template chosen by button."""
    preview_message_id: int | None = None
    earlier_message_ids: tuple[int, ...] = ()
    """Messages that asked or previewed it before «Изменить»: their buttons answer as stale and close nothing."""

    @property
    def previewing(self) -> bool:
        return self.draft is not None

    def previewed(self, draft: str, draft_message_id: int, preview_message_id: int) -> ActionPrompt:
        return self.model_copy(update={"draft": draft, "draft_message_id": draft_message_id,
                                       "preview_message_id": preview_message_id})

    def asking_again(self, prompt_message_id: int) -> ActionPrompt:
        """Back to waiting for the text, asked by a new prompt message."""
        earlier = (*self.earlier_message_ids, self.prompt_message_id,
                   *(() if self.preview_message_id is None else (self.preview_message_id,)))
        return self.model_copy(update={"draft": None, "draft_message_id": None, "preview_message_id": None,
                                       "prompt_message_id": prompt_message_id, "earlier_message_ids": earlier})

    @property
    def message_ids(self) -> set[int]:
        """Every message of the prompt: the one asking now, its preview, and the earlier ones."""
        current = {self.prompt_message_id} if self.preview_message_id is None else {
            self.prompt_message_id, self.preview_message_id}
        return current | set(self.earlier_message_ids)


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


def of_actor(db: Database, chat_id: int, actor_id: int, created_since: float) -> list[HeldPrompt]:
    """Every open prompt the person opened in the chat, for whichever owner."""
    rows = db.execute(
        f"SELECT {_COLUMNS} FROM prompts WHERE chat_id = ? AND actor_id = ? AND created_at >= ?",
        (chat_id, actor_id, created_since)).fetchall()
    return [held for held in map(_held, rows) if held is not None]


def replace(db: Database, prompt_message_id: int, prompt: ActionPrompt | ReplyPrompt, now: float) -> bool:
    """Moves the prompt of message `prompt_message_id` of the prompt's chat to its next state (perhaps asked by a new
    message); False when that prompt is no longer open (closed, or replaced by a newer one)."""
    cursor = db.execute(
        """UPDATE prompts SET prompt_message_id = ?, kind = ?, payload = ?, created_at = ?
        WHERE chat_id = ? AND prompt_message_id = ?""",
        (prompt.prompt_message_id, prompt.kind, prompt.model_dump_json(), now, prompt.chat_id, prompt_message_id))
    return bool(cursor.rowcount)


def take(db: Database, chat_id: int, prompt_message_id: int, created_since: float) -> HeldPrompt | None:
    """Ends the prompt of that prompt message and returns it, so that only one of two presses acts on it."""
    held = at_message(db, chat_id, prompt_message_id, created_since)
    if held is not None:
        close(db, chat_id, prompt_message_id)
    return held


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
