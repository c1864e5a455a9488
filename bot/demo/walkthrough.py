"""`--script`: the walk-through, played on the running demo as the employer and her team would, each step waiting
for its outcome."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

import aiohttp

from bot.demo.happenings import Happenings
from bot.demo.stack import HEALTHZ_AUTH, Stack
from bot.demo.texts import DemoTexts
from bot.demo.transcript import Transcript
from bot.demo.world import Member, World
from bot.testing.fake_hh import RequestRecord, default_workflow
from bot.testing.fake_telegram import ChatMessage, start_link_in

T = TypeVar("T")
TIMEOUT = 30.0
PROBE_EVERY = 0.05
REFRESH_PATHS = ("/token", "/oauth/token")


class WalkThroughError(Exception):
    """A step did not come about in time."""


class WalkThrough:
    def __init__(self, stack: Stack, world: World, happenings: Happenings, texts: DemoTexts,
                 transcript: Transcript) -> None:
        self._stack = stack
        self._tg = stack.tg
        self._hh = stack.hh
        self._persona = world.personas["employer"]
        self._chat = self._persona.telegram_id
        self._team = world.team
        self._happenings = happenings
        self._texts = texts
        self._t = transcript
        workflow = default_workflow(stack.hh.language)
        self._invitation = next(a for a in workflow.actions_from("response") if a.id == "invitation")
        self._hold = next(a for a in workflow.actions_from("response") if a.id == "hold")
        self._state_name = workflow.state_name

    async def run(self) -> None:
        self._t.heading()
        summary = await self.link()
        card = await self.response_card(summary)
        await self.invite(card)
        pushed = await self.candidate_answers()
        await self.reply(pushed)
        await self.token_refresh()
        await self.status()
        await self.team_connects()
        await self.team_works()
        self._t.line(self._texts.script.done)

    async def link(self) -> ChatMessage:
        self._t.step(1)
        offer = await self._say("/start")
        self._t.bot(offer)
        confirm = await self._sign_in(_first_url(offer))
        self._t.hh(self._texts.script.signs_in.format(name=self._persona.hh_name))
        await self._tg.open_link(self._chat, confirm)
        self._t.line(self._texts.script.confirms.format(name=self._persona.name))
        confirmation = await self._bot_message(after=offer.message_id)
        self._t.bot(confirmation)
        summary = await self._bot_message(after=confirmation.message_id)
        self._t.bot(summary)
        return summary

    async def response_card(self, summary: ChatMessage) -> ChatMessage:
        self._t.step(2)
        self._t.hh(self._happenings.happen("candidate_responds", "employer").said)
        card = await self._bot_message(after=summary.message_id)
        self._t.bot(card)
        return card

    async def invite(self, card: ChatMessage) -> None:
        self._t.step(3)
        await self._press(card, self._invitation.name)
        prompt = await self._bot_message(after=card.message_id)
        self._t.bot(prompt)
        await self._press(prompt, self._invitation.templates[0].name)
        preview = await self._bot_message(after=prompt.message_id)
        self._t.bot(preview)
        await self._press(preview, _first_button(preview))
        stage = self._state_name(self._invitation.resulting_state or "")
        self._t.bot(await self._shown(self._chat, lambda m: m.message_id == card.message_id and stage in m.text),
                    edited=True)
        answer = await self._shown(self._chat, lambda m: m.message_id == preview.message_id and "✅" in m.text)
        self._t.bot(answer, edited_answer=True)

    async def candidate_answers(self) -> ChatMessage:
        self._t.step(4)
        newest = self._newest_id(self._chat)
        self._t.hh(self._happenings.happen("candidate_writes", "employer").said)
        text = self._last_hh_message(0)
        pushed = await self._tg.wait_for_bot_message(self._chat, contains=text, after=newest, timeout=TIMEOUT)
        self._t.bot(pushed)
        await self._outbox_drained()
        return pushed

    async def reply(self, pushed: ChatMessage) -> None:
        self._t.step(5)
        text = self._texts.sample.employer_reply
        sent = await self._tg.reply(self._chat, pushed.message_id, text)
        self._t.person(self._persona.name, text, replying_to=pushed.text)
        self._t.bot(await self._bot_message(after=sent))
        await _until(lambda: self._last_hh_message(0) == text or None, "the reply to reach hh.ru")
        self._t.hh(self._texts.script.hh_got_reply.format(text=text))

    async def token_refresh(self) -> None:
        self._t.step(6)
        seen = len(self._hh.requests)
        self._t.hh(self._happenings.happen("token_expires", "employer").said)
        refresh = await _until(lambda: self._refresh_after(seen), "the token to be refreshed")
        self._t.hh(self._texts.script.refreshed.format(method=refresh.method, path=refresh.path, status=refresh.status))
        after = len(self._hh.requests)
        await _until(lambda: self._good_call_after(after), "a check with the new token")

    async def status(self) -> None:
        self._t.step(7)
        self._t.bot(await self._say("/status"))

    async def team_connects(self) -> None:
        """The employer sends /connect in her team's forum group and confirms it in the private chat."""
        self._t.step(8)
        owner, group = self._team.owner, self._team.chat_id
        private = self._newest_id(self._chat)
        sent = await self._tg.send_text(owner.telegram_id, "/connect", group_id=group)
        self._t.person(owner.name, "/connect", in_group=True)
        question = await self._bot_message(after=private)
        self._t.bot(question)
        await self._press(question, _first_button(question))
        self._t.bot(await self._shown(self._chat, lambda m: m.message_id == question.message_id and m.edited),
                    edited_message=True)
        connected = await self._tg.wait_for_bot_message(group, after=sent, timeout=TIMEOUT)
        self._t.bot_in_group(connected, self._topic_of(connected))
        await self._outbox_drained()

    async def team_works(self) -> None:
        """A new response lands in the vacancy's topic; a plain member is refused, an administrator acts (the card
        says who and when), and a reply in the topic reaches the candidate."""
        self._t.step(9)
        group, admin, member = self._team.chat_id, self._team.admin, self._team.member
        newest = self._newest_id(group)
        self._t.hh(self._happenings.happen("candidate_responds", "employer").said)
        name = self._happenings.employer_conversations[-1].other_side.split()[-1]
        card = await self._tg.wait_for_bot_message(group, contains=name, after=newest, timeout=TIMEOUT)
        self._t.bot_in_group(card, self._topic_of(card))
        await self._outbox_drained()
        await self._press_in_group(member, card, self._invitation.name)
        await self._press_in_group(admin, card, self._hold.name)
        acted = f"@{admin.username}"
        self._t.bot_in_group(await self._shown(group, lambda m: m.message_id == card.message_id and acted in m.text),
                             None, edited=True)
        await self._reply_in_topic(admin)

    async def _reply_in_topic(self, admin: Member) -> None:
        """The first candidate (invited at step 3) asks something; the administrator answers in the topic."""
        group = self._team.chat_id
        first = self._happenings.employer_conversations[0]
        newest = self._newest_id(group)
        self._t.hh(self._happenings.candidate_writes(first).said)
        asked = await self._tg.wait_for_bot_message(group, contains=self._last_hh_message(0), after=newest,
                                                    timeout=TIMEOUT)
        self._t.bot_in_group(asked, self._topic_of(asked))
        await self._outbox_drained()
        text = self._texts.sample.team_reply
        sent = await self._tg.reply(admin.telegram_id, asked.message_id, text, group_id=group)
        self._t.person(admin.name, text, replying_to=asked.text, in_group=True)
        answer = await self._tg.wait_for_bot_message(group, after=sent, timeout=TIMEOUT)
        self._t.bot_in_group(answer, self._topic_of(answer))
        await _until(lambda: self._last_hh_message(0) == text or None, "the reply to reach hh.ru")
        self._t.hh(self._texts.script.hh_got_reply.format(text=text))

    # --- the person's side ---------------------------------------------------------------------------------

    async def _say(self, text: str) -> ChatMessage:
        sent = await self._tg.send_text(self._chat, text)
        self._t.person(self._persona.name, text)
        return await self._bot_message(after=sent)

    async def _press(self, message: ChatMessage, label: str) -> None:
        self._t.line(self._texts.script.presses.format(name=self._persona.name, button=label))
        query = await self._tg.press(self._chat, message.message_id, message.callback_data(label))
        await self._tg.wait_for(lambda: query in self._tg.callback_answers, TIMEOUT, description="an answer")

    async def _press_in_group(self, member: Member, message: ChatMessage, label: str) -> None:
        """`member` presses a button under the bot's message in the group; Telegram shows the bot's answer, if any."""
        self._t.line(self._texts.script.presses_in_group.format(name=member.name, button=label))
        query = await self._tg.press(member.telegram_id, message.message_id, message.callback_data(label),
                                     group_id=self._team.chat_id)
        await self._tg.wait_for(lambda: query in self._tg.callback_answers, TIMEOUT, description="an answer")
        answer = self._tg.callback_answers[query].text
        if answer:
            self._t.line(self._texts.script.answered.format(text=answer))

    async def _sign_in(self, url: str) -> str:
        """What a person's browser does: opens hh.ru's sign-in page, where their account is pre-selected, and
        allows access; returns the address of the bot's page's «confirm in Telegram» button."""
        login = self._persona.hh_user_id
        async with aiohttp.ClientSession() as browser:
            async with browser.get(url) as page:
                if page.status != 200 or f"value='{login}' checked" not in await page.text():
                    raise WalkThroughError(f"hh.ru's sign-in page did not offer the account ({page.status})")
            async with browser.post(url, data={"login": login, "decision": "allow"}) as back:
                confirm = start_link_in(await back.text())
                if back.status != 200 or confirm is None:
                    raise WalkThroughError(f"the bot's page after signing in answered {back.status}, no confirmation")
        return confirm

    # --- waiting -------------------------------------------------------------------------------------------

    async def _bot_message(self, after: int) -> ChatMessage:
        return await self._tg.wait_for_bot_message(self._chat, after=after, timeout=TIMEOUT)

    async def _shown(self, chat: int, matches: Callable[[ChatMessage], bool]) -> ChatMessage:
        def found() -> ChatMessage | None:
            return next((m for m in self._tg.bot_messages(chat) if matches(m)), None)

        await self._tg.wait_for(lambda: found() is not None, TIMEOUT, description="a message in the chat")
        message = found()
        assert message is not None
        return message

    def _newest_id(self, chat: int) -> int:
        return max((m.message_id for m in self._tg.chat(chat)), default=0)

    def _topic_of(self, message: ChatMessage) -> str | None:
        """The name of the forum topic the group's message is in; None: the general topic."""
        created = next((m.service for m in self._tg.chat(self._team.chat_id)
                        if m.message_id == message.message_thread_id and m.service), None)
        topic = (created or {}).get("forum_topic_created")
        return str(topic["name"]) if isinstance(topic, dict) else None

    def _last_hh_message(self, conversation: int) -> str | None:
        """The newest message of the employer's conversation number `conversation` (-1: the latest), on hh.ru."""
        negotiation = self._happenings.employer_conversations[conversation].negotiation
        return self._hh.negotiation(negotiation).messages[-1].text

    def _refresh_after(self, seen: int) -> RequestRecord | None:
        return next((r for r in self._hh.requests[seen:] if r.method == "POST" and r.path in REFRESH_PATHS
                     and r.form.get("grant_type") == "refresh_token" and r.status == 200), None)

    def _good_call_after(self, seen: int) -> bool | None:
        bot_calls = [r for r in self._hh.requests[seen:] if r.user_agent == self._stack.user_agent]
        return any(r.status == 200 and r.path not in REFRESH_PATHS for r in bot_calls) or None

    async def _outbox_drained(self) -> None:
        """Telegram shows a push a moment before the bot notes where it went; a reply needs that note."""
        async with aiohttp.ClientSession() as session:

            async def drained() -> bool | None:
                async with session.get(f"{self._stack.bot_url}/healthz", headers=HEALTHZ_AUTH) as answer:
                    return (await answer.json())["outbox_pending"] == 0 or None

            await _until_async(drained, "the bot to note its sends")


def _first_button(message: ChatMessage) -> str:
    """The label of the message's first button: «Отправить» under a preview, «Подключить» under a question."""
    label = next((b["text"] for row in message.buttons() for b in row), None)
    if not isinstance(label, str):
        raise WalkThroughError("the bot's message has no buttons")
    return label


def _first_url(message: ChatMessage) -> str:
    url = next((b["url"] for row in message.buttons() for b in row if "url" in b), None)
    if not isinstance(url, str):
        raise WalkThroughError("the bot's answer to /start has no link button")
    return url


async def _until(probe: Callable[[], T | None], what: str) -> T:
    async def probe_async() -> T | None:
        return probe()

    return await _until_async(probe_async, what)


async def _until_async(probe: Callable[[], Awaitable[T | None]], what: str) -> T:
    deadline = time.monotonic() + TIMEOUT
    while (found := await probe()) is None:
        if time.monotonic() > deadline:
            raise WalkThroughError(f"timed out after {TIMEOUT:g} s waiting for {what}")
        await asyncio.sleep(PROBE_EVERY)
    return found
