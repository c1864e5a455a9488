"""The hh.ru client's token store, backed by the encrypted accounts table."""

from __future__ import annotations

from sqlite_utils import Database

from bot.hh.tokens import TokenPair
from bot.services.notices import Notices
from storage import accounts
from storage.accounts import Status, Tokens
from storage.crypto import TokenCipher
from storage.db import Storage


class DatabaseTokenStore:
    def __init__(self, storage: Storage, cipher: TokenCipher, notices: Notices) -> None:
        self._storage = storage
        self._cipher = cipher
        self._notices = notices

    async def load(self, account_id: int) -> TokenPair | None:
        return await self._storage.run(self._usable, account_id)

    async def save(self, account_id: int, tokens: TokenPair) -> None:
        await self._storage.run(accounts.save_tokens, self._cipher, account_id,
                                Tokens(tokens.access_token, tokens.refresh_token, tokens.expires_at))

    async def mark_needs_relink(self, account_id: int, reason: str) -> None:
        await self._notices.needs_relink(account_id, reason)

    def _usable(self, db: Database, account_id: int) -> TokenPair | None:
        account = accounts.get(db, account_id)
        if account is None or account.status is Status.NEEDS_RELINK:
            return None
        tokens = accounts.load_tokens(db, self._cipher, account_id)
        return None if tokens is None else TokenPair(tokens.access_token, tokens.refresh_token, tokens.expires_at)
