"""A JSON Resume as plain text: the text of the resume version an import adds, so every
section (education, awards, languages…) is kept even where the app has no record for it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def _s(value: Any) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def _join(*parts: Any, sep: str = ", ") -> str:
    return sep.join(p for p in (_s(x) for x in parts) if p)


def _strings(values: Any) -> list[str]:
    return [_s(v) for v in values if _s(v)] if isinstance(values, list) else []


def _entries(document: dict[str, Any], key: str) -> Iterable[dict[str, Any]]:
    value = document.get(key)
    return [e for e in value if isinstance(e, dict)] if isinstance(value, list) else []


def _dates(entry: dict[str, Any], start: str = "startDate", end: str = "endDate") -> str:
    first, last = _s(entry.get(start)), _s(entry.get(end))
    if first and not last and end in entry:
        return f"{first} – present"
    if first or last:
        return f"{first or '?'} – {last or 'present'}"
    return ""


def _block(title: str, lines: list[str]) -> list[str]:
    return [title, *lines, ""] if lines else []


def _positions(document: dict[str, Any], key: str, org: str) -> list[str]:
    lines: list[str] = []
    for e in _entries(document, key):
        head = _join(e.get("position"), e.get(org))
        when = _dates(e)
        lines.append(f"{head} ({when})" if when and head else head or when)
        for extra in (e.get("summary"), e.get("description") if key == "work" else None):
            if _s(extra):
                lines.append(_s(extra))
        lines.extend(f"- {h}" for h in _strings(e.get("highlights")))
    return lines


def render(document: dict[str, Any]) -> str:
    basics = document.get("basics") if isinstance(document.get("basics"), dict) else {}
    assert isinstance(basics, dict)
    location = basics.get("location") if isinstance(basics.get("location"), dict) else {}
    assert isinstance(location, dict)
    out: list[str] = []
    head = _join(basics.get("name"), basics.get("label"), sep=" — ")
    if head:
        out.append(head)
    contact = _join(
        basics.get("email"),
        basics.get("phone"),
        basics.get("url"),
        _join(location.get("city"), location.get("region"), location.get("countryCode")),
        sep=" · ",
    )
    profiles = (
        [
            _join(p.get("network"), p.get("username") or p.get("url"), sep=": ")
            for p in basics.get("profiles", [])
            if isinstance(p, dict)
        ]
        if isinstance(basics.get("profiles"), list)
        else []
    )
    out.extend(x for x in (contact, " · ".join(p for p in profiles if p)) if x)
    if out:
        out.append("")
    if _s(basics.get("summary")):
        out.extend([_s(basics.get("summary")), ""])
    out += _block("Experience", _positions(document, "work", "name"))
    out += _block("Volunteering", _positions(document, "volunteer", "organization"))
    projects: list[str] = []
    for p in _entries(document, "projects"):
        when = _dates(p)
        projects.append(_join(p.get("name"), p.get("entity")) + (f" ({when})" if when else ""))
        if _s(p.get("description")):
            projects.append(_s(p.get("description")))
        projects.extend(f"- {h}" for h in _strings(p.get("highlights")))
        if _strings(p.get("keywords")):
            projects.append("Skills used: " + ", ".join(_strings(p.get("keywords"))))
    out += _block("Projects", projects)
    education = [
        _join(e.get("studyType"), e.get("area"), e.get("institution"))
        + (f" ({_dates(e)})" if _dates(e) else "")
        for e in _entries(document, "education")
    ]
    out += _block("Education", [e for e in education if e.strip()])
    skills = []
    for s in _entries(document, "skills"):
        line = _join(s.get("name"), s.get("level"), sep=" — ")
        if _strings(s.get("keywords")):
            line += ": " + ", ".join(_strings(s.get("keywords")))
        skills.append(line)
    out += _block("Skills", [s for s in skills if s])
    out += _block(
        "Certificates",
        [
            _join(c.get("name"), c.get("issuer"), c.get("date"))
            for c in _entries(document, "certificates")
        ],
    )
    out += _block(
        "Awards",
        [
            _join(a.get("title"), a.get("awarder"), a.get("date"))
            for a in _entries(document, "awards")
        ],
    )
    out += _block(
        "Publications",
        [
            _join(p.get("name"), p.get("publisher"), p.get("releaseDate"))
            for p in _entries(document, "publications")
        ],
    )
    out += _block(
        "Languages",
        [
            _join(x.get("language"), x.get("fluency"), sep=" — ")
            for x in _entries(document, "languages")
        ],
    )
    out += _block(
        "Interests",
        [
            _join(i.get("name"), ", ".join(_strings(i.get("keywords"))), sep=": ")
            for i in _entries(document, "interests")
        ],
    )
    out += _block(
        "References",
        [
            _join(r.get("reference"), r.get("name"), sep=" — ")
            for r in _entries(document, "references")
        ],
    )
    return "\n".join(line for line in out).strip() + "\n"
