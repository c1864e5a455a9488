"""aiogram imported with its models built on first use behaves as the eager import does."""

from __future__ import annotations

import json
import subprocess
import sys

import aiogram.methods
import aiogram.types

import bot  # noqa: F401  (imports aiogram lazily, before anything else does)

UPDATE = {
    "update_id": 7,
    "callback_query": {
        "id": "q1", "chat_instance": "c", "data": "c:1:0",
        "from": {"id": 5, "is_bot": False, "first_name": "Анна", "language_code": "ru"},
        "message": {"message_id": 3, "date": 1, "chat": {"id": 5, "type": "private"}, "text": "карточка",
                    "entities": [{"type": "bold", "offset": 0, "length": 3}],
                    "reply_markup": {"inline_keyboard": [[{"text": "Пригласить", "callback_data": "c:1:0"}]]}},
    },
}
ROUND_TRIP = (
    "import json, sys; {imports}; from aiogram.types import Update; "
    "print(Update.model_validate(json.loads(sys.argv[1])).model_dump_json(exclude_none=True))"
)


def test_most_types_are_not_built_until_used() -> None:
    built = [name for name in aiogram.types.__all__
             if getattr(getattr(aiogram.types, name), "__pydantic_complete__", True)]
    assert len(built) < len(aiogram.types.__all__) / 2


def test_a_lazily_built_update_and_method_match_the_eager_import() -> None:
    lazy, eager = (
        subprocess.run([sys.executable, "-c", ROUND_TRIP.format(imports=imports), json.dumps(UPDATE)],
                       capture_output=True, text=True, check=True, timeout=120).stdout
        for imports in ("import bot", "import aiogram")
    )
    assert lazy == eager and json.loads(lazy)["callback_query"]["message"]["text"] == "карточка"
    method = aiogram.methods.SendMessage(chat_id=5, text="x", reply_markup=aiogram.types.InlineKeyboardMarkup(
        inline_keyboard=[[aiogram.types.InlineKeyboardButton(text="a", url="https://hh.ru")]]))
    assert method.model_dump(exclude_none=True)["reply_markup"] == {
        "inline_keyboard": [[{"text": "a", "url": "https://hh.ru"}]]}
