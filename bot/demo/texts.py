"""Every sentence of the demo (page, hh.ru happenings, walk-through) and its sample data, in Russian and English.

hh.ru's own words (action names, templates, stage names) come from the fake hh.ru, in Russian, as on hh.ru.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Language = Literal["ru", "en"]


@dataclass(frozen=True)
class PageTexts:
    """The page's labels; sent to the page as JSON."""

    title: str
    intro: str
    i_am: str
    role_employer: str
    role_applicant: str
    bot_name: str
    bot_status: str
    start: str
    empty_chat: str
    placeholder: str
    send: str
    reply: str
    replying_to: str
    edited: str
    hh_title: str
    hh_intro: str
    everyone: str
    log_title: str
    log_intro: str
    log_time: str
    log_service: str
    log_call: str
    log_status: str
    failed: str


@dataclass(frozen=True)
class EventLabels:
    """The hh.ru pane's buttons."""

    candidate_responds: str
    candidate_writes: str
    employer_moves_stage: str
    applicant_responds: str
    employer_writes: str
    employer_invites: str
    token_expires: str
    too_many_requests: str
    captcha: str


@dataclass(frozen=True)
class Happened:
    """What the hh.ru pane says happened (and the walk-through prints)."""

    responded: str
    wrote: str
    moved: str
    nothing_to_move: str
    nothing_to_write_in: str
    token_expired: str
    too_many_requests: str
    captcha: str


@dataclass(frozen=True)
class Sample:
    """The people, companies and words of the demo's hh.ru."""

    employer: tuple[str, str, str]  # first name, last name, company
    vacancy: str
    applicant: tuple[str, str]
    resume_title: str
    city: str
    earlier_response: tuple[str, str, str]  # the applicant's response before the demo: company, vacancy, letter
    other_companies: tuple[tuple[str, str], ...]  # company, vacancy
    candidates: tuple[tuple[str, str], ...]
    cover_letters: tuple[str, ...]
    candidate_messages: tuple[str, ...]
    employer_messages: tuple[str, ...]
    stage_message: str
    employer_reply: str


@dataclass(frozen=True)
class ScriptTexts:
    """The walk-through printed by `--script`."""

    heading: str
    steps: tuple[str, str, str, str, str, str, str]
    bot: str
    person: str
    hh: str
    signs_in: str
    confirms: str
    presses: str
    edited: str
    edited_answer: str
    replies: str
    hh_got_reply: str
    refreshed: str
    done: str
    failed: str


@dataclass(frozen=True)
class CommandTexts:
    """What `python -m bot demo` prints."""

    open_page: str
    bot_at: str
    database_temporary: str
    database_kept: str
    stop_hint: str
    stopped: str
    port_taken: str
    data_taken: str


@dataclass(frozen=True)
class DemoTexts:
    command: CommandTexts
    page: PageTexts
    events: EventLabels
    happened: Happened
    sample: Sample
    script: ScriptTexts
    telegram_names: tuple[str, str]  # the employer's and the applicant's first names in Telegram


RU = DemoTexts(
    command=CommandTexts(
        open_page="Демо: откройте в браузере {url}",
        bot_at="Бот слушает {url} (его состояние: {url}/healthz)",
        database_temporary="База данных: {folder} (временная, удаляется при остановке)",
        database_kept="База данных: {folder} (остаётся после остановки)",
        stop_hint="Ctrl-C — остановить.",
        stopped="Демо остановлено.",
        port_taken="Порт {port} занят ({reason}). Выберите другой: --port 8081",
        data_taken=("В {folder} уже есть база данных демо. Фейковые hh.ru и Telegram каждый раз начинают с нуля, "
                    "поэтому нужна пустая папка: --data НОВАЯ_ПАПКА"),
    ),
    page=PageTexts(
        title="hh.ru ↔ Telegram — демо",
        intro="Настоящий бот против фейковых hh.ru и Telegram. Ничего не уходит в сеть.",
        i_am="Я —",
        role_employer="работодатель",
        role_applicant="соискатель",
        bot_name="HH Bridge",
        bot_status="бот",
        start="Запустить",
        empty_chat="Нажмите «Запустить» — бот предложит подключить hh.ru.",
        placeholder="Сообщение",
        send="Отправить",
        reply="Ответить",
        replying_to="Ответ на:",
        edited="изменено",
        hh_title="hh.ru",
        hh_intro="Что происходит на hh.ru:",
        everyone="Сбои hh.ru:",
        log_title="Запросы бота",
        log_intro="Каждый запрос бота к hh.ru и Telegram: по нему видно, как бот экономен.",
        log_time="Время",
        log_service="Куда",
        log_call="Запрос",
        log_status="Ответ",
        failed="Не получилось",
    ),
    events=EventLabels(
        candidate_responds="Кандидат откликается с сопроводительным письмом",
        candidate_writes="Кандидат пишет сообщение",
        employer_moves_stage="Работодатель меняет этап на сайте",
        applicant_responds="Вы откликаетесь на вакансию на сайте",
        employer_writes="Работодатель пишет сообщение",
        employer_invites="Работодатель меняет этап на сайте",
        token_expires="Истекает токен доступа",
        too_many_requests="hh.ru отвечает 429 полминуты",
        captcha="hh.ru просит капчу",
    ),
    happened=Happened(
        responded="{name} откликается на «{vacancy}»: «{text}»",
        wrote="{name} пишет: «{text}»",
        moved="{company} на сайте: «{action}» для {name}",
        nothing_to_move="Нет отклика, который можно перевести на другой этап.",
        nothing_to_write_in="Пока нет переписки: сначала нужен отклик.",
        token_expired="Истёк токен доступа аккаунта «{name}»: бот обновит его при следующем запросе.",
        too_many_requests="hh.ru отвечает 429 (Retry-After: {retry} с) в течение {seconds} с.",
        captcha="hh.ru требует капчу от аккаунта «{name}».",
    ),
    sample=Sample(
        employer=("Ольга", "Кадрова", "Рога и копыта"),
        vacancy="Python-разработчик",
        applicant=("Иван", "Петров"),
        resume_title="Python-разработчик",
        city="Москва",
        earlier_response=("Ромашка", "Backend-разработчик", "Добрый день! Интересна ваша вакансия."),
        other_companies=(("Северсталь", "Разработчик на Python"), ("Лента", "Инженер данных")),
        candidates=(("Анна", "Смирнова"), ("Пётр", "Соколов"), ("Мария", "Кузнецова"), ("Дмитрий", "Орлов")),
        cover_letters=("Здравствуйте! Пишу на Python восемь лет, последние три — <aiohttp> и asyncio. "
                       "Буду рад обсудить.",
                       "Добрый день! Интересна ваша вакансия: опыт с Django и PostgreSQL, готова к тестовому."),
        candidate_messages=("Спасибо за приглашение! В среду в 15:00 мне удобно.",
                            "Подскажите, пожалуйста, адрес офиса?"),
        employer_messages=("Здравствуйте! Когда вам удобно созвониться?", "Спасибо за отклик, скоро вернёмся."),
        stage_message="Приглашаем на собеседование в четверг в 11:00.",
        employer_reply="Отлично, до встречи в среду!",
    ),
    script=ScriptTexts(
        heading="hh.ru ↔ Telegram: демонстрация (фейковые hh.ru и Telegram, настоящий бот)",
        steps=("Подключаем аккаунт работодателя", "Приходит отклик — карточка в Telegram",
               "Приглашаем по шаблону: бот показывает текст, мы нажимаем «Отправить»",
               "Кандидат отвечает — ответ приходит в Telegram", "Отвечаем из Telegram",
               "Токен доступа истекает и обновляется", "/status"),
        bot="🤖 Бот",
        person="👤 {name}",
        hh="🌐 hh.ru",
        signs_in="{name} входит на hh.ru и нажимает «Разрешить»",
        confirms="📲 {name} нажимает на странице бота «Подтвердить в Telegram»: её Telegram отправляет боту /start",
        presses="👆 {name} нажимает «{button}»",
        edited="✏️ Бот изменил карточку",
        edited_answer="✏️ Бот изменил предпросмотр",
        replies="👤 {name} (ответ на «{quote}»)",
        hh_got_reply="ответ появился в переписке: «{text}»",
        refreshed="бот обновил токен: {method} {path} → {status}; проверки идут дальше",
        done="Готово: все шаги пройдены.",
        failed="Демонстрация остановилась: {reason}",
    ),
    telegram_names=("Ольга", "Иван"),
)

EN = DemoTexts(
    command=CommandTexts(
        open_page="Demo: open {url} in a browser",
        bot_at="The bot listens on {url} (its health: {url}/healthz)",
        database_temporary="Database: {folder} (temporary, removed on stop)",
        database_kept="Database: {folder} (kept after the stop)",
        stop_hint="Ctrl-C stops the demo.",
        stopped="The demo has stopped.",
        port_taken="Port {port} is taken ({reason}). Choose another: --port 8081",
        data_taken=("{folder} already holds a demo database. The fake hh.ru and Telegram start empty on every run, "
                    "so an empty folder is needed: --data NEW_FOLDER"),
    ),
    page=PageTexts(
        title="hh.ru ↔ Telegram — demo",
        intro="The real bot against a fake hh.ru and a fake Telegram. Nothing leaves this machine.",
        i_am="I am",
        role_employer="an employer",
        role_applicant="an applicant",
        bot_name="HH Bridge",
        bot_status="bot",
        start="Start",
        empty_chat="Press “Start” — the bot offers to connect hh.ru.",
        placeholder="Message",
        send="Send",
        reply="Reply",
        replying_to="Reply to:",
        edited="edited",
        hh_title="hh.ru",
        hh_intro="What happens on hh.ru:",
        everyone="hh.ru trouble:",
        log_title="The bot's calls",
        log_intro="Every call the bot makes to hh.ru and Telegram: see how frugal it is.",
        log_time="Time",
        log_service="To",
        log_call="Call",
        log_status="Status",
        failed="Failed",
    ),
    events=EventLabels(
        candidate_responds="A candidate responds with a cover letter",
        candidate_writes="The candidate writes a message",
        employer_moves_stage="The employer changes a stage on the site",
        applicant_responds="You respond to a vacancy on the site",
        employer_writes="The employer writes a message",
        employer_invites="The employer changes a stage on the site",
        token_expires="The access token expires",
        too_many_requests="hh.ru answers 429 for half a minute",
        captcha="hh.ru asks for a captcha",
    ),
    happened=Happened(
        responded="{name} responds to “{vacancy}”: “{text}”",
        wrote="{name} writes: “{text}”",
        moved="{company} on the site: “{action}” for {name}",
        nothing_to_move="No response can move to another stage.",
        nothing_to_write_in="No conversation yet: a response comes first.",
        token_expired="{name}'s access token expired: the bot refreshes it on its next call.",
        too_many_requests="hh.ru answers 429 (Retry-After: {retry} s) for {seconds} s.",
        captcha="hh.ru asks {name} to solve a captcha.",
    ),
    sample=Sample(
        employer=("Olga", "Kadrova", "Horns & Hooves"),
        vacancy="Python developer",
        applicant=("Ivan", "Petrov"),
        resume_title="Python developer",
        city="Moscow",
        earlier_response=("Daisy", "Backend developer", "Good afternoon! Your vacancy interests me."),
        other_companies=(("Northsteel", "Python engineer"), ("Ribbon", "Data engineer")),
        candidates=(("Anna", "Smirnova"), ("Peter", "Sokolov"), ("Maria", "Kuznetsova"), ("Dmitry", "Orlov")),
        cover_letters=("Hello! I have written Python for eight years, the last three with <aiohttp> and asyncio. "
                       "Happy to talk.",
                       "Good afternoon! Your vacancy interests me: Django and PostgreSQL, ready for a test task."),
        candidate_messages=("Thank you for the invitation! Wednesday at 3 pm suits me.",
                            "Could you tell me the office address, please?"),
        employer_messages=("Hello! When can we have a call?", "Thank you for responding, we will be back soon."),
        stage_message="We invite you to an interview on Thursday at 11 am.",
        employer_reply="Great, see you on Wednesday!",
    ),
    script=ScriptTexts(
        heading="hh.ru ↔ Telegram: a walk-through (fake hh.ru and Telegram, the real bot)",
        steps=("Link an employer's account", "A response arrives as a card in Telegram",
               "Invite with a template: the bot shows the text, we press “Send”",
               "The candidate answers, and the answer is pushed", "Reply from Telegram",
               "The access token expires and is refreshed", "/status"),
        bot="🤖 Bot",
        person="👤 {name}",
        hh="🌐 hh.ru",
        signs_in="{name} signs in on hh.ru and presses “Разрешить” (allow)",
        confirms="📲 {name} presses “Confirm in Telegram” on the bot's page: her Telegram sends the bot /start",
        presses="👆 {name} presses “{button}”",
        edited="✏️ The bot edited the card",
        edited_answer="✏️ The bot edited the preview",
        replies="👤 {name} (replying to “{quote}”)",
        hh_got_reply="the reply is in the conversation: “{text}”",
        refreshed="the bot refreshed the token: {method} {path} → {status}; checks go on",
        done="Done: every step passed.",
        failed="The walk-through stopped: {reason}",
    ),
    telegram_names=("Olga", "Ivan"),
)


def demo_texts(language: Language) -> DemoTexts:
    return EN if language == "en" else RU
