"""Every sentence the bot says, in Russian (the default) and English. Placeholders are filled with escaped HTML."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Texts:
    language: str
    # linking
    intro: str
    link_button: str
    relink_button: str
    link_hint: str
    link_hint_confirm: str
    role_employer: str
    role_applicant: str
    linked_confirmation: str
    link_failed_denied: str
    link_failed_used: str
    link_failed_expired: str
    link_failed_exchange: str
    link_failed_captcha: str
    link_captcha_on_site: str
    link_failed_hh_down: str
    link_failed_other_user: str
    link_failed_unknown: str
    link_confirm_not_yours: str
    link_confirmed_by_another: str
    link_confirmation_unknown: str
    link_confirmation_expired: str
    link_address_leaked: str
    link_altered: str
    link_sign_in_stopped: str
    link_paste_not_taken: str
    applicant_api_denied: str
    relink_needed: str
    relink_unreadable: str
    captcha_required: str
    captcha_button: str
    # account
    status_none: str
    status_line_account: str
    status_active: str
    status_needs_relink: str
    status_paused_captcha: str
    status_paused_denied: str
    status_last_check: str
    moscow_time: str
    status_never_checked: str
    status_delivered: str
    status_notifications_on: str
    status_notifications_off: str
    status_instant_on: str
    status_instant_starting: str
    status_instant_unavailable: str
    status_instant_employers_only: str
    status_instant_off: str
    unlink_confirm: str
    unlink_yes: str
    unlink_no: str
    unlinked: str
    unlinked_hh_unreachable: str
    unlink_cancelled: str
    nothing_to_unlink: str
    paused: str
    resumed: str
    help: str
    private_only: str
    not_understood: str
    button_stale: str
    internal_error: str
    # pushes
    card_new_response: str
    card_years: tuple[str, str, str]
    card_months: tuple[str, str, str]
    card_experience: str
    card_salary: str
    card_cover_letter: str
    card_no_cover_letter: str
    card_state: str
    unknown_candidate: str
    unknown_company: str
    unknown_vacancy: str
    card_changed_on_hh: str
    message_from_applicant: str
    applicant_state_from_applicant: str
    applicant_invitation: str
    applicant_rejection: str
    applicant_message: str
    applicant_state_changed: str
    applicant_responded: str
    read_more: str
    button_resume: str
    button_vacancy: str
    button_reply: str
    button_decline: str
    # the resume as a PDF in the chat (issue 24)
    button_resume_file: str
    resume_sending: str
    resume_busy: str
    resume_caption: str
    resume_refused: dict[str, str]
    resume_refused_other: str
    summary_employer: str
    summary_employer_collection: str
    summary_employer_none: str
    summary_applicant: str
    responses_word: tuple[str, str, str]
    await_word: tuple[str, str, str]
    # actions and replies
    action_prompt: str
    action_prompt_templates: str
    action_prompt_optional: str
    action_prompt_no_templates: str
    action_prompt_cancel: str
    button_no_message: str
    button_sms_on: str
    button_sms_off: str
    button_cancel: str
    button_open_on_hh: str
    action_running: str
    action_done: str
    button_send: str
    button_edit: str
    action_preview: str
    action_preview_vacancy: str
    action_preview_sms: str
    action_sent: str
    action_cancelled: str
    nothing_to_cancel: str
    action_busy: str
    action_needs_site: str
    argument_address: str
    reply_prompt: str
    reply_sent: str
    reply_sent_to: str
    reply_unknown: str
    prompt_closed_action: str
    prompt_closed_reply: str
    closed_by_command: str
    closed_by_button: str
    closed_by_other_button: str
    closed_by_reply: str
    closed_by_text: str
    closed_by_other: str
    slow_down: str
    account_gone: str
    link_paste_full_address: str
    link_rate_limited: str
    link_moved_away: str
    decline_confirm: str
    decline_yes: str
    decline_no: str
    declined: str
    decline_kept: str
    quote_back: str
    hh_refused: dict[str, str]
    hh_refused_other: str
    hh_down: str
    hh_relink: str
    hh_captcha: str
    # replies through hh.ru's chats (issue 12)
    chat_attachment: str
    reply_deferred: str
    reply_held: str
    reply_retrying: str
    reply_sent_later: str
    reply_failed_later: str
    write_blocked: dict[str, str]
    write_blocked_other: str
    # html pages
    page_confirm_title: str
    page_confirm: str
    page_confirm_button: str
    page_back_to_telegram: str
    page_failed_title: str
    page_denied: str
    page_unknown_state: str
    page_link_altered: str
    page_used_state: str
    page_expired_state: str
    page_exchange_failed: str
    page_captcha: str
    page_hh_down: str
    page_missing_parameters: str
    # commands menu
    command_start: str
    command_status: str
    command_pause: str
    command_resume: str
    command_unlink: str
    command_cancel: str
    command_help: str
    command_quiet: str
    command_vacancies: str
    command_accounts: str
    # work accounts (hh.ru's manager accounts)
    work_ask: str
    work_done_button: str
    work_choose_one: str
    work_following: str
    work_label: str
    work_single: str
    work_employers_only: str
    work_failed: str
    work_lost_forbidden: str
    work_lost_not_found: str
    work_lost_choose: str
    work_lost_none: str
    status_work_title: str
    status_work_following: str
    status_work_not_followed: str
    status_work_lost: str
    status_work_primary: str
    status_work_unchosen: str
    # quiet hours (/quiet) and the digest
    quiet_usage: str
    quiet_status_off: str
    quiet_status_on: str
    quiet_mode_silent: str
    quiet_mode_digest: str
    quiet_ask_zone: str
    quiet_zone_names: tuple[str, ...]
    quiet_zone_default: str
    quiet_zone_other_button: str
    quiet_zone_other: str
    quiet_zone_set: str
    quiet_zone_unknown: str
    quiet_bad_range: str
    quiet_bad_hour: str
    quiet_same_ends: str
    quiet_off: str
    quiet_digest_on: str
    quiet_silent_on: str
    quiet_no_hours: str
    digest_title: str
    digest_more: str
    digest_line: str
    digest_news_word: tuple[str, str, str]
    # hiring teams: groups (/connect, /disconnect, /vacancies)
    group_connect_how: str
    group_connect_in_private: str
    group_connect_admins_only: str
    group_already_connected: str
    group_connect_open_private: str
    group_confirm: str
    group_confirm_yes: str
    group_confirm_no: str
    group_connect_cancelled: str
    group_connect_refused: str
    group_connected_private: str
    group_connected: str
    group_connected_forum: str
    group_disconnected: str
    group_disconnected_private: str
    group_disconnect_none: str
    group_gone_private: str
    group_member_gone_private: str
    group_owner_gone_refused: str
    group_owner_lost: str
    group_owner_left: str
    group_connected_another: str
    group_disconnect_owners_only: str
    group_vacancies_title: str
    group_vacancies_group: str
    group_vacancies_no_group: str
    group_vacancies_none: str
    group_vacancies_legend: str
    group_vacancies_more: str
    group_vacancies_failed: str
    group_vacancies_employers_only: str
    group_route_private: str
    group_route_group: str
    group_route_both: str
    group_route_sound: str
    group_route_muted: str
    group_topic_fallback: str
    group_no_topics: str
    group_act_refused: str
    group_who_owner: str
    group_who_admins: str
    group_who_members: str
    group_who_button: str
    group_acted_line: str
    group_acted_default: str


RU = Texts(
    language="ru",
    intro=(
        "Привет! Я присылаю сюда новые отклики и сообщения с hh.ru, как только они появляются, "
        "и даю ответить на них прямо из Telegram: пригласить, отложить, отказать или написать.\n\n"
        "Подключите аккаунт hh.ru — это займёт минуту."
    ),
    link_button="Подключить hh.ru",
    relink_button="Подключить другой аккаунт",
    link_hint=(
        "Если после входа на hh.ru страница не открылась, скопируйте адрес из браузера "
        "и пришлите его сюда — я завершу подключение."
    ),
    link_hint_confirm=(
        "После входа на hh.ru откроется страница с кнопкой «Подтвердить в Telegram»: нажмите её на том же "
        "устройстве."
    ),
    role_employer="работодатель, «{company}»",
    role_applicant="соискатель",
    linked_confirmation=(
        "Готово! Подключён аккаунт hh.ru: <b>{name}</b> — {role}.\n"
        "Я буду присылать новые отклики и сообщения. Первая проверка — в течение минуты."
    ),
    link_failed_denied="Вы не дали доступ к аккаунту hh.ru, поэтому я ничего не подключил. Попробовать ещё раз:",
    link_failed_used="Эта ссылка для подключения уже использована. Если подключение не завершилось, вот новая:",
    link_failed_expired="Ссылка для подключения устарела (она действует 10 минут). Вот новая:",
    link_failed_exchange="hh.ru не подтвердил вход ({reason}). Ничего не сохранено. Попробуйте ещё раз:",
    link_failed_captcha=("hh.ru просит этот аккаунт пройти капчу, поэтому он не подключён. Ничего не сохранено. "
                         "{captcha}, затем подключите аккаунт снова:"),
    link_captcha_on_site="Откройте hh.ru в браузере и пройдите её",
    link_failed_hh_down="hh.ru сейчас не отвечает, подключение не завершено. Попробуйте через пару минут:",
    link_failed_other_user="Эта ссылка выдана другому пользователю Telegram. Получите свою: /start",
    link_failed_unknown="Эта ссылка для подключения недействительна. Вот новая:",
    link_confirm_not_yours=(
        "Этот вход на hh.ru начал другой пользователь Telegram, поэтому я ничего не подключил и отозвал доступ, "
        "который выдал hh.ru. Чтобы подключить свой аккаунт hh.ru, нажмите /start."
    ),
    link_confirmed_by_another=(
        "Вход на hh.ru по вашей ссылке подтвердили из другого Telegram-аккаунта. Я ничего не подключил и отозвал "
        "выданный доступ. Если входили вы, подключите аккаунт снова и подтвердите из этого Telegram:"
    ),
    link_confirmation_unknown=(
        "Эта ссылка подтверждения недействительна или уже использована. Чтобы подключить аккаунт hh.ru, "
        "нажмите /start."
    ),
    link_confirmation_expired=(
        "Ссылка подтверждения устарела (она действует 10 минут), выданный hh.ru доступ я отозвал. "
        "Вот новая ссылка для подключения:"
    ),
    link_address_leaked=(
        "Адрес, на который hh.ru вернул браузер после входа по вашей ссылке, прислал мне другой пользователь "
        "Telegram. Я ничего не подключил и отозвал выданный доступ. Никому не пересылайте этот адрес. "
        "Подключить аккаунт заново:"
    ),
    link_altered=(
        "В этом адресе не тот state, для которого hh.ru выдал код: ссылку для подключения или адрес изменили. "
        "Я ничего не подключил и остановил этот вход. Чтобы подключить свой аккаунт hh.ru, нажмите /start."
    ),
    link_sign_in_stopped=(
        "Кто-то вошёл на hh.ru по вашей ссылке для подключения, но state в ней изменили. Я остановил этот вход: "
        "ничего не подключил и отозвал выданный доступ. Никому не пересылайте свои ссылки для подключения. "
        "Подключить аккаунт заново:"
    ),
    link_paste_not_taken=(
        "Адрес из браузера здесь не нужен: после входа на hh.ru открывается моя страница, нажмите на ней "
        "«Подтвердить в Telegram». Вход по присланному адресу я остановил и ничего не подключил. "
        "Подключить аккаунт: /start"
    ),
    applicant_api_denied=(
        "hh.ru с 15 декабря 2025 года не даёт сторонним приложениям доступ к откликам соискателей. "
        "Поэтому я не могу читать ваши отклики и сообщения и не буду их проверять. "
        "Аккаунт подключён; если hh.ru откроет доступ, нажмите /resume."
    ),
    relink_needed=(
        "hh.ru больше не принимает доступ к аккаунту {account} (его отозвали или сменили пароль). "
        "Я перестал проверять его. Подключите аккаунт заново:"
    ),
    relink_unreadable=(
        "Я не могу прочитать сохранённый доступ к аккаунту {account}: у бота сменился ключ шифрования. "
        "Я перестал проверять его. Подключите аккаунт заново:"
    ),
    captcha_required=(
        "hh.ru просит подтвердить, что вы не робот. Пока вы не пройдёте капчу, я приостановил проверки. "
        "Откройте капчу, решите её и нажмите /resume."
    ),
    captcha_button="Пройти капчу на hh.ru",
    status_none="Аккаунт hh.ru не подключён. Нажмите /start, чтобы подключить.",
    status_line_account="Аккаунт: <b>{name}</b> — {role}",
    status_active="Состояние: работает",
    status_needs_relink="Состояние: нужно подключить заново (/start)",
    status_paused_captcha="Состояние: приостановлен — hh.ru просит пройти капчу, затем нажмите /resume",
    status_paused_denied="Состояние: hh.ru не даёт приложениям доступ к откликам соискателей",
    status_last_check="Последняя успешная проверка: {when}",
    moscow_time="МСК",
    status_never_checked="Проверок ещё не было",
    status_delivered="Доставлено сообщений: {count}; в очереди: {pending}",
    status_notifications_on="Уведомления: включены (/pause — выключить)",
    status_notifications_off="Уведомления: на паузе (/resume — включить)",
    status_instant_on="Мгновенная доставка: включена — hh.ru сам сообщает о новостях",
    status_instant_starting="Мгновенная доставка: подключается; пока hh.ru проверяется по расписанию",
    status_instant_unavailable="Мгновенная доставка: hh.ru не даёт её этому аккаунту; проверки по расписанию",
    status_instant_employers_only="Мгновенная доставка: только для работодателей; проверки по расписанию",
    status_instant_off="Мгновенная доставка: выключена; проверки по расписанию",
    unlink_confirm="Отключить аккаунт {account}? Я отзову доступ на hh.ru и удалю всё, что о нём хранил.",
    unlink_yes="Да, отключить",
    unlink_no="Отмена",
    unlinked="Аккаунт отключён, доступ на hh.ru отозван, данные удалены. Подключить снова: /start",
    unlinked_hh_unreachable=(
        "Аккаунт отключён и данные удалены. hh.ru не ответил на отзыв доступа — токен истечёт сам, "
        "а отозвать его сразу можно в настройках hh.ru (раздел «Приложения»)."
    ),
    unlink_cancelled="Хорошо, ничего не меняю.",
    nothing_to_unlink="Аккаунт hh.ru не подключён — отключать нечего.",
    paused="Уведомления на паузе. Включить снова: /resume",
    resumed="Уведомления включены. Я проверю hh.ru в течение минуты.",
    help=(
        "Я пересылаю новые отклики и сообщения с hh.ru и даю ответить на них из Telegram.\n\n"
        "/start — подключить аккаунт hh.ru\n"
        "/status — какой аккаунт подключён и как идут проверки\n"
        "/pause — приостановить уведомления\n"
        "/resume — возобновить уведомления\n"
        "/unlink — отключить аккаунт\n"
        "/quiet — тихие часы: /quiet 22-08, /quiet off\n"
        "/vacancies — куда идут новости каждой вакансии (работодателю)\n"
        "/accounts — какие рабочие аккаунты hh.ru читать (работодателю)\n"
        "/connect — в группе команды: подключить её, /disconnect — отключить\n"
        "/cancel — отменить начатое действие\n\n"
        "Чтобы ответить кандидату или работодателю, ответьте (reply) на присланное сообщение."
    ),
    private_only="Я работаю только в личном чате. Напишите мне напрямую.",
    button_stale="Эта кнопка устарела.",
    internal_error="Что-то пошло не так, и я не выполнил запрос. Попробуйте ещё раз чуть позже.",
    not_understood=(
        "Не понял сообщение. Чтобы ответить по отклику, ответьте (reply) на присланное мной сообщение. "
        "Список команд: /help"
    ),
    card_new_response="🆕 Новый отклик на вакансию <b>{vacancy}</b>",
    card_years=("год", "года", "лет"),
    card_months=("месяц", "месяца", "месяцев"),
    card_experience="Опыт работы: {experience}",
    card_salary="Ожидания: {salary}",
    card_cover_letter="Сопроводительное письмо:",
    card_no_cover_letter="Без сопроводительного письма.",
    card_state="Статус: <b>{state}</b>",
    unknown_candidate="Кандидат",
    unknown_company="Работодатель",
    unknown_vacancy="Вакансия",
    card_changed_on_hh="🔄 Этап изменён на hh.ru",
    message_from_applicant="💬 <b>{name}</b> · {vacancy}",
    applicant_state_from_applicant="ℹ️ <b>{name}</b> · {vacancy}: {state}",
    applicant_invitation="🎉 Приглашение · <b>{vacancy}</b> — {company}",
    applicant_rejection="Отказ · <b>{vacancy}</b> — {company}",
    applicant_message="💬 {company} · <b>{vacancy}</b>",
    applicant_state_changed="ℹ️ Статус отклика: <b>{state}</b> · {vacancy} — {company}",
    applicant_responded="📨 Ваш отклик · <b>{vacancy}</b> — {company}\nОтвет работодателя пришлю сюда.",
    read_more="Полностью — на hh.ru",
    button_resume="Резюме",
    button_vacancy="Вакансия",
    button_reply="Ответить",
    button_decline="Отказаться",
    button_resume_file="📄 Резюме",
    resume_sending="Загружаю резюме…",
    resume_busy="Резюме уже загружается — сейчас придёт.",
    resume_caption="📄 Резюме: <b>{name}</b> · {vacancy}",
    resume_refused={
        "none": "hh.ru не дал файл резюме {name}: кандидат скрыл резюме, или hh.ru его не показывает.",
        "forbidden": "hh.ru не даёт этому аккаунту файл резюме {name}: доступ к нему закрыт.",
        "gone": "Резюме {name} удалено или скрыто на hh.ru — файла больше нет.",
        "too_large": "Файл резюме {name} больше {megabytes} МБ — такой бот не может отправить в Telegram. "
                     "Откройте резюме на hh.ru.",
        "not_pdf": "hh.ru прислал вместо резюме {name} не PDF. Откройте резюме на hh.ru.",
        "telegram": "Telegram не принял файл резюме {name}. Откройте резюме на hh.ru.",
    },
    resume_refused_other="Файл резюме {name} не получен. {reason}",
    summary_employer="Аккаунт на связи. Сейчас {collections}. Новые отклики и сообщения буду присылать сюда.",
    summary_employer_collection="{count} {responses} {wait} разбора в «{collection}»",
    summary_employer_none="неразобранных откликов нет",
    summary_applicant=(
        "Аккаунт на связи. У вас {count} {responses}, с непрочитанными сообщениями — {unread}. "
        "Новые приглашения и сообщения буду присылать сюда."
    ),
    responses_word=("отклик", "отклика", "откликов"),
    await_word=("ждёт", "ждут", "ждут"),
    action_prompt="✍️ «{action}» · {name}\nНапишите сообщение одним сообщением",
    action_prompt_templates=" или выберите шаблон",
    action_prompt_optional=" или нажмите «Без сообщения»",
    action_prompt_no_templates="Шаблоны hh.ru недоступны этому аккаунту (нужен платный доступ к API).",
    action_prompt_cancel="/cancel — отменить.",
    button_no_message="Без сообщения",
    button_sms_on="SMS-уведомление: да",
    button_sms_off="SMS-уведомление: нет",
    button_cancel="Отмена",
    button_open_on_hh="Открыть на hh.ru",
    action_running="Выполняю…",
    action_done="✅ «{action}» — готово.",
    button_send="Отправить",
    button_edit="Изменить",
    action_preview=(
        "📝 Проверьте текст: на hh.ru он уйдёт, только когда вы нажмёте «Отправить».\n"
        "Действие: «{action}»\nКому: {name}"
    ),
    action_preview_vacancy=", вакансия «{vacancy}»",
    action_preview_sms="SMS-уведомление: да",
    action_sent="✅ «{action}» · {name} — готово, сообщение ушло на hh.ru:",
    action_cancelled="Отменено.",
    nothing_to_cancel="Отменять нечего.",
    action_busy="По этому отклику уже выполняется действие — дождитесь результата.",
    action_needs_site="Для «{action}» нужен {argument}, а его можно указать только на hh.ru. Откройте отклик на сайте:",
    argument_address="адрес собеседования",
    reply_prompt="✍️ Ответ {name}: напишите текст одним сообщением. /cancel — отменить.",
    reply_sent="✅ Отправлено на hh.ru.",
    reply_sent_to="✅ Отправлено на hh.ru: {name}.",
    prompt_closed_action="«{action}» · {name} — отменено: вы {why}. Чтобы написать сообщение, нажмите «{action}» "
                         "ещё раз.",
    prompt_closed_reply="Ответ {name} отменён: вы {why}. Чтобы написать его, нажмите «Ответить» ещё раз.",
    closed_by_command="отправили {command}",
    closed_by_button="нажали «{button}»",
    closed_by_other_button="нажали другую кнопку",
    closed_by_reply="ответили на другое сообщение",
    closed_by_text="написали текст, а не нажали «Отправить» или «Изменить»",
    closed_by_other="прислали другое сообщение",
    slow_down=(
        "Слишком много запросов к hh.ru за минуту — hh.ru ограничивает их для всех. "
        "Подождите минуту и повторите."
    ),
    link_paste_full_address=(
        "Похоже на код входа hh.ru — я никому его не пересылаю: он даёт доступ к аккаунту. "
        "Чтобы подключить аккаунт, пришлите адрес из браузера целиком и отдельным сообщением — "
        "всю строку после входа на hh.ru, с <code>code=</code> и <code>state=</code>. "
        "Если ссылки нет, нажмите /start."
    ),
    account_gone="Не отправлено: аккаунт hh.ru этого разговора больше не подключён здесь или приостановлен. /status",
    link_rate_limited="Слишком много попыток подключения за минуту. Подождите минуту и попробуйте снова: /start",
    link_moved_away=(
        "Аккаунт hh.ru {account} подключили в другом чате Telegram, поэтому сюда я о нём больше не пишу. "
        "Если это были не вы, отзовите доступ приложения в настройках hh.ru и подключите аккаунт заново: /start"
    ),
    reply_unknown="Не понял, куда отправить ответ: ответьте на присланный мной отклик или сообщение с hh.ru.",
    decline_confirm="Отказаться от вакансии «{vacancy}»? Работодатель получит сообщение об отказе, отклик скроется.",
    decline_yes="Да, отказаться",
    decline_no="Нет",
    declined="Вы отказались от вакансии «{vacancy}».",
    decline_kept="Хорошо, отклик остаётся.",
    quote_back="Ваш текст, чтобы ничего не потерялось:",
    hh_refused={
        "wrong_state": "hh.ru не дал это сделать: отклик уже в другом статусе. Кнопки обновлены.",
        "limit_exceeded": "hh.ru: превышен дневной лимит приглашений. Попробуйте завтра.",
        "empty_message": "hh.ru не принимает пустое сообщение. Напишите текст.",
        "message_cannot_be_empty": "hh.ru не принимает пустое сообщение. Напишите текст.",
        "too_long_message": (
            "Сообщение слишком длинное: hh.ru принимает не больше {limit} символов, а в вашем {length}. "
            "Сократите его и пришлите снова."
        ),
        "resume_not_found": "Соискатель скрыл или удалил резюме — это действие больше невозможно.",
        "resume_deleted": "Резюме удалено — переписка закрыта.",
        "invalid_vacancy": "Вакансия в архиве или скрыта — это действие больше невозможно.",
        "archived": "Вакансия в архиве — переписка закрыта.",
        "not_enough_purchased_services": "Не хватает оплаченных услуг hh.ru (например, доступа к базе резюме).",
        "address_not_found": "hh.ru не нашёл адрес собеседования. Укажите его на сайте.",
        "no_invitation": "Переписка по этому отклику откроется только после приглашения.",
        "in_a_row_limit": "hh.ru не даёт отправить ещё одно сообщение подряд — дождитесь ответа собеседника.",
        "overall_limit": "В этой переписке исчерпан лимит сообщений hh.ru.",
        "disabled_by_employer": "Работодатель отключил переписку по этому отклику.",
        "chat_archived": "Переписка по этому отклику в архиве.",
        "topic_archived": "Переписка по этому отклику в архиве.",
        "chat_is_not_ready": "hh.ru ещё готовит чат по этому отклику — попробуйте через минуту.",
        "application_denied": "hh.ru отказал в этом действии, не объяснив причину.",
        "inappropriate_language_message": "hh.ru не пропустил текст: в нём есть недопустимые слова.",
        "resource_policy_violation_message": "hh.ru не пропустил текст: он нарушает правила сервиса.",
        "prohibited": "Переписка по этому отклику недоступна.",
        "used_manager_account_forbidden": (
            "hh.ru больше не даёт действовать от имени рабочего аккаунта этого отклика — доступ к нему закрыт. "
            "Выбрать доступные аккаунты: /accounts"
        ),
        "manager_extra_account_not_found": (
            "hh.ru не знает рабочего аккаунта этого отклика — похоже, его удалили. Выбрать доступные: /accounts"
        ),
    },
    hh_refused_other="hh.ru отказал ({reason}). Попробуйте сделать это на сайте.",
    hh_down="hh.ru сейчас не отвечает. Попробуйте ещё раз через минуту.",
    hh_relink="hh.ru больше не принимает доступ к аккаунту. Подключите его заново: /start",
    hh_captcha="hh.ru просит пройти капчу. Откройте hh.ru в браузере, пройдите её и повторите.",
    chat_attachment="📎 Вложение — откройте переписку на hh.ru.",
    reply_deferred="⏳ hh.ru ещё готовит чат с {name}. Ответ сохранён: отправлю, как только hh.ru позволит, и напишу.",
    reply_retrying="⏳ hh.ru не ответил. Ответ для {name} сохранён: попробую ещё раз и напишу, когда он уйдёт.",
    reply_held="⏳ Ответ для {name} сохранён: hh.ru приостановил аккаунт (подробности выше). Отправлю, когда аккаунт "
               "снова будет на связи, и напишу.",
    reply_sent_later="✅ Отправлено на hh.ru: {name}. Ваш ответ, который ждал hh.ru:",
    reply_failed_later="Ответ для {name} не отправлен. {reason}\nВаш текст, чтобы ничего не потерялось:",
    write_blocked={
        "ARCHIVED_BY_EMPLOYER": "Ответить нельзя: работодатель отправил переписку в архив.",
        "EMPLOYER_NEGOTIATIONS_LIMIT_EXCEEDED": "Ответить нельзя: у работодателя исчерпан лимит переписок на hh.ru.",
        "PFP_BLOCK": "Ответить нельзя: hh.ru заблокировал переписку по правилам сервиса.",
    },
    write_blocked_other="Ответить нельзя: hh.ru сейчас не разрешает писать в эту переписку.",
    page_confirm_title="Подтвердите в Telegram",
    page_confirm=(
        "Вы вошли на hh.ru как {account}. Подключить этот аккаунт к себе просит Telegram-аккаунт {telegram}. "
        "Нажмите кнопку: откроется Telegram, и аккаунт подключится, только если там вы — тот же Telegram-аккаунт. "
        "Если подключение просили не вы, закройте страницу — ничего не подключится. Никому не пересылайте эту "
        "ссылку; она действует 10 минут."
    ),
    page_confirm_button="Подтвердить в Telegram",
    page_back_to_telegram="Открыть Telegram",
    page_failed_title="Не получилось",
    page_denied="Вы не дали доступ к аккаунту hh.ru. Ничего не сохранено. Вернитесь в Telegram: /start.",
    page_unknown_state="Ссылка недействительна. Вернитесь в Telegram и получите новую: /start.",
    page_link_altered=(
        "Ссылку для подключения изменили, поэтому вход по ней остановлен и ничего не подключено. Чтобы подключить "
        "свой аккаунт hh.ru, получите ссылку в Telegram: /start."
    ),
    page_used_state="Эта ссылка уже использована. Если подключение не завершилось, получите новую в Telegram: /start.",
    page_expired_state="Ссылка устарела (она действует 10 минут). Новая ссылка уже отправлена вам в Telegram.",
    page_exchange_failed="hh.ru не подтвердил вход. Ничего не сохранено. Новая ссылка отправлена вам в Telegram.",
    page_captcha=("hh.ru просит этот аккаунт пройти капчу. Ничего не сохранено. Ссылка на капчу и новая ссылка "
                  "для входа — в Telegram."),
    page_hh_down="hh.ru сейчас не отвечает. Ничего не сохранено. Попробуйте через пару минут — ссылка в Telegram.",
    page_missing_parameters="В адресе нет нужных параметров. Вернитесь в Telegram и начните заново: /start.",
    command_start="подключить аккаунт hh.ru",
    command_status="состояние подключения",
    command_pause="приостановить уведомления",
    command_resume="возобновить уведомления",
    command_unlink="отключить аккаунт hh.ru",
    command_cancel="отменить начатое действие",
    command_help="что умеет бот",
    command_quiet="тихие часы",
    command_vacancies="куда идут новости вакансий",
    command_accounts="рабочие аккаунты hh.ru",
    work_ask=(
        "У вас на hh.ru несколько рабочих аккаунтов. Отметьте, за какими следить, и нажмите «Готово». "
        "Пока вы не выбрали, приходят новости основного аккаунта."
    ),
    work_done_button="Готово",
    work_choose_one="Отметьте хотя бы один аккаунт.",
    work_following="Слежу за рабочими аккаунтами: {companies}. Изменить выбор: /accounts",
    work_label="🏢 {company}",
    work_single="У вас на hh.ru один рабочий аккаунт — выбирать нечего.",
    work_employers_only="Рабочие аккаунты бывают у работодателей: подключите аккаунт работодателя (/start).",
    work_failed="Не получилось узнать рабочие аккаунты у hh.ru. Попробуйте ещё раз чуть позже: /accounts",
    work_lost_forbidden=(
        "hh.ru больше не даёт действовать от имени рабочего аккаунта «{company}» — доступ к нему закрыт. "
        "Его новости больше не приходят."
    ),
    work_lost_not_found=(
        "hh.ru не знает рабочего аккаунта «{company}» — похоже, его удалили. Его новости больше не приходят."
    ),
    work_lost_choose="Вот аккаунты, доступные сейчас: отметьте, за какими следить, и нажмите «Готово».",
    work_lost_none="Других доступных рабочих аккаунтов hh.ru не назвал. Подключите аккаунт заново: /start",
    status_work_title="Рабочие аккаунты hh.ru (изменить выбор: /accounts):",
    status_work_following="• «{company}»{primary} — слежу",
    status_work_not_followed="• «{company}»{primary} — не слежу",
    status_work_lost="• «{company}»{primary} — ⚠️ hh.ru закрыл к нему доступ, его новости не приходят",
    status_work_primary=" (основной)",
    status_work_unchosen="Пока вы не выбрали, приходят новости основного аккаунта.",
    quiet_usage=(
        "Тихие часы — время, когда я не беспокою звуком.\n\n"
        "/quiet 22-08 — тихие часы с 22:00 до 08:00 (можно с минутами: /quiet 22:30-07:45)\n"
        "/quiet digest — в тихие часы копить новости и прислать одну сводку, когда они закончатся\n"
        "/quiet silent — в тихие часы присылать всё сразу, но без звука\n"
        "/quiet zone Asia/Novosibirsk — сменить часовой пояс (или смещение: /quiet zone UTC+5)\n"
        "/quiet off — выключить тихие часы"
    ),
    quiet_status_off="Тихие часы выключены.",
    quiet_status_on="Тихие часы: <b>{start}–{end}</b>, часовой пояс: {zone}.\n{mode}",
    quiet_mode_silent="В это время уведомления приходят без звука. Копить их до утра: /quiet digest",
    quiet_mode_digest=(
        "В это время я коплю новости и присылаю их одной сводкой, когда тихие часы закончатся. "
        "Присылать сразу, но без звука: /quiet silent"
    ),
    quiet_ask_zone=(
        "В каком часовом поясе считать тихие часы {start}–{end}? Выберите ниже — по умолчанию Москва. "
        "Если вашего пояса нет, пришлите его так: /quiet zone Asia/Novosibirsk или /quiet zone UTC+5."
    ),
    quiet_zone_names=(
        "Калининград (UTC+2)", "Москва (UTC+3)", "Самара (UTC+4)", "Екатеринбург (UTC+5)", "Омск (UTC+6)",
        "Новосибирск (UTC+7)", "Иркутск (UTC+8)", "Якутск (UTC+9)", "Владивосток (UTC+10)", "Магадан (UTC+11)",
        "Камчатка (UTC+12)",
    ),
    quiet_zone_default="{zone} — по умолчанию",
    quiet_zone_other_button="Другой пояс",
    quiet_zone_other=(
        "Пришлите /quiet zone и ваш часовой пояс: название, например /quiet zone Asia/Novosibirsk, "
        "или смещение от UTC, например /quiet zone UTC+5."
    ),
    quiet_zone_set="Часовой пояс: {zone}.",
    quiet_zone_unknown=(
        "Не знаю часового пояса «{zone}». Пришлите название, например /quiet zone Asia/Novosibirsk, "
        "или смещение от UTC, например /quiet zone UTC+5."
    ),
    quiet_bad_range=(
        "Не понял «{text}». Напишите начало и конец тихих часов через дефис: /quiet 22-08 или /quiet 22:30-08:00. "
        "Все варианты: /quiet"
    ),
    quiet_bad_hour="Часы — от 0 до 23, минуты — от 0 до 59. Например: /quiet 22-08 или /quiet 22:30-08:00.",
    quiet_same_ends="Начало и конец тихих часов совпадают. Укажите разное время, например /quiet 22-08.",
    quiet_off="Тихие часы выключены: уведомления снова приходят сразу и со звуком.",
    quiet_digest_on=(
        "Режим сводки: в тихие часы я коплю новости и пришлю их одним сообщением, когда тихие часы закончатся."
    ),
    quiet_silent_on="В тихие часы уведомления будут приходить сразу, но без звука.",
    quiet_no_hours="Тихие часы пока не заданы: /quiet 22-08",
    digest_title="🌙 Тихие часы закончились. Новости за это время:",
    digest_more="🌙 Новости за тихие часы, продолжение:",
    digest_line="• {name} — {count} {news}",
    digest_news_word=("новое сообщение", "новых сообщения", "новых сообщений"),
    group_connect_how=(
        "Чтобы новости вакансий с hh.ru приходили сюда, работодатель, подключивший hh.ru в личном чате со мной, "
        "отправляет здесь /connect (он должен быть администратором группы)."
    ),
    group_connect_in_private=(
        "/connect отправляют не здесь, а в группе вашей команды в Telegram. Как подключить группу:\n"
        "1. Добавьте меня в группу. В группе с темами сделайте меня администратором с правом управлять темами: "
        "тогда у каждой вакансии будет своя тема.\n"
        "2. Отправьте в группе /connect. Это может администратор группы, подключивший здесь hh.ru как "
        "работодатель (/start).\n"
        "3. Подтвердите подключение здесь, в личном чате: я спрошу.\n"
        "Коллеги подключают свои аккаунты hh.ru к той же группе так же."
    ),
    group_connect_admins_only="Подключить группу может только её администратор.",
    group_already_connected="Группа уже подключена.",
    group_connect_open_private="Сначала напишите мне в личный чат (/start), затем отправьте /connect здесь ещё раз.",
    group_confirm=(
        "Подключить группу «{title}»? Новости ваших вакансий будут приходить туда, а участники смогут отвечать "
        "кандидатам. Куда идут новости каждой вакансии — /vacancies."
    ),
    group_confirm_yes="Подключить",
    group_confirm_no="Не подключать",
    group_connect_cancelled="Группу «{title}» не подключаю.",
    group_connect_refused="Подключить группу «{title}» нельзя: вы больше не её администратор или меня там нет.",
    group_connected_private=(
        "Группа «{title}» подключена. Куда идут новости каждой вакансии: /vacancies. Отключить группу: /disconnect"
    ),
    group_connected="Группа подключена: сюда будут приходить новости вакансий с hh.ru.",
    group_connected_forum="Группа подключена: новости каждой вакансии с hh.ru будут приходить в её тему.",
    group_disconnected="Группа отключена: новости вакансий сюда больше не приходят.",
    group_disconnected_private="Группа «{title}» отключена: новости вакансий снова приходят сюда.",
    group_disconnect_none="Подключённой группы нет.",
    group_gone_private=(
        "Группа «{title}» больше недоступна (меня удалили из неё, или её больше нет). "
        "Новости её вакансий снова приходят сюда."
    ),
    group_member_gone_private=(
        "Вас больше нет в группе «{title}» (вы вышли или вас удалили), поэтому она отключена от вашего аккаунта "
        "hh.ru: новости ваших вакансий снова приходят сюда, а участники группы больше не действуют от вашего имени."
    ),
    group_owner_gone_refused=(
        "Владельца этого аккаунта hh.ru больше нет в группе, поэтому аккаунт от неё отключён. На hh.ru ничего не "
        "отправлено."
    ),
    group_owner_lost="Аккаунт hh.ru, к которому была подключена группа, отключён. Новости сюда больше не приходят.",
    group_owner_left="Аккаунт hh.ru ({who}) отключён от группы: новости его вакансий сюда больше не приходят.",
    group_connected_another=(
        "К группе подключён ещё один аккаунт hh.ru ({who}): новости его вакансий тоже будут приходить сюда."
    ),
    group_disconnect_owners_only=(
        "Отключить свой аккаунт hh.ru от группы может тот, кто его подключил: пусть он отправит здесь /disconnect. "
        "Чтобы отключить группу совсем, удалите меня из неё."
    ),
    group_vacancies_title="Активные вакансии и куда идут их новости:",
    group_vacancies_group="Подключённая группа: «{title}».",
    group_vacancies_no_group=(
        "Группа не подключена, все новости идут сюда. Подключить: добавьте меня в группу и отправьте там /connect."
    ),
    group_vacancies_none="Активных вакансий нет.",
    group_vacancies_legend="Кнопки: куда идут новости вакансии (нажмите, чтобы сменить) и 🔔 или 🔕 — заглушена, "
                           "её новости не присылаются.",
    group_vacancies_more="…и ещё {count}, их новости идут по умолчанию.",
    group_vacancies_failed="Не получилось загрузить вакансии с hh.ru. Попробуйте ещё раз чуть позже.",
    group_vacancies_employers_only="Вакансии и группы — для работодателей: подключите аккаунт работодателя (/start).",
    group_route_private="лично",
    group_route_group="в группу",
    group_route_both="лично и в группу",
    group_route_sound="🔔",
    group_route_muted="🔕",
    group_topic_fallback="Вакансия {id}",
    group_no_topics=(
        "В группе «{title}» мне нельзя создавать темы, поэтому новости вакансий идут в общую тему, пока меня не "
        "сделают администратором с правом управлять темами."
    ),
    group_act_refused="Извините, в этой группе действовать по откликам могут {who}.",
    group_who_owner="только владелец аккаунта hh.ru",
    group_who_admins="администраторы группы",
    group_who_members="все участники",
    group_who_button="Кто действует в группе: {who}",
    group_acted_line="{what} — {who} · {time}",
    group_acted_default="Изменено",
)

EN = Texts(
    language="en",
    intro=(
        "Hi! I bring new hh.ru responses and messages here as soon as they appear, "
        "and let you act on them right from Telegram: invite, hold, reject or reply.\n\n"
        "Connect your hh.ru account — it takes a minute."
    ),
    link_button="Connect hh.ru",
    relink_button="Connect another account",
    link_hint=(
        "If the page does not open after you sign in on hh.ru, copy the address from your browser "
        "and send it here — I will finish the connection."
    ),
    link_hint_confirm=(
        "After you sign in on hh.ru, a page with a “Confirm in Telegram” button opens: press it on the same device."
    ),
    role_employer="employer, “{company}”",
    role_applicant="applicant",
    linked_confirmation=(
        "Done! Connected hh.ru account: <b>{name}</b> — {role}.\n"
        "I will send you new responses and messages. The first check runs within a minute."
    ),
    link_failed_denied="You did not grant access to your hh.ru account, so nothing was connected. Try again:",
    link_failed_used="This connection link was already used. If the connection did not finish, here is a new one:",
    link_failed_expired="The connection link expired (links last 10 minutes). Here is a new one:",
    link_failed_exchange="hh.ru did not confirm the sign-in ({reason}). Nothing was saved. Try again:",
    link_failed_captcha=("hh.ru asks this account to solve a captcha, so it is not connected. Nothing was saved. "
                         "{captcha}, then connect the account again:"),
    link_captcha_on_site="Open hh.ru in a browser and solve it",
    link_failed_hh_down="hh.ru is not answering right now, the connection did not finish. Try again in a few minutes:",
    link_failed_other_user="This link was issued to another Telegram user. Get your own: /start",
    link_failed_unknown="This connection link is not valid. Here is a new one:",
    link_confirm_not_yours=(
        "This hh.ru sign-in was started by another Telegram user, so I connected nothing and withdrew the access "
        "hh.ru granted. To connect your own hh.ru account, press /start."
    ),
    link_confirmed_by_another=(
        "The hh.ru sign-in from your link was confirmed from another Telegram account. I connected nothing and "
        "withdrew the access granted. If it was you who signed in, connect again and confirm from this Telegram:"
    ),
    link_confirmation_unknown=(
        "This confirmation link is not valid or was already used. To connect an hh.ru account, press /start."
    ),
    link_confirmation_expired=(
        "The confirmation link expired (it lasts 10 minutes), and I withdrew the access hh.ru granted. "
        "Here is a new connection link:"
    ),
    link_address_leaked=(
        "Another Telegram user sent me the address hh.ru returned your browser to after signing in with your link. "
        "I connected nothing and withdrew the access granted. Never send that address to anyone. Connect again:"
    ),
    link_altered=(
        "This address does not carry the state hh.ru issued its code for: the connection link or the address was "
        "changed. I connected nothing and stopped this sign-in. To connect your own hh.ru account, press /start."
    ),
    link_sign_in_stopped=(
        "Someone signed in on hh.ru through your connection link, but its state had been changed. I stopped that "
        "sign-in: I connected nothing and withdrew the access granted. Never forward your connection links. "
        "Connect again:"
    ),
    link_paste_not_taken=(
        "No need to send the address from your browser here: after you sign in on hh.ru my page opens; press "
        "“Confirm in Telegram” there. I stopped the sign-in of the address you sent and connected nothing. "
        "To connect: /start"
    ),
    applicant_api_denied=(
        "Since 15 December 2025 hh.ru no longer gives third-party applications access to applicants' responses. "
        "So I cannot read your responses and messages and will not check them. "
        "The account is connected; if hh.ru opens access again, press /resume."
    ),
    relink_needed=(
        "hh.ru no longer accepts access to the account {account} (it was revoked or the password changed). "
        "I stopped checking it. Connect the account again:"
    ),
    relink_unreadable=(
        "I cannot read the stored access to the account {account}: the bot's encryption key has changed. "
        "I stopped checking it. Connect the account again:"
    ),
    captcha_required=(
        "hh.ru asks you to prove you are not a robot. Until you solve the captcha, checks are paused. "
        "Open the captcha, solve it and press /resume."
    ),
    captcha_button="Solve the captcha on hh.ru",
    status_none="No hh.ru account is connected. Press /start to connect one.",
    status_line_account="Account: <b>{name}</b> — {role}",
    status_active="State: working",
    status_needs_relink="State: needs to be connected again (/start)",
    status_paused_captcha="State: paused — hh.ru asks you to solve a captcha, then press /resume",
    status_paused_denied="State: hh.ru does not give applications access to applicants' responses",
    status_last_check="Last successful check: {when}",
    moscow_time="Moscow time",
    status_never_checked="No checks yet",
    status_delivered="Messages delivered: {count}; queued: {pending}",
    status_notifications_on="Notifications: on (/pause to stop)",
    status_notifications_off="Notifications: paused (/resume to restart)",
    status_instant_on="Instant delivery: on — hh.ru reports news as it happens",
    status_instant_starting="Instant delivery: being set up; until then hh.ru is checked on schedule",
    status_instant_unavailable="Instant delivery: hh.ru does not offer it to this account; checked on schedule",
    status_instant_employers_only="Instant delivery: for employers only; checked on schedule",
    status_instant_off="Instant delivery: off; checked on schedule",
    unlink_confirm="Disconnect the account {account}? I will revoke access on hh.ru and delete everything I kept.",
    unlink_yes="Yes, disconnect",
    unlink_no="Cancel",
    unlinked="The account is disconnected, access on hh.ru revoked, data deleted. Connect again: /start",
    unlinked_hh_unreachable=(
        "The account is disconnected and its data deleted. hh.ru did not answer the revocation — the token will "
        "expire by itself, and you can revoke it now in your hh.ru settings (“Applications”)."
    ),
    unlink_cancelled="OK, nothing changed.",
    nothing_to_unlink="No hh.ru account is connected — nothing to disconnect.",
    paused="Notifications are paused. Turn them back on: /resume",
    resumed="Notifications are on. I will check hh.ru within a minute.",
    help=(
        "I forward new hh.ru responses and messages and let you act on them from Telegram.\n\n"
        "/start — connect an hh.ru account\n"
        "/status — which account is connected and how checks go\n"
        "/pause — pause notifications\n"
        "/resume — resume notifications\n"
        "/unlink — disconnect the account\n"
        "/quiet — quiet hours: /quiet 22-08, /quiet off\n"
        "/vacancies — where each vacancy's news goes (employers)\n"
        "/accounts — which hh.ru work accounts to follow (employers)\n"
        "/connect — in a team group: connect it, /disconnect — disconnect\n"
        "/cancel — cancel what you started\n\n"
        "To answer a candidate or an employer, reply to the message I sent."
    ),
    private_only="I only work in a private chat. Write to me directly.",
    button_stale="This button is out of date.",
    internal_error="Something went wrong and I did not complete that. Please try again a bit later.",
    not_understood="I did not understand. To answer about a response, reply to a message I sent. Commands: /help",
    card_new_response="🆕 New response to <b>{vacancy}</b>",
    card_years=("year", "years", "years"),
    card_months=("month", "months", "months"),
    card_experience="Experience: {experience}",
    card_salary="Expects: {salary}",
    card_cover_letter="Cover letter:",
    card_no_cover_letter="No cover letter.",
    card_state="State: <b>{state}</b>",
    unknown_candidate="Candidate",
    unknown_company="Employer",
    unknown_vacancy="Vacancy",
    card_changed_on_hh="🔄 Stage changed on hh.ru",
    message_from_applicant="💬 <b>{name}</b> · {vacancy}",
    applicant_state_from_applicant="ℹ️ <b>{name}</b> · {vacancy}: {state}",
    applicant_invitation="🎉 Invitation · <b>{vacancy}</b> — {company}",
    applicant_rejection="Rejection · <b>{vacancy}</b> — {company}",
    applicant_message="💬 {company} · <b>{vacancy}</b>",
    applicant_state_changed="ℹ️ Response state: <b>{state}</b> · {vacancy} — {company}",
    applicant_responded="📨 Your response · <b>{vacancy}</b> — {company}\nI will send the employer's answer here.",
    read_more="Read in full on hh.ru",
    button_resume="Resume",
    button_vacancy="Vacancy",
    button_reply="Reply",
    button_decline="Decline",
    button_resume_file="📄 Resume",
    resume_sending="Fetching the resume…",
    resume_busy="The resume is already on its way.",
    resume_caption="📄 Resume: <b>{name}</b> · {vacancy}",
    resume_refused={
        "none": "hh.ru gave no file of {name}'s resume: the candidate hid it, or hh.ru does not show it.",
        "forbidden": "hh.ru does not give this account the file of {name}'s resume: access to it is closed.",
        "gone": "{name}'s resume was deleted or hidden on hh.ru — there is no file any more.",
        "too_large": "The file of {name}'s resume is over {megabytes} MB, more than a bot may send in Telegram. "
                     "Open the resume on hh.ru.",
        "not_pdf": "hh.ru sent something other than a PDF for {name}'s resume. Open the resume on hh.ru.",
        "telegram": "Telegram did not accept the file of {name}'s resume. Open the resume on hh.ru.",
    },
    resume_refused_other="The file of {name}'s resume did not come. {reason}",
    summary_employer="The account is connected. Right now {collections}. I will send new responses and messages here.",
    summary_employer_collection="{count} {responses} {wait} review in “{collection}”",
    summary_employer_none="no responses await review",
    summary_applicant=(
        "The account is connected. You have {count} {responses}, {unread} with unread messages. "
        "I will send new invitations and messages here."
    ),
    responses_word=("response", "responses", "responses"),
    await_word=("awaits", "await", "await"),
    action_prompt="✍️ “{action}” · {name}\nWrite the message in one message",
    action_prompt_templates=" or pick a template",
    action_prompt_optional=" or press “No message”",
    action_prompt_no_templates="hh.ru templates are not available to this account (they need paid API access).",
    action_prompt_cancel="/cancel to cancel.",
    button_no_message="No message",
    button_sms_on="SMS notice: yes",
    button_sms_off="SMS notice: no",
    button_cancel="Cancel",
    button_open_on_hh="Open on hh.ru",
    action_running="Working…",
    action_done="✅ “{action}” — done.",
    button_send="Send",
    button_edit="Edit",
    action_preview="📝 Check the text: it goes to hh.ru only when you press “Send”.\nAction: “{action}”\nTo: {name}",
    action_preview_vacancy=", vacancy “{vacancy}”",
    action_preview_sms="SMS notice: yes",
    action_sent="✅ “{action}” · {name} — done, the message went to hh.ru:",
    action_cancelled="Cancelled.",
    nothing_to_cancel="Nothing to cancel.",
    action_busy="An action on this response is already running — wait for its result.",
    action_needs_site="“{action}” needs the {argument}, which can only be given on hh.ru. Open the response there:",
    argument_address="interview address",
    reply_prompt="✍️ Reply to {name}: write the text in one message. /cancel to cancel.",
    reply_sent="✅ Sent to hh.ru.",
    reply_sent_to="✅ Sent to hh.ru: {name}.",
    prompt_closed_action="“{action}” · {name} cancelled: you {why}. To write the message, press “{action}” again.",
    prompt_closed_reply="Reply to {name} cancelled: you {why}. To write it, press “Reply” again.",
    closed_by_command="sent {command}",
    closed_by_button="pressed “{button}”",
    closed_by_other_button="pressed another button",
    closed_by_reply="replied to another message",
    closed_by_text="wrote text instead of pressing “Send” or “Edit”",
    closed_by_other="sent something else",
    slow_down="Too many hh.ru requests in a minute; hh.ru limits them for everyone. Wait a minute and try again.",
    link_paste_full_address=(
        "This looks like an hh.ru sign-in code; I never pass it on to anyone, since it gives access to an account. "
        "To connect, send the whole address from your browser after signing in on hh.ru, alone in a message, "
        "with <code>code=</code> and <code>state=</code>. No link? Press /start."
    ),
    account_gone="Not sent: the hh.ru account of this conversation is no longer connected here, or is paused. /status",
    link_rate_limited="Too many attempts to connect in a minute. Wait a minute and try again: /start",
    link_moved_away=(
        "The hh.ru account {account} was connected in another Telegram chat, so I no longer post about it here. "
        "If that was not you, revoke the application's access in your hh.ru settings and connect again: /start"
    ),
    reply_unknown="I cannot tell where to send this: reply to a response or message from hh.ru that I sent.",
    decline_confirm="Decline the vacancy “{vacancy}”? The employer gets a decline message and the response is hidden.",
    decline_yes="Yes, decline",
    decline_no="No",
    declined="You declined the vacancy “{vacancy}”.",
    decline_kept="OK, the response stays.",
    quote_back="Your text, so nothing is lost:",
    hh_refused={
        "wrong_state": "hh.ru did not allow it: the response is already in another state. The buttons are updated.",
        "limit_exceeded": "hh.ru: the daily invitation limit is reached. Try again tomorrow.",
        "empty_message": "hh.ru does not accept an empty message. Write some text.",
        "message_cannot_be_empty": "hh.ru does not accept an empty message. Write some text.",
        "too_long_message": (
            "The message is too long: hh.ru takes at most {limit} characters, yours has {length}. "
            "Shorten it and send it again."
        ),
        "resume_not_found": "The applicant hid or deleted the resume — this action is no longer possible.",
        "resume_deleted": "The resume was deleted — messaging is closed.",
        "invalid_vacancy": "The vacancy is archived or hidden — this action is no longer possible.",
        "archived": "The vacancy is archived — messaging is closed.",
        "not_enough_purchased_services": "Not enough paid hh.ru services (for example, resume database access).",
        "address_not_found": "hh.ru did not find the interview address. Set it on the site.",
        "no_invitation": "Messaging on this response opens only after an invitation.",
        "in_a_row_limit": "hh.ru does not allow another message in a row — wait for the other side to answer.",
        "overall_limit": "This conversation has reached hh.ru's message limit.",
        "disabled_by_employer": "The employer turned messaging off for this response.",
        "chat_archived": "This conversation is archived.",
        "topic_archived": "This conversation is archived.",
        "chat_is_not_ready": "hh.ru is still preparing the chat for this response — try again in a minute.",
        "application_denied": "hh.ru refused this action without saying why.",
        "inappropriate_language_message": "hh.ru rejected the text: it contains words that are not allowed.",
        "resource_policy_violation_message": "hh.ru rejected the text: it breaks the service rules.",
        "prohibited": "Messaging on this response is not available.",
        "used_manager_account_forbidden": (
            "hh.ru no longer lets you act as this response's work account: access to it is closed. "
            "Choose among the available ones: /accounts"
        ),
        "manager_extra_account_not_found": (
            "hh.ru does not know this response's work account; it seems to have been deleted. "
            "Choose among the available ones: /accounts"
        ),
    },
    hh_refused_other="hh.ru refused ({reason}). Try doing it on the site.",
    hh_down="hh.ru is not answering right now. Try again in a minute.",
    hh_relink="hh.ru no longer accepts access to the account. Connect it again: /start",
    hh_captcha="hh.ru asks for a captcha. Open hh.ru in a browser, solve it and try again.",
    chat_attachment="📎 An attachment — open the conversation on hh.ru.",
    reply_deferred="⏳ hh.ru is still preparing the chat with {name}. Your reply is saved: I will send it as soon as "
                   "hh.ru allows, and tell you.",
    reply_retrying="⏳ hh.ru did not answer. Your reply to {name} is saved: I will try again and tell you when it "
                   "goes.",
    reply_held="⏳ Your reply to {name} is saved: hh.ru paused the account (see above). I will send it once the "
               "account is back, and tell you.",
    reply_sent_later="✅ Sent to hh.ru: {name}. Your reply that waited for hh.ru:",
    reply_failed_later="Your reply to {name} was not sent. {reason}\nYour text, so nothing is lost:",
    write_blocked={
        "ARCHIVED_BY_EMPLOYER": "You cannot reply: the employer archived this conversation.",
        "EMPLOYER_NEGOTIATIONS_LIMIT_EXCEEDED": "You cannot reply: the employer has reached hh.ru's conversation "
                                                "limit.",
        "PFP_BLOCK": "You cannot reply: hh.ru blocked this conversation under its rules.",
    },
    write_blocked_other="You cannot reply: hh.ru does not allow writing in this conversation now.",
    page_confirm_title="Confirm in Telegram",
    page_confirm=(
        "You signed in on hh.ru as {account}. The Telegram account {telegram} asks to connect it. Press the button: "
        "Telegram opens, and the account is connected only if you are that same Telegram account there. If you did "
        "not ask for this, close the page and nothing is connected. Do not send this link to anyone; it lasts "
        "10 minutes."
    ),
    page_confirm_button="Confirm in Telegram",
    page_back_to_telegram="Open Telegram",
    page_failed_title="That did not work",
    page_denied="You did not grant access to your hh.ru account. Nothing was saved. Go back to Telegram and /start.",
    page_unknown_state="This link is not valid. Go back to Telegram and get a new one: /start.",
    page_link_altered=(
        "This connection link was changed, so its sign-in was stopped and nothing was connected. To connect your "
        "own hh.ru account, get a link in Telegram: /start."
    ),
    page_used_state="This link was already used. If the connection did not finish, get a new one in Telegram: /start.",
    page_expired_state="This link expired (links last 10 minutes). A new one was sent to you in Telegram.",
    page_exchange_failed="hh.ru did not confirm the sign-in. Nothing was saved. A new link is waiting in Telegram.",
    page_captcha=("hh.ru asks this account to solve a captcha. Nothing was saved. The captcha and a new link to sign "
                  "in are waiting in Telegram."),
    page_hh_down="hh.ru is not answering right now. Nothing was saved. Try again in a few minutes — see Telegram.",
    page_missing_parameters="The address lacks the expected parameters. Go back to Telegram and /start again.",
    command_start="connect an hh.ru account",
    command_status="connection state",
    command_pause="pause notifications",
    command_resume="resume notifications",
    command_unlink="disconnect the hh.ru account",
    command_cancel="cancel what you started",
    command_help="what the bot does",
    command_quiet="quiet hours",
    command_vacancies="where vacancy news goes",
    command_accounts="hh.ru work accounts",
    work_ask=(
        "You have several work accounts on hh.ru. Tick the ones to follow and press “Done”. "
        "Until you choose, news of your primary account comes."
    ),
    work_done_button="Done",
    work_choose_one="Tick at least one account.",
    work_following="Following the work accounts: {companies}. To change: /accounts",
    work_label="🏢 {company}",
    work_single="You have one work account on hh.ru, so there is nothing to choose.",
    work_employers_only="Work accounts are an employer's: link an employer account (/start).",
    work_failed="Could not get your work accounts from hh.ru. Please try again a little later: /accounts",
    work_lost_forbidden=(
        "hh.ru no longer lets you act as the work account “{company}”: access to it is closed. "
        "Its news no longer comes."
    ),
    work_lost_not_found=(
        "hh.ru does not know the work account “{company}”; it seems to have been deleted. Its news no longer comes."
    ),
    work_lost_choose="These accounts are available now: tick the ones to follow and press “Done”.",
    work_lost_none="hh.ru named no other work account you may use. Link your account again: /start",
    status_work_title="hh.ru work accounts (to change: /accounts):",
    status_work_following="• “{company}”{primary} — following",
    status_work_not_followed="• “{company}”{primary} — not following",
    status_work_lost="• “{company}”{primary} — ⚠️ hh.ru closed access to it, its news does not come",
    status_work_primary=" (primary)",
    status_work_unchosen="Until you choose, the primary account's news comes.",
    quiet_usage=(
        "Quiet hours are when I do not disturb you with a sound.\n\n"
        "/quiet 22-08 — quiet hours from 22:00 to 08:00 (minutes work too: /quiet 22:30-07:45)\n"
        "/quiet digest — during quiet hours, keep the news and send one digest when they end\n"
        "/quiet silent — during quiet hours, send everything at once but without a sound\n"
        "/quiet zone Asia/Novosibirsk — change the time zone (or an offset: /quiet zone UTC+5)\n"
        "/quiet off — turn quiet hours off"
    ),
    quiet_status_off="Quiet hours are off.",
    quiet_status_on="Quiet hours: <b>{start}–{end}</b>, time zone: {zone}.\n{mode}",
    quiet_mode_silent="Meanwhile notifications come without a sound. To keep them until morning: /quiet digest",
    quiet_mode_digest=(
        "Meanwhile I keep the news and send it as one digest when the quiet hours end. "
        "To get it at once but without a sound: /quiet silent"
    ),
    quiet_ask_zone=(
        "Which time zone are the quiet hours {start}–{end} in? Choose below — Moscow is the default. "
        "If yours is not there, send it like this: /quiet zone Asia/Novosibirsk or /quiet zone UTC+5."
    ),
    quiet_zone_names=(
        "Kaliningrad (UTC+2)", "Moscow (UTC+3)", "Samara (UTC+4)", "Yekaterinburg (UTC+5)", "Omsk (UTC+6)",
        "Novosibirsk (UTC+7)", "Irkutsk (UTC+8)", "Yakutsk (UTC+9)", "Vladivostok (UTC+10)", "Magadan (UTC+11)",
        "Kamchatka (UTC+12)",
    ),
    quiet_zone_default="{zone} — default",
    quiet_zone_other_button="Another zone",
    quiet_zone_other=(
        "Send /quiet zone and your time zone: a name, like /quiet zone Asia/Novosibirsk, "
        "or an offset from UTC, like /quiet zone UTC+5."
    ),
    quiet_zone_set="Time zone: {zone}.",
    quiet_zone_unknown=(
        "I do not know the time zone “{zone}”. Send a name, like /quiet zone Asia/Novosibirsk, "
        "or an offset from UTC, like /quiet zone UTC+5."
    ),
    quiet_bad_range=(
        "I did not understand “{text}”. Write the start and the end of the quiet hours with a dash: "
        "/quiet 22-08 or /quiet 22:30-08:00. All options: /quiet"
    ),
    quiet_bad_hour="Hours go from 0 to 23 and minutes from 0 to 59. For example: /quiet 22-08 or /quiet 22:30-08:00.",
    quiet_same_ends="The quiet hours start and end at the same time. Give two different times, like /quiet 22-08.",
    quiet_off="Quiet hours are off: notifications come at once and with a sound again.",
    quiet_digest_on="Digest mode: during quiet hours I keep the news and send it as one message when they end.",
    quiet_silent_on="During quiet hours notifications will come at once, but without a sound.",
    quiet_no_hours="No quiet hours are set yet: /quiet 22-08",
    digest_title="🌙 The quiet hours are over. News meanwhile:",
    digest_more="🌙 News from the quiet hours, continued:",
    digest_line="• {name} — {count} {news}",
    digest_news_word=("new message", "new messages", "new messages"),
    group_connect_how=(
        "To get hh.ru vacancy news here, the employer who linked hh.ru in a private chat with me sends /connect "
        "here (they must be an administrator of the group)."
    ),
    group_connect_in_private=(
        "/connect is sent not here but in your team's Telegram group. To connect a group:\n"
        "1. Add me to the group. In a group with topics, make me an administrator allowed to manage topics: "
        "then each vacancy gets its own topic.\n"
        "2. Send /connect in the group. An administrator of the group who linked hh.ru here as an employer "
        "(/start) can do it.\n"
        "3. Confirm the connection here, in the private chat: I will ask.\n"
        "Colleagues connect their own hh.ru accounts to the same group the same way."
    ),
    group_connect_admins_only="Only an administrator of the group can connect it.",
    group_already_connected="The group is already connected.",
    group_connect_open_private="First write to me in a private chat (/start), then send /connect here again.",
    group_confirm=(
        "Connect the group “{title}”? News of your vacancies will go there, and its members can answer "
        "candidates. Where each vacancy's news goes: /vacancies."
    ),
    group_confirm_yes="Connect",
    group_confirm_no="Don't connect",
    group_connect_cancelled="Not connecting the group “{title}”.",
    group_connect_refused="The group “{title}” cannot be connected: you are no longer its administrator or I am "
                          "not there.",
    group_connected_private=(
        "The group “{title}” is connected. Where each vacancy's news goes: /vacancies. To disconnect it: /disconnect"
    ),
    group_connected="The group is connected: hh.ru vacancy news will come here.",
    group_connected_forum="The group is connected: each hh.ru vacancy's news will come to its own topic.",
    group_disconnected="The group is disconnected: vacancy news no longer comes here.",
    group_disconnected_private="The group “{title}” is disconnected: vacancy news comes here again.",
    group_disconnect_none="No group is connected.",
    group_gone_private=(
        "The group “{title}” is no longer reachable (I was removed from it, or it is gone). "
        "Its vacancies' news comes here again."
    ),
    group_member_gone_private=(
        "You are no longer in the group “{title}” (you left or were removed), so it is disconnected from your hh.ru "
        "account: your vacancies' news comes here again, and the group's members no longer act on your behalf."
    ),
    group_owner_gone_refused=(
        "The owner of this hh.ru account is no longer in the group, so the account is disconnected from it. Nothing "
        "was sent to hh.ru."
    ),
    group_owner_lost="The hh.ru account this group was connected to is disconnected. No more news comes here.",
    group_owner_left=(
        "An hh.ru account ({who}) is disconnected from the group: its vacancies' news no longer comes here."
    ),
    group_connected_another=(
        "Another hh.ru account ({who}) is connected to the group: its vacancies' news will come here too."
    ),
    group_disconnect_owners_only=(
        "Only whoever connected an hh.ru account to the group can disconnect it: they send /disconnect here. "
        "To disconnect the group altogether, remove me from it."
    ),
    group_vacancies_title="Active vacancies and where their news goes:",
    group_vacancies_group="Connected group: “{title}”.",
    group_vacancies_no_group=(
        "No group is connected; all news comes here. To connect one, add me to a group and send /connect there."
    ),
    group_vacancies_none="There are no active vacancies.",
    group_vacancies_legend="Buttons: where a vacancy's news goes (press to change) and 🔔 or 🔕 — muted, its news "
                           "is not sent.",
    group_vacancies_more="…and {count} more, whose news goes the default way.",
    group_vacancies_failed="Could not load the vacancies from hh.ru. Please try again a little later.",
    group_vacancies_employers_only="Vacancies and groups are for employers: link an employer account (/start).",
    group_route_private="private",
    group_route_group="group",
    group_route_both="private and group",
    group_route_sound="🔔",
    group_route_muted="🔕",
    group_topic_fallback="Vacancy {id}",
    group_no_topics=(
        "I may not create topics in the group “{title}”, so vacancy news goes to its General topic until I am made "
        "an administrator allowed to manage topics."
    ),
    group_act_refused="Sorry, in this group responses are acted on by {who}.",
    group_who_owner="the hh.ru account's owner",
    group_who_admins="the group's administrators",
    group_who_members="all members",
    group_who_button="Who acts in the group: {who}",
    group_acted_line="{what} — {who} · {time}",
    group_acted_default="Changed",
)

LANGUAGES = {"ru": RU, "en": EN}


def language_of(telegram_language_code: str | None) -> str:
    """Russian unless Telegram says the user's language is English."""
    return "en" if telegram_language_code and telegram_language_code.lower().startswith("en") else "ru"


def texts_for(language: str) -> Texts:
    return LANGUAGES.get(language, RU)
