"""Issue 23: the README's front page (both commands in its first 25 lines, at most 200 lines, in the issue's order),
`docs/` holding the rest with a table of contents, links that lead somewhere, and the facts the documents share
with the code: the settings, the commands, the test command CI runs, the license."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from bot.config import Settings

ROOT = Path(__file__).resolve().parents[1]  # the checkout
DOCS = ROOT / "docs"
README = ROOT / "README.md"
FRONT_PAGE_LINES = 200
DEMO = "pip install . && python -m bot demo"
REAL = "pip install . && python -m bot"
TESTS = 'pip install -e ".[test]" && python -m pytest'
KEEP_A_CHANGELOG_KINDS = {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)


def prose(path: Path) -> str:
    """The document without its code blocks (whose `#` lines are no headings and whose brackets are no links)."""
    return FENCE.sub("", path.read_text())


def headings(path: Path) -> list[str]:
    return [line.lstrip("#").strip() for line in prose(path).splitlines() if re.match(r"#{1,6} ", line)]


def anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")


def documents() -> list[Path]:
    return [README, ROOT / "CHANGELOG.md", *sorted(DOCS.glob("*.md"))]


def section(path: Path, title: str) -> str:
    """The text under the heading `title`, up to the next heading of the same or a higher level."""
    text = path.read_text()
    found = re.search(rf"^(#+) {re.escape(title)}\n", text, re.MULTILINE)
    assert found is not None, f"{path.name} has no section {title!r}"
    rest = text[found.end():]
    end = re.search(rf"^#{{1,{len(found.group(1))}}} ", rest, re.MULTILINE)
    return rest[:end.start()] if end else rest


# --- the front page ---------------------------------------------------------------------------------------------

def test_the_front_page_is_at_most_200_lines() -> None:
    assert len(README.read_text().splitlines()) <= FRONT_PAGE_LINES


def test_the_front_page_holds_both_commands_in_its_first_25_lines_demo_first() -> None:
    head = README.read_text().splitlines()[:25]
    assert DEMO in head and REAL in head and TESTS in head, "\n".join(head)
    assert head.index(DEMO) < head.index(REAL) < head.index(TESTS)


def test_the_front_page_answers_in_the_issues_order() -> None:
    """What it is with the screenshot, the two commands, what it does, a five-minute deployment, where the rest is."""
    lines = README.read_text().splitlines()
    screenshot = next(number for number, line in enumerate(lines) if line.startswith("![") and "docs/demo.png" in line)
    order = [screenshot, lines.index(DEMO), lines.index(TESTS), lines.index("## What it does"),
             lines.index("## Deploy in five minutes"), lines.index("## Where everything else is")]
    assert order == sorted(order)
    what_it_does = section(README, "What it does")
    for audience in ("**For employers.**", "**For hiring teams.**", "**For applicants.**"):
        assert audience in what_it_does


def test_the_readmes_test_command_is_the_one_ci_runs() -> None:
    assert TESTS in (ROOT / ".ci" / "run").read_text().splitlines()


# --- docs/ ------------------------------------------------------------------------------------------------------

def test_every_link_in_the_documents_leads_to_a_file_and_a_heading_there() -> None:
    broken: list[str] = []
    for path in documents():
        for target in LINK.findall(prose(path)):
            if re.match(r"[a-z]+:", target):  # https:, mailto:: not ours to check offline
                continue
            file_part, _, fragment = target.partition("#")
            linked = (path.parent / file_part).resolve() if file_part else path
            if not linked.exists():
                broken.append(f"{path.name}: {target} (no such file)")
            elif fragment and fragment not in {anchor(heading) for heading in headings(linked)}:
                broken.append(f"{path.name}: {target} (no such heading)")
    assert broken == []


def test_the_table_of_contents_links_every_page_in_docs() -> None:
    contents = (DOCS / "README.md").read_text()
    pages = sorted(page.name for page in DOCS.glob("*.md") if page.name != "README.md")
    assert [page for page in pages if f"]({page})" not in contents] == []


def test_the_settings_page_lists_every_setting_and_nothing_else() -> None:
    """The settings table, once in the README, is kept in step with bot/config.py."""
    rows = [line for line in (DOCS / "settings.md").read_text().splitlines() if line.startswith("| `")]
    named = {name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", row.split("|")[1])}
    assert named == {name.upper() for name in Settings.model_fields}


def test_the_usage_page_names_every_command_the_bot_answers() -> None:
    handled = {"start"} | {name for module in (ROOT / "bot" / "handlers").glob("*.py")
                           for name in re.findall(r'Command\("([a-z_]+)"\)', module.read_text())}
    commands = section(DOCS / "usage.md", "Commands")
    assert sorted(name for name in handled if f"`/{name}`" not in commands) == []


def test_the_troubleshooting_page_holds_the_ten_things_that_go_wrong_first() -> None:
    numbered = [heading for heading in headings(DOCS / "troubleshooting.md") if re.match(r"\d+\. ", heading)]
    assert [int(heading.split(".")[0]) for heading in numbered] == list(range(1, 11))


# --- the files deployers look for -------------------------------------------------------------------------------

def test_the_license_is_the_mit_license_pyproject_names() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == {"text": "MIT"}
    lines = (ROOT / "LICENSE").read_text().splitlines()
    assert lines[0] == "MIT License"
    assert "Copyright (c) 2026 The hh-telegram-bridge contributors" in lines
    assert any(line.startswith("THE SOFTWARE IS PROVIDED \"AS IS\"") for line in lines)


def test_the_changelog_follows_keep_a_changelog() -> None:
    changelog = ROOT / "CHANGELOG.md"
    titles = headings(changelog)
    assert titles[0] == "Changelog" and titles[1] == "[Unreleased]"
    kinds = [line[4:] for line in prose(changelog).splitlines() if line.startswith("### ")]
    assert kinds and set(kinds) <= KEEP_A_CHANGELOG_KINDS and len(kinds) == len(set(kinds))
    assert "keepachangelog.com" in changelog.read_text()
