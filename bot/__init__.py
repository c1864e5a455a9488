"""The hh.ru ↔ Telegram bridge. aiogram is imported here first, with its models built on first use."""

from bot.lazy_aiogram import import_aiogram_lazily

import_aiogram_lazily()
