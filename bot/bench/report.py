"""The benchmark's findings as text: every measure with its number, the targets as PASS or FAIL."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from bot.bench.measure import machine


@dataclass
class Report:
    title: str
    command: str
    settings: dict[str, object] = field(default_factory=dict)
    measures: list[tuple[str, str]] = field(default_factory=list)
    targets: list[tuple[str, str, bool | None]] = field(default_factory=list)

    def measure(self, name: str, value: str) -> None:
        self.measures.append((name, value))

    def target(self, name: str, value: str, passed: bool | None) -> None:
        """`passed` None: the target does not apply to this run."""
        self.targets.append((name, value, passed))

    @property
    def passed(self) -> bool:
        return all(passed is not False for _, _, passed in self.targets)

    def text(self) -> str:
        lines = [f"# {self.title}", f"command: {self.command}", f"machine: {machine()}",
                 f"date: {time.strftime('%Y-%m-%d %H:%M:%S %Z')}", ""]
        lines += [f"{name}: {value}" for name, value in self.settings.items()]
        lines.append("")
        width = max((len(name) for name, _ in self.measures + [(n, v) for n, v, _ in self.targets]), default=0)
        lines += [f"{name:<{width}}  {value}" for name, value in self.measures]
        lines.append("")
        for name, value, passed in self.targets:
            verdict = "n/a " if passed is None else "PASS" if passed else "FAIL"
            lines.append(f"{verdict}  {name:<{width}}  {value}")
        return "\n".join(lines) + "\n"

    def write(self, folder: Path, stem: str) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{stem}.txt"
        path.write_text(self.text())
        (folder / f"{stem}.json").write_text(json.dumps({
            "title": self.title, "command": self.command, "machine": machine(), "settings": self.settings,
            "measures": dict(self.measures),
            "targets": [{"name": n, "value": v, "passed": p} for n, v, p in self.targets],
        }, ensure_ascii=False, indent=2))
        return path
