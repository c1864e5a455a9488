// The demo page: the private chat and the team's forum group, fed by the fake Telegram; the hh.ru pane's buttons; the
// log of the bot's calls. Text from the bot is never parsed as HTML: it is rebuilt from Telegram's text and entities
// with DOM nodes. Every time shown is in the bot's time zone (Moscow), and the page says so.
"use strict";

const CHAT_EVERY_MS = 500;
const LOG_EVERY_MS = 1000;
const LOG_ROWS = 400;
const FOLD_WINDOW_S = 60;
const TOAST_MS = 3000;
const ALERT_MS = 6000;
const SAFE_LINK = /^(https?:\/\/|tg:)/i;
const TAGS = {
  bold: "b", italic: "i", underline: "u", strikethrough: "s", code: "code", pre: "pre",
  blockquote: "blockquote", expandable_blockquote: "blockquote", text_link: "a", spoiler: "span",
};

const state = {
  config: null,
  role: "employer",
  cursor: { hh: 0, telegram: 0 },
  folded: new Map(), // a repeated call's key -> { row, times, call }
  panes: {},
};
const $ = (id) => document.getElementById(id);
const texts = () => state.config.texts;

async function api(method, path, body) {
  const options = { method, headers: {} };
  if (body !== undefined) {
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  const response = await fetch(path, options);
  const data = await response.json().catch(() => null);
  if (!response.ok) throw new Error((data && (data.error || data.description)) || response.statusText);
  return data;
}

const telegram = (method, path, body) => api(method, `/demo/api/telegram/${path}`, body);

function clock(seconds, withSeconds) {
  const options = { timeZone: state.config.time_zone, hour: "2-digit", minute: "2-digit", hour12: false };
  if (withSeconds) options.second = "2-digit";
  return new Date(seconds * 1000).toLocaleTimeString("en-GB", options);
}

// --- formatted text --------------------------------------------------------------------------------------------

function formatted(text, entities) {
  const sorted = [...(entities || [])].sort((a, b) => a.offset - b.offset || b.length - a.length);
  const fragment = document.createDocumentFragment();
  fill(fragment, text, 0, text.length, sorted);
  return fragment;
}

// Entities nest as the HTML they came from; offsets count UTF-16 units, as JavaScript strings do.
function fill(parent, text, start, end, entities) {
  let position = start;
  while (entities.length) {
    const entity = entities.shift();
    const from = Math.max(entity.offset, position);
    const to = Math.min(entity.offset + entity.length, end);
    if (to <= from) continue;
    const inner = [];
    while (entities.length && entities[0].offset < to) inner.push(entities.shift());
    parent.append(text.slice(position, from));
    const element = elementFor(entity);
    fill(element, text, from, to, inner);
    parent.append(element);
    position = to;
  }
  parent.append(text.slice(position, end));
}

function elementFor(entity) {
  const element = document.createElement(TAGS[entity.type] || "span");
  if (entity.type === "text_link" && SAFE_LINK.test(entity.url)) {
    element.href = entity.url;
    element.target = "_blank";
    element.rel = "noopener noreferrer";
  }
  if (entity.type === "spoiler") {
    element.className = "spoiler";
    element.addEventListener("click", () => element.classList.add("shown"));
  }
  return element;
}

// --- a chat pane: the private chat, or the team's group ---------------------------------------------------------

// Telegram's apps show the /start a deep link sends without its payload.
const shownText = (message) => (!message.from_bot && /^\/start \S+$/.test(message.text) ? "/start" : message.text);

class Pane {
  // `source` says whose chat it is: chatId(), userId() (who types and presses), groupId (a group's id, or
  // undefined), visible(message) (the topic shown), senderName(message) (in a group) and threadId() (where
  // typed text goes).
  constructor(root, source) {
    this.root = root;
    this.source = source;
    this.shown = new Map(); // message_id -> [element, the message's JSON when drawn]
    this.messages = [];
    this.replyTo = null;
    this.list = root.querySelector(".messages");
    this.replying = root.querySelector(".replying");
    root.querySelector(".reply-cancel").addEventListener("click", () => this.stopReply());
    root.querySelector(".compose").addEventListener("submit", (event) => this.submit(event));
  }

  reset() {
    this.shown.clear();
    this.messages = [];
    this.list.replaceChildren();
    this.stopReply();
  }

  async refresh() {
    const chat = this.source.chatId();
    const messages = await telegram("GET", `chats/${chat}`);
    if (chat === this.source.chatId()) this.draw(messages);
    return messages;
  }

  draw(messages) {
    this.messages = messages;
    const visible = messages.filter((m) => this.source.visible(m));
    const nearBottom = this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 80;
    const present = new Set(visible.map((m) => m.message_id));
    for (const [id, [element]] of this.shown) {
      if (!present.has(id)) {
        element.remove();
        this.shown.delete(id);
      }
    }
    let added = false;
    for (const message of visible) {
      const json = JSON.stringify(message);
      const drawn = this.shown.get(message.message_id);
      if (drawn && drawn[1] === json) continue;
      const element = this.drawMessage(message);
      if (drawn) {
        drawn[0].replaceWith(element); // an edit: the same place in the chat
      } else {
        this.list.append(element);
        added = true;
      }
      this.shown.set(message.message_id, [element, json]);
    }
    if (added && nearBottom) this.list.scrollTop = this.list.scrollHeight;
    return visible;
  }

  drawMessage(message) {
    if (message.service) return serviceLine(message);
    const mine = !message.from_bot && message.from_user_id === this.source.userId();
    const box = document.createElement("div");
    box.className = `msg ${message.from_bot ? "bot" : mine ? "me" : "other"}`;
    box.dataset.id = message.message_id;
    const bubble = document.createElement("div");
    bubble.className = "bubble";
    const sender = message.from_bot || mine ? null : this.source.senderName(message);
    if (sender) {
      const name = document.createElement("div");
      name.className = "sender";
      name.textContent = sender;
      bubble.append(name);
    }
    const replied = this.messages.find((m) => m.message_id === message.reply_to_message_id && !m.service);
    if (replied) {
      const quote = document.createElement("div");
      quote.className = "quote";
      quote.textContent = replied.text;
      bubble.append(quote);
    }
    if (message.document) bubble.append(fileChip(message.document));
    const text = document.createElement("div");
    text.className = "text";
    text.append(formatted(shownText(message), message.entities));
    const meta = document.createElement("div");
    meta.className = "meta";
    const time = clock(message.date, false);
    meta.textContent = message.edited ? `${texts().edited} ${time}` : time;
    bubble.append(text, meta);
    const reply = document.createElement("button");
    reply.className = "reply-to";
    reply.type = "button";
    reply.title = texts().reply;
    reply.textContent = "↩";
    reply.addEventListener("click", () => this.startReply(message));
    box.append(bubble, reply);
    if (message.reply_markup && message.reply_markup.inline_keyboard) box.append(this.keyboard(message));
    return box;
  }

  keyboard(message) {
    const board = document.createElement("div");
    board.className = "keyboard";
    for (const row of message.reply_markup.inline_keyboard) {
      const line = document.createElement("div");
      line.className = "row";
      for (const button of row) line.append(this.keyButton(message, button));
      board.append(line);
    }
    return board;
  }

  keyButton(message, button) {
    if (button.url !== undefined && SAFE_LINK.test(button.url)) {
      const link = document.createElement("a");
      link.href = button.url;
      link.target = "_blank";
      link.rel = "noopener";
      link.textContent = `${button.text} ↗`;
      return link;
    }
    const element = document.createElement("button");
    element.type = "button";
    element.textContent = button.text;
    if (button.callback_data === undefined) {
      element.disabled = true;
      return element;
    }
    element.addEventListener("click", () => this.press(message.message_id, button.callback_data));
    return element;
  }

  async press(messageId, data) {
    const body = { user_id: this.source.userId(), message_id: messageId, callback_data: data };
    if (this.source.groupId !== undefined) body.group_id = this.source.groupId;
    try {
      const pressed = await telegram("POST", "press", body);
      this.showAnswer(pressed.callback_query_id, 20);
    } catch (error) {
      this.toast(error.message);
    }
  }

  // Telegram shows the bot's answer to a press as a short notice (an alert stays longer); the bot answers within
  // moments.
  async showAnswer(queryId, triesLeft) {
    const answer = await telegram("GET", `callback_answers/${queryId}`).catch(() => null);
    if (answer && answer.text) this.toast(answer.text, answer.show_alert);
    else if (!answer && triesLeft > 0) setTimeout(() => this.showAnswer(queryId, triesLeft - 1), 250);
  }

  toast(text, alert) {
    const box = this.root.querySelector(".toast");
    box.textContent = text;
    box.classList.toggle("alert", Boolean(alert));
    box.hidden = false;
    clearTimeout(box.timer);
    box.timer = setTimeout(() => { box.hidden = true; }, alert ? ALERT_MS : TOAST_MS);
  }

  startReply(message) {
    this.replyTo = message.message_id;
    this.replying.querySelector(".replying-quote").textContent = message.text;
    this.replying.hidden = false;
    this.root.querySelector(".compose input").focus();
  }

  stopReply() {
    this.replyTo = null;
    this.replying.hidden = true;
  }

  async send(text) {
    const body = { user_id: this.source.userId(), text };
    if (this.source.groupId !== undefined) body.group_id = this.source.groupId;
    if (this.replyTo !== null) {
      body.reply_to_message_id = this.replyTo;
      await telegram("POST", "reply", body);
    } else {
      const thread = this.source.threadId();
      if (thread !== null) body.thread_id = thread;
      await telegram("POST", "send_text", body);
    }
    this.stopReply();
  }

  async submit(event) {
    event.preventDefault();
    const input = this.root.querySelector(".compose input");
    if (!input.value.trim()) return;
    try {
      await this.send(input.value);
      input.value = "";
    } catch (error) {
      this.toast(error.message);
    }
  }
}

function serviceLine(message) {
  const line = document.createElement("div");
  line.className = "service";
  line.dataset.id = message.message_id;
  const topic = message.service.forum_topic_created;
  const joined = message.service.new_chat_members;
  if (topic) line.textContent = texts().team_topic_created.replace("{name}", topic.name);
  else if (joined) line.textContent = texts().team_joined.replace("{names}", joined.map((u) => u.first_name).join(", "));
  else line.hidden = true;
  return line;
}

// --- the private chat ------------------------------------------------------------------------------------------

const persona = () => state.config.personas[state.role];

function privatePane() {
  const pane = new Pane($("private"), {
    chatId: () => persona().chat_id,
    userId: () => persona().chat_id,
    groupId: undefined,
    visible: () => true,
    senderName: () => null,
    threadId: () => null,
  });
  $("start").addEventListener("click", () => pane.send("/start").catch((error) => pane.toast(error.message)));
  return pane;
}

async function refreshPrivate() {
  const pane = state.panes.private;
  try {
    const messages = await pane.refresh();
    pane.root.querySelector(".empty").hidden = messages.length > 0;
  } catch {
    // the demo is stopping, or the fake Telegram is busy: the next round tries again
  } finally {
    setTimeout(refreshPrivate, CHAT_EVERY_MS);
  }
}

// --- the team's group ------------------------------------------------------------------------------------------

const team = { topic: null, topicChosen: false, member: null, seen: 0, topics: [] };

function member(userId) {
  return state.config.team.members.find((m) => m.user_id === userId);
}

// A topic's messages carry its id; its creation message is its first one. The general topic holds the rest.
function inTopic(message, topic) {
  if (topic === null) return !message.message_thread_id && !(message.service && message.service.forum_topic_created);
  return message.message_thread_id === topic || message.message_id === topic;
}

function teamPane() {
  const pane = new Pane($("team"), {
    chatId: () => state.config.team.chat_id,
    userId: () => team.member,
    groupId: state.config.team.chat_id,
    visible: (message) => inTopic(message, team.topic),
    senderName: (message) => {
      const who = member(message.from_user_id);
      return who ? who.name : null;
    },
    threadId: () => team.topic,
  });
  const select = $("team-member");
  for (const person of state.config.team.members) {
    const option = document.createElement("option");
    option.value = person.user_id;
    option.textContent = `${person.name} (@${person.username}) — ${person.role}`;
    select.append(option);
  }
  team.member = state.config.team.members[0].user_id;
  select.addEventListener("change", () => {
    team.member = Number(select.value);
    pane.reset();
    pane.draw(pane.messages);
  });
  $("team-connect").addEventListener("click", () => {
    const owner = state.config.team.members[0].user_id;
    telegram("POST", "send_text", { user_id: owner, text: "/connect", group_id: state.config.team.chat_id })
      .catch((error) => pane.toast(error.message));
  });
  return pane;
}

function drawTopics(messages) {
  const topics = messages.filter((m) => m.service && m.service.forum_topic_created)
    .map((m) => ({ id: m.message_id, name: m.service.forum_topic_created.name }));
  if (!team.topicChosen && team.topic === null && topics.length) chooseTopic(topics[0].id, false);
  if (topics.length === team.topics.length) {
    markTopics(messages);
    return;
  }
  team.topics = topics;
  const tabs = [{ id: null, name: texts().team_general }, ...topics].map((topic) => {
    const tab = document.createElement("button");
    tab.type = "button";
    tab.className = "topic";
    tab.dataset.topic = topic.id === null ? "" : topic.id;
    tab.textContent = topic.name;
    tab.addEventListener("click", () => chooseTopic(topic.id, true));
    return tab;
  });
  $("topics").replaceChildren(...tabs);
  markTopics(messages);
}

function chooseTopic(topic, byHand) {
  team.topic = topic;
  team.topicChosen = team.topicChosen || byHand;
  const pane = state.panes.team;
  pane.reset();
  pane.draw(pane.messages);
  markTopics(pane.messages);
}

// The chosen topic's tab is marked; a tab whose topic holds messages not yet looked at gets a dot.
function markTopics(messages) {
  for (const tab of $("topics").children) {
    const topic = tab.dataset.topic === "" ? null : Number(tab.dataset.topic);
    tab.classList.toggle("chosen", topic === team.topic);
    const newest = Math.max(0, ...messages.filter((m) => inTopic(m, topic)).map((m) => m.message_id));
    if (topic === team.topic) tab.dataset.seen = newest;
    tab.classList.toggle("unread", newest > Number(tab.dataset.seen || 0));
  }
}

async function refreshTeam() {
  const pane = state.panes.team;
  try {
    const messages = await pane.refresh();
    drawTopics(messages);
    const bots = messages.filter((m) => m.from_bot).length;
    $("team").querySelector(".team-hint").hidden = team.topics.length > 0;
    if (!$("team").hidden) team.seen = bots;
    const unread = bots - team.seen;
    $("team-unread").hidden = unread <= 0 || state.role !== "employer";
    $("team-unread").textContent = unread;
  } catch {
    // as above: the next round tries again
  } finally {
    setTimeout(refreshTeam, CHAT_EVERY_MS);
  }
}

function showTeam() {
  const shown = $("team-show").checked && state.role === "employer";
  $("team").hidden = !shown;
  $("main").classList.toggle("with-team", shown);
  $("team-toggle").hidden = state.role !== "employer";
}

// --- hh.ru -----------------------------------------------------------------------------------------------------

function drawEvents() {
  const { events, trouble } = state.config;
  $("events").replaceChildren(...events[state.role].map(eventButton));
  $("trouble").replaceChildren(...trouble.map(eventButton));
}

function eventButton(event) {
  const button = document.createElement("button");
  button.type = "button";
  button.dataset.event = event.name;
  button.textContent = event.label;
  button.addEventListener("click", async () => {
    try {
      const outcome = await api("POST", `/demo/api/events/${event.name}`, { role: state.role });
      say(outcome.said, outcome.note, false);
    } catch (error) {
      say(`${texts().failed}: ${error.message}`, null, true);
    }
  });
  return button;
}

function say(text, note, failed) {
  $("said-text").textContent = text;
  $("said-note").textContent = note || "";
  $("said").classList.toggle("failed", failed);
}

// --- the log of the bot's calls --------------------------------------------------------------------------------

// Idle checks repeat: the same GET to hh.ru, Telegram's long poll. Each such call keeps one line, moved to the top
// when it comes again, with how many came in the last minute.
const foldable = (call) => (call.service === "hh.ru" && call.method === "GET") || call.path.endsWith("/getUpdates");

async function refreshLog() {
  try {
    const { hh, telegram: tg } = state.cursor;
    const answer = await api("GET", `/demo/api/log?hh=${hh}&telegram=${tg}`);
    state.cursor = answer.cursor;
    const body = $("log").tBodies[0];
    for (const call of answer.calls) addCall(body, call);
    for (const entry of state.folded.values()) showCount(entry);
    while (body.rows.length > LOG_ROWS) body.deleteRow(-1);
  } catch {
    // as above: the next round tries again
  } finally {
    setTimeout(refreshLog, LOG_EVERY_MS);
  }
}

function addCall(body, call) {
  if (!foldable(call)) {
    insertNewestFirst(body, logRow(call), call.at);
    return;
  }
  const key = `${call.service} ${call.method} ${call.path} ${call.status}`;
  const entry = state.folded.get(key) || { row: null, times: [] };
  state.folded.set(key, entry);
  entry.times.push(call.at);
  if (entry.row) entry.row.remove();
  entry.row = logRow(call);
  entry.row.classList.add("folded");
  insertNewestFirst(body, entry.row, call.at);
  showCount(entry);
}

function showCount(entry) {
  const since = Date.now() / 1000 - FOLD_WINDOW_S;
  entry.times = entry.times.filter((at) => at >= since);
  const count = entry.times.length;
  const fold = entry.row.querySelector(".fold");
  fold.textContent = count > 1 ? ` ${texts().log_folded.replace("{count}", count)}` : "";
}

// A long poll is logged when it ends but dated when it began, so a call can be older than rows already shown.
function insertNewestFirst(body, row, at) {
  row.dataset.at = at;
  const later = [...body.rows].find((shown) => Number(shown.dataset.at) <= at);
  body.insertBefore(row, later || null);
}

function logRow(call) {
  const row = document.createElement("tr");
  row.className = `${call.service === "hh.ru" ? "to-hh" : "to-telegram"}${call.status >= 200 && call.status < 300 ? "" : " bad"}`;
  const time = `${clock(call.at, true)}.${String(Math.floor((call.at % 1) * 1000)).padStart(3, "0")}`;
  for (const [value, kind] of [[time, ""], [call.service, ""], [`${call.method} ${call.path}`, "path"], [call.status, ""]]) {
    const cell = row.insertCell();
    cell.textContent = value;
    if (kind) cell.className = kind;
  }
  const fold = document.createElement("span");
  fold.className = "fold";
  row.cells[2].append(fold);
  return row;
}

// --- the page --------------------------------------------------------------------------------------------------

function label() {
  const t = texts();
  const owner = state.config.team.members[0].name;
  const ids = {
    title: t.title, intro: t.intro, "i-am": t.i_am, "role-employer": t.role_employer,
    "role-applicant": t.role_applicant, "bot-name": t.bot_name, "bot-status": `${t.bot_status} · ${t.times}`,
    start: t.start, "empty-text": t.empty_chat, send: t.send, "hh-title": t.hh_title, "hh-intro": t.hh_intro,
    everyone: t.everyone, "log-title": t.log_title, "log-intro": t.log_intro, "log-time": t.log_time,
    "log-service": t.log_service, "log-call": t.log_call, "log-status": t.log_status, "team-show-label": t.team_show,
    "team-title": state.config.team.title, "team-status": `${t.team_status} · ${t.times}`, "team-as": t.team_as,
    "team-hint": t.team_hint.replace("{owner}", owner), "team-connect": t.team_connect, "team-send": t.send,
  };
  for (const [id, text] of Object.entries(ids)) $(id).textContent = text;
  for (const element of document.querySelectorAll(".replying-label")) element.textContent = t.replying_to;
  $("text").placeholder = t.placeholder;
  $("team-text").placeholder = t.placeholder;
  document.title = t.title;
}

function switchRole(role) {
  state.role = role;
  state.panes.private.reset();
  drawEvents();
  say("", null, false);
  showTeam();
}

async function main() {
  state.config = await api("GET", "/demo/api/config");
  label();
  state.panes.private = privatePane();
  state.panes.team = teamPane();
  drawEvents();
  for (const radio of document.querySelectorAll("input[name=role]")) {
    radio.addEventListener("change", () => switchRole(radio.value));
  }
  $("team-show").addEventListener("change", showTeam);
  showTeam();
  refreshPrivate();
  refreshTeam();
  refreshLog();
}

main();

// A document the bot sent (the resume's PDF): its name and size, opened from the fake Telegram.
function fileChip(file) {
  const link = document.createElement("a");
  link.className = "file";
  link.href = `/demo/api/telegram/files/${encodeURIComponent(file.file_id)}`;
  link.target = "_blank";
  link.rel = "noopener";
  const kilobytes = Math.max(1, Math.round((file.file_size || 0) / 1024));
  link.textContent = `📎 ${file.file_name || "file"} · ${kilobytes} KB`;
  return link;
}
