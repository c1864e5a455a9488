"""What happens on hh.ru in the demo: the hh.ru pane's buttons and the walk-through's events, on the fake hh.ru."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable
from dataclasses import dataclass

from bot.demo.texts import DemoTexts
from bot.demo.world import Role, World
from bot.testing.fake_hh import FakeHH, Fault, Negotiation, default_workflow

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
class Conversation:
    negotiation: Negotiation
    other_side: str  # the candidate's name for an employer, the company for an applicant


class Happenings:
    def __init__(self, hh: FakeHH, world: World, texts: DemoTexts) -> None:
        self._hh = hh
        self._world = world
        self._texts = texts
        sample = texts.sample
        self.employer_conversations: list[Conversation] = []
        self.applicant_conversations = [Conversation(world.earlier_response, sample.earlier_response[0])]
        self._candidates = itertools.cycle(sample.candidates)
        self._companies = itertools.cycle(sample.other_companies)
        self._letters = itertools.cycle(sample.cover_letters)
        self._candidate_messages = itertools.cycle(sample.candidate_messages)
        self._employer_messages = itertools.cycle(sample.employer_messages)
        self._calm: asyncio.TimerHandle | None = None
        self._events: dict[str, Callable[[Role], str]] = {
            "candidate_responds": lambda role: self.candidate_responds(),
            "candidate_writes": lambda role: self.candidate_writes(),
            "employer_moves_stage": self.employer_moves_stage,
            "applicant_responds": lambda role: self.applicant_responds(),
            "employer_writes": lambda role: self.employer_writes(),
            "employer_invites": self.employer_moves_stage,
            "token_expires": self.token_expires,
            "too_many_requests": lambda role: self.too_many_requests(),
            "captcha": self.captcha,
        }

    def knows(self, name: str) -> bool:
        return name in self._events

    def happen(self, name: str, role: Role) -> str:
        """Runs the event called `name`; returns what happened, in words."""
        return self._events[name](role)

    def close(self) -> None:
        if self._calm is not None:
            self._calm.cancel()

    def candidate_responds(self) -> str:
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
        self.employer_conversations.append(Conversation(negotiation, name))
        if first_time:
            self.applicant_conversations.append(Conversation(negotiation, sample.employer[2]))
        return self._texts.happened.responded.format(name=name, vacancy=sample.vacancy, text=letter)

    def candidate_writes(self) -> str:
        conversation = self._latest(self.employer_conversations)
        text = next(self._candidate_messages)
        self._hh.add_message(conversation.negotiation, "applicant", text)
        return self._texts.happened.wrote.format(name=conversation.other_side, text=text)

    def applicant_responds(self) -> str:
        sample = self._texts.sample
        company, vacancy_name = next(self._companies)
        manager = self._hh.add_employer_user(first_name="HR", last_name=company, company=company)
        vacancy = self._hh.add_vacancy(manager, vacancy_name, city=sample.city)
        letter = next(self._letters)
        negotiation = self._hh.add_response(vacancy, self._world.applicant, cover_letter=letter)
        self.applicant_conversations.append(Conversation(negotiation, company))
        return self._texts.happened.responded.format(name=self._applicant_name(), vacancy=vacancy_name, text=letter)

    def employer_writes(self) -> str:
        conversation = self._latest(self.applicant_conversations)
        text = next(self._employer_messages)
        self._hh.add_message(conversation.negotiation, "employer", text)
        return self._texts.happened.wrote.format(name=conversation.other_side, text=text)

    def employer_moves_stage(self, role: Role) -> str:
        """The employer presses the first action hh.ru offers for the latest response, on the site."""
        conversations = self.employer_conversations if role == "employer" else self.applicant_conversations
        for conversation in reversed(conversations):
            view = self._hh.negotiation(conversation.negotiation)
            actions = [a for a in default_workflow().actions_from(view.employer_state) if not a.hidden]
            if actions and not view.hidden:
                action = actions[0]
                message = self._texts.sample.stage_message if action.argument("message") else None
                self._hh.employer_action(conversation.negotiation, action.id, message)
                company = self._texts.sample.employer[2] if role == "employer" else conversation.other_side
                name = conversation.other_side if role == "employer" else self._applicant_name()
                return self._texts.happened.moved.format(company=company, action=action.name, name=name)
        raise NothingToDo(self._texts.happened.nothing_to_move)

    def token_expires(self, role: Role) -> str:
        persona = self._world.personas[role]
        self._hh.expire_tokens(persona.hh_user_id)
        return self._texts.happened.token_expired.format(name=persona.hh_name)

    def too_many_requests(self) -> str:
        """Every hh.ru request answers 429 for a while; pressed again, the while starts anew."""
        self.close()
        self._hh.clear_faults()
        self._hh.inject(Fault(status=429, count=ENDLESS, retry_after=RETRY_AFTER))
        self._calm = asyncio.get_running_loop().call_later(TOO_MANY_SECONDS, self._hh.clear_faults)
        return self._texts.happened.too_many_requests.format(retry=RETRY_AFTER, seconds=TOO_MANY_SECONDS)

    def captcha(self, role: Role) -> str:
        persona = self._world.personas[role]
        self._hh.require_captcha(persona.hh_user_id)
        return self._texts.happened.captcha.format(name=persona.hh_name)

    def _latest(self, conversations: list[Conversation]) -> Conversation:
        if not conversations:
            raise NothingToDo(self._texts.happened.nothing_to_write_in)
        return conversations[-1]

    def _applicant_name(self) -> str:
        return self._world.personas["applicant"].hh_name
