"""What users do on their side of a chat; each action queues the update Telegram would send."""

from __future__ import annotations

from . import forum
from .chats import Chat, PrivateChat
from .groups import BOT_COMMAND, KICKED, MEMBER, RESTRICTED, GroupChat, bot_member_json, require_group
from .models import FakeUser
from .state import FakeState, PendingCallback

FIRST_CALLBACK_QUERY_ID = 4_000_000_000_000_000_000


def send_text(
    state: FakeState,
    user_id: int,
    text: str,
    reply_to_message_id: int | None,
    group_id: int | None,
    thread_id: int | None = None,
) -> int:
    """In the user's private chat with the bot, or in group `group_id` (the user must be a member), in
    forum topic `thread_id` or in the topic of the message replied to."""
    chat, user = _chat_of(state, user_id, group_id)
    if not text.strip():
        raise ValueError("Telegram clients do not send empty messages")
    if reply_to_message_id is not None and reply_to_message_id not in chat.messages:
        raise LookupError(f"no message {reply_to_message_id} in chat {chat.chat_id} to reply to")
    if isinstance(chat, GroupChat) and chat.status_of(user_id) == RESTRICTED:
        raise ValueError(f"user {user_id} is restricted in group {chat.chat_id} and cannot write")
    thread = forum.user_thread(chat, user_id, thread_id, reply_to_message_id)
    if isinstance(chat, PrivateChat) and chat.blocked:
        set_blocked(state, user_id, blocked=False)  # writing to the bot again means "Restart"
    command = BOT_COMMAND.match(text)
    entities = [{"type": "bot_command", "offset": 0, "length": command.end()}] if command else []
    message = state.chats.add_message(
        chat,
        from_bot=False,
        text=text,
        entities=entities,
        reply_to_message_id=reply_to_message_id,
        sender=user,
        thread_id=thread,
    )
    if chat.reaches_bot(message, state.identity.username):
        state.updates.push("message", state.chats.message_json(chat, message))
    state.changed()
    return message.message_id


def press_button(
    state: FakeState, user_id: int, message_id: int, callback_data: str, check_button: bool, group_id: int | None
) -> str:
    """Callback queries reach the bot whatever its privacy mode or membership of the group."""
    chat, user = _chat_of(state, user_id, group_id)
    if check_button:
        _check_button_exists(chat, message_id, callback_data)
    query_id = str(FIRST_CALLBACK_QUERY_ID + state.next_callback_number)
    state.next_callback_number += 1
    state.callbacks[query_id] = PendingCallback(query_id, chat.chat_id, message_id, state.clock())
    message = chat.messages.get(message_id)
    if message is not None:
        message_json = state.chats.message_json(chat, message)
    else:  # Telegram's InaccessibleMessage
        message_json = {"chat": chat.chat_json(), "message_id": message_id, "date": 0}
    state.updates.push(
        "callback_query",
        {
            "id": query_id,
            "from": user.to_json(),
            "message": message_json,
            "chat_instance": str(state.identity.bot_id * 1_000_003 + chat.chat_id),
            "data": callback_data,
        },
    )
    state.changed()
    return query_id


def set_blocked(state: FakeState, user_id: int, *, blocked: bool) -> None:
    chat = state.chats.private(user_id)
    if chat.blocked == blocked:
        return
    chat.blocked = blocked
    bot_user = state.identity.user_json()
    old_status, new_status = (MEMBER, KICKED) if blocked else (KICKED, MEMBER)
    state.updates.push(
        "my_chat_member",
        {
            "chat": chat.chat_json(),
            "from": chat.user.to_json(),
            "date": state.chats.now(),
            "old_chat_member": bot_member_json(bot_user, old_status),
            "new_chat_member": bot_member_json(bot_user, new_status),
        },
    )
    state.changed()


def _chat_of(state: FakeState, user_id: int, group_id: int | None) -> tuple[Chat, FakeUser]:
    user = state.chats.private(user_id).user
    if group_id is None:
        return state.chats.private(user_id), user
    group = require_group(state.chats, group_id)
    group.require_member(user_id)
    return group, user


def _check_button_exists(chat: Chat, message_id: int, callback_data: str) -> None:
    message = chat.bot_message(message_id)
    if message is None:
        bot_ids = [m.message_id for m in chat.messages.values() if m.is_bot_text]
        raise LookupError(f"no bot message {message_id} in chat {chat.chat_id}; bot messages: {bot_ids}")
    buttons = [(button["text"], button.get("callback_data")) for row in message.snapshot().buttons() for button in row]
    if all(data != callback_data for _, data in buttons):
        raise LookupError(
            f"message {message_id} has no button with callback_data {callback_data!r}; "
            f"buttons (text, callback_data): {buttons!r}"
        )
