"""The curated question bank shipped in resources/questions/bank.txt.

A plain-text file, one question a line (see resources/questions/README.md), so that a
mistake in it can be named by line number.  A bank that fails to load never stops the app:
it is read only when "Add from bank…" opens, and the error says which line to fix.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from secondchance.core import models as m
from secondchance.resources import resource_path

BANK_FILE = ("questions", "bank.txt")
SEPARATOR = " | "
MAX_QUESTION = 500
MAX_HINT = 500


@dataclass(frozen=True)
class BankQuestion:
    category: m.QuestionCategory
    group: str
    question: str
    hint: str
    line: int


class BankError(ValueError):
    """The bank file can't be read; the message names the file and the line."""


def parse(text: str, source: str = "bank.txt") -> list[BankQuestion]:
    """Every question in ``text``; raises BankError naming the first bad line."""
    found: list[BankQuestion] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        where = f"{source}, line {number}"
        parts = [p.strip() for p in line.split(SEPARATOR)]
        if len(parts) != 4:
            raise BankError(
                f"{where}: expected 4 parts separated by “{SEPARATOR.strip()}” (category, "
                f"group, question, hint), found {len(parts)}."
            )
        category_name, group, question, hint = parts
        category = m.QuestionCategory.__members__.get(category_name)
        if category is None:
            names = ", ".join(m.QuestionCategory.__members__)
            raise BankError(f"{where}: “{category_name[:40]}” is not a category ({names}).")
        for label, value, limit in (
            ("group", group, 100),
            ("question", question, MAX_QUESTION),
            ("hint", hint, MAX_HINT),
        ):
            if not value:
                raise BankError(f"{where}: the {label} is empty.")
            if len(value) > limit:
                raise BankError(f"{where}: the {label} is longer than {limit} characters.")
        key = " ".join(question.casefold().split())
        if key in seen:
            raise BankError(f"{where}: the same question is already on line {seen[key]}.")
        seen[key] = number
        found.append(BankQuestion(category, group, question, hint, number))
    if not found:
        raise BankError(f"{source} holds no questions.")
    return found


def load(path: Path | None = None) -> list[BankQuestion]:
    """The bank (the shipped one by default); raises BankError with a line to fix."""
    if path is None:
        return list(_shipped())
    return _read(path)


@cache
def _shipped() -> tuple[BankQuestion, ...]:
    return tuple(_read(resource_path(*BANK_FILE)))


def _read(path: Path) -> list[BankQuestion]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise BankError(f"{path.name}, line {line}: not valid UTF-8 text.") from exc
    except OSError as exc:
        raise BankError(f"The question bank {path} can't be read: {exc.strerror}.") from exc
    return parse(text, path.name)


def groups(bank: list[BankQuestion]) -> list[str]:
    """The groups in the order the file first names them."""
    return list(dict.fromkeys(q.group for q in bank))
