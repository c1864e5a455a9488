"""Linked hh.ru accounts: who they are, their encrypted tokens, status and check schedule."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlite_utils import Database

from storage.crypto import TokenCipher
from storage.db import transaction


class Role(StrEnum):
    EMPLOYER = "employer"
    APPLICANT = "applicant"


class Status(StrEnum):
    ACTIVE = "active"
    NEEDS_RELINK = "needs_relink"
    PAUSED = "paused"


@dataclass(frozen=True)
class Profile:
    """Who the account is on hh.ru, from /me."""

    role: Role
    hh_user_id: str
    display_name: str
    employer_id: str | None = None
    employer_name: str | None = None
    manager_id: str | None = None


@dataclass(frozen=True)
class Tokens:
    access_token: str = field(repr=False)
    refresh_token: str = field(repr=False)
    expires_at: float


@dataclass(frozen=True)
class Account:
    id: int
    telegram_id: int
    profile: Profile
    status: Status
    status_reason: str | None
    linked_at: float
    baseline_done: bool
    next_check_at: float
    last_check_at: float | None
    last_success_at: float | None
    failures: int
    last_error: str | None

    @property
    def role(self) -> Role:
        return self.profile.role


_COLUMNS = """
    id, telegram_id, role, hh_user_id, display_name, employer_id, employer_name, manager_id,
    status, status_reason, linked_at, baseline_done, next_check_at, last_check_at,
    last_success_at, failures, last_error
"""


def _account(row: Sequence[Any]) -> Account:
    (id_, telegram_id, role, hh_user_id, name, employer_id, employer_name, manager_id, status,
     reason, linked_at, baseline_done, next_check_at, last_check_at, last_success_at, failures,
     last_error) = row
    profile = Profile(Role(str(role)), str(hh_user_id), str(name), _str(employer_id),
                      _str(employer_name), _str(manager_id))
    return Account(
        id=id_,
        telegram_id=telegram_id,
        profile=profile,
        status=Status(str(status)),
        status_reason=_str(reason),
        linked_at=linked_at,
        baseline_done=bool(baseline_done),
        next_check_at=next_check_at,
        last_check_at=last_check_at,
        last_success_at=last_success_at,
        failures=failures,
        last_error=_str(last_error),
    )


def _str(value: object) -> str | None:
    return None if value is None else str(value)


def link(
    db: Database,
    cipher: TokenCipher,
    telegram_id: int,
    profile: Profile,
    tokens: Tokens,
    now: float,
    first_check_at: float,
) -> Account:
    """Stores a newly linked account, durably and all at once.

    It replaces the user's previous account and the same hh.ru user's link in any other chat: one hh.ru user is
    linked to one Telegram chat.
    """
    with transaction(db, durable=True):
        db.execute("DELETE FROM accounts WHERE telegram_id = ? OR hh_user_id = ?", (telegram_id, profile.hh_user_id))
        cursor = db.execute(
            """
            INSERT INTO accounts (telegram_id, role, hh_user_id, display_name, employer_id,
                employer_name, manager_id, access_token, refresh_token, token_expires_at,
                linked_at, next_check_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            (telegram_id, profile.role.value, profile.hh_user_id, profile.display_name,
             profile.employer_id, profile.employer_name, profile.manager_id,
             cipher.encrypt(tokens.access_token), cipher.encrypt(tokens.refresh_token),
             tokens.expires_at, now, first_check_at),
        )
        account_id = cursor.lastrowid
    account = get(db, int(account_id or 0))
    assert account is not None
    return account


def get(db: Database, account_id: int) -> Account | None:
    row = db.execute(f"SELECT {_COLUMNS} FROM accounts WHERE id = ?", (account_id,)).fetchone()
    return None if row is None else _account(row)


def of_user(db: Database, telegram_id: int) -> Account | None:
    row = db.execute(
        f"SELECT {_COLUMNS} FROM accounts WHERE telegram_id = ?", (telegram_id,)
    ).fetchone()
    return None if row is None else _account(row)


def of_hh_user(db: Database, hh_user_id: str) -> list[Account]:
    rows = db.execute(f"SELECT {_COLUMNS} FROM accounts WHERE hh_user_id = ?", (hh_user_id,)).fetchall()
    return [_account(row) for row in rows]


def load_tokens(db: Database, cipher: TokenCipher, account_id: int) -> Tokens | None:
    row = db.execute(
        "SELECT access_token, refresh_token, token_expires_at FROM accounts WHERE id = ?",
        (account_id,),
    ).fetchone()
    if row is None:
        return None
    return Tokens(cipher.decrypt(row[0]), cipher.decrypt(row[1]), float(row[2]))


def save_tokens(db: Database, cipher: TokenCipher, account_id: int, tokens: Tokens) -> None:
    """Replaces the token pair, synced to disk before this returns."""
    with transaction(db, durable=True):
        db.execute(
            "UPDATE accounts SET access_token = ?, refresh_token = ?, token_expires_at = ? WHERE id = ?",
            (cipher.encrypt(tokens.access_token), cipher.encrypt(tokens.refresh_token),
             tokens.expires_at, account_id),
        )


def set_status(db: Database, account_id: int, status: Status, reason: str | None = None) -> None:
    db.execute(
        "UPDATE accounts SET status = ?, status_reason = ? WHERE id = ?",
        (status.value, reason, account_id),
    )


def delete(db: Database, account_id: int) -> None:
    db.execute("DELETE FROM accounts WHERE id = ?", (account_id,))


def due(db: Database, now: float, limit: int) -> list[Account]:
    """Active accounts of users who have not paused, whose next check is due, most overdue first."""
    rows = db.execute(
        f"""
        SELECT {_COLUMNS} FROM accounts
        WHERE status = 'active' AND next_check_at <= ?
          AND telegram_id IN (SELECT telegram_id FROM users WHERE paused = 0)
        ORDER BY next_check_at LIMIT ?
        """,
        (now, limit),
    ).fetchall()
    return [_account(row) for row in rows]


def schedule(db: Database, account_id: int, next_check_at: float) -> None:
    db.execute("UPDATE accounts SET next_check_at = ? WHERE id = ?", (next_check_at, account_id))


def record_success(db: Database, account_id: int, now: float, next_check_at: float) -> None:
    db.execute(
        """
        UPDATE accounts SET last_check_at = ?, last_success_at = ?, next_check_at = ?,
            failures = 0, last_error = NULL, baseline_done = 1
        WHERE id = ?
        """,
        (now, now, next_check_at, account_id),
    )


def record_failure(db: Database, account_id: int, now: float, next_check_at: float, error: str) -> int:
    """Counts one more failure in a row and returns the count."""
    db.execute(
        """
        UPDATE accounts SET last_check_at = ?, next_check_at = ?, failures = failures + 1,
            last_error = ?
        WHERE id = ?
        """,
        (now, next_check_at, error, account_id),
    )
    row = db.execute("SELECT failures FROM accounts WHERE id = ?", (account_id,)).fetchone()
    return 0 if row is None else int(row[0])


@dataclass(frozen=True)
class Counts:
    linked: int
    active: int


def counts(db: Database) -> Counts:
    row = db.execute(
        "SELECT COUNT(*), COALESCE(SUM(status = 'active'), 0) FROM accounts"
    ).fetchone()
    return Counts(int(row[0]), int(row[1]))


@dataclass(frozen=True)
class TokenCheck:
    stored: int
    unreadable: list[int]
    """Ids of the accounts whose stored tokens do not decrypt."""


def token_check(db: Database, cipher: TokenCipher) -> TokenCheck:
    """Tries to decrypt every stored token still in use with `cipher` (an account waiting for a new link uses none)."""
    rows = db.execute(
        "SELECT id, access_token, refresh_token FROM accounts WHERE status != 'needs_relink' ORDER BY id"
    ).fetchall()
    unreadable = [int(account_id) for account_id, access, refresh in rows
                  if not (cipher.can_read(access) and cipher.can_read(refresh))]
    return TokenCheck(len(rows), unreadable)
