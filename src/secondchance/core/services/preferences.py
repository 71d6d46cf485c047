"""The person's own details, stored with their data (signatures, packet cover)."""

from __future__ import annotations

from dataclasses import dataclass

from secondchance.core import models as m
from secondchance.core.db import Database
from secondchance.core.services.fields import FieldSpec, FieldType, ValidationError, clean_value

NAME_FIELD = FieldSpec("name", "Your name", FieldType.TEXT, max_length=200)
EMAIL_FIELD = FieldSpec("email", "Your e-mail", FieldType.EMAIL, max_length=320)


@dataclass(frozen=True)
class Preferences:
    name: str = ""
    email: str = ""


def load(db: Database) -> Preferences:
    with db.transaction() as session:
        name = session.get(m.AppSetting, "person.name")
        email = session.get(m.AppSetting, "person.email")
        return Preferences(
            name=(name.value or "") if name else "", email=(email.value or "") if email else ""
        )


def save(db: Database, name: str, email: str) -> Preferences:
    errors: dict[str, str] = {}
    cleaned: dict[str, str | None] = {}
    for spec, value in ((NAME_FIELD, name), (EMAIL_FIELD, email)):
        try:
            cleaned[spec.name] = clean_value(spec, value)
        except ValueError as exc:
            errors[spec.name] = str(exc)
    if errors:
        raise ValidationError(errors)
    with db.transaction() as session:
        for key, stored in cleaned.items():
            setting = session.get(m.AppSetting, f"person.{key}")
            if setting is None:
                session.add(m.AppSetting(key=f"person.{key}", value=stored))
            else:
                setting.value = stored
    return Preferences(name=cleaned["name"] or "", email=cleaned["email"] or "")
