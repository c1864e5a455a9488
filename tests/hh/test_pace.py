"""The hh.ru pace on virtual time: spacing, order, and never more than the limit arriving in any window."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import pytest

from bot.bench.measure import max_in_window
from bot.hh.pace import HHPace
from tests.virtual_clock import VirtualClock


@dataclass(frozen=True)
class Request:
    """What happens to one request after its turn: how long until it is written (the event loop was busy), how
    long the network takes to hh.ru (at most the pace's margin), and how long until the answer starts."""

    write_after: float = 0.0
    network: float = 0.0
    answer_after: float = 0.1
    written: bool = True


@dataclass(frozen=True)
class Outcome:
    number: int
    turn: float
    arrival: float | None


async def run(pace: HHPace, clock: VirtualClock, requests: list[Request]) -> list[Outcome]:
    """All requests ask for their turn at once, in order; returns when each got it and arrived at hh.ru."""
    outcomes: list[Outcome] = []

    async def one(number: int, request: Request) -> None:
        async with pace.turn() as turn:
            given = clock.monotonic()
            await clock.sleep(request.write_after)
            arrival = None
            if request.written:
                turn.sent()
                arrival = clock.monotonic() + request.network
                await clock.sleep(request.answer_after)
                turn.answered()
        outcomes.append(Outcome(number, round(given, 6), None if arrival is None else round(arrival, 6)))

    async def everyone() -> None:
        await asyncio.gather(*(one(number, request) for number, request in enumerate(requests)))

    await clock.run(everyone())
    return sorted(outcomes, key=lambda outcome: outcome.turn)


@pytest.mark.parametrize(("rate", "count", "spacing"), [
    (20, 50, 1.05 / 20),
    (8, 20, 1.05 / 8),
    (2.5, 7, 1.05 / 2),
    (0.5, 3, 2.05),
])
async def test_turns_are_evenly_spaced_in_the_order_asked(rate: float, count: int, spacing: float) -> None:
    clock = VirtualClock()
    outcomes = await run(HHPace(rate, clock), clock, [Request()] * count)
    assert [(outcome.number, outcome.turn) for outcome in outcomes] == [
        (number, round(number * spacing, 6)) for number in range(count)]


def stalled_until(moment: float, spacing: float, count: int) -> list[Request]:
    """The event loop is stuck until `moment`: requests whose turn came before it are all written then."""
    return [Request(write_after=max(0.0, moment - number * spacing)) for number in range(count)]


@pytest.mark.parametrize(("case", "rate", "requests", "limit"), [
    ("punctual", 20, [Request()] * 60, 20),
    ("the loop stalls for half a second", 20, stalled_until(0.5, 1.05 / 20, 60), 20),
    ("the loop stalls for longer than a window", 20, stalled_until(1.5, 1.05 / 20, 60), 20),
    ("every other request is slow to write", 10,
     [Request(write_after=0.3 * (number % 2)) for number in range(40)], 10),
    ("network time varies up to the margin", 10,
     [Request(network=0.05 * (number % 2 == 0)) for number in range(40)], 10),
    ("answers come quicker than the margin", 10, [Request(answer_after=0.001)] * 40, 10),
    ("answers are slower than a window", 10, [Request(answer_after=2.5)] * 40, 10),
    ("some requests fail before they are written", 5,
     [Request(written=number % 3 != 0, write_after=0.2) for number in range(30)], 5),
    ("a fractional rate keeps the whole number below it", 2.5, stalled_until(0.9, 1.05 / 2, 12), 2),
])
async def test_never_more_than_the_limit_arrives_in_any_window(case: str, rate: float, requests: list[Request],
                                                               limit: int) -> None:
    clock = VirtualClock()
    outcomes = await run(HHPace(rate, clock), clock, requests)
    arrivals = [outcome.arrival for outcome in outcomes if outcome.arrival is not None]
    assert max_in_window(arrivals, 1.0) <= limit
    assert len(outcomes) == len(requests)


async def test_a_rate_under_one_keeps_one_request_per_period() -> None:
    clock = VirtualClock()
    outcomes = await run(HHPace(0.25, clock), clock, stalled_until(3.0, 4.05, 5))
    arrivals = [outcome.arrival for outcome in outcomes if outcome.arrival is not None]
    assert (max_in_window(arrivals, 4.0), len(arrivals)) == (1, 5)


async def test_a_turn_not_yet_sent_holds_its_place_until_it_is() -> None:
    clock = VirtualClock()
    outcomes = await run(HHPace(1, clock), clock, [Request(write_after=3.0), Request()])
    assert outcomes == [Outcome(0, 0.0, 3.0), Outcome(1, 4.05, 4.05)]


async def test_the_queue_length_is_visible_while_requests_wait() -> None:
    clock = VirtualClock()
    pace = HHPace(2, clock)
    seen: list[int] = []

    async def ask() -> None:
        async with pace.turn() as turn:
            seen.append(pace.waiting)
            turn.sent()

    async def three() -> None:
        await asyncio.gather(ask(), ask(), ask())

    await clock.run(three())
    assert (seen, pace.waiting) == ([0, 1, 0], 0)  # the first has its turn before the others ask
