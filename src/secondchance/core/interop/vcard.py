"""vCard files in and out (vCard 2.1, 3.0 and 4.0), read and written with ``vobject``.

Reading is built for what address books really write:

- **Outlook** (2.1): ``ENCODING=QUOTED-PRINTABLE`` with ``CHARSET=…`` and soft line breaks
  (a line ending in ``=`` continues on the next one, unindented), bare parameters
  (``TEL;WORK;VOICE``), photos as indented BASE64 blocks ended by an empty line;
- **Apple Contacts** (3.0): grouped properties (``item1.EMAIL`` with ``item1.X-ABLabel``),
  ``type=pref``, photos inline;
- **Google Contacts** (3.0): several e-mails and phones, ``ORG`` with units, ``\\:`` escaped
  in URLs, ``CATEGORIES:myContacts``;
- **4.0** (Nextcloud, Outlook.com, Thunderbird): ``PREF=1``, ``TEL;VALUE=uri:tel:…``, photos
  as ``data:`` URIs.

Photos, logos, sounds and keys are dropped before parsing (a 5 MB photo costs nothing), the
file is split into cards by hand so that each card is parsed on its own and a bad one is
reported by its line number while the good ones import, and the file's bytes are read as
UTF-8, or as Windows-1252 when they are not (what Outlook writes without a CHARSET).

Writing makes vCard 4.0 (3.0 on request) that Google, Apple and Outlook read back: UTF-8,
CRLF, lines folded at 75 octets, ``N`` always present, a stable ``UID`` per contact, and in
3.0 a ``CHARSET=UTF-8`` on non-ASCII text for Outlook's importer.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import vobject

VERSIONS = ("2.1", "3.0", "4.0")
# Properties that carry pictures, sounds or keys: never imported, dropped unparsed.
_DROPPED = frozenset({"PHOTO", "LOGO", "SOUND", "KEY"})
# Google puts every contact in its "myContacts" group: not a tag anyone chose.
_SYSTEM_CATEGORIES = frozenset({"mycontacts", "starred"})
_PROPERTY = re.compile(r"^(?:[A-Za-z0-9-]+\.)?([A-Za-z0-9-]+)[;:]")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# The namespace of the contacts' vCard UIDs: the same contact gets the same UID every time.
UID_NAMESPACE = uuid.UUID("6f1d7c52-4a9e-5b8e-9d1a-2c3b4e5f6a7b")

Progress = Callable[[int, int], None]  # (done, total)


class VCardError(ValueError):
    """The file as a whole can't be read as vCards (a message for the person)."""


@dataclass(frozen=True)
class Card:
    """What a card says, in plain values (the first e-mail and phone are the preferred)."""

    line: int  # where the card begins in the file (1-based)
    name: str
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    company: str = ""
    units: tuple[str, ...] = ()
    title: str = ""
    note: str = ""
    urls: tuple[str, ...] = ()
    linkedin: str = ""
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Problem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"Line {self.line}: {self.message}"


@dataclass
class ReadResult:
    cards: list[Card] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


# --- reading ------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _property(line: str) -> str:
    match = _PROPERTY.match(line)
    return match.group(1).upper() if match else ""


def _physical_cards(text: str) -> tuple[list[tuple[int, list[tuple[int, str]]]], bool]:
    """The cards' lines, each with its line number in the file (photos dropped,
    quoted-printable soft breaks joined); and whether anything outside the cards looked like
    content."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    cards: list[tuple[int, list[tuple[int, str]]]] = []
    current: list[tuple[int, str]] | None = None
    start = 0
    stray = False
    dropping = False
    i = 0
    while i < len(lines):
        line = lines[i]
        number = i + 1
        i += 1
        upper = line.strip().upper()
        if upper == "BEGIN:VCARD":
            current, start, dropping = [(number, "BEGIN:VCARD")], number, False
            continue
        if current is None:
            stray = stray or bool(line.strip())
            continue
        if upper == "END:VCARD":
            current.append((number, "END:VCARD"))
            cards.append((start, current))
            current, dropping = None, False
            continue
        if dropping:
            # A dropped property's folded lines (indented) or 2.1 BASE64 block (to a blank).
            if not line.strip() or line[:1] in (" ", "\t") or not _property(line):
                continue
            dropping = False
        name = _property(line)
        if name in _DROPPED:
            dropping = True
            continue
        if "QUOTED-PRINTABLE" in line.split(":", 1)[0].upper():
            while line.endswith("=") and i < len(lines):
                line = line[:-1] + lines[i]
                i += 1
        current.append((number, line))
    if current is not None:
        # A file cut short: read what is there.
        cards.append((start, [*current, (len(lines), "END:VCARD")]))
    return cards, stray


def _text(value: Any) -> str:
    """One line of text: a list's items joined, runs of white space made one space."""
    if isinstance(value, list):
        value = ",".join(str(v) for v in value)
    return " ".join(str(value or "").split())


def _is_pref(line: Any) -> bool:
    params = {k.upper(): [str(v).lower() for v in vs] for k, vs in line.params.items()}
    types = {t for v in params.get("TYPE", []) for t in v.split(",")}
    singles = {str(s).lower() for s in getattr(line, "singletonparams", [])}
    return "pref" in types or "pref" in singles or "1" in params.get("PREF", [])


def _ordered(lines: Sequence[Any]) -> list[Any]:
    """The preferred first, otherwise in the card's order."""
    return sorted(lines, key=lambda line: not _is_pref(line))


def _card_of(component: Any, line: int) -> Card:
    contents: dict[str, list[Any]] = component.contents
    version = _text(contents["version"][0].value) if "version" in contents else ""
    if version not in VERSIONS:
        shown = f"VERSION:{version}" if version else "no VERSION"
        raise ValueError(f"this card has {shown}; vCard 2.1, 3.0 and 4.0 can be read")

    def first(key: str) -> Any:
        items = contents.get(key)
        return items[0].value if items else None

    name = _text(first("fn"))
    n = first("n")
    if not name and n is not None:
        parts = [n.prefix, n.given, n.additional, n.family, n.suffix]
        name = " ".join(_text(p) for p in parts if _text(p))
    if not name:
        raise ValueError("this card has no name (neither FN nor N)")
    emails = [_text(e.value) for e in _ordered(contents.get("email", []))]
    phones = [
        re.sub(r"^tel:", "", _text(t.value), flags=re.IGNORECASE)
        for t in _ordered(contents.get("tel", []))
    ]
    org = first("org")
    org_parts = [_text(p) for p in (org if isinstance(org, list) else [org]) if _text(p)]
    urls = [_text(u.value).replace("\\:", ":") for u in contents.get("url", [])]
    socials = [
        _text(s.value).replace("\\:", ":")
        for key in ("x-socialprofile", "impp")
        for s in contents.get(key, [])
    ]
    linkedin = next((u for u in [*urls, *socials] if "linkedin.com" in u.lower()), "")
    categories: list[str] = []
    for entry in contents.get("categories", []):
        values = entry.value if isinstance(entry.value, list) else str(entry.value).split(",")
        categories += [_text(v) for v in values if _text(v)]
    note = "\n".join(
        str(entry.value).replace("\r\n", "\n").strip() for entry in contents.get("note", [])
    ).strip()
    return Card(
        line=line,
        name=name,
        emails=tuple(dict.fromkeys(e for e in emails if e)),
        phones=tuple(dict.fromkeys(p for p in phones if p)),
        company=org_parts[0] if org_parts else "",
        units=tuple(org_parts[1:]),
        title=_text(first("title")),
        note=note,
        urls=tuple(u for u in urls if u and u != linkedin),
        linkedin=linkedin,
        tags=tuple(c for c in dict.fromkeys(categories) if c.casefold() not in _SYSTEM_CATEGORIES),
    )


def read_vcards(data: bytes, progress: Progress | None = None) -> ReadResult:
    """Every card in ``data``; cards that can't be read are listed by line, the rest kept.

    Raises VCardError when the file holds no vCard at all.
    """
    cards, stray = _physical_cards(_decode(data))
    if not cards:
        if stray:
            raise VCardError(
                "This is not a vCard file: it holds no BEGIN:VCARD … END:VCARD card. "
                "Export your contacts from your address book as vCard (.vcf) and try again."
            )
        raise VCardError("This file is empty: there are no contacts in it.")
    result = ReadResult()
    for index, (line, card_lines) in enumerate(cards):
        text = "\r\n".join(content for _number, content in card_lines) + "\r\n"
        try:
            try:
                component = vobject.readOne(text)
            except vobject.base.ParseError as exc:
                # One line that is not vCard costs that line, not the whole card.
                component = vobject.readOne(text, ignoreUnreadable=True)
                bad = str(exc).partition("Failed to parse line: ")[2].strip()
                where = next((n for n, content in card_lines if bad and content == bad), line)
                result.problems.append(
                    Problem(where, "a line that is not vCard was left out of this card")
                )
            result.cards.append(_card_of(component, line))
        except UnicodeDecodeError:
            result.problems.append(
                Problem(line, "its quoted-printable text is damaged and can't be decoded")
            )
        except Exception as exc:  # vobject raises a variety of errors on malformed input
            message = str(exc) if isinstance(exc, ValueError) and not _is_vobject(exc) else ""
            result.problems.append(
                Problem(line, message or "this card is malformed and can't be read")
            )
        if progress is not None and (index % 200 == 0 or index == len(cards) - 1):
            progress(index + 1, len(cards))
    return result


def _is_vobject(exc: Exception) -> bool:
    return type(exc).__module__.startswith("vobject")


def is_email(text: str) -> bool:
    return bool(_EMAIL.match(text))


# --- writing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class OutContact:
    """A contact as written to a card."""

    id: int
    name: str
    email: str = ""
    phone: str = ""
    company: str = ""
    title: str = ""
    linkedin: str = ""
    tags: str = ""
    notes: str = ""


def contact_uid(namespace: str, contact_id: int) -> str:
    return f"urn:uuid:{uuid.uuid5(UID_NAMESPACE, f'{namespace}/contact/{contact_id}')}"


def _split_name(name: str) -> tuple[str, str]:
    """(family, given): the last word is taken as the family name; one word is given."""
    words = name.split()
    if len(words) < 2:
        return "", name.strip()
    return words[-1], " ".join(words[:-1])


def to_vcard(contacts: Iterable[OutContact], version: str = "4.0", namespace: str = "") -> str:
    if version not in ("3.0", "4.0"):
        raise ValueError("vCards are written as version 4.0 or 3.0")
    out: list[str] = []
    for c in contacts:
        card = vobject.vCard()
        card.add("version").value = version
        card.add("uid").value = contact_uid(namespace, c.id)
        card.add("fn").value = c.name
        family, given = _split_name(c.name)
        card.add("n").value = vobject.vcard.Name(family=family, given=given)
        if c.email:
            line = card.add("email")
            line.value = c.email
            if version == "3.0":
                line.type_param = "INTERNET"
        if c.phone:
            card.add("tel").value = c.phone
        if c.company:
            card.add("org").value = [c.company]
        if c.title:
            card.add("title").value = c.title
        if c.linkedin:
            card.add("url").value = c.linkedin
        tags = [t.strip() for t in c.tags.split(",") if t.strip()]
        if tags:
            card.add("categories").value = tags
        if c.notes:
            card.add("note").value = c.notes
        if version == "3.0":
            texts = {"FN": c.name, "N": c.name, "ORG": c.company, "TITLE": c.title}
            texts |= {"NOTE": c.notes, "CATEGORIES": c.tags}
            for line in card.lines():
                if not texts.get(line.name, "").isascii():
                    line.params["CHARSET"] = ["UTF-8"]
        out.append(card.serialize())
    return "".join(out)
