"""`python -m bot.bench`: the real bot process against the fakes, with the numbers that matter printed."""
