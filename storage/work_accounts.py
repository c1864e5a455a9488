"""An employer's work accounts (hh.ru's manager accounts) and which of them the user follows.

Rows exist only for a user with several work accounts. Until the user has chosen (no row `followed`), checks act
as the primary account without the header, as for anyone else. `selected` is what the choice keyboard shows,
`followed` what the checks use (set from `selected` by «Done»). `baseline_done`: the work account's negotiations
are known, so its next check pushes news (a newly followed one is first looked at silently). `lost`: hh.ru said
the user may no longer act as it, and the user was told once. `work_negotiations` says which work account each
negotiation was found under, so that acting on its card carries the same header.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlite_utils import Database


@dataclass(frozen=True)
class Offered:
    """A work account as hh.ru lists it."""

    manager_account_id: str
    employer_id: str
    company: str
    primary: bool = False


@dataclass(frozen=True)
class WorkAccount:
    account_id: int
    manager_account_id: str
    employer_id: str
    company: str
    primary: bool
    selected: bool
    followed: bool
    baseline_done: bool
    lost: bool


_COLUMNS = "account_id, manager_account_id, employer_id, company, is_primary, selected, followed, baseline_done, lost"


def _row(row: Sequence[object]) -> WorkAccount:
    account_id, manager_id, employer_id, company, primary, selected, followed, baseline, lost = row
    return WorkAccount(int(str(account_id)), str(manager_id), str(employer_id), str(company), bool(primary),
                       bool(selected), bool(followed), bool(baseline), bool(lost))


def offer(db: Database, account_id: int, offered: Sequence[Offered]) -> None:
    """Stores the work accounts hh.ru lists, in its order, the primary one selected; what was known of an account
    listed again is kept, and accounts no longer listed are marked lost (no longer followed)."""
    listed = [item.manager_account_id for item in offered]
    with db.atomic():
        for position, item in enumerate(offered):
            db.execute(
                """
                INSERT INTO work_accounts (account_id, manager_account_id, employer_id, company, position,
                    is_primary, selected)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (account_id, manager_account_id) DO UPDATE SET employer_id = excluded.employer_id,
                    company = excluded.company, position = excluded.position, is_primary = excluded.is_primary,
                    lost = 0
                """,
                (account_id, item.manager_account_id, item.employer_id, item.company, position, int(item.primary),
                 int(item.primary)),
            )
        placeholders = ",".join("?" * len(listed))
        db.execute(
            f"""UPDATE work_accounts SET lost = 1, selected = 0, followed = 0, baseline_done = 0
                WHERE account_id = ? AND manager_account_id NOT IN ({placeholders})""",
            (account_id, *listed),
        )


def of_account(db: Database, account_id: int) -> list[WorkAccount]:
    """All the account's work accounts, in hh.ru's order."""
    rows = db.execute(f"SELECT {_COLUMNS} FROM work_accounts WHERE account_id = ? ORDER BY position",
                      (account_id,)).fetchall()
    return [_row(row) for row in rows]


def toggle(db: Database, account_id: int, manager_account_id: str) -> bool:
    """Selects or unselects an account on the choice keyboard; False when it is not one to choose."""
    cursor = db.execute(
        "UPDATE work_accounts SET selected = 1 - selected WHERE account_id = ? AND manager_account_id = ? AND lost = 0",
        (account_id, manager_account_id),
    )
    return cursor.rowcount == 1


def follow_selected(db: Database, account_id: int) -> list[WorkAccount]:
    """«Done»: the selected accounts are followed from now on (none selected: nothing changes, [] is returned).
    An account no longer followed forgets its baseline, so that following it again starts silently."""
    with db.atomic():
        chosen = db.execute(
            "SELECT COUNT(*) FROM work_accounts WHERE account_id = ? AND selected = 1 AND lost = 0", (account_id,)
        ).fetchone()[0]
        if not chosen:
            return []
        db.execute(
            """UPDATE work_accounts SET followed = selected * (1 - lost), baseline_done = baseline_done * selected
               WHERE account_id = ?""",
            (account_id,),
        )
    return [work for work in of_account(db, account_id) if work.followed]


def checked(db: Database, account_id: int) -> list[WorkAccount] | None:
    """The work accounts a check looks at: the followed ones; before any is chosen (or when all were lost), the
    primary one, which is then used without the header; [] when hh.ru refused them all (the user was told).
    None for a user with a single work account."""
    every = of_account(db, account_id)
    if not every:
        return None
    works = [work for work in every if not work.lost]
    followed = [work for work in works if work.followed]
    if followed:
        return followed
    return [work for work in works if work.primary]


def settle(db: Database, account_id: int, negotiations: Mapping[str, str], baselined: Iterable[str]) -> None:
    """What a check learnt: the work account of each negotiation (id → work account id), and the work accounts
    whose negotiations are now known (their next checks push news)."""
    for negotiation_id, manager_account_id in negotiations.items():
        db.execute(
            """INSERT INTO work_negotiations (account_id, negotiation_id, manager_account_id) VALUES (?, ?, ?)
               ON CONFLICT (account_id, negotiation_id)
               DO UPDATE SET manager_account_id = excluded.manager_account_id""",
            (account_id, negotiation_id, manager_account_id),
        )
    for manager_account_id in baselined:
        db.execute("UPDATE work_accounts SET baseline_done = 1 WHERE account_id = ? AND manager_account_id = ?",
                   (account_id, manager_account_id))


def lose(db: Database, account_id: int, manager_account_id: str, allowed: Sequence[Offered]) -> bool:
    """hh.ru refused the account: it is no longer followed, and the accounts it allows are offered (selected as
    they were followed). True the first time, when the user is to be told."""
    with db.atomic():
        cursor = db.execute(
            """UPDATE work_accounts SET lost = 1, selected = 0, followed = 0, baseline_done = 0
               WHERE account_id = ? AND manager_account_id = ? AND lost = 0""",
            (account_id, manager_account_id),
        )
        first = cursor.rowcount == 1
        if first and allowed:
            listed = [item.manager_account_id for item in allowed]
            placeholders = ",".join("?" * len(listed))
            db.execute(
                f"""UPDATE work_accounts SET lost = 1, selected = 0, followed = 0, baseline_done = 0
                    WHERE account_id = ? AND manager_account_id NOT IN ({placeholders})""",
                (account_id, *listed),
            )
            db.execute("UPDATE work_accounts SET selected = followed WHERE account_id = ?", (account_id,))
    return first


def of_negotiation(db: Database, account_id: int, negotiation_id: str) -> str | None:
    """The work account the negotiation was found under; None: the primary one (or a single-account user)."""
    row = db.execute(
        "SELECT manager_account_id FROM work_negotiations WHERE account_id = ? AND negotiation_id = ?",
        (account_id, negotiation_id),
    ).fetchone()
    return None if row is None else str(row[0])


@dataclass(frozen=True)
class WorkTarget:
    """Which work account a webhook's negotiation or chat is acted on as."""

    manager_account_id: str | None
    """None: the primary one (no header)."""
    unknown: bool = False
    """The user follows work accounts and the negotiation was never seen under one: only a full check finds it."""


def target(db: Database, account_id: int, negotiation_id: str | None, chat_id: str | None) -> WorkTarget:
    """The work account of a negotiation, or of the negotiation a chat belongs to (an unknown chat: none)."""
    if not db.execute("SELECT 1 FROM work_accounts WHERE account_id = ? AND followed = 1 LIMIT 1",
                      (account_id,)).fetchone():
        return WorkTarget(None)
    if chat_id is not None:
        row = db.execute("SELECT negotiation_id FROM negotiation_chats WHERE account_id = ? AND chat_id = ?",
                         (account_id, chat_id)).fetchone()
        if row is None:
            return WorkTarget(None)
        negotiation_id = str(row[0])
    found = of_negotiation(db, account_id, negotiation_id or "")
    return WorkTarget(found, unknown=found is None)
