"""Packet benchmark: how long the reapplication packet takes, against bare ReportLab.

Usage: python bench/packet.py [--repeat R] [--records N] [--json FILE]

Two targets in a temporary data folder: the sample story (``add_sample_target``) and a
synthetic one with N records (default 2 000: skills, feedback linked to skills, plan
activities, experiences, contacts with a conversation each, events, questions, debrief
answers and journal entries).  For each, ``build_packet`` (personal preset, every section,
A4) is timed end to end: reading the data, choosing what to show (the default packet keeps
the most important items per section), layout, fonts, writing the file.

Baselines, built in the same run: a bare ReportLab ``SimpleDocTemplate`` with the same number
of pages and the same number of paragraphs as the packet's story (paragraph length is tuned,
untimed, until the page count matches), once with the built-in Helvetica and once with the
same embedded DejaVu Sans the packet uses.  Runs are interleaved (app, bare, bare+TTF, then
the order rotates) R times (default 5); medians of CPU time and their ratios are printed.
Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import io
import json
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from secondchance.core import models as m
from secondchance.core.db import Database, open_database
from secondchance.core.interop.sample import add_sample_target
from secondchance.core.packet import PacketOptions, build_packet
from secondchance.core.packet.choose import choose
from secondchance.core.packet.content import gather
from secondchance.core.packet.narrative import growth_summary
from secondchance.core.packet.sections import Preset

WORDS = [
    *("analysis", "query", "window", "partition", "clinic", "patient", "wait", "dashboard"),
    *("forecast", "stakeholder", "measure", "result", "evidence", "course", "practice"),
    *("mentor", "feedback", "improve", "health", "data", "report"),
]

LINE_CHARS = 90  # characters that fill about one line of the bare document


def add_synthetic_target(db: Database, records: int) -> int:
    """One target with ``records`` records spread over the kinds a packet shows."""
    share = {
        "skill": 0.02,
        "feedback": 0.15,
        "activity": 0.25,
        "experience": 0.15,
        "contact": 0.13,
        "event": 0.025,
        "question": 0.15,
        "reflection": 0.05,
    }
    counts = {kind: max(1, int(records * part)) for kind, part in share.items()}
    counts["journal"] = max(0, records - sum(counts.values()))

    def text(n: int, words: int) -> str:
        return " ".join(WORDS[(n * 7 + i * 3) % len(WORDS)] for i in range(words)).capitalize()

    day = dt.date(2026, 1, 1)
    with db.transaction() as session:
        target = m.Target(company="Synthetic Health", role="Analyst", first_interview_date=day)
        session.add(target)
        session.flush()
        skills = [
            m.Skill(
                target_id=target.id,
                name=f"Skill {n:03d}",
                required_level=4,
                current_level=n % 5,
                importance=1 + n % 3,
            )
            for n in range(counts["skill"])
        ]
        session.add_all(skills)
        session.flush()
        session.add_all(
            m.Feedback(
                target_id=target.id,
                text=text(n, 25),
                received_on=day,
                response=text(n + 1, 15),
                skills=[skills[n % len(skills)]],
            )
            for n in range(counts["feedback"])
        )
        session.add_all(
            m.LearningActivity(
                target_id=target.id,
                skill_id=skills[n % len(skills)].id,
                title=text(n, 5),
                notes=text(n, 12),
                hours_planned=10,
            )
            for n in range(counts["activity"])
        )
        session.add_all(
            m.Experience(
                target_id=target.id,
                title=text(n, 5),
                description=text(n, 40),
                outcomes=text(n + 2, 20),
                skills=[skills[n % len(skills)]],
            )
            for n in range(counts["experience"])
        )
        contacts = [
            m.Contact(
                name=f"Person {n:04d}",
                email=f"p{n}@example.com",
                notes=text(n, 10),
                targets=[target],
            )
            for n in range(counts["contact"])
        ]
        session.add_all(contacts)
        session.flush()
        session.add_all(
            m.Interaction(contact_id=c.id, date=day, summary=text(n, 12))
            for n, c in enumerate(contacts)
        )
        session.add_all(m.Event(name=text(n, 4), date=day) for n in range(counts["event"]))
        session.add_all(
            m.Question(
                target_id=target.id,
                question=text(n, 10) + "?",
                situation=text(n, 20),
                task=text(n + 1, 10),
                action=text(n + 2, 30),
                result=text(n + 3, 15),
            )
            for n in range(counts["question"])
        )
        session.add_all(
            m.Reflection(
                target_id=target.id,
                question=text(n, 10),
                what_i_said=text(n, 20),
                better_answer=text(n, 20),
            )
            for n in range(counts["reflection"])
        )
        session.add_all(
            m.JournalEntry(target_id=target.id, date=day, text=text(n, 20))
            for n in range(counts["journal"])
        )
        return target.id


def count_paragraphs(db: Database, target_id: int) -> int:
    """Paragraphs in the packet's story (table cells included), before any page split."""
    from reportlab.platypus import KeepTogether, Paragraph, Table

    from secondchance.core.packet.render import Renderer, section_builder

    options = PacketOptions()
    keys = options.chosen_sections()
    data, _left_out = choose(gather(db, target_id, Preset.personal))
    renderer = Renderer(data, keys, "a4", growth_summary(data))
    builders = [section_builder(key) for key in keys]

    def walk(items: Any) -> int:
        total = 0
        for item in items:
            if isinstance(item, Paragraph):
                total += 1
            elif isinstance(item, Table):
                total += sum(walk(row) for row in item._cellvalues)
            elif isinstance(item, list | tuple):
                total += walk(item)
            elif isinstance(item, KeepTogether):
                total += walk(item._content)
        return total

    return sum(walk(build(renderer)) for build in builders)


def bare_document(paragraphs: int, lines: int, ttf: bool) -> tuple[bytes, int]:
    """``paragraphs`` paragraphs holding about ``lines`` lines of text between them."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from secondchance.core.packet.fonts import REGULAR, register_fonts

    if ttf:
        register_fonts()
    style = ParagraphStyle(
        "b", fontName=REGULAR if ttf else "Helvetica", fontSize=8.5, leading=11, spaceAfter=0
    )
    filler = (" ".join(WORDS) + " ") * (lines // paragraphs * 2 + 2)
    story = []
    for n in range(paragraphs):
        # Spread the lines evenly: paragraph n gets floor(k(n+1)/N) - floor(kn/N) of them.
        share = lines * (n + 1) // paragraphs - lines * n // paragraphs
        story.append(Paragraph(f"{n} " + filler[: max(1, share * LINE_CHARS - 8)], style))
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4)
    doc.build(story)
    return buffer.getvalue(), doc.page


def calibrate(paragraphs: int, pages: int, ttf: bool) -> int:
    """Lines of text that give the bare document ``pages`` pages (in table-cell type, so a
    packet made mostly of table cells can still be matched)."""
    low, high = paragraphs, paragraphs * 40
    while low < high:
        mid = (low + high) // 2
        if bare_document(paragraphs, mid, ttf)[1] < pages:
            low = mid + 1
        else:
            high = mid
    return low


def timed(fn: Callable[[], object]) -> float:
    """CPU seconds of this process: what the work costs, whatever else the machine runs (a
    shared CI machine with a load of 10 on two cores makes wall-clock ratios meaningless)."""
    gc.collect()
    start = time.process_time()
    fn()
    return time.process_time() - start


def summary(samples: list[float]) -> dict[str, float]:
    return {"min": min(samples), "median": statistics.median(samples), "max": max(samples)}


def bench_target(
    db: Database, target_id: int, name: str, repeat: int, folder: Path
) -> dict[str, Any]:
    out = folder / f"{name}.pdf"
    options = PacketOptions()
    result = build_packet(db, target_id, options, out)  # warm-up: fonts, imports, caches
    pages = result.pages
    paragraphs = count_paragraphs(db, target_id)
    chars = {ttf: calibrate(paragraphs, pages, ttf) for ttf in (False, True)}
    bare_pages = {ttf: bare_document(paragraphs, chars[ttf], ttf)[1] for ttf in (False, True)}
    runs: dict[str, Callable[[], object]] = {
        "packet": lambda: build_packet(db, target_id, options, out),
        "bare": lambda: bare_document(paragraphs, chars[False], False),
        "bare_ttf": lambda: bare_document(paragraphs, chars[True], True),
    }
    samples: dict[str, list[float]] = {key: [] for key in runs}
    order = list(runs)
    for r in range(repeat):
        for key in order[r % 3 :] + order[: r % 3]:
            samples[key].append(timed(runs[key]))
    stats = {key: summary(values) for key, values in samples.items()}
    return {
        "target": name,
        "pages": pages,
        "paragraphs": paragraphs,
        "bare_pages": bare_pages[False],
        "bare_ttf_pages": bare_pages[True],
        "bare_lines": chars,
        "samples": samples,
        "stats": stats,
        "ratio_vs_bare": stats["packet"]["median"] / stats["bare"]["median"],
        "ratio_vs_bare_ttf": stats["packet"]["median"] / stats["bare_ttf"]["median"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory(prefix="sc-bench-packet-") as tmp:
        folder = Path(tmp)
        db = open_database(folder / "data")
        try:
            sample_id = add_sample_target(db)
            big_id = add_synthetic_target(db, args.records)
            for target_id, name in ((sample_id, "sample"), (big_id, f"synthetic-{args.records}")):
                results.append(bench_target(db, target_id, name, args.repeat, folder))
        finally:
            db.close()
    print(
        f"Packet benchmark — Python {platform.python_version()}, {args.repeat} runs each, medians"
    )
    header = (
        f"{'target':<18}{'pages':>6}{'paras':>7}{'packet s':>10}{'bare s':>9}"
        f"{'bare+TTF s':>12}{'ratio':>8}{'ratio TTF':>11}"
    )
    print(header)
    for r in results:
        s = r["stats"]
        print(
            f"{r['target']:<18}{r['pages']:>6}{r['paragraphs']:>7}"
            f"{s['packet']['median']:>10.3f}{s['bare']['median']:>9.3f}{s['bare_ttf']['median']:>12.3f}"
            f"{r['ratio_vs_bare']:>8.2f}{r['ratio_vs_bare_ttf']:>11.2f}"
        )
        print(
            f"{'':<18}bare documents: {r['bare_pages']} / {r['bare_ttf_pages']} pages, "
            f"packet min–max {s['packet']['min']:.3f}–{s['packet']['max']:.3f} s"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
