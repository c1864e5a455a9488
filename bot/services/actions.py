"""Acting on a negotiation from Telegram: its actions, message templates, replies and declining.

A card (`storage.cards.Card`) is what stands behind a pushed message's buttons. Every use of a card is checked
against the Telegram user acting, and only URLs on the configured hh.ru API host are ever called (the client checks).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from enum import Enum
from urllib.parse import quote

from sqlite_utils import Database

from bot.clock import Clock
from bot.hh.client import HHClient
from bot.hh.errors import HHError, NegotiationError
from bot.hh.manager_accounts import acting_as
from bot.hh.models import Action, ActionArgument, IdName, Negotiation
from bot.logs import ids
from bot.refusals import refusal_of, write_blocked
from bot.services.chat_replies import ChatReplies, Delivery
from bot.services.limits import UserLimit
from storage import accounts, cards, delivered, negotiation_chats, prompts, users, work_accounts
from storage.accounts import Status
from storage.cards import Card
from storage.db import Storage
from storage.negotiation_chats import NegotiationChat
from storage.prompts import ActionPrompt, HeldPrompt, ReplyPrompt

log = logging.getLogger(__name__)

KNOWN_ARGUMENTS = frozenset({"message", "send_sms"})
PROMPT_LIFETIME = 1800.0
TEMPLATES_READ = 5
"""At most this many of an action's message templates are read: each is an hh.ru call the user's limit pays for."""
BUSY = "busy"
SLOW_DOWN = "slow_down"
GONE = "gone"


class Step(Enum):
    RUN = "run"
    ASK = "ask"
    SITE_ONLY = "site_only"


@dataclass(frozen=True)
class ActionPlan:
    step: Step
    message_required: bool = False
    sms_offered: bool = False
    missing_argument: str | None = None


@dataclass(frozen=True)
class ReplyContext:
    """What sending a reply needs to know: the negotiation's chat, the user's chat and whom it goes to."""

    chat: NegotiationChat | None
    telegram_chat_id: int
    name: str


@dataclass(frozen=True)
class ReplyTarget:
    """The negotiation a pushed Telegram message belongs to, and whom it is with."""

    account_id: int
    negotiation_id: str
    name: str


@dataclass(frozen=True)
class ActionOutcome:
    """How a call to hh.ru ended: `refusal` is None on success, else hh.ru's error value or one of ours.
    `deferred`: a reply that is saved and goes later (`chat_is_not_ready`, `hh_down`)."""

    refusal: str | None = None
    card: Card | None = None
    state_name: str | None = None
    deferred: str | None = None

    @property
    def ok(self) -> bool:
        return self.refusal is None


def plan(action: Action) -> ActionPlan:
    """What pressing `action` takes: run it now, ask for its message first, or send the user to hh.ru."""
    for argument in action.arguments:
        needed = {argument.id, *(required.id for required in argument.required_arguments)}
        if argument.required and not needed <= KNOWN_ARGUMENTS:
            return ActionPlan(Step.SITE_ONLY, missing_argument=next(iter(sorted(needed - KNOWN_ARGUMENTS))))
    message = action.argument("message")
    if message is None:
        return ActionPlan(Step.RUN)
    sms = action.argument("send_sms")
    sms_offered = sms is not None and {r.id for r in sms.required_arguments} <= KNOWN_ARGUMENTS
    return ActionPlan(Step.ASK, message_required=message.required, sms_offered=sms_offered)


def visible_actions(actions: list[Action] | None) -> tuple[Action, ...]:
    """The actions a card gets a button for."""
    return tuple(action for action in actions or () if action.enabled and not action.hidden)


MOVE = "→ {state}"
"""A move's button: the employer state it moves the negotiation to."""


def moves(states: Sequence[IdName], current: str, negotiation: Negotiation) -> tuple[Action, ...]:
    """Buttons for a negotiation hh.ru sent without `actions` (its spec marks them optional): a move to each other
    employer state of its vacancy (`employer_states` of the collections list, which the spec requires), by hh.ru's
    documented `PUT /negotiations/{collection}/{nid}` with an optional message. A move hh.ru's rules do not allow
    is refused (`wrong_state`), and the user is told so."""
    if not negotiation.url or "/negotiations/" not in negotiation.url:
        return ()
    base = negotiation.url[:negotiation.url.rindex("/negotiations/")]
    return tuple(Action(id=state.id, name=MOVE.format(state=state.name or state.id), method="PUT",
                        url=f"{base}/negotiations/{quote(state.id, safe='')}/{quote(negotiation.id, safe='')}",
                        arguments=[ActionArgument(id="message", required=False)])
                 for state in states if state.id != current)


def card_actions(negotiation: Negotiation, states: Sequence[IdName]) -> tuple[Action, ...]:
    """hh.ru's visible actions of the negotiation; where it sent none at all, the moves between `states`."""
    if negotiation.actions is not None:
        return visible_actions(negotiation.actions)
    return moves(states, negotiation.stage.id, negotiation)


class ActionService:
    def __init__(self, storage: Storage, hh: HHClient, clock: Clock, limit: UserLimit,
                 replies: ChatReplies | None = None) -> None:
        self._storage = storage
        self._hh = hh
        self._clock = clock
        self._limit = limit
        self._busy: set[tuple[int, str]] = set()
        self.replies = replies or ChatReplies(storage, hh, clock, lambda: None)

    async def card(self, telegram_id: int, card_id: int) -> Card | None:
        """The card, if it exists and belongs to an active account of this Telegram user."""
        return await self._storage.run(_owned_card, telegram_id, card_id)

    async def reply_target(self, telegram_id: int, chat_id: int, message_id: int) -> ReplyTarget | None:
        """The (account, negotiation) a pushed Telegram message belongs to, if this user may answer it."""
        return await self._storage.run(_reply_target, telegram_id, chat_id, message_id)

    async def remember_prompt(self, owner_id: int, actor_id: int, prompt: ActionPrompt | ReplyPrompt) -> None:
        """Opens the prompt: answered with the owner's account, opened by `actor_id` (in private, the owner). It
        ends the one the same person had open for the same owner in the same chat."""
        await self._storage.run(prompts.put, owner_id, actor_id, prompt, self._clock.now())

    async def prompt_of(self, owner_id: int, chat_id: int, actor_id: int) -> ActionPrompt | ReplyPrompt | None:
        """The prompt the person opened for the owner in this chat and has still to answer; ones older than
        PROMPT_LIFETIME are over. Prompts are per chat: text in the private chat never answers a prompt opened in a
        group, nor the reverse."""
        return await self._storage.run(prompts.get, owner_id, chat_id, actor_id, self._since())

    async def prompt_at(self, chat_id: int, message_id: int) -> HeldPrompt | None:
        """The open prompt that this message of the chat asks (a reply to it, or a button under it, answers it)."""
        return await self._storage.run(prompts.at_message, chat_id, message_id, self._since())

    async def prompts_of_person(self, chat_id: int, person_id: int) -> list[HeldPrompt]:
        """Every prompt the person opened in this chat and has still to finish, for whichever owner."""
        return await self._storage.run(prompts.of_actor, chat_id, person_id, self._since())

    async def forget_prompt(self, prompt: ActionPrompt | ReplyPrompt) -> None:
        """Ends this prompt (not a newer one opened since by the same person)."""
        await self._storage.run(prompts.close, prompt.chat_id, prompt.prompt_message_id)

    async def move_prompt(self, prompt_message_id: int, prompt: ActionPrompt | ReplyPrompt) -> bool:
        """The prompt asked by `prompt_message_id` moves on to `prompt` (its preview, or asking again); False when
        it is no longer open."""
        return await self._storage.run(prompts.replace, prompt_message_id, prompt, self._clock.now())

    async def take_prompt(self, chat_id: int, prompt_message_id: int) -> HeldPrompt | None:
        """Ends the open prompt of that prompt message and returns it: of two presses of «Отправить», one acts."""
        return await self._storage.run(prompts.take, chat_id, prompt_message_id, self._since())

    def _since(self) -> float:
        return self._clock.now() - PROMPT_LIFETIME

    def allow(self, telegram_id: int, calls: int = 1) -> bool:
        """Whether the user may cost hh.ru `calls` more calls now; see `UserLimit`."""
        return self._limit.allow(telegram_id, calls)

    def allow_templates(self, telegram_id: int, action: Action) -> bool:
        """Whether the user may have the action's templates read now: a unit of their limit per template read."""
        return self.allow(telegram_id, len(action.templates[:TEMPLATES_READ]))

    async def templates(self, card: Card, action: Action) -> list[tuple[str, str]] | None:
        """The action's first `TEMPLATES_READ` templates as (name, text); None when hh.ru refuses templates to this
        account."""
        found: list[tuple[str, str]] = []
        for template in action.templates[:TEMPLATES_READ]:
            try:
                with await self._acting(card.account_id, card.negotiation_id):
                    body = await self._hh.message_template(card.account_id, template.url)
            except HHError as error:
                log.info("template %s unavailable: %s", template.id, error, extra=ids(account_id=card.account_id))
                return found or None
            text = body.mail.text if body.mail else None
            if text:
                found.append((template.name or template.id, text))
        return found

    async def run(self, telegram_id: int, card: Card, index: int, message: str | None,
                  send_sms: bool) -> ActionOutcome:
        action = card.action(index)
        if action is None:
            return ActionOutcome(refusal="wrong_state")
        if not self.allow(telegram_id):
            return ActionOutcome(refusal=SLOW_DOWN)
        arguments = {"message": message} if message is not None else {}
        if send_sms:
            arguments["send_sms"] = "true"
        key = (card.account_id, card.negotiation_id)
        if key in self._busy:
            return ActionOutcome(refusal=BUSY)
        self._busy.add(key)
        try:
            try:
                with await self._acting(card.account_id, card.negotiation_id):
                    await self._hh.run_action(card.account_id, action.method, action.url, arguments)
            except HHError as error:
                refusal = refusal_of(error)
                log.info("action %s refused: %s", action.id, refusal,
                         extra=ids(account_id=card.account_id, negotiation_id=card.negotiation_id))
                fresh = await self._refreshed(card, None) if isinstance(error, NegotiationError) else None
                return ActionOutcome(refusal=refusal, card=fresh.card if fresh else None,
                                     state_name=fresh.state_name if fresh else None)
            log.info("action %s done", action.id,
                     extra=ids(account_id=card.account_id, negotiation_id=card.negotiation_id))
            return await self._refreshed(card, action)
        finally:
            self._busy.discard(key)

    async def reply_refusal(self, telegram_id: int, account_id: int, negotiation_id: str) -> str | None:
        """Why replying into the negotiation is not possible now (its chat's `write_message_state`), or None."""
        context = await self._storage.run(_reply_context, telegram_id, account_id, negotiation_id)
        if context is None:
            return GONE
        return _write_refusal(context.chat)

    async def send_message(self, telegram_id: int, account_id: int, negotiation_id: str,
                           text: str) -> ActionOutcome:
        """Sends `text` into the negotiation, if the account is this user's and active: through the negotiation's
        chat where it has one (with an idempotency key), else, or when hh.ru refuses the chat, the legacy way."""
        context = await self._storage.run(_reply_context, telegram_id, account_id, negotiation_id)
        if context is None:
            return ActionOutcome(refusal=GONE)
        blocked = _write_refusal(context.chat)
        if blocked is not None:
            return ActionOutcome(refusal=blocked)
        if not self.allow(telegram_id):
            return ActionOutcome(refusal=SLOW_DOWN)
        chat = context.chat
        if chat is not None and not chat.legacy:
            with await self._acting(account_id, negotiation_id):
                attempt = await self.replies.send(account_id, negotiation_id, chat.chat_id, text, context.name,
                                                  context.telegram_chat_id)
            if attempt.delivery is Delivery.SENT:
                return ActionOutcome()
            if attempt.delivery is Delivery.WAITING:
                return ActionOutcome(deferred=attempt.refusal)
            if attempt.delivery is Delivery.REFUSED:
                return ActionOutcome(refusal=attempt.refusal)
        try:
            with await self._acting(account_id, negotiation_id):
                await self._hh.send_message(account_id, negotiation_id, text)
        except HHError as error:
            log.info("message refused: %s", refusal_of(error),
                     extra=ids(account_id=account_id, negotiation_id=negotiation_id))
            return ActionOutcome(refusal=refusal_of(error))
        return ActionOutcome()

    async def decline(self, telegram_id: int, card: Card) -> ActionOutcome:
        if not self.allow(telegram_id):
            return ActionOutcome(refusal=SLOW_DOWN)
        try:
            with await self._acting(card.account_id, card.negotiation_id):
                await self._hh.hide_response(card.account_id, card.negotiation_id, with_decline_message=True)
        except HHError as error:
            return ActionOutcome(refusal=refusal_of(error))
        await self._storage.run(cards.delete, card.id)
        return ActionOutcome()

    async def _acting(self, account_id: int, negotiation_id: str) -> AbstractContextManager[None]:
        """hh.ru calls about the negotiation act as the work account its card came from (services/work_accounts)."""
        return acting_as(await self._storage.run(work_accounts.of_negotiation, account_id, negotiation_id))

    async def _refreshed(self, card: Card, done: Action | None) -> ActionOutcome:
        """The card as hh.ru now has the negotiation: a new row with fresh actions replaces the old one."""
        state_name = done.resulting_employer_state.name if done and done.resulting_employer_state else None
        state = card.state
        try:
            with await self._acting(card.account_id, card.negotiation_id):
                negotiation = await self._hh.negotiation(card.account_id, card.negotiation_id)
            state_name = negotiation.stage.name or state_name
            actions = card_actions(negotiation, card.moves_from)
            if negotiation.actions is None and not card.moves_from:
                # hh.ru's spec leaves `actions` out of this answer optional: in the same state the card's stay
                # good; in another, the card waits for a check to read the negotiation in its list, which has them
                actions = card.actions if negotiation.stage.id == card.state else ()
            elif card.state is not None:
                state = negotiation.stage.id
        except HHError as error:
            log.warning("could not reload the negotiation: %s", error,
                        extra=ids(account_id=card.account_id, negotiation_id=card.negotiation_id))
            actions = ()
        fresh = await self._storage.run(cards.replace, card,
                                        card.model_copy(update={"actions": actions, "state": state}),
                                        self._clock.now())
        return ActionOutcome(card=fresh, state_name=state_name)


def _owned_card(db: Database, telegram_id: int, card_id: int) -> Card | None:
    card = cards.get(db, card_id)
    if card is None or not _owns_active(db, telegram_id, card.account_id):
        return None
    return card


def _owns_active(db: Database, telegram_id: int, account_id: int) -> bool:
    account = accounts.get(db, account_id)
    return account is not None and account.telegram_id == telegram_id and account.status is Status.ACTIVE


def _reply_context(db: Database, telegram_id: int, account_id: int, negotiation_id: str) -> ReplyContext | None:
    """None unless the account is this user's and active."""
    user = users.get(db, telegram_id)
    if user is None or not _owns_active(db, telegram_id, account_id):
        return None
    card = cards.latest(db, account_id, negotiation_id)
    return ReplyContext(negotiation_chats.of_negotiation(db, account_id, negotiation_id), user.chat_id,
                        card.title if card is not None else "")


def _write_refusal(chat: NegotiationChat | None) -> str | None:
    if chat is None or chat.legacy or chat.write_allowed:
        return None
    return write_blocked(chat.write_reason)


def _reply_target(db: Database, telegram_id: int, chat_id: int, message_id: int) -> ReplyTarget | None:
    ref = delivered.by_telegram_message(db, chat_id, message_id)
    if ref is None:
        return None
    account = accounts.get(db, ref.account_id)
    if account is None or account.telegram_id != telegram_id:
        return None
    card = cards.latest(db, ref.account_id, ref.negotiation_id)
    return ReplyTarget(ref.account_id, ref.negotiation_id, card.title if card is not None else "")
