"""`python -m bot demo`: the real bot against the fake hh.ru and fake Telegram, with a page to watch and drive it."""
