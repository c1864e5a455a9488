"""A world for the benchmark: hh.ru users in the fake hh.ru, chats in the fake Telegram, linked accounts in the
bot's database — written straight into SQLite, since linking ten thousand accounts by OAuth would only
measure the linking.
"""

from __future__ import annotations

import random
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path

from bot.hh.models import Vacancy as VacancyView
from bot.services.poller import vacancy_snapshot
from bot.testing.fake_hh import FakeHH, Negotiation, Vacancy
from bot.testing.fake_telegram import FakeTelegram
from storage import users, watermarks
from storage.crypto import TokenCipher
from storage.db import open_database

FIRST_CHAT = 100_000


@dataclass
class BenchAccount:
    telegram_id: int
    hh_user_id: str
    role: str
    label: str = "regular"
    employer_id: str | None = None
    vacancies: list[Vacancy] = field(default_factory=list)
    negotiations: list[Negotiation] = field(default_factory=list)


@dataclass
class World:
    accounts: list[BenchAccount]
    outside_employer_vacancy: Vacancy
    outside_applicants: list[str]

    def labelled(self, label: str) -> BenchAccount:
        return next(account for account in self.accounts if account.label == label)


SPECIALS = (("employer", "employer with 1 vacancy", 1), ("employer", "employer with 10 vacancies", 10),
            ("employer", "employer with 50 vacancies", 50), ("applicant", "applicant", 0))


def build_world(hh: FakeHH, tg: FakeTelegram, count: int, *, employer_share: float = 0.7,
                conversations: bool = False, rng: random.Random) -> World:
    """`count` accounts, the four idle specials among them; with `conversations`, each has one negotiation."""
    outside = hh.add_employer_user(first_name="Внешний", last_name="Работодатель", company="Другая компания")
    outside_vacancy = hh.add_vacancy(outside, name="Вакансия для соискателей")
    outside_applicants = [hh.add_applicant_user(first_name=f"Соискатель{n}").user_id for n in range(20)]
    plan = [(role, label, vacancies) for role, label, vacancies in SPECIALS] if not conversations else []
    while len(plan) < count:
        if rng.random() < employer_share:
            plan.append(("employer", "regular", rng.choice((1, 1, 2, 3))))
        else:
            plan.append(("applicant", "regular", 0))
    world = World([], outside_vacancy, outside_applicants)
    for number, (role, label, vacancy_count) in enumerate(plan):
        chat = FIRST_CHAT + number
        tg.add_user(chat, first_name=f"Bench {number}", language_code="ru")
        if role == "employer":
            employer = hh.add_employer_user(first_name="Менеджер", last_name=str(number), company=f"Компания {number}")
            account = BenchAccount(chat, employer.user_id, role, label, employer.employer_id,
                                   [hh.add_vacancy(employer, name=f"Вакансия {n}") for n in range(vacancy_count)])
            if conversations:
                account.negotiations.append(hh.add_response(account.vacancies[0], rng.choice(outside_applicants),
                                                            cover_letter="Здравствуйте"))
        else:
            applicant = hh.add_applicant_user(first_name="Соискатель", last_name=str(number))
            account = BenchAccount(chat, applicant.user_id, role, label)
            if conversations:
                negotiation = hh.add_response(outside_vacancy, applicant, cover_letter="Здравствуйте")
                hh.employer_action(negotiation, "invitation", message="Приглашаем!")
                account.negotiations.append(negotiation)
        world.accounts.append(account)
    return world


def link_in_database(hh: FakeHH, world: World, database: Path, key: bytes, *, baseline_done: bool) -> None:
    """Stores every account as linked, due at once, with tokens the fake issued; idle vacancies as seen."""
    cipher = TokenCipher(key)
    db = open_database(database)
    now = time.time()
    with db.atomic():
        for account in world.accounts:
            users.upsert(db, account.telegram_id, account.telegram_id, "ru", now)
            tokens = hh.issue_tokens(account.hh_user_id)
            cursor = db.execute(
                """
                INSERT INTO accounts (telegram_id, role, hh_user_id, display_name, employer_id, employer_name,
                    manager_id, access_token, refresh_token, token_expires_at, linked_at, baseline_done,
                    next_check_at, last_success_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)
                """,
                (account.telegram_id, account.role, account.hh_user_id, f"Bench {account.telegram_id}",
                 account.employer_id, "Компания" if account.employer_id else None,
                 None, cipher.encrypt(tokens.access_token), cipher.encrypt(tokens.refresh_token), tokens.expires_at,
                 now, int(baseline_done), now if baseline_done else None),
            )
            if baseline_done:
                for vacancy in account.vacancies:
                    watermarks.save_vacancy_snapshot(db, int(cursor.lastrowid or 0), vacancy.vacancy_id,
                                                     vacancy_snapshot(VacancyView(id=vacancy.vacancy_id)))
    db.close()


@dataclass(frozen=True)
class BenchGroup:
    """A forum supergroup connected by its owners (the first one created it)."""

    chat_id: int
    title: str
    owners: list[BenchAccount]


class SharedGroupsRefused(RuntimeError):
    """group_links still allows one owner per group."""


def connect_groups_in_database(database: Path, groups: list[BenchGroup]) -> None:
    """Every group active for each of its owners, as after /connect and the confirmation, and already told how to
    connect (so the bot's own membership update, still queued in the fake, makes it say nothing). A plain INSERT
    naming its columns: it holds whether group_links keys a row by the chat or by the chat and its owner."""
    db = open_database(database)
    now = time.time()
    try:
        with db.atomic():
            for group in groups:
                for owner in group.owners:
                    db.execute(
                        """
                        INSERT INTO group_links (chat_id, owner_id, title, is_forum, state, who_acts, created_at)
                        VALUES (?, ?, ?, 1, 'active', 'admins', ?)
                        """,
                        (group.chat_id, owner.telegram_id, group.title, now),
                    )
                db.execute("INSERT OR IGNORE INTO told_groups (chat_id, told_at) VALUES (?, ?)", (group.chat_id, now))
    except sqlite3.IntegrityError as error:
        raise SharedGroupsRefused(
            f"group_links refused a second owner of one group ({error}): this schema keeps one owner per group, "
            "so run with --groups equal to --accounts") from error
    finally:
        db.close()
