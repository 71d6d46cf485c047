"""How a record becomes part of the packet: filled from its kind's fields, and blanked where
``kinds.py`` declares a field (or a whole kind) private.

Each dataclass the packet holds says which record kind it comes from (:func:`from_kind`).
An attribute named like one of the kind's fields holds that field's value, so a new field
needs one attribute and no copy line.  Any other attribute is derived (a linked skill's
name, a count) and names the *sources* it is derived from:

- ``"field"``: a field of the same kind;
- ``"kind.field"``: a field of another kind;
- ``"kind.*"``: the records of another kind as a whole (a count of them, say).

For the shareable packet an attribute is blanked (``None``, ``""``, ``0``, ``False`` or
``()`` by its type) when its field or any of its sources is private, and every attribute of
a private kind is.  Privacy is therefore declared once, on the kind, and a field newly marked
private is left out of the shareable packet without an edit here.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from secondchance.core.services import attachments
from secondchance.core.services.fields import FieldSpec, FieldType
from secondchance.core.services.kinds import kind

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

C = TypeVar("C")
D = TypeVar("D", bound="DataclassInstance")


@dataclass(frozen=True)
class Origin:
    # None: derived from several kinds, every attribute names its sources.
    kind: str | None
    derived: Mapping[str, tuple[str, ...]]


_ORIGINS: dict[type[Any], Origin] = {}


def from_kind(kind_name: str | None, **derived: tuple[str, ...]) -> Callable[[type[C]], type[C]]:
    """Declare the kind a packet dataclass is filled from and the sources of its derived
    attributes.  Checked at once: a misspelt field or source fails on import."""

    def register(cls: type[C]) -> type[C]:
        origin = Origin(kind_name, dict(derived))
        problems = _problems(cls, origin)
        if problems:
            raise TypeError(f"{cls.__name__}: " + "; ".join(problems))
        _ORIGINS[cls] = origin
        return cls

    return register


def origins() -> dict[type[Any], Origin]:
    """Every registered packet dataclass (for the tests that walk them)."""
    return dict(_ORIGINS)


def _split(source: str, own_kind: str | None) -> tuple[str, str]:
    """``"notes"`` → (own kind, "notes"); ``"practice.*"`` → ("practice", "*")."""
    kind_name, dot, field_name = source.partition(".")
    if not dot:
        if own_kind is None:
            raise KeyError(f"{source!r} needs a kind: write kind.field")
        return own_kind, source
    return kind_name, field_name


def _problems(cls: type[Any], origin: Origin) -> list[str]:
    if not dataclasses.is_dataclass(cls):
        return ["not a dataclass"]
    names = {f.name for f in dataclasses.fields(cls)}
    problems = [f"{name!r} is not an attribute" for name in origin.derived if name not in names]
    for name in sorted(names):
        for source in origin.derived.get(name, (name,)):
            try:
                kind_name, field_name = _split(source, origin.kind)
                k = kind(kind_name)
                if field_name != "*":
                    k.field(field_name)
            except KeyError as exc:
                problems.append(f"{name!r}: {exc.args[0]}")
    if not problems:
        blanks = _blanks(cls)
        problems += [
            f"{name!r} is private but its type has no blank value"
            for name in sorted(_hidden(cls, origin))
            if blanks[name] is _NO_BLANK
        ]
    return problems


def is_private(source: str, own_kind: str | None = None) -> bool:
    """Whether a source (see the module's docstring) is private to the person."""
    kind_name, field_name = _split(source, own_kind)
    k = kind(kind_name)
    return k.private or (field_name != "*" and k.field(field_name).private)


def private_attributes(cls: type[Any]) -> frozenset[str]:
    """The attributes of ``cls`` the shareable packet leaves blank."""
    return _hidden(cls, _ORIGINS[cls])


def _hidden(cls: type[Any], origin: Origin) -> frozenset[str]:
    whole = origin.kind is not None and kind(origin.kind).private
    return frozenset(
        f.name
        for f in dataclasses.fields(cls)
        if whole or any(is_private(s, origin.kind) for s in origin.derived.get(f.name, (f.name,)))
    )


_NO_BLANK = object()
_BLANKS: dict[type[Any], dict[str, Any]] = {}


def _blanks(cls: type[Any]) -> dict[str, Any]:
    """The empty value of each attribute, by its type: what a redacted attribute holds."""
    cached = _BLANKS.get(cls)
    if cached is not None:
        return cached
    hints = typing.get_type_hints(cls)
    blanks: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        hint = hints[f.name]
        origin = typing.get_origin(hint)
        if origin in (typing.Union, types.UnionType) and type(None) in typing.get_args(hint):
            blanks[f.name] = None
        elif hint is str:
            blanks[f.name] = ""
        elif hint is bool:
            blanks[f.name] = False
        elif hint in (int, float):
            blanks[f.name] = 0
        elif origin is tuple:
            blanks[f.name] = ()
        else:
            blanks[f.name] = _NO_BLANK  # fine while the attribute is never private
    _BLANKS[cls] = blanks
    return blanks


def _blank(cls: type[Any], name: str) -> Any:
    blank = _blanks(cls)[name]
    if blank is _NO_BLANK:
        raise TypeError(f"{cls.__name__}.{name} is private but its type has no blank value")
    return blank


def field_value(spec: FieldSpec, value: Any) -> Any:
    """A stored value as the packet shows it: an option's label, a file's own name."""
    if value is None:
        return None
    if spec.type is FieldType.ENUM:
        return str(getattr(value, "label", value))
    if spec.type is FieldType.FILE:
        return attachments.display_name(value)
    return value


class Snapshot:
    """Fills and redacts for one packet: which attributes to blank and where each value
    comes from are worked out once per dataclass, not once per record."""

    def __init__(self, shareable: bool) -> None:
        self.shareable = shareable
        self._plans: dict[type[Any], tuple[tuple[str, FieldSpec | None, bool], ...]] = {}

    def _plan(self, cls: type[Any]) -> tuple[tuple[str, FieldSpec | None, bool], ...]:
        """(attribute, the field it is filled from or None, hidden) for each attribute."""
        plan = self._plans.get(cls)
        if plan is None:
            origin = _ORIGINS[cls]
            specs = {s.name: s for s in kind(origin.kind).fields} if origin.kind else {}
            hidden = private_attributes(cls) if self.shareable else frozenset()
            plan = tuple(
                (f.name, specs.get(f.name), f.name in hidden) for f in dataclasses.fields(cls)
            )
            self._plans[cls] = plan
        return plan

    def _of_private_kind(self, value: object) -> bool:
        origin = _ORIGINS.get(type(value))
        return origin is not None and origin.kind is not None and kind(origin.kind).private

    def fill(self, cls: type[D], record: object, **given: Any) -> D:
        """A ``cls`` holding ``record``'s fields and the derived values ``given``, blank
        where the shareable packet must not show them."""
        values: dict[str, Any] = {}
        for name, spec, hidden in self._plan(cls):
            if hidden:
                values[name] = _blank(cls, name)
            elif name in given:
                values[name] = given[name]
            elif spec is not None:
                values[name] = field_value(spec, getattr(record, name))
            else:
                raise TypeError(f"{cls.__name__}.{name} is derived: give its value")
        unknown = given.keys() - values.keys()
        if unknown:
            raise TypeError(f"{cls.__name__} has no attribute {', '.join(sorted(unknown))}")
        return cls(**values)

    def redact(self, value: C) -> C:
        """``value`` (a registered dataclass, or a tuple of them, nested) with what is
        private blanked; the same object where nothing is."""
        if not self.shareable:
            return value
        if isinstance(value, tuple):
            # A record of a private kind is left out whole, not kept as a blank shell.
            items = tuple(self.redact(item) for item in value if not self._of_private_kind(item))
            same = len(items) == len(value) and all(
                a is b for a, b in zip(items, value, strict=True)
            )
            return value if same else typing.cast(C, items)
        cls = type(value)
        if cls not in _ORIGINS:
            return value
        instance = typing.cast("DataclassInstance", value)
        changes: dict[str, Any] = {}
        for name, _spec, hidden in self._plan(cls):
            if hidden:
                changes[name] = _blank(cls, name)
            else:
                inner = getattr(instance, name)
                cleaned = self.redact(inner)
                if cleaned is not inner:
                    changes[name] = cleaned
        return typing.cast(C, dataclasses.replace(instance, **changes)) if changes else value
