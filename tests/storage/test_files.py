"""Issue 11, item 12: the database, its -wal and -shm files and a folder the bot creates are its user's only."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from storage.crypto import load_or_create_key
from storage.db import StorageOpenError, open_database


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture(params=[0o022, 0o002, 0o000], ids=["umask 022", "umask 002", "umask 000"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    """A permissive umask, as on many servers; the modes must not depend on it."""
    before = os.umask(request.param)
    yield request.param
    os.umask(before)


def test_a_new_database_and_its_folders_are_private(tmp_path: Path, umask: int) -> None:
    path = tmp_path / "data" / "bot" / "bot.sqlite3"
    db = open_database(path)
    db.execute("INSERT INTO users (telegram_id, chat_id, created_at) VALUES (1, 1, 0)")
    files = [path, Path(f"{path}-wal"), Path(f"{path}-shm")]
    assert {str(p.relative_to(tmp_path)): mode(p) for p in (tmp_path / "data", tmp_path / "data" / "bot", *files)} == {
        "data": 0o700, "data/bot": 0o700, "data/bot/bot.sqlite3": 0o600, "data/bot/bot.sqlite3-wal": 0o600,
        "data/bot/bot.sqlite3-shm": 0o600,
    }
    db.close()


def test_an_existing_folder_is_left_alone_and_old_open_files_are_tightened(tmp_path: Path, umask: int) -> None:
    tmp_path.chmod(0o755)
    path = tmp_path / "bot.sqlite3"
    open_database(path).close()
    for file in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        file.touch()
        file.chmod(0o644)
    db = open_database(path)
    assert [mode(p) for p in (tmp_path, path, Path(f"{path}-wal"), Path(f"{path}-shm"))] == [0o755, 0o600, 0o600,
                                                                                           0o600]
    db.close()


def test_the_key_file_folder_is_private_too(tmp_path: Path, umask: int) -> None:
    key_file = load_or_create_key(tmp_path / "keys" / "bot.sqlite3")
    assert (key_file.created, mode(tmp_path / "keys"), mode(key_file.path)) == (True, 0o700, 0o600)


@pytest.mark.parametrize(("name", "reason"), [
    ("a-folder", "unable to open database file"),
    ("a-file/bot.sqlite3", "Not a directory"),
    ("not-a-database.txt", "file is not a database"),
])
def test_a_path_that_cannot_be_opened_is_one_clear_error(tmp_path: Path, name: str, reason: str) -> None:
    (tmp_path / "a-folder").mkdir()
    (tmp_path / "a-file").write_text("x")
    (tmp_path / "not-a-database.txt").write_text("plain text, not SQLite " * 100)
    with pytest.raises(StorageOpenError) as raised:
        open_database(tmp_path / name)
    assert str(raised.value) == f"cannot open {tmp_path / name}: {reason}"
