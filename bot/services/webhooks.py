"""hh.ru's employer webhooks as one part of the running bot: the intake, the event worker and the
subscription keeper, built and run together when HH_WEBHOOK_URL is set."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from bot.clock import Clock
from bot.hh.client import HHClient
from bot.services.liveness import LoopState
from bot.services.notices import Notices
from bot.services.poller import Poller
from bot.services.scheduler import PollScheduler
from bot.services.webhook_events import EventWorker, WebhookIntake
from bot.services.webhook_subscriptions import SubscriptionKeeper
from storage.db import Storage


@dataclass
class HHWebhooks:
    intake: WebhookIntake
    worker: EventWorker
    keeper: SubscriptionKeeper
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)

    @classmethod
    def build(cls, storage: Storage, hh: HHClient, poller: Poller, scheduler: PollScheduler, notices: Notices,
              clock: Clock, *, base_url: str, poll_interval: float) -> HHWebhooks:
        worker = EventWorker(storage, poller, clock, scheduler.check_soon, notices.refused)
        return cls(WebhookIntake(storage, clock, worker.wake), worker,
                   SubscriptionKeeper(storage, hh, clock, base_url, poll_interval))

    async def start(self) -> None:
        """Accounts without a confirmed subscription are to be subscribed; the loops start."""
        await self.keeper.start_up()
        self._tasks = [asyncio.create_task(self.worker.run(), name="hh-events"),
                       asyncio.create_task(self.keeper.run(), name="hh-subscriptions")]

    async def stop(self, grace: float) -> None:
        await self.keeper.stop(grace)
        await self.worker.stop(grace)
        await asyncio.gather(*self._tasks, return_exceptions=True)

    def loops(self) -> dict[str, LoopState]:
        return {"hh_events": self.worker.heartbeat.state(), "hh_subscriptions": self.keeper.heartbeat.state()}
