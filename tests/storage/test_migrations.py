"""Migrations through sqlite-utils' `Migrations`: whole statements, databases from before it adopted, and a
database from a newer version refused before anything is written."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from storage import group_links, migrations, prompts
from storage.db import StorageOpenError, open_database
from storage.group_links import GroupLink, LinkState, WhoActs
from storage.migrations import MIGRATION_SET, MIGRATIONS, SchemaTooNewError, migrate, schema_version, statements

TODAY_V4 = Path(__file__).parent / "data" / "schema_v4.sql"
TRIGGER = """
CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT, edits INTEGER NOT NULL DEFAULT 0);
CREATE TRIGGER notes_edited AFTER UPDATE OF body ON notes BEGIN
    UPDATE notes SET edits = edits + 1 WHERE id = new.id;
END;
INSERT INTO notes (body) VALUES ('a;b');
"""


@pytest.mark.parametrize(("script", "expected"), [
    ("", []),
    ("  \n ; ;\n", []),
    ("CREATE TABLE a (x); CREATE TABLE b (y)", ["CREATE TABLE a (x);", "CREATE TABLE b (y);"]),
    ("INSERT INTO a VALUES ('x;y');", ["INSERT INTO a VALUES ('x;y');"]),
    (TRIGGER, [
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT, edits INTEGER NOT NULL DEFAULT 0);",
        "CREATE TRIGGER notes_edited AFTER UPDATE OF body ON notes BEGIN\n"
        "    UPDATE notes SET edits = edits + 1 WHERE id = new.id;\nEND;",
        "INSERT INTO notes (body) VALUES ('a;b');",
    ]),
])
def test_statements_are_whole(script: str, expected: list[str]) -> None:
    assert statements(script) == expected


def applied(db: Database) -> list[str]:
    return [row["name"] for row in db.query(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY id", [MIGRATION_SET])]


def every_name() -> list[str]:
    return [f"{number:04d}" for number in range(1, len(MIGRATIONS) + 1)]


def test_a_new_database_records_every_migration() -> None:
    db = Database(memory=True)
    assert migrate(db) == len(MIGRATIONS)
    assert applied(db) == every_name()


def test_a_migration_with_a_trigger_applies(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(migrations, "MIGRATIONS", [*MIGRATIONS, TRIGGER])
    db = Database(memory=True)
    migrate(db)
    db.execute("UPDATE notes SET body = 'c' WHERE id = 1")
    assert list(db.query("SELECT body, edits FROM notes")) == [{"body": "c", "edits": 1}]


def test_todays_database_upgrades_in_place_keeping_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    with sqlite3.connect(path) as old:
        old.executescript(TODAY_V4.read_text())
        old.execute("PRAGMA user_version=4")
        old.execute("INSERT INTO users (telegram_id, chat_id, created_at, name) VALUES (7, 7, 0, 'Оля')")
        old.execute("INSERT INTO told_groups (chat_id, told_at) VALUES (-5, 1)")
    old.close()
    db = open_database(path)
    assert (schema_version(db), applied(db)) == (len(MIGRATIONS), every_name())
    assert list(db.query("SELECT telegram_id, name FROM users")) == [{"telegram_id": 7, "name": "Оля"}]
    assert list(db.query("SELECT chat_id FROM told_groups")) == [{"chat_id": -5}]
    db.close()


def test_a_database_newer_by_user_version_is_refused_untouched() -> None:
    db = Database(memory=True)
    db.execute(f"PRAGMA user_version={len(MIGRATIONS) + 1}")
    with pytest.raises(SchemaTooNewError) as raised:
        migrate(db)
    assert (raised.value.found, raised.value.known, db.table_names()) == (len(MIGRATIONS) + 1, len(MIGRATIONS), [])


def test_a_database_that_applied_an_unknown_migration_is_refused() -> None:
    db = Database(memory=True)
    migrate(db)
    db.table("_sqlite_migrations").insert({"migration_set": MIGRATION_SET, "name": "9999", "applied_at": "later"})
    with pytest.raises(SchemaTooNewError) as raised:
        migrate(db)
    assert (raised.value.found, raised.value.known) == (9999, len(MIGRATIONS))


def test_opening_a_newer_database_names_it_and_says_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    with sqlite3.connect(path) as newer:
        newer.execute(f"PRAGMA user_version={len(MIGRATIONS) + 3}")
    newer.close()
    with pytest.raises(StorageOpenError) as raised:
        open_database(path)
    assert (str(raised.value), raised.value.hint) == (
        f"cannot open {path}: the database was written by a newer version of the bot (schema "
        f"{len(MIGRATIONS) + 3}, this version knows up to {len(MIGRATIONS)})", "run that version, or restore a backup")


SHARED_GROUPS = MIGRATIONS.index(next(script for script in MIGRATIONS if "group_links_shared" in script)) + 1
PRIVATE_PROMPT = ('{"kind": "reply", "name": "Иван", "chat_id": 7, "prompt_message_id": 30, "account_id": 1, '
                  '"negotiation_id": "n1"}')
GROUP_PROMPT = ('{"kind": "reply", "name": "Мария", "chat_id": -5, "prompt_message_id": 31, "account_id": 1, '
                '"negotiation_id": "n2"}')


@pytest.mark.parametrize("prompt", [PRIVATE_PROMPT, GROUP_PROMPT, '{"kind": "reply"}', "not json"])
def test_groups_and_prompts_from_before_shared_groups_are_kept(monkeypatch: pytest.MonkeyPatch, prompt: str) -> None:
    """A group's one owner keeps the link and its `who_acts`; an open prompt stays the owner's own in the chat it
    was opened in; a prompt that no longer reads as one is dropped."""
    db = Database(memory=True)
    monkeypatch.setattr(migrations, "MIGRATIONS", MIGRATIONS[:SHARED_GROUPS - 1])
    migrate(db)
    db.execute("INSERT INTO users (telegram_id, chat_id, created_at) VALUES (7, 7, 0)")
    db.execute("INSERT INTO group_links (chat_id, owner_id, title, is_forum, state, who_acts, created_at) "
               "VALUES (-5, 7, 'Найм', 1, 'active', 'members', 2)")
    db.execute("INSERT INTO prompts (telegram_id, kind, payload, created_at) VALUES (7, 'reply', ?, 3)", [prompt])
    monkeypatch.setattr(migrations, "MIGRATIONS", MIGRATIONS)
    assert migrate(db) == len(MIGRATIONS)
    assert group_links.active_links(db, -5) == [GroupLink(-5, 7, "Найм", True, LinkState.ACTIVE, WhoActs.MEMBERS)]
    assert group_links.active_owners(db, -5) == [7]
    kept = {PRIVATE_PROMPT: (7, 30), GROUP_PROMPT: (-5, 31)}.get(prompt)
    if kept is None:
        assert list(db.query("SELECT * FROM prompts")) == []
        return
    chat_id, message_id = kept
    held = prompts.at_message(db, chat_id, message_id, created_since=0.0)
    assert held is not None and (held.owner_id, held.actor_id) == (7, 7)
    assert prompts.get(db, 7, chat_id, 7, created_since=0.0) == held.prompt
    assert prompts.get(db, 7, -5 if chat_id == 7 else 7, 7, created_since=0.0) is None
