"""Issues 13 and 23: `python -m bot demo --script` plays the walk-through against the real bot and prints it as a
chat, the team's group included; in English, all of it is English."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.demo.stack import BOT_TOKEN, CLIENT_SECRET
from bot.testing.bot_process import ROOT

pytestmark = pytest.mark.process

RU_STEPS = [
    "1. Подключаем аккаунт работодателя",
    "👤 Ольга: /start",
    "[Подключить hh.ru ↗]",
    "🌐 hh.ru: Ольга Кадрова входит на hh.ru и нажимает «Разрешить»",
    "📲 Ольга нажимает на странице бота «Подтвердить в Telegram»",
    "🤖 Бот: Готово! Подключён аккаунт hh.ru: Ольга Кадрова — работодатель, «Рога и копыта».",
    "🤖 Бот: Аккаунт на связи.",
    "2. Приходит отклик — карточка в Telegram",
    "🌐 hh.ru: Иван Петров откликается на «Python-разработчик»",
    "🤖 Бот: 🆕 Новый отклик на вакансию Python-разработчик",
    "последние три — <aiohttp> и asyncio",
    "[Пригласить] [Телефонное интервью]",
    "3. Приглашаем по шаблону",
    "👆 Ольга нажимает «Пригласить»",
    "🤖 Бот: ✍️ «Пригласить» · Петров Иван",
    "👆 Ольга нажимает «Приглашение откликнувшегося соискателя»",
    "🤖 Бот: 📝 Проверьте текст: на hh.ru он уйдёт, только когда вы нажмёте «Отправить».",
    "Кому: Петров Иван, вакансия «Python-разработчик»",
    "Здравствуйте, Иван! Благодарим вас за отклик",
    "[Отправить] [Изменить]",
    "👆 Ольга нажимает «Отправить»",
    "✏️ Бот изменил карточку: 🆕 Новый отклик",
    "Статус: Собеседование",
    "✏️ Бот изменил предпросмотр: ✅ «Пригласить» · Петров Иван — готово, сообщение ушло на hh.ru:",
    "4. Кандидат отвечает — ответ приходит в Telegram",
    "🌐 hh.ru: Иван Петров пишет: «Спасибо за приглашение! В среду в 15:00 мне удобно.»",
    "🤖 Бот: 💬 Петров Иван · Python-разработчик",
    "5. Отвечаем из Telegram",
    "👤 Ольга (ответ на «💬 Петров Иван · Python-разработчик»): Отлично, до встречи в среду!",
    "🤖 Бот: ✅ Отправлено на hh.ru",
    "🌐 hh.ru: ответ появился в переписке: «Отлично, до встречи в среду!»",
    "6. Токен доступа истекает и обновляется",
    "🌐 hh.ru: Истёк токен доступа аккаунта «Ольга Кадрова»",
    "🌐 hh.ru: бот обновил токен: POST /token → 200",
    "7. /status",
    "👤 Ольга: /status",
    "🤖 Бот: Аккаунт: Ольга Кадрова — работодатель, «Рога и копыта»",
    "Состояние: работает",
    "Последняя успешная проверка: ",
    " МСК",
    "8. Команда: подключаем группу с темой на каждую вакансию",
    "👥 Ольга в группе: /connect",
    "🤖 Бот: Подключить группу «Найм · Рога и копыта»?",
    "[Подключить] [Не подключать]",
    "👆 Ольга нажимает «Подключить»",
    "✏️ Бот изменил сообщение: Группа «Найм · Рога и копыта» подключена.",
    "🤖 Бот в группе: Группа подключена: новости каждой вакансии с hh.ru будут приходить в её тему.",
    "9. Коллеги работают с откликами в теме вакансии",
    "🌐 hh.ru: Анна Смирнова откликается на «Python-разработчик»",
    "🤖 Бот в группе, тема «Python-разработчик»: 🆕 Новый отклик на вакансию Python-разработчик",
    "👆 Борис нажимает в группе «Пригласить»",
    "💭 Telegram показывает ответ бота: «Извините, в этой группе действовать по откликам могут администраторы группы.»",
    "👆 Светлана нажимает в группе «Подумать»",
    "✏️ Бот изменил карточку в группе: 🆕 Новый отклик",
    "Подумать — @svetlana · ",
    "🌐 hh.ru: Иван Петров пишет: «Подскажите, пожалуйста, адрес офиса?»",
    "🤖 Бот в группе, тема «Python-разработчик»: 💬 Петров Иван · Python-разработчик",
    "👥 Светлана в группе (ответ на «💬 Петров Иван · Python-разработчик»): Офис на Тверской, 7. Пропуск закажем.",
    "🤖 Бот в группе, тема «Python-разработчик»: ✅ Отправлено на hh.ru: Петров Иван.",
    "🌐 hh.ru: ответ появился в переписке: «Офис на Тверской, 7. Пропуск закажем.»",
    "Готово: все шаги пройдены.",
]
EN_STEPS = [
    "1. Link an employer's account",
    "👤 Olga: /start",
    "[Connect hh.ru ↗]",
    "🌐 hh.ru: Olga Kadrova signs in on hh.ru and presses “Allow”",
    "📲 Olga presses “Confirm in Telegram” on the bot's page",
    "🤖 Bot: Done! Connected hh.ru account: Olga Kadrova — employer, “Horns & Hooves”.",
    "2. A response arrives as a card in Telegram",
    "🤖 Bot: 🆕 New response to Python developer",
    "[Invite] [Phone interview]",
    "[Consider] [Reject]",
    "3. Invite with a template",
    "👆 Olga presses “Invite”",
    "👆 Olga presses “Invitation of a candidate who responded”",
    "🤖 Bot: 📝 Check the text: it goes to hh.ru only when you press “Send”.",
    "Hello, Ivan! Thank you for responding to “Python developer”. We invite you to an interview.",
    "[Send] [Edit]",
    "👆 Olga presses “Send”",
    "✏️ The bot edited the card",
    "State: Interview",
    "✏️ The bot edited the preview: ✅ “Invite” · Petrov Ivan — done, the message went to hh.ru:",
    "4. The candidate answers, and the answer is pushed",
    "🤖 Bot: 💬 Petrov Ivan · Python developer",
    "Thank you for the invitation! Wednesday at 3 pm suits me.",
    "5. Reply from Telegram",
    "👤 Olga (replying to “💬 Petrov Ivan · Python developer”): Great, see you on Wednesday!",
    "🤖 Bot: ✅ Sent to hh.ru",
    "6. The access token expires and is refreshed",
    "🌐 hh.ru: the bot refreshed the token: POST /token → 200",
    "7. /status",
    "🤖 Bot: Account: Olga Kadrova — employer, “Horns & Hooves”",
    "State: working",
    "Last successful check: ",
    " Moscow time",
    "8. A team: connect a group with a topic per vacancy",
    "👥 Olga in the group: /connect",
    "🤖 Bot: Connect the group “Hiring · Horns & Hooves”?",
    "🤖 Bot in the group: The group is connected",
    "9. Colleagues work on responses in the vacancy's topic",
    "🤖 Bot in the group, topic “Python developer”: 🆕 New response to Python developer",
    "👆 Boris presses “Invite” in the group",
    "💭 Telegram shows the bot's answer: “Sorry, in this group responses are acted on by the group's administrators.”",
    "👆 Svetlana presses “Consider” in the group",
    "Considering — @svetlana · ",
    "👥 Svetlana in the group (replying to “💬 Petrov Ivan · Python developer”): The office is at 7 Tverskaya Street.",
    "🤖 Bot in the group, topic “Python developer”: ✅ Sent to hh.ru: Petrov Ivan.",
    "Done: every step passed.",
]
CYRILLIC = re.compile("[А-Яа-яЁё]")


# The demo needs no settings, and the bot's own settings in the environment do not reach it.
BOT_SETTINGS = {"BOT_TOKEN": "not a token", "HH_RATE_LIMIT": "many", "WEBHOOK_URL": "https://example.com/hook",
                "DATABASE_PATH": "/nonexistent/bot.sqlite3", "HH_API_URL": "https://api.hh.ru"}


@pytest.mark.parametrize(
    ("language", "environment", "keep", "steps"),
    [("ru", {}, True, RU_STEPS), ("en", BOT_SETTINGS, False, EN_STEPS)],
)
def test_the_walk_through_prints_every_step_in_order(language: str, environment: dict[str, str], keep: bool,
                                                     steps: list[str], tmp_path: Path) -> None:
    data = ["--data", str(tmp_path / "kept")] if keep else []
    done = subprocess.run([sys.executable, "-m", "bot", "demo", "--script", "--lang", language, *data], cwd=ROOT,
                          env={**os.environ, **environment}, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          timeout=180, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    position = 0
    for step in steps:
        found = done.stdout.find(step, position)
        assert found >= 0, f"{step!r} missing after position {position}:\n{done.stdout}"
        position = found + len(step)
    for secret in (BOT_TOKEN, CLIENT_SECRET):
        assert secret not in done.stdout + done.stderr
    if language == "en":
        assert [line for line in done.stdout.splitlines() if CYRILLIC.search(line)] == []
    assert (tmp_path / "kept" / "bot.sqlite3").is_file() == keep
