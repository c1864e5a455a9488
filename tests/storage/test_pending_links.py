"""Issue 22: sign-ins waiting for their confirmation from Telegram are kept by the hash of the token, taken once."""

from __future__ import annotations

from cryptography.fernet import Fernet
from sqlite_utils import Database

from storage import pending_links
from storage.crypto import TokenCipher
from storage.pending_links import PendingLink
from storage.work_accounts import Offered
from tests.storage.conftest import EMPLOYER, TOKENS

WORK = (Offered("m1", "e1", "Рога и копыта", primary=True), Offered("m2", "e2", "Бета"))


def test_a_sign_in_is_taken_once_by_its_token(db: Database, cipher: TokenCipher) -> None:
    pending_links.add(db, cipher, "token-1", 111, EMPLOYER, TOKENS, WORK, now=1000.0, ttl=600)
    pending_links.add(db, cipher, "token-2", 222, EMPLOYER, TOKENS, (), now=1000.0, ttl=600)
    assert pending_links.take(db, cipher, "token-3") is None
    assert pending_links.take(db, cipher, "token-1") == PendingLink(111, EMPLOYER, TOKENS, WORK, 1600.0)
    assert pending_links.take(db, cipher, "token-1") is None
    assert pending_links.take(db, cipher, "token-2") == PendingLink(222, EMPLOYER, TOKENS, (), 1600.0)


def test_only_the_tokens_hash_and_sealed_hh_tokens_are_stored(db: Database, cipher: TokenCipher) -> None:
    pending_links.add(db, cipher, "confirm-secret", 111, EMPLOYER, TOKENS, WORK, now=1000.0, ttl=600)
    stored = repr(list(db.query("SELECT * FROM pending_links")))
    assert [secret for secret in ("confirm-secret", TOKENS.access_token, TOKENS.refresh_token) if secret in stored] \
        == []
    assert pending_links.token_hash("confirm-secret") in stored


def test_expired_sign_ins_are_taken_for_logging_out(db: Database, cipher: TokenCipher) -> None:
    pending_links.add(db, cipher, "early", 111, EMPLOYER, TOKENS, (), now=1000.0, ttl=600)
    pending_links.add(db, cipher, "late", 222, EMPLOYER, TOKENS, (), now=1100.0, ttl=600)
    assert pending_links.take_expired(db, cipher, now=1599.0) == []
    assert [pending.telegram_id for pending in pending_links.take_expired(db, cipher, now=1600.0)] == [111]
    assert pending_links.take(db, cipher, "early") is None
    assert pending_links.take(db, cipher, "late") is not None


def test_tokens_sealed_under_another_key_come_back_as_none(db: Database, cipher: TokenCipher) -> None:
    pending_links.add(db, cipher, "token", 111, EMPLOYER, TOKENS, (), now=1000.0, ttl=600)
    taken = pending_links.take(db, TokenCipher(Fernet.generate_key()), "token")
    assert taken is not None and (taken.telegram_id, taken.tokens) == (111, None)
