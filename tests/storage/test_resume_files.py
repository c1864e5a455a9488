"""Telegram's `file_id` of each resume PDF sent, per account and negotiation: kept for a while, forgotten when
Telegram no longer takes it, purged when old, and gone with its account."""

from __future__ import annotations

from sqlite_utils import Database

from storage import accounts, resume_files


def test_kept_while_fresh(db: Database, account: accounts.Account) -> None:
    resume_files.put(db, account.id, "n1", "file-1", now=100.0)
    assert [resume_files.get(db, account.id, "n1", since) for since in (50.0, 100.0, 100.5)] == [
        "file-1", "file-1", None]
    assert resume_files.get(db, account.id, "n2", 0.0) is None


def test_a_newer_file_replaces_the_older_and_is_not_forgotten_by_it(db: Database, account: accounts.Account) -> None:
    resume_files.put(db, account.id, "n1", "file-1", now=100.0)
    resume_files.put(db, account.id, "n1", "file-2", now=200.0)
    resume_files.forget(db, account.id, "n1", "file-1")
    assert resume_files.get(db, account.id, "n1", 0.0) == "file-2"
    resume_files.forget(db, account.id, "n1", "file-2")
    assert resume_files.get(db, account.id, "n1", 0.0) is None


def test_purged_when_old_and_gone_with_the_account(db: Database, account: accounts.Account) -> None:
    resume_files.put(db, account.id, "n1", "file-1", now=100.0)
    resume_files.put(db, account.id, "n2", "file-2", now=300.0)
    assert resume_files.purge(db, older_than=200.0) == 1
    assert [resume_files.get(db, account.id, n, 0.0) for n in ("n1", "n2")] == [None, "file-2"]
    accounts.delete(db, account.id)
    assert db.execute("SELECT COUNT(*) FROM resume_files").fetchone()[0] == 0
