"""Issue 11, items 7 and 12: the bot refuses to start, in one line with exit status 2, when its database cannot
be opened or its token key reads none of the stored tokens; some unreadable tokens mean a new link for those."""

from __future__ import annotations

import asyncio
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from bot.testing.bot_process import ROOT, BotProcess
from bot.testing.fake_hh import FakeHH
from bot.testing.fake_telegram import FakeTelegram
from storage import accounts, users
from storage.accounts import Profile, Role, Status, Tokens
from storage.crypto import TokenCipher, key_file_for
from storage.db import open_database
from storage.migrations import MIGRATIONS
from tests.conftest import StartBridge

KEY = Fernet.generate_key()
OTHER_KEY = Fernet.generate_key()
SECRETS = ("access-0-secret", "refresh-0-secret", "access-1-secret", "refresh-1-secret")


def seed(path: Path, key: bytes, count: int = 2) -> None:
    """A database with `count` linked accounts whose tokens are encrypted with `key`."""
    db = open_database(path)
    cipher = TokenCipher(key)
    for number in range(count):
        users.upsert(db, 100 + number, 100 + number, "ru", now=1000.0)
        profile = Profile(Role.EMPLOYER, f"u{number}", "Ольга Кадрова", f"e{number}", "Рога и копыта", f"m{number}")
        tokens = Tokens(f"access-{number}-secret", f"refresh-{number}-secret", 2e9)
        accounts.link(db, cipher, 100 + number, profile, tokens, now=1000.0, first_check_at=1000.0)
    db.close()


async def run_to_exit(env: dict[str, str]) -> tuple[int, str]:
    """`python -m bot` until it exits by itself; its exit status and everything it wrote to stderr."""
    process = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", env=env, cwd=ROOT,
                                                   stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
    except TimeoutError:
        process.kill()
        await process.wait()
        raise AssertionError("python -m bot did not stop by itself") from None
    assert process.returncode is not None
    return process.returncode, stderr.decode()


def env_of(hh: FakeHH, tg: FakeTelegram, folder: Path, database: Path, key: bytes | None) -> dict[str, str]:
    env = dict(BotProcess(hh, tg, folder, DATABASE_PATH=str(database)).env)
    env.pop("ENCRYPTION_KEY")
    if key is not None:
        env["ENCRYPTION_KEY"] = key.decode()
    return env


def write_key_file(database: Path, key: bytes) -> Path:
    path = key_file_for(database)
    path.write_bytes(key)
    path.chmod(0o600)
    return path


@pytest.mark.process
@pytest.mark.parametrize("case", ["changed ENCRYPTION_KEY", "other key file", "lost key file", "broken key file"])
async def test_a_key_that_reads_no_stored_token_stops_the_start_in_one_line(
    hh: FakeHH, tg: FakeTelegram, tmp_path: Path, case: str
) -> None:
    database = tmp_path / "bot.sqlite3"
    seed(database, KEY)
    key_file = key_file_for(database)
    key: bytes | None = None
    if case == "changed ENCRYPTION_KEY":
        key = OTHER_KEY
        expected = ("ENCRYPTION_KEY: the stored hh.ru tokens of all 2 linked accounts cannot be read with this key; "
                    "set the key they were stored with")
    elif case == "broken key file":
        write_key_file(database, b"not a key")
        expected = (f"{key_file}: the token key file does not hold a Fernet key; restore the key file they were "
                    f"stored with, or set ENCRYPTION_KEY to their key")
    else:
        if case == "other key file":
            write_key_file(database, OTHER_KEY)
        expected = (f"{key_file}: the stored hh.ru tokens of all 2 linked accounts cannot be read with this key; "
                    f"restore the key file they were stored with, or set ENCRYPTION_KEY to their key")
    status, stderr = await run_to_exit(env_of(hh, tg, tmp_path, database, key))
    assert (status, stderr) == (2, expected + "\n")
    assert not any(secret in stderr for secret in (*SECRETS, KEY.decode(), OTHER_KEY.decode()))
    assert tg.requests == []


@pytest.mark.process
async def test_the_right_key_file_starts_the_bot(hh: FakeHH, tg: FakeTelegram, tmp_path: Path) -> None:
    database = tmp_path / "bot.sqlite3"
    seed(database, KEY)
    write_key_file(database, KEY)
    process = BotProcess(hh, tg, tmp_path, DATABASE_PATH=str(database))
    process.env.pop("ENCRYPTION_KEY")
    try:
        await process.start()
    finally:
        await process.stop_quietly()
    assert f"using the token encryption key at {key_file_for(database)}" in process.log.read_text()


def not_a_directory(tmp_path: Path) -> Path:
    (tmp_path / "file").write_text("x")
    return tmp_path / "file" / "bot.sqlite3"


def a_directory(tmp_path: Path) -> Path:
    (tmp_path / "folder").mkdir()
    return tmp_path / "folder"


def not_a_database(tmp_path: Path) -> Path:
    (tmp_path / "notes.txt").write_text("these are not the tables you are looking for" * 100)
    return tmp_path / "notes.txt"


@pytest.mark.process
@pytest.mark.parametrize(("make", "reason"), [
    (not_a_directory, "Not a directory"),
    (a_directory, "unable to open database file"),
    (not_a_database, "file is not a database"),
])
async def test_a_database_path_that_cannot_be_opened_stops_the_start_in_one_line(
    hh: FakeHH, tg: FakeTelegram, tmp_path: Path, make: Callable[[Path], Path], reason: str
) -> None:
    database = make(tmp_path)
    status, stderr = await run_to_exit(env_of(hh, tg, tmp_path, database, KEY))
    assert (status, stderr) == (2, f"DATABASE_PATH: cannot open {database}: {reason}; expected a SQLite file the "
                                   f"bot can create and write\n")


@pytest.mark.process
async def test_a_database_from_a_newer_version_stops_the_start_in_one_line(
    hh: FakeHH, tg: FakeTelegram, tmp_path: Path
) -> None:
    database = tmp_path / "bot.sqlite3"
    with sqlite3.connect(database) as newer:
        newer.execute(f"PRAGMA user_version={len(MIGRATIONS) + 1}")
    newer.close()
    status, stderr = await run_to_exit(env_of(hh, tg, tmp_path, database, KEY))
    assert (status, stderr) == (2, f"DATABASE_PATH: cannot open {database}: the database was written by a newer "
                                   f"version of the bot (schema {len(MIGRATIONS) + 1}, this version knows up to "
                                   f"{len(MIGRATIONS)}); run that version, or restore a backup\n")


async def test_accounts_whose_tokens_cannot_be_read_are_asked_to_link_again(start_bridge: StartBridge) -> None:
    bridge = await start_bridge()
    hh, tg = bridge.hh, bridge.tg
    readable = hh.add_employer_user(first_name="Ольга", last_name="Кадрова", company="Рога и копыта")
    unreadable = hh.add_employer_user(first_name="Пётр", last_name="Сидоров", company="Копыта и рога")
    vacancy = hh.add_vacancy(readable)
    await bridge.link(121, readable.user_id)
    await bridge.link(122, unreadable.user_id)
    await bridge.outbox_drained()
    await bridge.stop()
    key = bridge.settings.encryption_key
    assert key is not None
    db = open_database(bridge.settings.database_path)
    account = accounts.of_user(db, 122)
    assert account is not None
    tokens = accounts.load_tokens(db, TokenCipher(key.get_secret_value().encode()), account.id)
    assert tokens is not None
    accounts.save_tokens(db, TokenCipher(OTHER_KEY), account.id, tokens)
    db.close()
    last_seen = {chat: tg.chat(chat)[-1].message_id for chat in (121, 122)}

    again = await start_bridge()
    notice = await tg.wait_for_bot_message(122, contains="ключ шифрования", after=last_seen[122])
    assert notice.text == ("Я не могу прочитать сохранённый доступ к аккаунту Пётр Сидоров — работодатель, "
                           "«Копыта и рога»: у бота сменился ключ шифрования. Я перестал проверять его. "
                           "Подключите аккаунт заново:")
    assert notice.url_of("hh.ru").startswith(hh.base_url)
    relinked = await again.account_when(122, lambda account: account.status is Status.NEEDS_RELINK)
    assert relinked.status_reason == "tokens_unreadable"
    hh.add_response(vacancy, hh.add_applicant_user(), cover_letter="Здравствуйте!")
    card = await tg.wait_for_bot_message(121, contains="Новый отклик", after=last_seen[121])
    assert [m.message_id for m in tg.chat(121) if m.message_id > last_seen[121]] == [card.message_id]
