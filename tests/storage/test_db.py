from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from storage.db import Storage, open_database, transaction
from storage.migrations import MIGRATIONS, migrate, schema_version


def test_file_database_is_wal_with_foreign_keys_and_its_folder_created(tmp_path: Path) -> None:
    db = open_database(tmp_path / "nested" / "bot.sqlite3")
    assert (tmp_path / "nested" / "bot.sqlite3").exists()
    pragmas = {name: db.execute(f"PRAGMA {name}").fetchone()[0] for name in
               ("journal_mode", "foreign_keys", "busy_timeout", "synchronous")}
    assert pragmas == {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 5000, "synchronous": 1}
    db.close()


def test_migrations_apply_once_and_are_numbered(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    db = open_database(path)
    assert schema_version(db) == len(MIGRATIONS)
    db.close()
    again = open_database(path)
    assert migrate(again) == len(MIGRATIONS)
    assert set(again.table_names()) >= {
        "users", "accounts", "oauth_states", "vacancy_marks", "collection_marks", "negotiation_marks",
        "delivered", "outbox", "cards", "prompts", "inbox",
    }
    again.close()


def test_transaction_rolls_back_everything_on_error(db: Database) -> None:
    with pytest.raises(RuntimeError), transaction(db):
        db.execute("INSERT INTO users (telegram_id, chat_id, created_at) VALUES (1, 1, 0)")
        raise RuntimeError("boom")
    assert db.execute("SELECT COUNT(*) FROM users").fetchone()[0] == 0


def test_durable_transaction_syncs_fully_then_returns_to_normal(db: Database) -> None:
    with transaction(db, durable=True):
        db.execute("INSERT INTO users (telegram_id, chat_id, created_at) VALUES (1, 1, 0)")
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 1
    assert db.execute("SELECT COUNT(*) FROM users").fetchone()[0] == 1


async def test_storage_runs_queries_on_its_own_thread(tmp_path: Path) -> None:
    import threading

    storage = Storage(tmp_path / "bot.sqlite3")
    await storage.open()

    def where(db: Database) -> str:
        db.execute("INSERT INTO users (telegram_id, chat_id, created_at) VALUES (1, 1, 0)")
        return threading.current_thread().name

    thread_name = await storage.run(where)
    assert thread_name.startswith("sqlite") and thread_name != threading.current_thread().name
    await storage.close()
    with sqlite3.connect(tmp_path / "bot.sqlite3") as conn:
        assert conn.execute("SELECT telegram_id FROM users").fetchall() == [(1,)]


def test_a_database_of_the_first_schema_upgrades_in_place(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    with sqlite3.connect(path) as old:
        old.executescript(MIGRATIONS[0])
        old.execute("PRAGMA user_version=1")
        old.execute("INSERT INTO users (telegram_id, chat_id, created_at) VALUES (7, 7, 0)")
        old.execute("INSERT INTO outbox (chat_id, text, created_at) VALUES (7, 'queued', 0)")
        old.execute("INSERT INTO prompts (telegram_id, kind, payload, created_at) VALUES (7, 'reply', '{}', 0)")
    old.close()
    db = open_database(path)
    assert schema_version(db) == len(MIGRATIONS)
    assert list(db.query("SELECT telegram_id, name, username FROM users")) == [
        {"telegram_id": 7, "name": "", "username": None}]
    assert [row["text"] for row in db.query("SELECT text FROM outbox WHERE set_aside_at IS NULL")] == ["queued"]
    db.close()
