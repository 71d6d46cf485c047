"""Showing a person's own words safely in Qt widgets that guess at rich text.

QMessageBox (and QLabel by default) render anything that looks like HTML, so a target
named "<b>Acme</b>" would turn bold. Text built here is explicitly rich, with every piece
of user text escaped, so it always reads exactly as typed.
"""

from __future__ import annotations


def paragraphs(*texts: str) -> str:
    """Rich text of plain paragraphs: escaped, with line breaks kept."""
    # Imported here: ``html`` (with its table of entities) is not worth the first paint.
    from html import escape

    return "".join("<p>" + escape(text).replace("\n", "<br>") + "</p>" for text in texts if text)
