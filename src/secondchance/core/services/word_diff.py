"""Words added and removed between two versions of a text (two resume versions).

Lines are compared first, then the words inside the lines that changed, so a long resume
costs little and a moved paragraph reads as removed there and added here.  Re-wrapping a
sentence over two lines is not a change: whitespace only separates words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

Kind = Literal["same", "added", "removed"]

_TOKEN = re.compile(r"\s+|\w+(?:[-'’.]\w+)*|[^\w\s]", re.UNICODE)
# Past this many words in one changed block, the block is shown as replaced whole: a word
# comparison of two unrelated megabytes would take minutes and say nothing more.
_WORD_LIMIT = 4000


@dataclass(frozen=True)
class Piece:
    kind: Kind
    text: str
    # For an unchanged piece, the old text's own spacing (a line break the new version moved).
    old: str | None = None


@dataclass(frozen=True)
class DiffStats:
    added: int  # words
    removed: int

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed)

    def sentence(self) -> str:
        if not self.changed:
            return "No words changed."
        parts = []
        if self.added:
            parts.append(f"{self.added} word{'s' if self.added != 1 else ''} added")
        if self.removed:
            parts.append(f"{self.removed} removed")
        return ", ".join(parts) + "."


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _key(token: str) -> str:
    return " " if token.isspace() else token


def _words(pieces: list[Piece], kind: Kind) -> int:
    return sum(len(re.findall(r"\w+", p.text)) for p in pieces if p.kind == kind)


def _append(out: list[Piece], kind: Kind, text: str, old: str | None = None) -> None:
    if not text and not old:
        return
    if kind == "same" and old is None:
        old = text
    if out and out[-1].kind == kind:
        last = out[-1]
        joined = None if kind != "same" else (last.old or "") + (old or "")
        out[-1] = Piece(kind, last.text + text, joined)
    else:
        out.append(Piece(kind, text, old if kind == "same" else None))


Opcode = tuple[str, int, int, int, int]  # (operation, i1, i2, j1, j2) as difflib gives them


def _without_islands(opcodes: Sequence[Opcode], b: list[str]) -> list[Opcode]:
    """A lone short word left unchanged between two changes ("for", "the") is folded into
    the change around it: a rewritten sentence reads as rewritten, not as confetti."""
    merged: list[Opcode] = []
    for index, (op, i1, i2, j1, j2) in enumerate(opcodes):
        inside = 0 < index < len(opcodes) - 1
        words = [t for t in b[j1:j2] if not t.isspace()]
        island = op == "equal" and inside and len(words) <= 1 and all(len(w) <= 4 for w in words)
        if island or (op != "equal" and merged and merged[-1][0] == "change"):
            if merged and merged[-1][0] == "change":
                _, a1, _, b1, _ = merged[-1]
                merged[-1] = ("change", a1, i2, b1, j2)
            else:
                merged.append(("change", i1, i2, j1, j2))
            continue
        merged.append(("change", i1, i2, j1, j2) if op != "equal" else (op, i1, i2, j1, j2))
    return merged


def _word_level(old: str, new: str, out: list[Piece]) -> None:
    a, b = _tokens(old), _tokens(new)
    if len(a) > _WORD_LIMIT or len(b) > _WORD_LIMIT:
        _append(out, "removed", old)
        _append(out, "added", new)
        return
    matcher = SequenceMatcher(None, [_key(t) for t in a], [_key(t) for t in b], autojunk=False)
    for op, i1, i2, j1, j2 in _without_islands(matcher.get_opcodes(), b):
        if op == "equal":
            _append(out, "same", "".join(b[j1:j2]), "".join(a[i1:i2]))
            continue
        removed, added = "".join(a[i1:i2]), "".join(b[j1:j2])
        if removed.isspace() and added.isspace():
            _append(out, "same", added, removed)  # only the spacing or wrapping changed
            continue
        _append(out, "removed", removed)
        _append(out, "added", added)


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").splitlines(keepends=True)


def word_diff(old: str, new: str) -> list[Piece]:
    """The new text as pieces: unchanged, added, and removed (shown where they were)."""
    a, b = _lines(old or ""), _lines(new or "")
    # Lines compared without their spacing, so re-indenting a bullet is no change.
    matcher = SequenceMatcher(
        None, [" ".join(x.split()) for x in a], [" ".join(x.split()) for x in b], autojunk=False
    )
    out: list[Piece] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            _append(out, "same", "".join(b[j1:j2]), "".join(a[i1:i2]))
        elif op == "delete":
            _append(out, "removed", "".join(a[i1:i2]))
        elif op == "insert":
            _append(out, "added", "".join(b[j1:j2]))
        else:
            _word_level("".join(a[i1:i2]), "".join(b[j1:j2]), out)
    return out


def stats(pieces: list[Piece]) -> DiffStats:
    return DiffStats(added=_words(pieces, "added"), removed=_words(pieces, "removed"))


def sides(pieces: list[Piece]) -> tuple[list[Piece], list[Piece]]:
    """The old text (with what was removed) and the new one (with what was added), for
    showing side by side."""
    left = [
        Piece("same", p.old if p.old is not None else p.text) if p.kind == "same" else p
        for p in pieces
        if p.kind != "added"
    ]
    right = [p for p in pieces if p.kind != "removed"]
    return left, right
