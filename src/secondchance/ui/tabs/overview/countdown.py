"""The countdown to the day the person may apply again, in words: the Overview's sentence
and the header's glance (a module of its own: the header shows it before the Overview's
module is imported, when the window opens on the Due view)."""

from __future__ import annotations


def countdown_text(days: int | None) -> str:
    if days is None:
        return "Add the date you may apply again (Edit target…) to see the countdown."
    if days > 1:
        return f"Eligible to reapply in {days} days"
    if days == 1:
        return "Eligible to reapply tomorrow"
    if days == 0:
        return "You can reapply from today"
    if days == -1:
        return "You can reapply now (eligible since yesterday)"
    return f"You can reapply now (eligible for {-days} days)"


def short_countdown(days: int | None) -> str:
    """The header's version: a glance, not a sentence."""
    if days is None:
        return ""
    if days > 1:
        return f"Eligible in {days} days"
    if days == 1:
        return "Eligible tomorrow"
    return "Eligible to reapply now"
