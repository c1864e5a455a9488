"""The queue of updates waiting to be fetched by getUpdates or delivered to the webhook."""

from __future__ import annotations

from typing import Any

from .errors import bad_request

FIRST_UPDATE_ID = 10000
DEFAULT_UPDATE_TYPES = frozenset(
    {
        "message", "edited_message", "channel_post", "edited_channel_post",
        "business_connection", "business_message", "edited_business_message",
        "deleted_business_messages", "inline_query", "chosen_inline_result", "callback_query",
        "shipping_query", "pre_checkout_query", "purchased_paid_media", "poll", "poll_answer",
        "my_chat_member", "chat_join_request", "chat_boost", "removed_chat_boost",
    }
)  # fmt: skip
ALL_UPDATE_TYPES = DEFAULT_UPDATE_TYPES | {"chat_member", "message_reaction", "message_reaction_count"}


class UpdateQueue:
    def __init__(self) -> None:
        self._next_update_id = FIRST_UPDATE_ID
        self._pending: list[dict[str, Any]] = []
        self._allowed = DEFAULT_UPDATE_TYPES
        self._created: dict[int, dict[str, Any]] = {}

    @property
    def pending(self) -> list[dict[str, Any]]:
        return list(self._pending)

    def __len__(self) -> int:
        return len(self._pending)

    def first(self) -> dict[str, Any] | None:
        return self._pending[0] if self._pending else None

    def set_allowed(self, allowed: Any) -> None:
        """Like Telegram: absent keeps the previous setting, [] restores the default."""
        if allowed is None:
            return
        if not isinstance(allowed, list) or not all(isinstance(kind, str) for kind in allowed):
            raise bad_request("can't parse allowed updates JSON object")
        known = [kind for kind in allowed if kind in ALL_UPDATE_TYPES]
        self._allowed = frozenset(known) if known else DEFAULT_UPDATE_TYPES

    def push(self, kind: str, payload: dict[str, Any]) -> int | None:
        """Queue an update; None when allowed_updates filters this kind out (it is never created)."""
        if kind not in self._allowed:
            return None
        update_id = self._next_update_id
        self._next_update_id += 1
        self._pending.append({"update_id": update_id, kind: payload})
        self._created[update_id] = self._pending[-1]
        return update_id

    def requeue(self, update_id: int) -> None:
        """Queue an update created earlier again, in update_id order (a no-op while it is still pending)."""
        update = self._created.get(update_id)
        if update is None:
            raise LookupError(f"no update {update_id} was ever created")
        if all(pending["update_id"] != update_id for pending in self._pending):
            self._pending.append(update)
            self._pending.sort(key=lambda pending: int(pending["update_id"]))

    def confirm_below(self, offset: int) -> None:
        """getUpdates(offset): a positive offset confirms every update_id below it; a negative one
        keeps only the last -offset updates."""
        if offset < 0:
            self._pending = self._pending[offset:]
        else:
            self._pending = [u for u in self._pending if u["update_id"] >= offset]

    def confirm(self, update_id: int) -> None:
        self._pending = [u for u in self._pending if u["update_id"] != update_id]

    def drop_all(self) -> None:
        self._pending.clear()
