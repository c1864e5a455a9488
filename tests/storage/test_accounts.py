from __future__ import annotations

from pathlib import Path

from cryptography.fernet import Fernet
from sqlite_utils import Database

from storage import accounts, users
from storage.crypto import TokenCipher, load_or_create_key

from .conftest import EMPLOYER, TOKENS


def test_link_stores_profile_and_schedules_first_check(db: Database, account: accounts.Account) -> None:
    assert account.profile == EMPLOYER
    assert (account.status, account.next_check_at, account.baseline_done, account.failures) == (
        accounts.Status.ACTIVE, 1005.0, False, 0)
    assert accounts.of_user(db, 111) == account


def test_tokens_are_encrypted_at_rest(db: Database, cipher: TokenCipher, account: accounts.Account) -> None:
    raw = db.execute("SELECT access_token, refresh_token FROM accounts").fetchone()
    assert b"access-1-secret" not in raw[0] and b"refresh-1-secret" not in raw[1]
    assert accounts.load_tokens(db, cipher, account.id) == TOKENS
    assert "secret" not in repr(TOKENS)


def test_a_wrong_key_cannot_read_tokens(db: Database, account: accounts.Account) -> None:
    other = TokenCipher(Fernet.generate_key())
    try:
        accounts.load_tokens(db, other, account.id)
    except ValueError as error:
        assert "ENCRYPTION_KEY" in str(error) and "secret" not in str(error)
    else:
        raise AssertionError("decrypted with the wrong key")


def test_save_tokens_replaces_the_pair(db: Database, cipher: TokenCipher, account: accounts.Account) -> None:
    fresh = accounts.Tokens("access-2", "refresh-2", 3000.0)
    accounts.save_tokens(db, cipher, account.id, fresh)
    assert accounts.load_tokens(db, cipher, account.id) == fresh


def test_linking_again_replaces_the_account_and_its_marks(
    db: Database, cipher: TokenCipher, account: accounts.Account
) -> None:
    db.execute("INSERT INTO vacancy_marks VALUES (?, 'v1', '{}')", (account.id,))
    applicant = accounts.Profile(accounts.Role.APPLICANT, "u2", "Иван Петров")
    again = accounts.link(db, cipher, 111, applicant, TOKENS, now=2000.0, first_check_at=2001.0)
    assert again.id != account.id and again.profile == applicant
    assert db.execute("SELECT COUNT(*) FROM accounts").fetchone()[0] == 1
    assert db.execute("SELECT COUNT(*) FROM vacancy_marks").fetchone()[0] == 0


def test_due_skips_paused_users_and_inactive_accounts(db: Database, account: accounts.Account) -> None:
    assert [a.id for a in accounts.due(db, now=1005.0, limit=10)] == [account.id]
    assert accounts.due(db, now=1004.0, limit=10) == []
    users.set_paused(db, 111, True)
    assert accounts.due(db, now=1005.0, limit=10) == []
    users.set_paused(db, 111, False)
    accounts.set_status(db, account.id, accounts.Status.NEEDS_RELINK, "token_revoked")
    assert accounts.due(db, now=1005.0, limit=10) == []


def test_check_results_update_schedule_and_failures(db: Database, account: accounts.Account) -> None:
    assert accounts.record_failure(db, account.id, now=1010.0, next_check_at=1020.0, error="503") == 1
    assert accounts.record_failure(db, account.id, now=1020.0, next_check_at=1040.0, error="503") == 2
    accounts.record_success(db, account.id, now=1040.0, next_check_at=1100.0)
    after = accounts.get(db, account.id)
    assert after is not None
    assert (after.failures, after.last_success_at, after.next_check_at, after.baseline_done, after.last_error) == (
        0, 1040.0, 1100.0, True, None)
    assert accounts.counts(db) == accounts.Counts(linked=1, active=1)


def test_key_file_is_created_once_with_mode_0600(tmp_path: Path) -> None:
    first = load_or_create_key(tmp_path / "bot.sqlite3")
    assert first.created and first.path == tmp_path / "bot.sqlite3.key"
    assert first.path.stat().st_mode & 0o777 == 0o600
    again = load_or_create_key(tmp_path / "bot.sqlite3")
    assert (again.key, again.created, again.tightened_from) == (first.key, False, None)
    TokenCipher(again.key)


def test_the_token_check_skips_accounts_waiting_for_a_new_link(db: Database, cipher: TokenCipher,
                                                               account: accounts.Account) -> None:
    other = TokenCipher(Fernet.generate_key())
    users.upsert(db, 222, 222, "ru", now=1000.0)
    stale = accounts.link(db, other, 222, accounts.Profile(accounts.Role.APPLICANT, "u2", "Иван"), TOKENS,
                          now=1000.0, first_check_at=1005.0)
    assert accounts.token_check(db, cipher) == accounts.TokenCheck(2, [stale.id])
    accounts.set_status(db, stale.id, accounts.Status.NEEDS_RELINK, "tokens_unreadable")
    assert accounts.token_check(db, cipher) == accounts.TokenCheck(1, [])
    accounts.set_status(db, account.id, accounts.Status.NEEDS_RELINK, "revoked")
    assert accounts.token_check(db, other) == accounts.TokenCheck(0, [])
