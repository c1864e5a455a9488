from __future__ import annotations

from collections.abc import Iterator

import pytest
from cryptography.fernet import Fernet
from sqlite_utils import Database

from storage import accounts, users
from storage.crypto import TokenCipher
from storage.db import open_database


@pytest.fixture
def db() -> Iterator[Database]:
    database = open_database(":memory:")
    yield database
    database.close()


@pytest.fixture
def cipher() -> TokenCipher:
    return TokenCipher(Fernet.generate_key())


EMPLOYER = accounts.Profile(accounts.Role.EMPLOYER, "u1", "Ольга Кадрова", "e1", "Рога и копыта", "m1")
TOKENS = accounts.Tokens("access-1-secret", "refresh-1-secret", 2000.0)


@pytest.fixture
def account(db: Database, cipher: TokenCipher) -> accounts.Account:
    users.upsert(db, 111, 111, "ru", now=1000.0)
    return accounts.link(db, cipher, 111, EMPLOYER, TOKENS, now=1000.0, first_check_at=1005.0)
