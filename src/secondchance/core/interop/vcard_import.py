"""Contacts from vCards merged into the workspace, and contacts written out as vCards.

Each card is matched with the contacts already there, **by e-mail first** (any of the
card's addresses, in any case), **then by name** (the same name, ignoring case and spacing,
belonging to exactly one contact).  An e-mail match merges; a name match is only a guess, so
the window shows it and asks (the command line, which can't ask, merges by e-mail only and
adds name matches as new contacts).  Merging never overwrites: it fills the contact's
empty fields, adds new tags, and adds to the notes what the card says that the notes don't
(its note, department, other e-mails, phones and web pages).  A card that brings nothing new
is skipped.  Cards in one file that share an e-mail become one contact.

The whole file is one transaction — every card or none — after a backup of the database.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from secondchance.core import fileio
from secondchance.core import models as m
from secondchance.core.backup import backup_database
from secondchance.core.db import Database
from secondchance.core.interop.identity import workspace_namespace
from secondchance.core.interop.vcard import (
    Card,
    OutContact,
    Problem,
    Progress,
    ReadResult,
    is_email,
    read_vcards,
    to_vcard,
)
from secondchance.core.services import records
from secondchance.core.services.changes import Change, Create, Update
from secondchance.core.services.fields import (
    FieldType,
    ValidationError,
    first_message,
    is_valid_url,
)
from secondchance.core.services.kinds import CONTACT
from secondchance.paths import DataPaths

__all__ = [
    "ASK",
    "MERGE",
    "NEW",
    "SKIP",
    "Outcome",
    "Plan",
    "Planned",
    "ReadResult",
    "apply_plan",
    "card_values",
    "changes_for",
    "export_contacts",
    "import_file",
    "plan_import",
]

NEW, MERGE, SKIP, ASK = "new", "merge", "skip", "ask"
_LIMITS = {s.name: s.max_length for s in CONTACT.fields if s.max_length}


@dataclass
class Planned:
    """What happens to one card (``values``: the new contact's, or only what a merge
    changes); ``adds`` says it in words for the window."""

    card: Card
    action: str
    values: dict[str, Any]
    contact_id: int | None = None
    contact_name: str = ""
    reason: str = ""
    adds: list[str] = field(default_factory=list)
    cards: int = 1  # cards of the file folded into this entry (shared e-mail)


@dataclass
class Plan:
    entries: list[Planned]
    problems: list[Problem]

    def count(self, action: str) -> int:
        return sum(1 for e in self.entries if e.action == action)


@dataclass(frozen=True)
class Outcome:
    new: int
    merged: int
    skipped: int
    problems: tuple[Problem, ...]
    backup: Path | None


def _fit(name: str, text: str) -> str:
    limit = _LIMITS.get(name)
    text = text.strip()
    return text if limit is None or len(text) <= limit else text[: limit - 1] + "…"


def _extra_lines(card: Card, email: str, phone: str, linkedin: str) -> list[str]:
    lines = [card.note] if card.note else []
    if card.units:
        lines.append("Department: " + " / ".join(card.units))
    others = [e for e in card.emails if e != email]
    if others:
        lines.append("Other e-mail: " + ", ".join(others))
    phones = [p for p in card.phones if p != phone]
    if phones:
        lines.append("Other phone: " + ", ".join(phones))
    web = [*card.urls, *([card.linkedin] if card.linkedin and card.linkedin != linkedin else [])]
    if web:
        lines.append("Web: " + ", ".join(web))
    return lines


def card_values(card: Card) -> dict[str, Any]:
    """A new contact's values from a card (what has no field of its own goes to notes)."""
    email = next((e for e in card.emails if is_email(e) and len(e) <= 320), "")
    phone = next((p for p in card.phones if len(p) <= 50), "")
    ok = card.linkedin and len(card.linkedin) <= 2000 and is_valid_url(card.linkedin)
    linkedin = card.linkedin if ok else ""
    return {
        "name": _fit("name", card.name),
        "email": email or None,
        "phone": phone or None,
        "company": _fit("company", card.company) or None,
        "title": _fit("title", card.title) or None,
        "linkedin_url": linkedin or None,
        "tags": _fit("tags", ", ".join(card.tags)) or None,
        "notes": "\n".join(_extra_lines(card, email, phone, linkedin)) or None,
    }


def _merge(
    existing: Mapping[str, Any], incoming: Mapping[str, Any]
) -> tuple[dict[str, Any], list[str]]:
    """What merging ``incoming`` into ``existing`` changes: empty fields filled, new tags
    and note lines added; nothing overwritten."""
    changed: dict[str, Any] = {}
    adds: list[str] = []
    labels = {"email": "e-mail", "phone": "phone", "company": "company", "title": "job title"}
    labels["linkedin_url"] = "LinkedIn"
    for name, label in labels.items():
        if not existing.get(name) and incoming.get(name):
            changed[name] = incoming[name]
            adds.append(f"{label} {incoming[name]}")
    have = [t.strip() for t in str(existing.get("tags") or "").split(",") if t.strip()]
    new_tags = [
        t.strip()
        for t in str(incoming.get("tags") or "").split(",")
        if t.strip() and t.strip().casefold() not in {h.casefold() for h in have}
    ]
    if new_tags:
        changed["tags"] = _fit("tags", ", ".join([*have, *new_tags]))
        adds.append("tags " + ", ".join(new_tags))
    notes = str(existing.get("notes") or "")
    fresh = [
        line
        for line in str(incoming.get("notes") or "").split("\n")
        if line.strip() and line.strip() not in notes
    ]
    if fresh:
        changed["notes"] = (notes.rstrip() + "\n" if notes.strip() else "") + "\n".join(fresh)
        adds.append(f"{len(fresh)} line{'s' if len(fresh) != 1 else ''} of notes")
    return changed, adds


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def plan_import(db: Database, read: ReadResult, by_name: bool = True) -> Plan:
    with db.transaction() as session:
        contacts: list[dict[str, Any]] = [
            {
                "id": c.id,
                "name": c.name,
                "email": c.email,
                "phone": c.phone,
                "company": c.company,
                "title": c.title,
                "linkedin_url": c.linkedin_url,
                "tags": c.tags,
                "notes": c.notes,
            }
            for c in session.scalars(select(m.Contact).order_by(m.Contact.id))
        ]
    by_email: dict[str, dict[str, Any]] = {}
    by_name_key: dict[str, list[dict[str, Any]]] = {}
    for c in contacts:
        if c["email"]:
            by_email.setdefault(c["email"].casefold(), c)
        by_name_key.setdefault(_key(c["name"]), []).append(c)
    pending: dict[str, Planned] = {}  # e-mail → a new contact planned from an earlier card
    plan = Plan([], [])
    for card in read.cards:
        values = card_values(card)
        try:
            records.clean("contact", values)
        except ValidationError as exc:
            plan.problems.append(Problem(card.line, first_message(exc)))
            continue
        emails = [e.casefold() for e in card.emails]
        match = next((by_email[e] for e in emails if e in by_email), None)
        earlier = next((pending[e] for e in emails if e in pending), None)
        if match is not None:
            changed, adds = _merge(match, values)
            # The next card with this e-mail merges into the contact as this one leaves it.
            match.update(changed)
            plan.entries.append(
                Planned(
                    card,
                    MERGE if changed else SKIP,
                    changed,
                    match["id"],
                    match["name"],
                    "same e-mail" if changed else "nothing new",
                    adds,
                )
            )
            continue
        if earlier is not None:
            changed, _adds = _merge(earlier.values, values)
            earlier.values.update(changed)
            earlier.cards += 1
            continue
        same_name = by_name_key.get(_key(card.name), [])
        if by_name and len(same_name) == 1:
            changed, adds = _merge(same_name[0], values)
            entry = Planned(card, ASK, changed, same_name[0]["id"], same_name[0]["name"])
            entry.reason, entry.adds = "same name", adds
            plan.entries.append(entry)
            continue
        entry = Planned(card, NEW, values, reason="not in your contacts")
        plan.entries.append(entry)
        for e in emails:
            pending.setdefault(e, entry)
    plan.problems += read.problems
    plan.problems.sort(key=lambda p: p.line)
    return plan


def changes_for(plan: Plan, merge_by_name: Collection[int] = ()) -> list[Change]:
    """The plan's changes; ``merge_by_name``: indexes of "same name" entries the person
    agreed to merge (the others are added as new contacts)."""
    changes: list[Change] = []
    for index, entry in enumerate(plan.entries):
        if entry.action == NEW or (entry.action == ASK and index not in merge_by_name):
            values = entry.values if entry.action == NEW else card_values(entry.card)
            changes.append(Create("contact", values))
        elif entry.action in (MERGE, ASK) and entry.values and entry.contact_id is not None:
            changes.append(Update("contact", entry.contact_id, entry.values))
    return changes


def backup_first(db: Database, reason: str) -> Path:
    return backup_database(db.path, DataPaths(db.data_dir).backups, reason)


def import_file(
    db: Database, path: Path, by_name: bool = False, progress: Progress | None = None
) -> Outcome:
    """The command line's import: merge by e-mail (by name too if asked), after a backup."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ValueError(f"The file could not be read: {exc.strerror or exc}") from exc
    plan = plan_import(db, read_vcards(data, progress), by_name=by_name)
    merge_all = [i for i, e in enumerate(plan.entries) if e.action == ASK]
    return apply_plan(db, plan, merge_all)


def apply_plan(db: Database, plan: Plan, merge_by_name: Collection[int] = ()) -> Outcome:
    """Write the plan in one transaction, after a backup: every card or none.

    Written directly, as the workspace import does, rather than through the undo stack's
    unit of work: reading each of 10,000 new records back for an undo step would take
    most of a minute, and the backup is what puts the data back.
    """
    changes = changes_for(plan, merge_by_name)
    new = sum(1 for c in changes if isinstance(c, Create))
    merged = sum(1 for c in changes if isinstance(c, Update))
    skipped = len(plan.entries) - new - merged
    backup = backup_first(db, "before vCard import") if changes else None
    scalar = [s.name for s in CONTACT.editable_fields if s.type is not FieldType.LINKS]
    with db.transaction() as session:
        for change in changes:
            if isinstance(change, Create):
                cleaned = records.clean("contact", change.values)
                session.add(m.Contact(**{name: cleaned[name] for name in scalar}))
            elif isinstance(change, Update):
                contact = session.get(m.Contact, change.id)
                if contact is None:
                    raise ValueError("A contact to merge into was deleted meanwhile.")
                stored = {name: getattr(contact, name) for name in scalar}
                cleaned = records.clean("contact", {**stored, **change.values})
                for name in change.values:
                    setattr(contact, name, cleaned[name])
    return Outcome(new, merged, skipped, tuple(plan.problems), backup)


# --- export -------------------------------------------------------------------------------


def export_contacts(
    db: Database, out: Path, contact_ids: Collection[int] | None = None, version: str = "4.0"
) -> int:
    """Write the chosen contacts (all when ``contact_ids`` is None) as vCards; the count."""
    rows = records.list_records(db, "contact")
    if contact_ids is not None:
        wanted = set(contact_ids)
        rows = [r for r in rows if r.id in wanted]
    contacts = [
        OutContact(
            id=r.id,
            name=str(r.values["name"]),
            email=str(r.values["email"] or ""),
            phone=str(r.values["phone"] or ""),
            company=str(r.values["company"] or ""),
            title=str(r.values["title"] or ""),
            linkedin=str(r.values["linkedin_url"] or ""),
            tags=str(r.values["tags"] or ""),
            notes=str(r.values["notes"] or ""),
        )
        for r in rows
    ]
    text = to_vcard(contacts, version, workspace_namespace(db))
    fileio.write_text(Path(out), text)
    return len(contacts)
