"""What happens on hh.ru in the demo: the hh.ru pane's buttons and the walk-through's events, on the fake hh.ru.

Each event says what happened, and, where the chat will not show it at once, why (`Outcome.note`): the bot is not
connected to that account, the account waits for a captcha, or the bot sees this kind of change later or only in
its call log. Trouble (a dead token, 429s, a captcha) belongs to the persona who raised it.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable
from dataclasses import dataclass

from bot.demo.texts import DemoTexts
from bot.demo.world import Role, World
from bot.testing.fake_hh import ActionSpec, FakeHH, Fault, Negotiation, TokenInfo, Workflow, default_workflow
from bot.testing.fake_telegram import FakeTelegram
from bot.texts import texts_for

ROLE_EVENTS: dict[Role, tuple[str, ...]] = {
    "employer": ("candidate_responds", "candidate_writes", "employer_moves_stage"),
    "applicant": ("applicant_responds", "employer_writes", "employer_invites"),
}
TROUBLE_EVENTS = ("token_expires", "too_many_requests", "captcha")
TOO_MANY_SECONDS = 30
RETRY_AFTER = 5
ENDLESS = 1_000_000


class NothingToDo(Exception):
    """The event needs something that is not there yet (a response to move, a conversation to write in)."""


@dataclass(frozen=True)
class Outcome:
    """What happened on hh.ru, in words; `note`: what the chat will show of it, or why it will show nothing."""

    said: str
    note: str | None = None


@dataclass(frozen=True)
class Conversation:
    negotiation: Negotiation
    other_side: str  # the candidate's name for an employer, the company for an applicant
    vacancy: str


class Happenings:
    def __init__(self, hh: FakeHH, tg: FakeTelegram, world: World, texts: DemoTexts) -> None:
        self._hh = hh
        self._tg = tg
        self._world = world
        self._texts = texts
        self._connected = texts_for(hh.language).summary_employer.split(".")[0]  # how the first check's summary opens
        self._workflow: Workflow = default_workflow(hh.language)
        sample = texts.sample
        self.employer_conversations: list[Conversation] = []
        self.applicant_conversations = [Conversation(world.earlier_response, sample.earlier_response[0],
                                                     sample.earlier_response[1])]
        self._candidates = itertools.cycle(sample.candidates)
        self._companies = itertools.cycle(sample.other_companies)
        self._letters = itertools.cycle(sample.cover_letters)
        self._candidate_messages = itertools.cycle(sample.candidate_messages)
        self._employer_messages = itertools.cycle(sample.employer_messages)
        self._calm: dict[Role, asyncio.TimerHandle] = {}
        self._events: dict[str, Callable[[Role], Outcome]] = {
            "candidate_responds": lambda role: self.candidate_responds(),
            "candidate_writes": lambda role: self.candidate_writes(),
            "employer_moves_stage": self.moves_stage,
            "applicant_responds": lambda role: self.applicant_responds(),
            "employer_writes": lambda role: self.employer_writes(),
            "employer_invites": self.moves_stage,
            "token_expires": self.token_expires,
            "too_many_requests": self.too_many_requests,
            "captcha": self.captcha,
        }

    def knows(self, name: str) -> bool:
        return name in self._events

    def happen(self, name: str, role: Role) -> Outcome:
        """Runs the event called `name` as seen by `role`; says what happened and what the chat will show."""
        return self._events[name](role)

    def close(self) -> None:
        for calm in self._calm.values():
            calm.cancel()
        self._calm.clear()

    # --- the employer's side --------------------------------------------------------------------------------

    def candidate_responds(self) -> Outcome:
        """The applicant of the demo responds first; then new candidates, one by one."""
        sample = self._texts.sample
        first_time = not any(c.other_side == self._applicant_name() for c in self.employer_conversations)
        if first_time:
            candidate, name = self._world.applicant, self._applicant_name()
        else:
            first, last = next(self._candidates)
            candidate = self._hh.add_applicant_user(first, last, city=sample.city, resume_title=sample.resume_title)
            name = f"{first} {last}"
        letter = next(self._letters)
        negotiation = self._hh.add_response(self._world.vacancy, candidate, cover_letter=letter)
        self.employer_conversations.append(Conversation(negotiation, name, sample.vacancy))
        if first_time:
            self.applicant_conversations.append(Conversation(negotiation, sample.employer[2], sample.vacancy))
        said = self._texts.happened.responded.format(name=name, vacancy=sample.vacancy, text=letter)
        return self._shown_soon(said, "employer")

    def candidate_writes(self, conversation: Conversation | None = None) -> Outcome:
        """The candidate of `conversation`, by default the latest, writes to the employer."""
        conversation = conversation or self._latest(self.employer_conversations, "candidate_responds")
        text = next(self._candidate_messages)
        self._hh.add_message(conversation.negotiation, "applicant", text)
        return self._shown_soon(self._texts.happened.wrote.format(name=conversation.other_side, text=text),
                                "employer")

    def moves_stage(self, role: Role) -> Outcome:
        """The employer presses, on the site, the first action hh.ru offers for the role's latest response. An
        employer's card follows at the next check only when the vacancy's counters change (docs/architecture.md,
        «A card follows its negotiation's stage»); the page says so when they do not."""
        employer_side = role == "employer"
        conversations = self.employer_conversations if employer_side else self.applicant_conversations
        for conversation in reversed(conversations):
            action = self._next_action(conversation.negotiation)
            if action is None:
                continue
            counters = self._hh.vacancy_counters(self._hh.negotiation(conversation.negotiation).vacancy_id)
            message = self._stage_message(action) if action.argument("message") else None
            self._hh.employer_action(conversation.negotiation, action.id, message)
            vacancy = self._hh.negotiation(conversation.negotiation).vacancy_id
            company = self._texts.sample.employer[2] if employer_side else conversation.other_side
            name = conversation.other_side if employer_side else self._applicant_name()
            said = self._texts.happened.moved.format(company=company, action=action.name, name=name)
            if employer_side and self._hh.vacancy_counters(vacancy) == counters:
                later = self._texts.happened.seen_at_next_news.format(event=self._texts.events.candidate_writes)
                return Outcome(said, self._unseen_because(role) or later)
            return self._shown_soon(said, role)
        first = "candidate_responds" if employer_side else "applicant_responds"
        raise NothingToDo(self._texts.happened.nothing_to_move.format(event=self._label(first)))

    # --- the applicant's side -------------------------------------------------------------------------------

    def applicant_responds(self) -> Outcome:
        sample = self._texts.sample
        company, vacancy_name = next(self._companies)
        manager = self._hh.add_employer_user(first_name="HR", last_name=company, company=company)
        vacancy = self._hh.add_vacancy(manager, vacancy_name, city=sample.city)
        letter = next(self._letters)
        negotiation = self._hh.add_response(vacancy, self._world.applicant, cover_letter=letter)
        self.applicant_conversations.append(Conversation(negotiation, company, vacancy_name))
        said = self._texts.happened.responded.format(name=self._applicant_name(), vacancy=vacancy_name, text=letter)
        return self._shown_soon(said, "applicant")

    def employer_writes(self) -> Outcome:
        conversation = self._latest(self.applicant_conversations, "applicant_responds")
        text = next(self._employer_messages)
        self._hh.add_message(conversation.negotiation, "employer", text)
        return self._shown_soon(self._texts.happened.wrote.format(name=conversation.other_side, text=text),
                                "applicant")

    # --- trouble, one persona's -----------------------------------------------------------------------------

    def token_expires(self, role: Role) -> Outcome:
        persona = self._world.personas[role]
        self._hh.expire_tokens(persona.hh_user_id)
        said = self._texts.happened.token_expired.format(name=persona.hh_name)
        return Outcome(said, self._unseen_because(role) or self._texts.happened.token_note)

    def too_many_requests(self, role: Role) -> Outcome:
        """The persona's hh.ru calls answer 429 for a while; pressed again, the while starts anew."""
        persona = self._world.personas[role]
        self._calm_down(role)
        self._hh.inject(Fault(status=429, count=ENDLESS, retry_after=RETRY_AFTER, user_id=persona.hh_user_id))
        self._calm[role] = asyncio.get_running_loop().call_later(TOO_MANY_SECONDS, self._calm_down, role)
        said = self._texts.happened.too_many_requests.format(retry=RETRY_AFTER, seconds=TOO_MANY_SECONDS,
                                                             name=persona.hh_name)
        return Outcome(said, self._unseen_because(role) or self._texts.happened.too_many_note)

    def captcha(self, role: Role) -> Outcome:
        persona = self._world.personas[role]
        note = self._unseen_because(role) or self._texts.happened.captcha_note
        self._hh.require_captcha(persona.hh_user_id)
        return Outcome(self._texts.happened.captcha.format(name=persona.hh_name), note)

    def _calm_down(self, role: Role) -> None:
        calm = self._calm.pop(role, None)
        if calm is not None:
            calm.cancel()
        self._hh.clear_faults(self._world.personas[role].hh_user_id)

    # --- what the chat will show ----------------------------------------------------------------------------

    def _shown_soon(self, said: str, role: Role) -> Outcome:
        return Outcome(said, self._unseen_because(role) or self._texts.happened.seen_at_next_check)

    def _unseen_because(self, role: Role) -> str | None:
        """Why the role's chat will show nothing of hh.ru for now: no account linked, its first check (which takes
        what it finds as seen) not done, or an account waiting for a captcha."""
        persona = self._world.personas[role]
        if not any(_usable(token) for token in self._hh.tokens_of(persona.hh_user_id)):
            return self._texts.happened.not_linked.format(name=persona.hh_name)
        if not any(m.text.startswith(self._connected) for m in self._tg.bot_messages(persona.telegram_id)):
            return self._texts.happened.first_check_pending.format(name=persona.hh_name)
        if self._hh.captcha_required(persona.hh_user_id):
            return self._texts.happened.paused_by_captcha.format(name=persona.hh_name)
        return None

    # --- helpers --------------------------------------------------------------------------------------------

    def _next_action(self, negotiation: Negotiation) -> ActionSpec | None:
        view = self._hh.negotiation(negotiation)
        if view.hidden:
            return None
        return next((a for a in self._workflow.actions_from(view.employer_state) if not a.hidden), None)

    def _stage_message(self, action: ActionSpec) -> str:
        sample = self._texts.sample
        return sample.stage_messages.get(action.resulting_state or "", sample.stage_message)

    def _latest(self, conversations: list[Conversation], first: str) -> Conversation:
        if not conversations:
            raise NothingToDo(self._texts.happened.nothing_to_write_in.format(event=self._label(first)))
        return conversations[-1]

    def _label(self, event: str) -> str:
        label: str = getattr(self._texts.events, event)
        return label

    def _applicant_name(self) -> str:
        return self._world.personas["applicant"].hh_name


def _usable(token: TokenInfo) -> bool:
    """A token the bot holds and can go on with (an expired one is refreshed)."""
    return not (token.invalidated or token.revoked or token.deactivated or token.refreshed)
