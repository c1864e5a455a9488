"""The hh.ru ↔ Telegram bridge. Entry points import aiogram first through `bot.lazy_aiogram`."""
