"""Sign-ins on hh.ru waiting to be confirmed in Telegram: found by the SHA-256 of their confirmation token, taken once.

The confirmation token itself is never stored; the hh.ru tokens are encrypted like an account's.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from sqlite_utils import Database

from storage.accounts import Profile, Role, Tokens
from storage.crypto import TokenCipher
from storage.work_accounts import Offered


@dataclass(frozen=True)
class PendingLink:
    telegram_id: int
    """The Telegram user who asked for the link (the state's owner): the only one who may confirm it."""
    profile: Profile
    tokens: Tokens | None = field(repr=False)
    """None when they no longer decrypt (the key changed meanwhile)."""
    work: tuple[Offered, ...]
    expires_at: float


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def add(db: Database, cipher: TokenCipher, token: str, telegram_id: int, profile: Profile, tokens: Tokens,
        work: Sequence[Offered], now: float, ttl: float) -> None:
    db.execute(
        """
        INSERT INTO pending_links (token_hash, telegram_id, profile, work_accounts, access_token, refresh_token,
                                   token_expires_at, created_at, expires_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        (token_hash(token), telegram_id, json.dumps(asdict(profile)), json.dumps([asdict(w) for w in work]),
         cipher.encrypt(tokens.access_token), cipher.encrypt(tokens.refresh_token), tokens.expires_at, now,
         now + ttl),
    )


def take(db: Database, cipher: TokenCipher, token: str) -> PendingLink | None:
    """The sign-in the token confirms, removed so that it is confirmed at most once; None if there is none."""
    with db.atomic():
        row = db.execute(f"SELECT {_COLUMNS} FROM pending_links WHERE token_hash = ?", (token_hash(token),)).fetchone()
        if row is None:
            return None
        db.execute("DELETE FROM pending_links WHERE token_hash = ?", (token_hash(token),))
    return _pending(cipher, row)


def take_expired(db: Database, cipher: TokenCipher, now: float) -> list[PendingLink]:
    """Removes and returns the sign-ins nobody confirmed in time (their hh.ru tokens are to be logged out)."""
    with db.atomic():
        rows = db.execute(f"SELECT {_COLUMNS} FROM pending_links WHERE expires_at <= ?", (now,)).fetchall()
        db.execute("DELETE FROM pending_links WHERE expires_at <= ?", (now,))
    return [_pending(cipher, row) for row in rows]


_COLUMNS = "telegram_id, profile, work_accounts, access_token, refresh_token, token_expires_at, expires_at"


def _pending(cipher: TokenCipher, row: tuple[int, str, str, bytes, bytes, float, float]) -> PendingLink:
    telegram_id, profile, work, access, refresh, token_expires_at, expires_at = row
    fields = json.loads(profile)
    fields["role"] = Role(fields["role"])
    try:
        tokens: Tokens | None = Tokens(cipher.decrypt(access), cipher.decrypt(refresh), float(token_expires_at))
    except ValueError:
        tokens = None
    return PendingLink(int(telegram_id), Profile(**fields), tokens,
                       tuple(Offered(**offered) for offered in json.loads(work)), float(expires_at))
