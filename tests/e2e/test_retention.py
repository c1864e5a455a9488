"""Issue 11, item 14: the bot forgets negotiations not seen on hh.ru for NEGOTIATION_RETENTION, and only those.

A negotiation counts as seen whenever a check reads it in a list, so the two responses are on two vacancies.
"""

from __future__ import annotations

from sqlite_utils import Database

from storage.watermarks import NEGOTIATION_RETENTION
from tests.conftest import Bridge
from tests.e2e.test_delivery import COVER, ivan, linked_employer

DAY = 86400.0


def remembered(db: Database) -> tuple[list[tuple[str, int]], list[str]]:
    """Per negotiation: how many deliveries are remembered; and which negotiations have marks."""
    rows = db.execute("SELECT negotiation_id, COUNT(*) FROM delivered GROUP BY 1 ORDER BY 1").fetchall()
    marks = db.execute("SELECT negotiation_id FROM negotiation_marks ORDER BY 1").fetchall()
    return [(str(row[0]), int(row[1])) for row in rows], [str(mark[0]) for mark in marks]


async def test_housekeeping_forgets_negotiations_quiet_for_the_retention_time(bridge: Bridge) -> None:
    hh, tg, storage = bridge.hh, bridge.tg, bridge.runtime.storage
    _, (quiet_vacancy, live_vacancy), summary = await linked_employer(bridge, 141, vacancies=2)
    quiet = hh.add_response(quiet_vacancy, ivan(hh), cover_letter=COVER)
    first = await tg.wait_for_bot_message(141, contains="Новый отклик", after=summary.message_id)
    live = hh.add_response(live_vacancy, hh.add_applicant_user(first_name="Пётр"), cover_letter=COVER)
    second = await tg.wait_for_bot_message(141, contains="Новый отклик", after=first.message_id)
    ids = sorted([quiet.negotiation_id, live.negotiation_id])
    assert await storage.run(remembered) == ([(ids[0], 1), (ids[1], 1)], ids)

    bridge.clock.advance(NEGOTIATION_RETENTION - 10 * DAY)
    hh.add_message(live, "applicant", "Есть новости?")
    await tg.wait_for_bot_message(141, contains="Есть новости", after=second.message_id)
    await bridge.outbox_drained()
    bridge.clock.advance(10 * DAY + 1)
    await bridge.runtime.scheduler.housekeeping()
    assert await storage.run(remembered) == ([(live.negotiation_id, 2)], [live.negotiation_id])
