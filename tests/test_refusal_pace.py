"""A refusal in a group goes to a person there at most once per interval (issue 22, point 3)."""

from __future__ import annotations

from bot.services import group_gate
from bot.services.group_gate import RefusalPace
from tests.virtual_clock import VirtualClock

G, H = -100, -200
ANNA, PAVEL = 1, 2


class SetClock(VirtualClock):
    """A wall clock a test sets, also back."""

    def __init__(self) -> None:
        super().__init__()
        self.wall = 1_800_000_000.0

    def now(self) -> float:
        return self.wall


def test_once_per_person_and_group_per_interval() -> None:
    clock = SetClock()
    pace = RefusalPace(clock, every=300.0)
    assert [pace.due(G, ANNA), pace.due(G, ANNA), pace.due(G, PAVEL), pace.due(H, ANNA)] == [True, False, True, True]
    clock.wall += 299.0
    assert pace.due(G, ANNA) is False
    clock.wall += 1.0
    assert [pace.due(G, ANNA), pace.due(G, ANNA)] == [True, False]


def test_a_clock_set_back_starts_a_new_interval() -> None:
    clock = SetClock()
    pace = RefusalPace(clock, every=300.0)
    assert pace.due(G, ANNA)
    clock.wall -= 3600.0
    assert [pace.due(G, ANNA), pace.due(G, ANNA)] == [True, False]


def test_many_people_are_forgotten_once_their_interval_is_over() -> None:
    clock = SetClock()
    pace = RefusalPace(clock, every=300.0)
    limit = group_gate.FORGET_REFUSALS_ABOVE
    for person in range(limit):
        assert pace.due(G, person)
    clock.wall += 300.0
    assert pace.due(G, limit)
    assert len(pace._told) == 1, "only the one refused now is kept"
    assert pace.due(G, 0), "a forgotten one may be refused again: its interval was over"
