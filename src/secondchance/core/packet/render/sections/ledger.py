"""Feedback → action → evidence: the growth ledger, one block per piece of feedback.

What was said, what I did about it, and the proof, in the first person and without the
app's status names; what is still open is the personal packet's "Notes to myself".
"""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

from secondchance.core.packet.data import format_date
from secondchance.core.packet.phrases import _, n_, number
from secondchance.core.packet.render.blocks import Layout, together
from secondchance.core.packet.render.text import Paragraph, clip, markup
from secondchance.core.packet.sections import Preset
from secondchance.core.services.ledger import Evidence, LedgerEntry

EVIDENCE_LIMIT = 4  # lines of evidence per skill (a table row must fit a page)

_STATE = {
    # (mark, words, colour) for a piece of feedback: plain words, not the app's statuses.
    "Addressed": ("✓", "acted on", "#2f855a"),
    "Addressing": ("◐", "work under way", "#b7791f"),
    "Open": ("○", "not started yet", "#c53030"),
}


def build(layout: Layout) -> list[Flowable]:
    story = layout.heading("ledger")
    entries = layout.data.ledger
    omitted = layout.data.omitted
    left_out = len(omitted.ledger) if omitted else 0
    if not entries:
        story.append(layout.nothing("No feedback recorded yet."))
        return story
    total = len(entries) + left_out
    addressed = sum(1 for e in entries if e.addressed) + sum(
        1 for e in (omitted.ledger if omitted else ()) if e.addressed
    )
    if total == 1:
        intro = (
            _("I received one piece of feedback and have acted on it.")
            if addressed
            else _("I received one piece of feedback and I am working on it.")
        )
    elif addressed:
        intro = n_(
            "I received {total} pieces of feedback and have acted on one so far.",
            "I received {total} pieces of feedback and have acted on {addressed} so far.",
            addressed,
        )
    else:
        intro = _("I received {total} pieces of feedback and I am working on them.")
    story.append(layout.para(intro.format(total=number(total), addressed=number(addressed))))
    story.append(layout.para(_("For each: what was said, what I did about it, and the evidence.")))
    for index, e in enumerate(entries, 1):
        story.extend(together(_entry(layout, index, e)))
    story.extend(
        layout.more(
            len(entries),
            left_out,
            "One more piece of feedback, about skills that matter less to the role, is left out.",
            "{count} more pieces of feedback, about skills that matter less to the role, "
            "are left out.",
        )
    )
    return story


def _entry(layout: Layout, index: int, e: LedgerEntry) -> list[Flowable]:
    when = format_date(e.received_on, short=True)
    meta = " · ".join(x for x in (e.source, when, e.round or "") if x)
    mark, words, colour = _STATE.get(e.status, ("○", "", "#52606d"))
    # Where each piece stands is the person's own reckoning: the shareable packet lets the
    # evidence speak instead.
    personal = layout.data.preset is Preset.personal
    state = (
        f'  <font size="8.5" color="{colour}">{mark} {words}</font>' if words and personal else ""
    )
    block: list[Flowable] = [
        Paragraph(
            f'{index}. {markup(e.theme)} <font size="8.5" color="#52606d">{markup(meta)}</font>'
            + state,
            layout.s.h3,
        )
    ]
    block.extend(layout.text_block(f"“{e.text.strip()}”", layout.s.quote))
    if e.response and e.response.strip():
        block.extend(layout.text_block(e.response, label="What I did:"))
    if e.skills:
        rows = []
        for s in e.skills:
            level = _("{now} of {needed}").format(now=s.current_level, needed=s.required_level)
            lines = [_evidence(v) for v in s.evidence[:EVIDENCE_LIMIT]]
            if len(s.evidence) > EVIDENCE_LIMIT:
                more = len(s.evidence) - EVIDENCE_LIMIT
                lines.append(
                    _("… and {count} more in the development plan and experience").format(
                        count=f"{more:,}"
                    )
                )
            rows.append(
                [
                    layout.cell(s.name, True),
                    layout.cell(level + (" ✓" if s.gap == 0 else "")),
                    Paragraph(
                        "<br/>".join(markup(clip(line, 400)) for line in lines)
                        if lines
                        else '<font color="#52606d">Nothing to show yet</font>',
                        layout.s.cell,
                    ),
                ]
            )
        block.append(Spacer(1, 2))
        block.append(layout.table(["Skill", "Level now", "What I did"], rows, [24, 12, 64]))
    block.append(Spacer(1, 6))
    return block


def _evidence(v: Evidence) -> str:
    """One line of evidence, e.g. "✓ Advanced SQL — finished 1 Nov 2026 · https://…"."""
    day = format_date(v.date, short=True) if v.date else ""
    if v.dropped:
        text = _("✗ {title} — stopped")
    elif v.done:
        text = _("✓ {title} — finished {date}") if day else _("✓ {title} — finished")
    elif v.kind == "experience":
        text = _("◐ {title} — under way")
    elif v.status == "Planned":
        text = _("○ {title} — planned for {date}") if day else _("○ {title} — planned")
    else:
        text = _("◐ {title} — under way, due {date}") if day else _("◐ {title} — under way")
    line = text.format(title=v.title, date=day)
    return _("{line} · {proof}").format(line=line, proof=v.proof) if v.proof else line
