"""Every sentence of the demo (page, hh.ru happenings, walk-through) and its sample world, in Russian and English.

hh.ru's own words (action names, templates, stage names) come from the fake hh.ru, which speaks the demo's language
(`FakeHH(language=...)`), as hh.ru's Russian or English interface would.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

Language = Literal["ru", "en"]
TIME_ZONE = "Europe/Moscow"
"""The zone of every time the demo shows: the bot tells hh.ru's times in Moscow time, and so does the page."""


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
    times: str
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
    log_folded: str  # {count}
    failed: str
    team_show: str
    team_status: str
    team_as: str
    team_general: str
    team_hint: str  # {owner}
    team_connect: str
    team_topic_created: str  # {name}
    team_joined: str  # {names}


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
    """What the hh.ru pane says happened (and the walk-through prints), and why the chat may show nothing."""

    responded: str
    wrote: str
    moved: str
    nothing_to_move: str  # {event}
    nothing_to_write_in: str  # {event}
    token_expired: str
    too_many_requests: str
    captcha: str
    not_linked: str  # {name}
    first_check_pending: str  # {name}
    paused_by_captcha: str  # {name}
    seen_at_next_check: str
    seen_at_next_news: str  # {event}
    token_note: str
    too_many_note: str
    captcha_note: str


@dataclass(frozen=True)
class Sample:
    """The people, companies and words of the demo's hh.ru."""

    employer: tuple[str, str, str]  # first name, last name, company
    vacancy: str
    second_vacancy: str
    applicant: tuple[str, str]
    resume_title: str
    city: str
    earlier_response: tuple[str, str, str]  # the applicant's response before the demo: company, vacancy, letter
    other_companies: tuple[tuple[str, str], ...]  # company, vacancy
    candidates: tuple[tuple[str, str], ...]
    cover_letters: tuple[str, ...]
    candidate_messages: tuple[str, ...]
    employer_messages: tuple[str, ...]
    stage_messages: Mapping[str, str]  # the employer state a move leads to -> the message sent with it
    stage_message: str  # for any other state
    employer_reply: str
    team_reply: str


@dataclass(frozen=True)
class TeamTexts:
    """The hiring team's forum group: its title, the colleagues, and how the page names their roles."""

    title: str
    colleagues: tuple[tuple[str, str], tuple[str, str]]  # an administrator's and a member's name and username
    owner_role: str
    admin_role: str
    member_role: str


@dataclass(frozen=True)
class ScriptTexts:
    """The walk-through printed by `--script`."""

    heading: str
    steps: tuple[str, ...]
    bot: str
    bot_in_group: str
    bot_in_topic: str  # {topic}
    person: str
    person_in_group: str  # {name}
    hh: str
    signs_in: str
    confirms: str
    presses: str
    presses_in_group: str  # {name} {button}
    answered: str  # {text}
    edited: str
    edited_in_group: str
    edited_message: str
    edited_answer: str
    replies: str
    replies_in_group: str  # {name} {quote}
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
    port_taken: str  # {port} {reason} {free}
    port_taken_none_free: str  # {port} {reason}
    data_taken: str
    data_not_empty: str


@dataclass(frozen=True)
class DemoTexts:
    command: CommandTexts
    page: PageTexts
    events: EventLabels
    happened: Happened
    sample: Sample
    team: TeamTexts
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
        port_taken="Порт {port} занят ({reason}). Свободен, например, {free}: --port {free}",
        port_taken_none_free="Порт {port} занят ({reason}). Выберите другой: --port НОМЕР",
        data_taken=("В {folder} уже есть база данных демо. Фейковые hh.ru и Telegram каждый раз начинают с нуля, "
                    "поэтому нужна пустая папка: --data НОВАЯ_ПАПКА"),
        data_not_empty=("В {folder} есть другие файлы, а демо кладёт базу данных в пустую папку, чтобы ничего не "
                        "смешать. Укажите пустую или новую папку: --data НОВАЯ_ПАПКА"),
    ),
    page=PageTexts(
        title="hh.ru ↔ Telegram — демо",
        intro="Настоящий бот против фейковых hh.ru и Telegram. Ничего не уходит в сеть.",
        i_am="Я —",
        role_employer="работодатель",
        role_applicant="соискатель",
        bot_name="HH Bridge",
        bot_status="бот",
        times="время — московское (МСК)",
        start="Запустить",
        empty_chat="Нажмите «Запустить» — бот предложит подключить hh.ru.",
        placeholder="Сообщение",
        send="Отправить",
        reply="Ответить",
        replying_to="Ответ на:",
        edited="изменено",
        hh_title="hh.ru",
        hh_intro="Что происходит на hh.ru:",
        everyone="Сбои hh.ru (только у вашего аккаунта):",
        log_title="Запросы бота",
        log_intro="Каждый запрос бота к hh.ru и Telegram: по нему видно, как бот экономен. "
                  "Одинаковые проверки собраны в одну строку.",
        log_time="Время, МСК",
        log_service="Куда",
        log_call="Запрос",
        log_status="Ответ",
        log_folded="× {count} за последнюю минуту",
        failed="Не получилось",
        team_show="👥 Группа команды",
        team_status="форум · тема на каждую вакансию",
        team_as="Я в группе —",
        team_general="Общее",
        team_hint=("Группа команды с темами. Подключите hh.ru в личном чате работодателя, затем отправьте здесь "
                   "/connect от имени {owner} и подтвердите в личном чате."),
        team_connect="Отправить /connect",
        team_topic_created="Тема «{name}» создана",
        team_joined="{names} — в группе",
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
        nothing_to_move="Пока нечего переводить на другой этап: сначала нажмите «{event}».",
        nothing_to_write_in="Пока нет переписки: сначала нажмите «{event}».",
        token_expired="Истёк токен доступа аккаунта «{name}».",
        too_many_requests=("hh.ru отвечает 429 (Retry-After: {retry} с) на запросы аккаунта «{name}» "
                           "в течение {seconds} с."),
        captcha="hh.ru требует капчу от аккаунта «{name}».",
        not_linked=("В чате этого не будет: бот не подключён к аккаунту «{name}». Нажмите «Запустить» и подключите "
                    "hh.ru."),
        first_check_pending=("В чате этого не будет: бот ещё не закончил первую проверку аккаунта «{name}», а всё, что "
                             "есть на hh.ru к ней, он считает уже виденным. Дождитесь сообщения «Аккаунт на связи» "
                             "и нажмите снова."),
        paused_by_captcha=("В чате этого пока не будет: бот приостановил аккаунт «{name}», потому что hh.ru просит "
                           "капчу. Пройдите её по кнопке в чате и отправьте /resume."),
        seen_at_next_check="Бот заметит это при следующей проверке — через пару секунд.",
        seen_at_next_news=("Карточка обновится, когда по вакансии появятся новости: переход между поздними этапами "
                           "не меняет счётчики вакансии на hh.ru, а перечитывать каждую вакансию бот не стал бы — "
                           "так дешевле. Нажмите «{event}» — и карточка обновится."),
        token_note=("В чате ничего не появится: бот сам обновит токен при следующем запросе — в журнале запросов "
                    "будет «POST /token»."),
        too_many_note=("В чате ничего не появится: бот выждет Retry-After и повторит — в журнале запросов видны "
                       "ответы 429. Другой аккаунт это не задевает."),
        captcha_note=("Бот приостановит проверки этого аккаунта и пришлёт в чат кнопку капчи: пройдите капчу и "
                      "отправьте /resume."),
    ),
    sample=Sample(
        employer=("Ольга", "Кадрова", "Рога и копыта"),
        vacancy="Python-разработчик",
        second_vacancy="Аналитик данных",
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
        stage_messages={"interview": "Приглашаем на собеседование в четверг в 11:00.",
                        "phone_interview": "Давайте созвонимся в среду в 12:00?",
                        "offer": "Мы готовы сделать вам предложение о работе — подробности в письме.",
                        "hired": "Ждём вас в понедельник в 10:00 — добро пожаловать в команду!",
                        "discard_by_employer": "К сожалению, мы выбрали другого кандидата."},
        stage_message="Сообщаем о новом этапе по вашему отклику.",
        employer_reply="Отлично, до встречи в среду!",
        team_reply="Офис на Тверской, 7. Пропуск закажем.",
    ),
    team=TeamTexts(
        title="Найм · Рога и копыта",
        colleagues=(("Светлана", "svetlana"), ("Борис", "boris")),
        owner_role="владелец аккаунта hh.ru",
        admin_role="администратор",
        member_role="участник",
    ),
    script=ScriptTexts(
        heading="hh.ru ↔ Telegram: демонстрация (фейковые hh.ru и Telegram, настоящий бот)",
        steps=("Подключаем аккаунт работодателя", "Приходит отклик — карточка в Telegram",
               "Приглашаем по шаблону: бот показывает текст, мы нажимаем «Отправить»",
               "Кандидат отвечает — ответ приходит в Telegram", "Отвечаем из Telegram",
               "Токен доступа истекает и обновляется", "/status",
               "Команда: подключаем группу с темой на каждую вакансию",
               "Коллеги работают с откликами в теме вакансии"),
        bot="🤖 Бот",
        bot_in_group="🤖 Бот в группе",
        bot_in_topic="🤖 Бот в группе, тема «{topic}»",
        person="👤 {name}",
        person_in_group="👥 {name} в группе",
        hh="🌐 hh.ru",
        signs_in="{name} входит на hh.ru и нажимает «Разрешить»",
        confirms="📲 {name} нажимает на странице бота «Подтвердить в Telegram»: её Telegram отправляет боту /start",
        presses="👆 {name} нажимает «{button}»",
        presses_in_group="👆 {name} нажимает в группе «{button}»",
        answered="💭 Telegram показывает ответ бота: «{text}»",
        edited="✏️ Бот изменил карточку",
        edited_in_group="✏️ Бот изменил карточку в группе",
        edited_message="✏️ Бот изменил сообщение",
        edited_answer="✏️ Бот изменил предпросмотр",
        replies="👤 {name} (ответ на «{quote}»)",
        replies_in_group="👥 {name} в группе (ответ на «{quote}»)",
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
        port_taken="Port {port} is taken ({reason}). {free} is free, for one: --port {free}",
        port_taken_none_free="Port {port} is taken ({reason}). Choose another: --port NUMBER",
        data_taken=("{folder} already holds a demo database. The fake hh.ru and Telegram start empty on every run, "
                    "so an empty folder is needed: --data NEW_FOLDER"),
        data_not_empty=("{folder} holds other files, and the demo keeps its database in an empty folder so that "
                        "nothing gets mixed up. Give an empty or new folder: --data NEW_FOLDER"),
    ),
    page=PageTexts(
        title="hh.ru ↔ Telegram — demo",
        intro="The real bot against a fake hh.ru and a fake Telegram. Nothing leaves this machine.",
        i_am="I am",
        role_employer="an employer",
        role_applicant="an applicant",
        bot_name="HH Bridge",
        bot_status="bot",
        times="times are Moscow time (MSK)",
        start="Start",
        empty_chat="Press “Start” — the bot offers to connect hh.ru.",
        placeholder="Message",
        send="Send",
        reply="Reply",
        replying_to="Reply to:",
        edited="edited",
        hh_title="hh.ru",
        hh_intro="What happens on hh.ru:",
        everyone="hh.ru trouble (your account only):",
        log_title="The bot's calls",
        log_intro="Every call the bot makes to hh.ru and Telegram: see how frugal it is. "
                  "Repeated checks fold into one line.",
        log_time="Time, MSK",
        log_service="To",
        log_call="Call",
        log_status="Status",
        log_folded="× {count} in the last minute",
        failed="Failed",
        team_show="👥 Team group",
        team_status="forum · a topic per vacancy",
        team_as="In the group I am",
        team_general="General",
        team_hint=("A team's group with topics. Connect hh.ru in the employer's private chat, then send /connect "
                   "here as {owner} and confirm in the private chat."),
        team_connect="Send /connect",
        team_topic_created="Topic “{name}” created",
        team_joined="{names} joined",
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
        nothing_to_move="Nothing can move to another stage yet: press “{event}” first.",
        nothing_to_write_in="No conversation yet: press “{event}” first.",
        token_expired="{name}'s access token expired.",
        too_many_requests="hh.ru answers 429 (Retry-After: {retry} s) to {name}'s calls for {seconds} s.",
        captcha="hh.ru asks {name} to solve a captcha.",
        not_linked="The chat will not show this: the bot is not connected to {name}'s account. Press “Start” and "
                   "connect hh.ru.",
        first_check_pending=("The chat will not show this: the bot has not finished its first check of {name}'s "
                             "account, and takes everything on hh.ru by then as already seen. Wait for “The account "
                             "is connected” and press again."),
        paused_by_captcha=("The chat will not show this yet: the bot paused {name}'s account because hh.ru asks for "
                           "a captcha. Solve it with the button in the chat and send /resume."),
        seen_at_next_check="The bot sees this at its next check, in a couple of seconds.",
        seen_at_next_news=("The card changes when the vacancy next has news: a move between two later stages leaves "
                           "the vacancy's counters on hh.ru as they are, and the bot would not re-read every "
                           "vacancy to find it — that is cheaper. Press “{event}” and the card changes."),
        token_note=("The chat shows nothing: the bot refreshes the token itself at its next call — the call log "
                    "shows “POST /token”."),
        too_many_note=("The chat shows nothing: the bot waits for Retry-After and tries again — the call log shows "
                       "the 429s. The other account is not touched."),
        captcha_note=("The bot pauses this account's checks and sends a captcha button to the chat: solve the captcha "
                      "and send /resume."),
    ),
    sample=Sample(
        employer=("Olga", "Kadrova", "Horns & Hooves"),
        vacancy="Python developer",
        second_vacancy="Data analyst",
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
        stage_messages={"interview": "We invite you to an interview on Thursday at 11 am.",
                        "phone_interview": "Shall we have a call on Wednesday at noon?",
                        "offer": "We are ready to make you an offer — the details are in the letter.",
                        "hired": "See you on Monday at 10 am — welcome to the team!",
                        "discard_by_employer": "Unfortunately, we chose another candidate."},
        stage_message="Your response has moved to a new stage.",
        employer_reply="Great, see you on Wednesday!",
        team_reply="The office is at 7 Tverskaya Street. We will order you a pass.",
    ),
    team=TeamTexts(
        title="Hiring · Horns & Hooves",
        colleagues=(("Svetlana", "svetlana"), ("Boris", "boris")),
        owner_role="owns the hh.ru account",
        admin_role="administrator",
        member_role="member",
    ),
    script=ScriptTexts(
        heading="hh.ru ↔ Telegram: a walk-through (fake hh.ru and Telegram, the real bot)",
        steps=("Link an employer's account", "A response arrives as a card in Telegram",
               "Invite with a template: the bot shows the text, we press “Send”",
               "The candidate answers, and the answer is pushed", "Reply from Telegram",
               "The access token expires and is refreshed", "/status",
               "A team: connect a group with a topic per vacancy",
               "Colleagues work on responses in the vacancy's topic"),
        bot="🤖 Bot",
        bot_in_group="🤖 Bot in the group",
        bot_in_topic="🤖 Bot in the group, topic “{topic}”",
        person="👤 {name}",
        person_in_group="👥 {name} in the group",
        hh="🌐 hh.ru",
        signs_in="{name} signs in on hh.ru and presses “Allow”",
        confirms="📲 {name} presses “Confirm in Telegram” on the bot's page: her Telegram sends the bot /start",
        presses="👆 {name} presses “{button}”",
        presses_in_group="👆 {name} presses “{button}” in the group",
        answered="💭 Telegram shows the bot's answer: “{text}”",
        edited="✏️ The bot edited the card",
        edited_in_group="✏️ The bot edited the card in the group",
        edited_message="✏️ The bot edited its message",
        edited_answer="✏️ The bot edited the preview",
        replies="👤 {name} (replying to “{quote}”)",
        replies_in_group="👥 {name} in the group (replying to “{quote}”)",
        hh_got_reply="the reply is in the conversation: “{text}”",
        refreshed="the bot refreshed the token: {method} {path} → {status}; checks go on",
        done="Done: every step passed.",
        failed="The walk-through stopped: {reason}",
    ),
    telegram_names=("Olga", "Ivan"),
)


def demo_texts(language: Language) -> DemoTexts:
    return EN if language == "en" else RU
