"""`FakeTelegram`: a strict stand-in for api.telegram.org, driven over real HTTP."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Iterable

from aiohttp import web

from . import deep_links, group_actions, user_actions
from .api_dispatch import canonical_method_name, execute_call, http_status_of, record_failure
from .controls import add_control_routes
from .errors import NOT_FOUND, ApiError
from .files import UPLOAD_LIMIT, StoredFile
from .flood import FloodControl
from .gates import SendGate
from .models import (
    CallbackAnswer,
    ChatMessage,
    FakeGroup,
    FakeTelegramStats,
    FakeUser,
    RecordedRequest,
    WebhookDelivery,
)
from .params import read_request_params
from .state import BotIdentity, FakeState
from .team_controls import add_team_control_routes
from .teams import TeamControls
from .webhook import WebhookDeliverer

_SHUTDOWN_TIMEOUT_SECONDS = 1.0
_FORM_ROOM = 1024 * 1024  # a request's other fields beside a file of the largest size a bot may send
_DIAGNOSTIC_CALLS = 5


class FakeTelegram(TeamControls):
    """Serves `/bot{token}/{method}` like Telegram's Bot API, plus `/_fake/...` controls.

    Time: `clock` (monotonic seconds) drives flood control and callback query ages and stamps
    recorded requests; `wall_clock` (Unix seconds) gives message dates. Long polls and webhook
    retries wait real time.

    `group_privacy` is BotFather's privacy mode (on by default, as in Telegram); see add_group().
    """

    def __init__(
        self,
        token: str = "123456:TEST",
        bot_username: str = "hh_bridge_bot",
        flood_control: FloodControl | None = None,
        clock: Callable[[], float] = time.monotonic,
        webhook_retry_delay: float = 0.05,
        *,
        bot_first_name: str = "HH Bridge",
        wall_clock: Callable[[], float] = time.time,
        group_privacy: bool = True,
        page_language: deep_links.PageLanguage = "ru",
    ) -> None:
        identity = BotIdentity(token=token, username=bot_username, first_name=bot_first_name)
        self._state = FakeState(identity, clock, wall_clock, flood_control, group_privacy)
        self._deliverer = WebhookDeliverer(self._state, webhook_retry_delay)
        self._delivery_task: asyncio.Task[None] | None = None
        self._app: web.Application | None = None
        self._runner: web.AppRunner | None = None
        self._base_url: str | None = None
        self.page_language: deep_links.PageLanguage = page_language
        """The language of the page that stands in for the Telegram app opening a link (the demo's)."""
        self.link_user_choice: deep_links.LinkUserChoice | None = None

    # --- lifecycle ----------------------------------------------------------------------

    def create_app(self) -> web.Application:
        """The fake's aiohttp application (one per fake), for callers that run it themselves."""
        if self._app is None:
            app = web.Application(client_max_size=UPLOAD_LIMIT + _FORM_ROOM)
            app.router.add_route("*", "/bot{token}/{method}", self._handle_bot_api)
            app.router.add_route("*", "/bot{token}/", self._handle_no_method)
            add_control_routes(app, self)
            deep_links.add_deep_link_routes(app, self)
            add_team_control_routes(app, self)
            app.on_startup.append(self._on_startup)
            app.on_shutdown.append(self._on_shutdown)
            app.on_cleanup.append(self._on_cleanup)
            self._app = app
        return self._app

    async def start(self) -> str:
        """Serve on 127.0.0.1 on an ephemeral port; returns the base URL."""
        if self._runner is not None:
            raise RuntimeError("FakeTelegram is already started")
        runner = web.AppRunner(self.create_app(), shutdown_timeout=_SHUTDOWN_TIMEOUT_SECONDS)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        self._runner = runner
        host, port = runner.addresses[0][:2]
        self._base_url = f"http://{host}:{port}"
        return self._base_url

    async def close(self) -> None:
        self._stop_waiting()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def base_url(self) -> str:
        if self._base_url is None:
            raise RuntimeError("FakeTelegram is not started; call start() first")
        return self._base_url

    @property
    def token(self) -> str:
        return self._state.identity.token

    @property
    def bot_id(self) -> int:
        return self._state.identity.bot_id

    @property
    def bot_username(self) -> str:
        return self._state.identity.username

    # --- the user side ------------------------------------------------------------------

    def add_user(
        self,
        user_id: int,
        first_name: str = "Test User",
        language_code: str | None = None,
        username: str | None = None,
    ) -> FakeUser:
        """A Telegram user who has a private chat with the bot (chat id == user id)."""
        if user_id <= 0:
            raise ValueError(f"a user id is positive (negative ids are groups), got {user_id}")
        user = FakeUser(user_id, first_name, language_code, username)
        self._state.chats.add_user(user)
        self._state.changed()
        return user

    async def send_text(
        self, user_id: int, text: str, *, group_id: int | None = None, thread_id: int | None = None
    ) -> int:
        """The user writes to the bot, or in group `group_id` (as a member; in forum topic `thread_id`);
        returns the message_id. Writing to the bot unblocks a blocked bot. In a group the bot gets the
        message only as Telegram's privacy mode allows (see add_group())."""
        return user_actions.send_text(self._state, user_id, text, None, group_id, thread_id)

    async def reply(self, user_id: int, reply_to_message_id: int, text: str, *, group_id: int | None = None) -> int:
        """The user replies to an existing message in their chat (or group; in a forum the reply is in
        the replied message's topic); returns the message_id."""
        return user_actions.send_text(self._state, user_id, text, reply_to_message_id, group_id)

    async def press(
        self,
        user_id: int,
        message_id: int,
        callback_data: str,
        *,
        check_button: bool = True,
        group_id: int | None = None,
    ) -> str:
        """The user presses an inline button in their chat (or in group `group_id`); returns the
        callback query id. With check_button, the bot message must carry a button with exactly this
        callback_data (else LookupError)."""
        return user_actions.press_button(self._state, user_id, message_id, callback_data, check_button, group_id)

    async def open_link(self, user_id: int, url: str) -> int:
        """The user opens a link to the bot (`https://t.me/<bot>?start=<payload>`, or this fake's own page for it,
        `{base_url}/_fake/t.me/<bot>?start=...`) in their Telegram app, which sends the bot `/start <payload>`;
        returns the message_id. See deep_links.py."""
        return deep_links.open_link(self._state, user_id, url, self._base_url)

    def preselect_link_user(self, choice: deep_links.LinkUserChoice | None) -> None:
        """Which user the page for a link to the bot pre-selects, by the link's `start` payload (the person at that
        browser); None, or a choice of None: the first user."""
        self.link_user_choice = choice

    def users(self) -> list[FakeUser]:
        """Every user added with add_user(), in the order added."""
        return self._state.chats.users()

    def block_bot(self, user_id: int) -> None:
        """Later sends and edits in this chat get 403 "Forbidden: bot was blocked by the user"."""
        user_actions.set_blocked(self._state, user_id, blocked=True)

    def unblock_bot(self, user_id: int) -> None:
        user_actions.set_blocked(self._state, user_id, blocked=False)

    # --- groups -------------------------------------------------------------------------

    def add_group(
        self,
        chat_id: int,
        title: str,
        members: Iterable[int] = (),
        *,
        chat_type: str = "supergroup",
        is_forum: bool = False,
    ) -> FakeGroup:
        """A group ("group": id in -999999999999..-1) or supergroup ("supergroup": -100xxxxxxxxxx; with
        is_forum, a forum with topics) whose members are existing users (plain members: see
        set_member_status()), without the bot: to the bot it is "chat not found" until
        add_bot_to_group(). Once in, the bot gets (privacy mode on, not an administrator) service
        messages, commands (`/x` or `/x@<its username>`), mentions of its username and replies to
        its messages or to commands for it; with privacy mode off when it joined, or as an
        administrator, every message. Callback queries always reach it."""
        return group_actions.add_group(self._state, chat_id, title, members, chat_type, is_forum)

    def add_group_member(self, chat_id: int, user_id: int) -> int:
        """An existing user joins the group; returns the id of the "joined" service message."""
        return group_actions.add_member(self._state, chat_id, user_id)

    def add_bot_to_group(self, chat_id: int, by_user_id: int, *, as_admin: bool = False) -> int:
        """Member `by_user_id` adds the bot: a my_chat_member update, then the "joined" service
        message (returns its id). The group keeps the privacy mode the bot has at this moment."""
        return group_actions.add_bot(self._state, chat_id, by_user_id, as_admin=as_admin)

    def remove_bot_from_group(self, chat_id: int, by_user_id: int) -> int:
        """Member `by_user_id` removes the bot: my_chat_member (status "kicked") and the "left"
        service message (returns its id). Later calls there get 403 "bot was kicked from the
        group chat" ("supergroup chat" for supergroups)."""
        return group_actions.remove_bot(self._state, chat_id, by_user_id)

    def bot_status_in_group(self, chat_id: int) -> str:
        """The bot's membership: "never" (never added), "member", "administrator", "left" (after
        leaveChat) or "kicked"."""
        return group_actions.bot_status(self._state, chat_id)

    def set_group_privacy(self, enabled: bool) -> None:
        """BotFather's /setprivacy: getMe shows it at once; a group takes it when the bot is added."""
        self._state.group_privacy = enabled
        self._state.changed()

    # --- what happened ------------------------------------------------------------------

    def chat(self, chat_id: int) -> list[ChatMessage]:
        """What the chat shows now, in order: edits applied, deleted messages gone."""
        return [message.snapshot() for message in self._state.chats.require(chat_id).messages.values()]

    def bot_messages(self, chat_id: int) -> list[ChatMessage]:
        """The bot's own messages (not service messages such as "the bot left the group")."""
        return [message for message in self.chat(chat_id) if message.from_bot and message.service is None]

    def last_bot_message(self, chat_id: int) -> ChatMessage | None:
        messages = self.bot_messages(chat_id)
        return messages[-1] if messages else None

    async def wait_for(self, predicate: Callable[[], bool], timeout: float = 5.0, *, description: str = "") -> None:
        """Return once `predicate()` is true; it is re-checked after every change of the fake's
        state (each Bot API call, each message or callback change). Raises TimeoutError with the
        recent failed Bot API calls when `timeout` real seconds pass first."""
        if not await self._state.notifier.wait_until(predicate, timeout):
            what = description or "condition"
            raise TimeoutError(f"{what} not met within {timeout:g} s\n{self._diagnostics()}")

    async def wait_for_bot_message(
        self,
        chat_id: int,
        contains: str | None = None,
        *,
        after: int | None = None,
        timeout: float = 5.0,
    ) -> ChatMessage:
        """Wait until chat `chat_id` shows a bot message whose current text contains `contains`
        (any text when None) and whose message_id is greater than `after` (any id when None), and
        return the first such message in chat order.

        It looks at the chat as it is at each check, with edits applied and deleted messages gone,
        so a message already there when the call starts matches at once, and an edit that makes a
        message match counts. Nothing is remembered between calls: pass `after` (for example the
        message_id of the user's last message, or of the last bot message seen) to wait for a
        newer one.
        """
        found: list[ChatMessage] = []

        def matching() -> bool:
            for message in self.bot_messages(chat_id):
                newer = after is None or message.message_id > after
                if newer and (contains is None or contains in message.text):
                    found.append(message)
                    return True
            return False

        if not await self._state.notifier.wait_until(matching, timeout):
            raise TimeoutError(
                f"no bot message containing {contains!r} with message_id > {after} in chat "
                f"{chat_id} within {timeout:g} s\n{self._diagnostics(chat_id)}"
            )
        return found[-1]

    def unanswered_callbacks(self) -> list[str]:
        """Callback query ids never answered, in press order."""
        answers = self._state.callback_answers
        return [query_id for query_id in self._state.callbacks if query_id not in answers]

    @property
    def callback_answers(self) -> dict[str, CallbackAnswer]:
        return dict(self._state.callback_answers)

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every Bot API call, in the order the answers were given."""
        return list(self._state.requests)

    def calls(self, method: str) -> list[RecordedRequest]:
        name = canonical_method_name(method) or method
        return [request for request in self._state.requests if request.method == name]

    def commands(
        self, scope_type: str = "default", language_code: str = "", *, chat_id: int | None = None
    ) -> list[dict[str, str]]:
        """What setMyCommands stored for this scope (and chat, for chat scopes) and language."""
        key = (scope_type, chat_id, None, language_code)
        return [dict(command) for command in self._state.commands.get(key, [])]

    @property
    def webhook_url(self) -> str:
        return self._state.webhook.url

    @property
    def webhook_secret(self) -> str | None:
        return self._state.webhook.secret_token

    @property
    def webhook_deliveries(self) -> list[WebhookDelivery]:
        """Every attempt to POST an update to the webhook, failed ones included."""
        return list(self._state.webhook_deliveries)

    @property
    def waiting_get_updates(self) -> int:
        """getUpdates calls being held open right now (long polls)."""
        return self._state.waiting_polls

    @property
    def pending_update_count(self) -> int:
        return len(self._state.updates)

    @property
    def stats(self) -> FakeTelegramStats:
        return self._state.stats

    def set_flood_control(self, flood_control: FloodControl | None) -> None:
        """Replace the limits (None turns flood control off); buckets start full."""
        self._state.set_flood_control(flood_control)

    def stored_file(self, file_id: str) -> StoredFile:
        """A file the bot uploaded, by any `file_id` Telegram gave it (LookupError for another)."""
        return self._state.files.stored(file_id)

    def forget_files(self) -> None:
        """Every `file_id` given so far stops working: sending one is `wrong file identifier/HTTP URL specified`."""
        self._state.files.forget_all()

    def hold_send(self, chat_id: int, contains: str) -> SendGate:
        """Holds the next sendMessage to the chat whose text contains `contains` until the gate is released (or
        the fake closes); `await gate.reached.wait()` to know the bot is waiting for it."""
        gate = SendGate(chat_id, contains)
        self._state.send_gates.append(gate)
        return gate

    def redeliver(self, update_id: int) -> None:
        """Telegram delivers an update once more, as it does when the bot's confirmation never reached it: a
        webhook answer that timed out, or a getUpdates offset the bot died before sending."""
        self._state.updates.requeue(update_id)
        self._state.changed()

    # --- HTTP ---------------------------------------------------------------------------

    async def _handle_bot_api(self, request: web.Request) -> web.Response:
        token, method = request.match_info["token"], request.match_info["method"]
        try:
            raw_params = await read_request_params(request)
        except ApiError as error:
            answer = record_failure(self._state, method, {}, error, self._state.clock())
        else:
            answer = await execute_call(self._state, token, method, raw_params)
        return web.json_response(answer, status=http_status_of(answer))

    async def _handle_no_method(self, request: web.Request) -> web.Response:
        return web.json_response(ApiError(404, NOT_FOUND).to_json(), status=404)

    async def _on_startup(self, app: web.Application) -> None:
        self._state.closing = False
        self._delivery_task = asyncio.create_task(self._deliverer.run())

    async def _on_shutdown(self, app: web.Application) -> None:
        self._stop_waiting()

    async def _on_cleanup(self, app: web.Application) -> None:
        task, self._delivery_task = self._delivery_task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    def _stop_waiting(self) -> None:
        """Release long polls, the webhook deliverer and any held sendMessage."""
        self._state.closing = True
        for gate in self._state.send_gates:
            gate.release()
        self._state.changed()

    def _diagnostics(self, chat_id: int | None = None) -> str:
        state = self._state
        failed = [request for request in state.requests if not request.ok][-_DIAGNOSTIC_CALLS:]
        lines = [f"recent failed Bot API calls ({len(failed)} shown):"]
        lines += [f"  {r.method} -> {r.error_code} {r.description}" for r in failed] or ["  none"]
        lines.append(f"pending updates: {len(state.updates)}; webhook: {state.webhook.url!r}")
        chat = state.chats.get(chat_id) if chat_id is not None else None
        if chat is not None:
            lines.append(f"chat {chat_id} now:")
            for message in chat.messages.values():
                author = "bot " if message.sender is None else f"user {message.sender.user_id}"
                shown = message.text[:100] if message.service is None else f"[{', '.join(message.service)}]"
                lines.append(f"  #{message.message_id} {author}: {shown!r}")
        return "\n".join(lines)
