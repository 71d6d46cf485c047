"""A generated workspace of about N records, as a workspace export document.

The GUI-step bench writes it to a file and brings it in through the real importer, so the
rows are exactly what a person's own data would be (defaults, timestamps, links).  Records
are spread over every kind in roughly the proportions a busy person would have (a quarter
feedback, many conversations and questions, few resumes); one target holds them, a second
small target keeps the target selector honest.  The same seed gives the same document.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

from secondchance.core import models as m
from secondchance.core.interop.workspace.format import FORMAT_NAME, FORMAT_VERSION

# Share of N per table (the rest of the records are the level history and link rows).
SHARES: dict[str, float] = {
    "feedback": 0.25,
    "interaction": 0.14,
    "learning_activity": 0.10,
    "question": 0.08,
    "practice_session": 0.08,
    "contact": 0.08,
    "journal_entry": 0.06,
    "experience": 0.05,
    "skill": 0.04,
    "reflection": 0.04,
    "event": 0.02,
    "interview_round": 0.01,
    "competency_rating": 0.01,
    "resume_version": 0.01,
    "portfolio_item": 0.01,
    "cover_letter": 0.01,
}
# Kinds a tab can't do without, so even the 10-record workspace shows every page filled.
AT_LEAST_ONE = ("feedback", "skill", "question", "contact", "learning_activity")

OPENERS = (
    "The panel felt",
    "Your answer on",
    "We would have liked more depth in",
    "Strong on",
    "Needs more hands-on experience with",
    "The hiring manager mentioned",
    "Good instincts about",
    "Struggled to explain",
    "Clear communication about",
    "Could not go deep enough into",
)
TOPICS = (
    "SQL query tuning",
    "system design",
    "distributed caching",
    "stakeholder management",
    "the take-home exercise",
    "Python packaging",
    "incident response",
    "data modelling",
    "product sense",
    "testing strategy",
    "Kubernetes deployments",
    "the behavioural questions",
    "PostgreSQL indexing",
    "team leadership",
    "estimating work",
)
CLOSERS = (
    "was the main gap.",
    "came across well.",
    "was a concern for the team.",
    "needs concrete examples next time.",
    "was on par with other candidates.",
    "could be the deciding factor.",
)
FIRST = ("Ana", "Łukasz", "Zoë", "Sam", "Dana", "Lee", "Mei", "Omar", "Ines", "Jonas", "Émile")
LAST = ("Lima", "Okafor", "Novak", "Reyes", "Åberg", "Nakamura", "Haddad", "O'Brien", "Smith")
SKILL_WORDS = (
    "SQL",
    "System design",
    "Python",
    "Communication",
    "Kubernetes",
    "Leadership",
    "Testing",
    "Data modelling",
    "Statistics",
    "Storytelling",
    "Tableau",
    "Healthcare data",
)


def _sentence(rng: random.Random) -> str:
    return f"{rng.choice(OPENERS)} {rng.choice(TOPICS)} {rng.choice(CLOSERS)}"


def _text(rng: random.Random, most: int = 3) -> str:
    lines = [_sentence(rng) for _ in range(rng.randint(1, most))]
    return "\n".join(lines) if rng.random() < 0.3 else " ".join(lines)


def _names(enum_cls: type[m.LabelledEnum]) -> list[str]:
    return [member.name for member in enum_cls]


def counts_for(records: int, feedback_only: bool = False) -> dict[str, int]:
    if feedback_only:
        # Nearly every record a feedback item, linked to a few hundred skills.
        counts = dict.fromkeys(SHARES, 0)
        counts["skill"] = max(records // 250, 1)
        counts["feedback"] = records - counts["skill"]
    else:
        counts = {table: round(records * share) for table, share in SHARES.items()}
    for table in AT_LEAST_ONE:
        counts[table] = max(counts[table], 1)
    return counts


def make_document(records: int, seed: int = 1, feedback_only: bool = False) -> dict[str, Any]:
    """A workspace export document holding about ``records`` records."""
    rng = random.Random(seed)
    today = dt.date.today()

    def day(back: int = 700, ahead: int = 0) -> str:
        return (today + dt.timedelta(days=rng.randint(-back, ahead))).isoformat()

    def maybe_day(back: int = 700, ahead: int = 0, chance: float = 0.9) -> str | None:
        return day(back, ahead) if rng.random() < chance else None

    n = counts_for(records, feedback_only)
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in SHARES}
    for extra in (
        "target",
        "skill_level_change",
        "feedback_skill",
        "experience_skill",
        "portfolio_skill",
        "contact_target",
        "event_contact",
    ):
        tables[extra] = []

    tables["target"] = [
        {
            "id": 1,
            "company": "Northwind Health",
            "role": "Data Analyst",
            "status": "preparing",
            "rejection_date": (today - dt.timedelta(days=150)).isoformat(),
            "eligible_date": (today + dt.timedelta(days=40)).isoformat(),
            "first_interview_date": (today - dt.timedelta(days=190)).isoformat(),
            "job_description": "Write SQL, build dashboards, explain results to clinicians.",
        },
        {"id": 2, "company": "Zenith Labs", "role": "Engineer", "status": "preparing"},
    ]
    main = 1
    rounds = [
        {
            "id": i,
            "target_id": main,
            "date": day(220),
            "stage": rng.choice(_names(m.RoundStage)),
            "format": "Video call",
            "interviewers": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        }
        for i in range(1, n["interview_round"] + 1)
    ]
    tables["interview_round"] = rounds
    contacts = [
        {
            "id": i,
            "name": f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}",
            "company": rng.choice(("Northwind Health", "Initech", None, "Contoso")),
            "relationship": rng.choice(_names(m.Relationship)),
            "keep_in_touch_days": rng.choice((None, 30, 60, 90)),
            "how_we_met": _sentence(rng) if rng.random() < 0.3 else None,
        }
        for i in range(1, n["contact"] + 1)
    ]
    tables["contact"] = contacts
    tables["contact_target"] = [
        {"contact_id": c["id"], "target_id": main} for c in contacts if rng.random() < 0.6
    ]
    skills = []
    for i in range(1, n["skill"] + 1):
        word = SKILL_WORDS[i % len(SKILL_WORDS)]
        skills.append(
            {
                "id": i,
                "target_id": main,
                "name": f"{word} {i}" if i > len(SKILL_WORDS) else word,
                "category": rng.choice(_names(m.SkillCategory)),
                "required_level": rng.randint(2, 5),
                "current_level": rng.randint(0, 5),
                "importance": rng.randint(1, 3),
            }
        )
    tables["skill"] = skills
    tables["skill_level_change"] = [
        {
            "id": s["id"],
            "skill_id": s["id"],
            "date": day(300),
            "level": max(s["current_level"] - 1, 0),
        }
        for s in skills
    ]
    skill_ids = [s["id"] for s in skills]
    for i in range(1, n["feedback"] + 1):
        tables["feedback"].append(
            {
                "id": i,
                "target_id": main,
                "round_id": rng.choice(rounds)["id"] if rounds and rng.random() < 0.6 else None,
                "contact_id": rng.choice(contacts)["id"] if rng.random() < 0.3 else None,
                "received_on": maybe_day(200, chance=0.97),
                "source": rng.choice(_names(m.FeedbackSource)),
                "theme": rng.choice(_names(m.FeedbackTheme)),
                "status": rng.choice(_names(m.FeedbackStatus)),
                "text": _text(rng),
                "response": _sentence(rng) if rng.random() < 0.4 else None,
            }
        )
        for skill_id in rng.sample(skill_ids, min(len(skill_ids), rng.randint(0, 3))):
            tables["feedback_skill"].append({"feedback_id": i, "skill_id": skill_id})
    for i in range(1, n["learning_activity"] + 1):
        status = rng.choice(_names(m.ActivityStatus))
        start = today - dt.timedelta(days=rng.randint(60, 300))
        tables["learning_activity"].append(
            {
                "id": i,
                "target_id": main,
                "skill_id": rng.choice(skill_ids) if rng.random() < 0.8 else None,
                "kind": rng.choice(_names(m.ActivityKind)),
                "title": f"{rng.choice(('Course', 'Book', 'Workshop'))} on {rng.choice(TOPICS)}",
                "status": status,
                "start_date": start.isoformat(),
                "due_date": (start + dt.timedelta(days=rng.randint(10, 200))).isoformat(),
                "completed_on": (start + dt.timedelta(days=rng.randint(0, 50))).isoformat()
                if status == "done"
                else None,
                "hours_planned": float(rng.randint(2, 40)),
                "hours_spent": float(rng.randint(0, 40)),
                "cost": float(rng.choice((0, 0, 19, 49, 300))),
            }
        )
    for i in range(1, n["experience"] + 1):
        start = today - dt.timedelta(days=rng.randint(100, 400))
        end = start + dt.timedelta(days=rng.randint(10, 150))
        tables["experience"].append(
            {
                "id": i,
                "target_id": main,
                "kind": rng.choice(_names(m.ExperienceKind)),
                "title": f"Project {i}: {rng.choice(TOPICS)}",
                "start_date": start.isoformat(),
                "end_date": end.isoformat() if rng.random() < 0.6 else None,
                "description": _text(rng, 2),
            }
        )
        for skill_id in rng.sample(skill_ids, min(len(skill_ids), rng.randint(1, 3))):
            tables["experience_skill"].append({"experience_id": i, "skill_id": skill_id})
    for i in range(1, n["interaction"] + 1):
        talked = today - dt.timedelta(days=rng.randint(0, 300))
        tables["interaction"].append(
            {
                "id": i,
                "contact_id": rng.choice(contacts)["id"],
                "date": talked.isoformat(),
                "channel": rng.choice(_names(m.Channel)),
                "summary": _sentence(rng),
                "follow_up_date": (talked + dt.timedelta(days=rng.randint(1, 30))).isoformat()
                if rng.random() < 0.3
                else None,
                "follow_up_done": rng.random() < 0.5,
            }
        )
    for i in range(1, n["event"] + 1):
        tables["event"].append(
            {
                "id": i,
                "name": f"Meetup {i} on {rng.choice(TOPICS)}",
                "kind": rng.choice(_names(m.EventKind)),
                "date": maybe_day(300, 60),
                "status": rng.choice(_names(m.EventStatus)),
            }
        )
        for contact in rng.sample(contacts, min(len(contacts), rng.randint(0, 2))):
            tables["event_contact"].append({"event_id": i, "contact_id": contact["id"]})
    for i in range(1, n["reflection"] + 1):
        tables["reflection"].append(
            {
                "id": i,
                "target_id": main,
                "round_id": rng.choice(rounds)["id"] if rounds and rng.random() < 0.5 else None,
                "question": f"Tell us about {rng.choice(TOPICS)} ({i})",
                "what_i_said": _sentence(rng),
                "verdict": rng.choice(_names(m.Verdict)),
            }
        )
    areas = _names(m.CompetencyArea)
    for i in range(1, n["competency_rating"] + 1):
        tables["competency_rating"].append(
            {"id": i, "target_id": main, "area": areas[i % len(areas)], "rating": rng.randint(1, 5)}
        )
    for i in range(1, n["resume_version"] + 1):
        tables["resume_version"].append(
            {
                "id": i,
                "target_id": main,
                "label": f"Resume v{i}",
                "created_on": day(300),
                "plain_text": _text(rng),
            }
        )
    for i in range(1, n["portfolio_item"] + 1):
        tables["portfolio_item"].append(
            {
                "id": i,
                "target_id": main,
                "title": f"Portfolio piece {i}",
                "description": _sentence(rng),
            }
        )
        for skill_id in rng.sample(skill_ids, min(len(skill_ids), rng.randint(0, 2))):
            tables["portfolio_skill"].append({"portfolio_item_id": i, "skill_id": skill_id})
    for i in range(1, n["cover_letter"] + 1):
        tables["cover_letter"].append(
            {"id": i, "target_id": main, "title": f"Cover letter {i}", "body": _text(rng, 6)}
        )
    questions = []
    for i in range(1, n["question"] + 1):
        full = rng.random() < 0.5
        questions.append(
            {
                "id": i,
                "target_id": main,
                "category": rng.choice(_names(m.QuestionCategory)),
                "question": f"How would you approach {rng.choice(TOPICS)}? ({i})",
                "situation": _sentence(rng) if full else None,
                "task": _sentence(rng) if full else None,
                "action": _sentence(rng) if full else None,
                "result": _sentence(rng) if full else None,
                "confidence": rng.randint(1, 5),
                "practice_due": maybe_day(30, 30, 0.5),
            }
        )
    tables["question"] = questions
    for i in range(1, n["practice_session"] + 1):
        tables["practice_session"].append(
            {
                "id": i,
                "question_id": rng.choice(questions)["id"],
                "practiced_on": day(200),
                "duration_seconds": rng.randint(30, 600),
                "rating": rng.choice(_names(m.PracticeRating)),
            }
        )
    for i in range(1, n["journal_entry"] + 1):
        tables["journal_entry"].append(
            {
                "id": i,
                "target_id": main,
                "date": day(300),
                "kind": rng.choice(_names(m.JournalKind)),
                "text": _sentence(rng),
            }
        )
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "app_version": "bench",
        "exported_at": dt.datetime.now(dt.UTC).isoformat().replace("+00:00", "Z"),
        "tables": tables,
        "attachments": {},
    }


def write_document(
    records: int, path: Path, seed: int = 1, feedback_only: bool = False
) -> dict[str, int]:
    """Write the document to ``path``; returns rows per table."""
    document = make_document(records, seed, feedback_only)
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return {name: len(rows) for name, rows in document["tables"].items()}


def record_count(counts: dict[str, int]) -> int:
    """Records a person made (link rows and the level history are not counted)."""
    return sum(counts.get(name, 0) for name in SHARES) + counts.get("target", 0)
