"""The person's currency, for amounts on screen (a plan's cost): their choice in
File → Preferences, else their region's currency as the desktop reports it."""

from __future__ import annotations

from PySide6.QtCore import QLocale

from secondchance.core.services.fields import format_number

_chosen: str | None = None


def set_currency(symbol: str | None) -> None:
    """The preference (None or "": the region's currency)."""
    global _chosen
    _chosen = (symbol or "").strip() or None


def currency() -> str:
    if _chosen:
        return _chosen
    return QLocale.system().currencySymbol(QLocale.CurrencySymbolFormat.CurrencySymbol)


def amount(value: float, unknown: str = "") -> str:
    """ "€ 307"; with no currency known, the number and ``unknown`` ("307 (no currency
    set)") so it never passes for a known amount."""
    symbol = currency()
    number = format_number(round(value, 2))
    if symbol:
        return f"{symbol} {number}"
    return f"{number} {unknown}".rstrip()
