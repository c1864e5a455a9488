"""What hh.ru accepts, as far as the bot needs to say so before asking."""

from __future__ import annotations

MESSAGE_MAX_LENGTH = 2000
"""The longest message text hh.ru takes, as far as we know; its `too_long_message` answer is what counts."""
