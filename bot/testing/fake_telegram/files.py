"""Files the bot uploads (sendDocument), kept under the `file_id`s Telegram gives them, so that the bot can send them
again by `file_id` in any chat, as Telegram lets the same bot do."""

from __future__ import annotations

import mimetypes
import secrets
from dataclasses import dataclass
from typing import Any

from .errors import ApiError, bad_request

UPLOAD_LIMIT = 50 * 1024 * 1024
"""Bot API, sendDocument: «Bots can currently send files of any type of up to 50 MB in size»."""
WRONG_FILE_ID = "wrong file identifier/HTTP URL specified"


@dataclass(frozen=True)
class Upload:
    """A file part of a multipart request, as the Bot API server received it."""

    filename: str | None
    content: bytes

    def summary(self) -> dict[str, Any]:
        """What the fake's record of the call keeps of it."""
        return {"filename": self.filename, "size": len(self.content)}


@dataclass(frozen=True)
class StoredFile:
    file_unique_id: str
    file_name: str | None
    mime_type: str | None
    content: bytes

    def document_json(self, file_id: str) -> dict[str, Any]:
        """The Telegram `Document` object."""
        document: dict[str, Any] = {"file_id": file_id, "file_unique_id": self.file_unique_id,
                                    "file_size": len(self.content)}
        if self.file_name:
            document["file_name"] = self.file_name
        if self.mime_type:
            document["mime_type"] = self.mime_type
        return document


class FileStore:
    def __init__(self) -> None:
        self._by_id: dict[str, StoredFile] = {}

    def upload(self, upload: Upload) -> tuple[str, StoredFile]:
        """A new file from an upload: Telegram's checks, then a `file_id` for it."""
        if not upload.content:
            raise bad_request("file must be non-empty")
        if len(upload.content) > UPLOAD_LIMIT:
            raise ApiError(413, "Request Entity Too Large")
        name = upload.filename or None
        stored = StoredFile("AgAD" + secrets.token_urlsafe(12), name,
                            mimetypes.guess_type(name)[0] if name else None, upload.content)
        return self._issue(stored), stored

    def again(self, file_id: str) -> tuple[str, StoredFile]:
        """The file a `file_id` names, sent again: under a new `file_id`, as Telegram may give (both stay valid)."""
        stored = self._by_id.get(file_id)
        if stored is None:
            raise bad_request(WRONG_FILE_ID)
        return self._issue(stored), stored

    def stored(self, file_id: str) -> StoredFile:
        stored = self._by_id.get(file_id)
        if stored is None:
            raise LookupError(f"no file {file_id!r} in the fake Telegram")
        return stored

    def forget_all(self) -> None:
        """Every `file_id` stops working (a test of a bot whose kept ids Telegram no longer takes)."""
        self._by_id.clear()

    def _issue(self, stored: StoredFile) -> str:
        file_id = "BQACAgIAAxkBAA" + secrets.token_urlsafe(30)
        self._by_id[file_id] = stored
        return file_id
