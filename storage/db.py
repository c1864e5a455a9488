"""Opening the database, its pragmas, transactions, and the one thread that touches it."""

from __future__ import annotations

import asyncio
import functools
import sqlite3
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Concatenate, ParamSpec, TypeVar

from sqlite_utils import Database

from storage.files import create_private_file, make_private, make_private_folder
from storage.migrations import SchemaTooNewError, migrate

P = ParamSpec("P")
T = TypeVar("T")

BUSY_TIMEOUT_MS = 5000


class StorageOpenError(Exception):
    """The database file cannot be opened or is not a database; the message names the path and the reason."""

    def __init__(self, path: Path, reason: str,
                 hint: str = "expected a SQLite file the bot can create and write") -> None:
        super().__init__(f"cannot open {path}: {reason}")
        self.path = path
        self.reason = reason
        self.hint = hint


def open_database(path: Path | str) -> Database:
    """Opens (creating its folder) and migrates the database. ':memory:' gives a private in-memory one.

    The folder, if created, is 0700; the database and its -wal and -shm files are 0600.
    """
    if str(path) == ":memory:":
        db = Database(memory=True)
        db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    else:
        db = _open_file(Path(path))
    db.execute("PRAGMA foreign_keys=ON")
    db.execute("PRAGMA synchronous=NORMAL")
    try:
        migrate(db)
    except SchemaTooNewError as error:
        db.close()
        raise StorageOpenError(Path(str(path)), str(error), "run that version, or restore a backup") from None
    return db


def _open_file(path: Path) -> Database:
    try:
        make_private_folder(path.parent)
        create_private_file(path)
        db = Database(path)
        db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        db.enable_wal()
        db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()  # a read opens the -shm file
        make_private(path, Path(f"{path}-wal"), Path(f"{path}-shm"))
    except OSError as error:
        raise StorageOpenError(path, error.strerror or type(error).__name__) from None
    except sqlite3.Error as error:
        raise StorageOpenError(path, str(error)) from None
    return db


@contextmanager
def transaction(db: Database, *, durable: bool = False) -> Iterator[Database]:
    """One atomic unit of writes. `durable` syncs it to disk before returning (synchronous=FULL)."""
    if durable:
        db.execute("PRAGMA synchronous=FULL")
    try:
        with db.atomic():
            yield db
    finally:
        if durable:
            db.execute("PRAGMA synchronous=NORMAL")


class Storage:
    """The database behind one dedicated thread, so the event loop never waits on the disk."""

    def __init__(self, path: Path | str) -> None:
        self.path = path
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sqlite")
        self._db: Database | None = None

    async def open(self) -> None:
        self._db = await self._submit(open_database, self.path)

    async def run(
        self, fn: Callable[Concatenate[Database, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """Runs `fn(db, *args, **kwargs)` on the database thread."""
        if self._db is None:
            raise RuntimeError("Storage is not open")
        return await self._submit(functools.partial(fn, self._db, *args, **kwargs))

    async def close(self) -> None:
        if self._db is not None:
            db, self._db = self._db, None
            await self._submit(db.close)
        self._executor.shutdown(wait=True)

    async def _submit(self, fn: Callable[..., T], *args: object) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, fn, *args)
