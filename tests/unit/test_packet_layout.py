"""Typography, checked from the layout itself (where each flowable landed), not from pixels:
no heading is the last thing on a page, no page is left mostly empty unless a section ends
there by design, table rows are never split, and one notation is used for every scale."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from pathlib import Path

import pytest
from reportlab.platypus import Table

from secondchance.core import models as m
from secondchance.core.db import Database
from secondchance.core.interop.sample import add_sample_target
from secondchance.core.packet import PacketOptions, Preset, build_packet
from secondchance.core.packet.choose import choose
from secondchance.core.packet.content import gather
from secondchance.core.packet.narrative import growth_summary
from secondchance.core.packet.render import Renderer
from secondchance.core.packet.render.blocks import scale
from secondchance.core.packet.render.document import Placed

TODAY = dt.date(2026, 11, 25)
MIN_FILL = 0.40


def lay_out(db: Database, target: int, preset: Preset, paper: str) -> Renderer:
    options = PacketOptions(preset=preset, paper=paper, today=TODAY)  # type: ignore[arg-type]
    sections = options.chosen_sections()
    data, _omitted = choose(gather(db, target, preset, TODAY), sections)
    renderer = Renderer(data, sections, options.paper, growth_summary(data))
    renderer.render()
    return renderer


def by_page(placed: tuple[Placed, ...]) -> dict[int, list[Placed]]:
    pages: dict[int, list[Placed]] = defaultdict(list)
    for item in placed:
        pages[item.page].append(item)
    return pages


def check(renderer: Renderer) -> None:
    pages = by_page(renderer.placed)
    assert pages, "nothing was placed"
    last_page = max(pages)
    for page, items in sorted(pages.items()):
        shown = [i for i in items if i.kind in ("heading", "content")]
        if not shown:
            continue
        assert shown[-1].kind != "heading", f"page {page} ends with a heading"
        # A forced break ends its page by design (a section that starts a new page), even
        # when the layout records the break before the page's last line.
        ends_by_design = any(i.kind == "break" for i in items) or page in (1, last_page)
        fill = 1 - shown[-1].bottom / shown[-1].frame_height
        assert ends_by_design or fill >= MIN_FILL, f"page {page} is only {fill:.0%} full"


def heavy_target(db: Database) -> int:
    """Headings in every awkward place: many sections, long and short blocks, tables."""
    with db.transaction() as session:
        target = m.Target(company="Layout", role="Tester", first_interview_date=TODAY)
        session.add(target)
        session.flush()
        skills = [
            m.Skill(target_id=target.id, name=f"Skill {n}", required_level=4, importance=1 + n % 3)
            for n in range(30)
        ]
        session.add_all(skills)
        session.flush()
        for n in range(40):
            session.add(
                m.Feedback(
                    target_id=target.id,
                    text=("Feedback sentence. " * (1 + n * 7 % 40)).strip(),
                    skills=[skills[n % 30], skills[(n + 1) % 30]],
                )
            )
            session.add(
                m.LearningActivity(
                    target_id=target.id,
                    skill_id=skills[n % 30].id,
                    title=f"Activity {n} " + "words " * (n % 9),
                    notes="A note. " * (n % 20),
                )
            )
            session.add(
                m.Experience(
                    target_id=target.id,
                    title=f"Project {n}",
                    description="Description. " * (5 + n * 13 % 90),
                    outcomes="Outcome. " * (n % 15),
                )
            )
            session.add(
                m.Question(
                    target_id=target.id,
                    question=f"Question {n}?",
                    situation="Situation. " * (n * 11 % 50),
                    action="Action. " * (n * 7 % 60),
                )
            )
            session.add(m.JournalEntry(target_id=target.id, date=TODAY, text="Entry. " * n))
        return target.id


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("preset", [Preset.personal, Preset.shareable])
def test_sample_packet_layout(db: Database, preset: Preset, paper: str) -> None:
    target = add_sample_target(db, today=TODAY)
    check(lay_out(db, target, preset, paper))


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_heavy_packet_layout(db: Database, paper: str) -> None:
    renderer = lay_out(db, heavy_target(db), Preset.personal, paper)
    check(renderer)
    assert renderer.total_pages <= 25


def test_the_check_can_fail() -> None:
    heading_last = (
        Placed(1, "content", 700, 400, 700),
        Placed(1, "heading", 400, 20, 700),
        Placed(2, "content", 700, 300, 700),
        Placed(3, "content", 700, 600, 700),
    )

    class Fake:
        placed = heading_last

    with pytest.raises(AssertionError, match="ends with a heading"):
        check(Fake())  # type: ignore[arg-type]
    Fake.placed = (
        heading_last[0],
        heading_last[2],
        heading_last[3],
        Placed(4, "content", 1, 1, 700),
    )
    with pytest.raises(AssertionError, match="only 14% full"):
        check(Fake())  # type: ignore[arg-type]


def test_tables_never_split_a_row(db: Database) -> None:
    renderer_story = Renderer(
        choose(gather(db, heavy_target(db), Preset.personal, TODAY))[0],
        PacketOptions().chosen_sections(),
        "a4",
        "",
    ).story()
    tables = [f for f in renderer_story if isinstance(f, Table)]
    assert tables and all(t.splitInRow == 0 for t in tables)


def test_one_notation_for_every_scale(db: Database, tmp_path: Path) -> None:
    assert scale(2, 3) == "●●○" and scale(4, 5) == "●●●●○" and scale(None, 5) == "—"
    target = add_sample_target(db, today=TODAY)
    build_packet(db, target, PacketOptions(today=TODAY), tmp_path / "p.pdf")
    from pypdf import PdfReader

    text = " ".join(p.extract_text() for p in PdfReader(tmp_path / "p.pdf").pages)
    assert "●●○" in text and "●●●●○" in text  # importance (of 3) and a rating (of 5)
    assert re.search(r"Confidence [●○]{5}", text)
    assert not re.search(r"Confidence \d", text)  # not "Confidence 3 of 5" beside ●●●○○


def test_organiser_only_when_it_differs(db: Database, tmp_path: Path) -> None:
    from secondchance.core.packet.render.sections.network import _organiser

    assert _organiser("PyData Berlin", "PyData  berlin") is None
    assert _organiser("Health Data Summit 2026", "Health Data Summit") is None
    assert _organiser("City Meetup", "City Analytics Group") == "City Analytics Group"
    assert _organiser("Anything", None) is None
