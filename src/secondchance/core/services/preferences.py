"""The person's own details, stored with their data (signatures, packet cover)."""

from __future__ import annotations

from dataclasses import dataclass

from secondchance.core import models as m
from secondchance.core.db import Database
from secondchance.core.services.fields import FieldSpec, FieldType, ValidationError, clean_value

NAME_FIELD = FieldSpec("name", "Your name", FieldType.TEXT, max_length=200)
EMAIL_FIELD = FieldSpec("email", "Your e-mail", FieldType.EMAIL, max_length=320)
# Written beside amounts (a plan's cost): "€", "CHF", "US$"…; empty: the region's own.
CURRENCY_FIELD = FieldSpec("currency", "Currency", FieldType.TEXT, max_length=12)


@dataclass(frozen=True)
class Preferences:
    name: str = ""
    email: str = ""
    currency: str = ""


def load(db: Database) -> Preferences:
    with db.transaction() as session:

        def value(key: str) -> str:
            setting = session.get(m.AppSetting, f"person.{key}")
            return (setting.value or "") if setting is not None else ""

        return Preferences(name=value("name"), email=value("email"), currency=value("currency"))


def save(db: Database, name: str, email: str, currency: str | None = None) -> Preferences:
    """Store the person's details (``currency`` None: leave it as it is)."""
    errors: dict[str, str] = {}
    cleaned: dict[str, str | None] = {}
    fields = [(NAME_FIELD, name), (EMAIL_FIELD, email)]
    if currency is not None:
        fields.append((CURRENCY_FIELD, currency))
    for spec, value in fields:
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
    return load(db)
