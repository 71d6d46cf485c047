"""The packet's look: its colours and paragraph styles."""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle

from secondchance.core.packet.fonts import BOLD, REGULAR

INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#52606d")
ACCENT = colors.HexColor("#2f6f8f")
RULE = colors.HexColor("#cbd2d9")
SHADE = colors.HexColor("#eef2f5")
BEFORE_COLOUR = colors.HexColor("#b9c4cf")
NOW_COLOUR = colors.HexColor("#2f6f8f")
NEEDED_COLOUR = colors.HexColor("#e0a030")


@dataclass
class Styles:
    body: ParagraphStyle = field(init=False)
    small: ParagraphStyle = field(init=False)
    muted: ParagraphStyle = field(init=False)
    meta: ParagraphStyle = field(init=False)
    quote: ParagraphStyle = field(init=False)
    h1: ParagraphStyle = field(init=False)
    h2: ParagraphStyle = field(init=False)
    h3: ParagraphStyle = field(init=False)
    cell: ParagraphStyle = field(init=False)
    cell_bold: ParagraphStyle = field(init=False)
    head_cell: ParagraphStyle = field(init=False)
    title: ParagraphStyle = field(init=False)
    subtitle: ParagraphStyle = field(init=False)
    big: ParagraphStyle = field(init=False)

    def __post_init__(self) -> None:
        base = ParagraphStyle(
            "body", fontName=REGULAR, fontSize=9.5, leading=13.5, textColor=INK, spaceAfter=4
        )
        self.body = base
        self.small = ParagraphStyle("small", base, fontSize=8, leading=10.5, spaceAfter=2)
        self.muted = ParagraphStyle("muted", self.small, textColor=MUTED)
        self.meta = ParagraphStyle("meta", self.muted)
        self.quote = ParagraphStyle(
            "quote", base, leftIndent=10, textColor=colors.HexColor("#323f4b"), spaceAfter=5
        )
        self.h1 = ParagraphStyle(
            "h1",
            base,
            fontName=BOLD,
            fontSize=16,
            leading=20,
            textColor=ACCENT,
            spaceBefore=4,
            spaceAfter=8,
        )
        self.h2 = ParagraphStyle(
            "h2",
            base,
            fontName=BOLD,
            fontSize=11.5,
            leading=15,
            spaceBefore=8,
            spaceAfter=4,
        )
        self.h3 = ParagraphStyle(
            "h3",
            base,
            fontName=BOLD,
            fontSize=10,
            leading=13.5,
            spaceBefore=6,
            spaceAfter=2,
        )
        self.cell = ParagraphStyle("cell", base, fontSize=8.5, leading=11, spaceAfter=0)
        self.cell_bold = ParagraphStyle("cell_bold", self.cell, fontName=BOLD)
        self.head_cell = ParagraphStyle(
            "head_cell", self.cell, fontName=BOLD, textColor=colors.white
        )
        self.title = ParagraphStyle(
            "title", base, fontName=BOLD, fontSize=26, leading=32, textColor=ACCENT, spaceAfter=6
        )
        self.subtitle = ParagraphStyle(
            "subtitle", base, fontName=BOLD, fontSize=15, leading=20, spaceAfter=4
        )
        self.big = ParagraphStyle(
            "big",
            base,
            fontName=BOLD,
            fontSize=30,
            leading=34,
            textColor=ACCENT,
            alignment=TA_CENTER,
        )
