"""Each employer account's hh.ru webhook subscription: its state, hh.ru's id, and the hash of its path secret.

The secret itself is never stored. A new one is made for every subscribe: its hash is written as `pending_hash`
before hh.ru is asked, so a delivery to the new address is accepted even if the process dies before hh.ru's
answer is recorded; once hh.ru confirms, it becomes `secret_hash`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from sqlite_utils import Database

from storage import accounts
from storage.accounts import Account


class SubscriptionState(StrEnum):
    PENDING = "pending"  # wanted, not confirmed by hh.ru (new, failed, or found missing at hh.ru)
    ACTIVE = "active"  # confirmed, and listed at the last re-check
    UNAVAILABLE = "unavailable"  # hh.ru answered 403: webhooks are not available to this user


@dataclass(frozen=True)
class Subscription:
    account_id: int
    state: SubscriptionState
    subscription_id: str | None
    base_url: str
    actions: tuple[str, ...]
    confirmed_at: float | None
    next_attempt_at: float
    failures: int
    last_error: str | None

    @property
    def healthy(self) -> bool:
        return self.state is SubscriptionState.ACTIVE


@dataclass(frozen=True)
class SecretOwner:
    account_id: int
    hh_user_id: str


_COLUMNS = "account_id, state, subscription_id, base_url, actions, confirmed_at, next_attempt_at, failures, last_error"


def _subscription(row: tuple[object, ...]) -> Subscription:
    account_id, state, subscription_id, base_url, actions, confirmed_at, next_attempt_at, failures, error = row
    return Subscription(
        account_id=int(str(account_id)), state=SubscriptionState(str(state)),
        subscription_id=None if subscription_id is None else str(subscription_id), base_url=str(base_url),
        actions=tuple(action for action in str(actions).split(",") if action),
        confirmed_at=None if confirmed_at is None else float(str(confirmed_at)),
        next_attempt_at=float(str(next_attempt_at)), failures=int(str(failures)),
        last_error=None if error is None else str(error),
    )


def get(db: Database, account_id: int) -> Subscription | None:
    row = db.execute(f"SELECT {_COLUMNS} FROM hh_subscriptions WHERE account_id = ?", (account_id,)).fetchone()
    return None if row is None else _subscription(row)


def want(db: Database, account_id: int, base_url: str, now: float) -> None:
    """A new employer account: to be subscribed now (nothing changes if it already has a row)."""
    db.execute(
        "INSERT OR IGNORE INTO hh_subscriptions (account_id, state, base_url, next_attempt_at) VALUES (?, ?, ?, ?)",
        (account_id, SubscriptionState.PENDING.value, base_url, now),
    )


def want_all(db: Database, base_url: str, now: float) -> int:
    """At start-up: every employer account without a confirmed subscription at `base_url` is to be subscribed
    now. Returns how many are."""
    with db.atomic():
        db.execute(
            """
            INSERT OR IGNORE INTO hh_subscriptions (account_id, state, base_url, next_attempt_at)
            SELECT id, 'pending', ?, ? FROM accounts WHERE role = 'employer'
            """,
            (base_url, now),
        )
        db.execute(
            """
            UPDATE hh_subscriptions SET state = 'pending', base_url = ?, next_attempt_at = ?, failures = 0
            WHERE base_url != ? OR state = 'pending'
            """,
            (base_url, now, base_url),
        )
        row = db.execute("SELECT COUNT(*) FROM hh_subscriptions WHERE state = 'pending'").fetchone()
    return int(row[0])


def due(db: Database, now: float, limit: int, skip: Iterable[int] = ()) -> list[tuple[Account, Subscription]]:
    """Subscriptions to make or re-check now, of accounts whose tokens still work, most overdue first."""
    skipped = tuple(skip)
    marks = ",".join("?" * len(skipped))
    rows = db.execute(
        f"""
        SELECT s.account_id FROM hh_subscriptions AS s JOIN accounts AS a ON a.id = s.account_id
        WHERE s.next_attempt_at <= ? AND a.status != 'needs_relink' AND s.account_id NOT IN ({marks})
        ORDER BY s.next_attempt_at LIMIT ?
        """,
        (now, *skipped, limit),
    ).fetchall()
    found: list[tuple[Account, Subscription]] = []
    for (account_id,) in rows:
        account, subscription = accounts.get(db, account_id), get(db, account_id)
        if account is not None and subscription is not None:
            found.append((account, subscription))
    return found


def next_due_at(db: Database) -> float | None:
    row = db.execute(
        """
        SELECT MIN(s.next_attempt_at) FROM hh_subscriptions AS s JOIN accounts AS a ON a.id = s.account_id
        WHERE a.status != 'needs_relink'
        """
    ).fetchone()
    return None if row[0] is None else float(row[0])


def set_pending_secret(db: Database, account_id: int, secret_hash: str) -> None:
    db.execute("UPDATE hh_subscriptions SET pending_hash = ? WHERE account_id = ?", (secret_hash, account_id))


def confirm(db: Database, account_id: int, subscription_id: str, actions: Iterable[str], now: float,
            recheck_at: float) -> None:
    """hh.ru took the subscription with the pending secret's address."""
    db.execute(
        """
        UPDATE hh_subscriptions SET state = 'active', subscription_id = ?, actions = ?, confirmed_at = ?,
            secret_hash = COALESCE(pending_hash, secret_hash), pending_hash = NULL, next_attempt_at = ?,
            failures = 0, last_error = NULL
        WHERE account_id = ?
        """,
        (subscription_id, ",".join(actions), now, recheck_at, account_id),
    )


def still_listed(db: Database, account_id: int, subscription_id: str, actions: Iterable[str], pending: bool,
                 recheck_at: float) -> None:
    """A re-check found the subscription at hh.ru (with the pending secret's address if `pending`)."""
    promote = "secret_hash = pending_hash, pending_hash = NULL," if pending else ""
    db.execute(
        f"""
        UPDATE hh_subscriptions SET state = 'active', subscription_id = ?, actions = ?, {promote}
            next_attempt_at = ?, failures = 0, last_error = NULL
        WHERE account_id = ?
        """,
        (subscription_id, ",".join(actions), recheck_at, account_id),
    )


def mark_missing(db: Database, account_id: int, reason: str, now: float, poll_at: float) -> None:
    """hh.ru no longer has the subscription: it is to be made again now, and until then the account is polled
    at the poll interval (its next check no later than `poll_at`)."""
    with db.atomic():
        db.execute(
            """
            UPDATE hh_subscriptions SET state = 'pending', subscription_id = NULL, next_attempt_at = ?,
                last_error = ?
            WHERE account_id = ?
            """,
            (now, reason, account_id),
        )
        db.execute("UPDATE accounts SET next_check_at = MIN(next_check_at, ?) WHERE id = ?", (poll_at, account_id))


def record_failure(db: Database, account_id: int, error: str, retry_at: float) -> int:
    """Counts one more failed attempt (the state stays) and returns the count."""
    db.execute(
        """
        UPDATE hh_subscriptions SET failures = failures + 1, last_error = ?, next_attempt_at = ?
        WHERE account_id = ?
        """,
        (error, retry_at, account_id),
    )
    row = db.execute("SELECT failures FROM hh_subscriptions WHERE account_id = ?", (account_id,)).fetchone()
    return 0 if row is None else int(row[0])


def mark_unavailable(db: Database, account_id: int, reason: str, retry_at: float, poll_at: float) -> None:
    """hh.ru answered 403: no webhooks for this user; polled at the poll interval (next check by `poll_at`)."""
    with db.atomic():
        db.execute(
            """
            UPDATE hh_subscriptions SET state = 'unavailable', subscription_id = NULL, pending_hash = NULL,
                last_error = ?, next_attempt_at = ?, failures = 0
            WHERE account_id = ?
            """,
            (reason, retry_at, account_id),
        )
        db.execute("UPDATE accounts SET next_check_at = MIN(next_check_at, ?) WHERE id = ?", (poll_at, account_id))


def owner_of_secret(db: Database, secret_hash: str) -> SecretOwner | None:
    """The account whose current or pending secret has this hash."""
    row = db.execute(
        """
        SELECT a.id, a.hh_user_id FROM hh_subscriptions AS s JOIN accounts AS a ON a.id = s.account_id
        WHERE s.secret_hash = ?
        UNION ALL
        SELECT a.id, a.hh_user_id FROM hh_subscriptions AS s JOIN accounts AS a ON a.id = s.account_id
        WHERE s.pending_hash = ?
        LIMIT 1
        """,
        (secret_hash, secret_hash),
    ).fetchone()
    return None if row is None else SecretOwner(int(row[0]), str(row[1]))


def which_is_ours(db: Database, account_id: int, hashes: dict[str, str]) -> tuple[str, bool] | None:
    """Of hh.ru's subscriptions (its id → the hash of the secret in its address), the one with this account's
    secret: its id, and whether that is the pending secret."""
    row = db.execute("SELECT secret_hash, pending_hash FROM hh_subscriptions WHERE account_id = ?",
                     (account_id,)).fetchone()
    if row is None:
        return None
    for item_id, hashed in hashes.items():
        if hashed in (row[0], row[1]):
            return item_id, hashed == row[1]
    return None


def healthy_among(db: Database, account_ids: Iterable[int], covering: str) -> set[int]:
    """Of these accounts, those with a confirmed subscription that includes the event type `covering`. An account
    following a work account other than its primary one is left out: hh.ru's webhooks are not known to cover those
    (the fake's do not), so its checks keep the poll interval."""
    ids = tuple(account_ids)
    if not ids:
        return set()
    marks = ",".join("?" * len(ids))
    rows = db.execute(
        f"""
        SELECT account_id FROM hh_subscriptions
        WHERE state = 'active' AND instr(',' || actions || ',', ',' || ? || ',') > 0 AND account_id IN ({marks})
          AND account_id NOT IN (SELECT account_id FROM work_accounts WHERE followed = 1 AND is_primary = 0)
        """,
        (covering, *ids),
    ).fetchall()
    return {int(row[0]) for row in rows}


def with_hh_id(db: Database) -> list[tuple[Account, str]]:
    """Accounts with a subscription hh.ru knows by id (to delete when webhooks are switched off)."""
    rows = db.execute("SELECT account_id, subscription_id FROM hh_subscriptions WHERE subscription_id IS NOT NULL")
    found: list[tuple[Account, str]] = []
    for account_id, subscription_id in rows.fetchall():
        account = accounts.get(db, account_id)
        if account is not None:
            found.append((account, str(subscription_id)))
    return found


def delete(db: Database, account_id: int) -> None:
    db.execute("DELETE FROM hh_subscriptions WHERE account_id = ?", (account_id,))


def counts(db: Database) -> dict[str, int]:
    rows = db.execute("SELECT state, COUNT(*) FROM hh_subscriptions GROUP BY state").fetchall()
    found = {state.value: 0 for state in SubscriptionState}
    found.update({str(state): int(count) for state, count in rows})
    return found
