"""The job-description scan: vocabulary file, matching rules, sentences, levels."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import pytest

from secondchance.core.interop.sample import story_document
from secondchance.core.models import SkillCategory
from secondchance.core.services import jd_scanner as jd
from secondchance.core.services.jd_scanner import (
    Finding,
    Vocabulary,
    VocabularyError,
    VocabularySkill,
    fold,
    load_vocabulary,
    scan_job_description,
)
from secondchance.resources import resource_path


def names(text: str, **kw: object) -> list[str]:
    return [f.name for f in scan_job_description(text, **kw)]  # type: ignore[arg-type]


def finding(text: str, name: str) -> Finding:
    found = {f.name: f for f in scan_job_description(text)}
    assert name in found, f"{name} not found in {text!r}: {sorted(found)}"
    return found[name]


# --- the vocabulary file -----------------------------------------------------------------


def test_vocabulary_file_is_well_formed() -> None:
    raw = json.loads(resource_path("skills", "vocabulary.json").read_text(encoding="utf-8"))
    assert isinstance(raw["version"], int)
    assert raw["about"].strip()
    vocab = load_vocabulary()
    assert len(vocab.skills) >= 400
    members = {c.name for c in SkillCategory}
    counts = Counter(s.category for s in vocab.skills)
    assert set(counts) == members
    assert all(count >= 50 for count in counts.values()), counts
    for skill in vocab.skills:
        assert 1 <= skill.level <= 5
        assert skill.name == skill.name.strip() and skill.name
        assert set(skill.case_sensitive) <= set(skill.forms), skill.name


def test_no_name_or_alias_belongs_to_two_skills() -> None:
    owner: dict[str, str] = {}
    clashes = []
    for skill in load_vocabulary().skills:
        for form in {fold(f) for f in skill.forms}:
            if form in owner:
                clashes.append((form, owner[form], skill.name))
            owner[form] = skill.name
    assert clashes == []


def test_implied_skills_exist() -> None:
    vocab = load_vocabulary()
    for skill in vocab.skills:
        for implied in skill.implies:
            assert vocab.find(implied) is not None, (skill.name, implied)


def test_every_name_and_alias_is_found_as_its_own_skill() -> None:
    vocab = load_vocabulary()
    failures = []
    for skill in vocab.skills:
        for form in skill.forms:
            found = scan_job_description(f"We use {form} daily.", vocabulary=vocab)
            hit = [f for f in found if f.name == skill.name]
            if not hit or hit[0].matched != form or found[0].name != skill.name:
                failures.append((skill.name, form, [(f.name, f.matched) for f in found]))
    assert failures == []


def test_default_vocabulary_is_cached() -> None:
    assert load_vocabulary() is load_vocabulary()
    vocab = load_vocabulary()
    assert vocab.matcher() is vocab.matcher()


def test_custom_vocabulary_path(tmp_path: Path) -> None:
    path = tmp_path / "v.json"
    path.write_text(
        json.dumps(
            {
                "version": 1,
                "skills": [
                    {"name": "Basket weaving", "category": "industry", "aliases": ["weaving"]},
                    {"name": "Kiln", "category": "technical", "aliases": [], "level": 5},
                ],
            }
        ),
        encoding="utf-8",
    )
    vocab = load_vocabulary(path)
    assert [s.name for s in vocab.skills] == ["Basket weaving", "Kiln"]
    found = scan_job_description("Weaving and a kiln; SQL too.", vocabulary=vocab)
    assert [(f.name, f.category, f.suggested_level) for f in found] == [
        ("Basket weaving", "industry", 3),
        ("Kiln", "technical", 5),
    ]


@pytest.mark.parametrize(
    "content",
    [
        "not json",
        "[]",
        '{"skills": [{"category": "technical"}]}',
        '{"skills": [{"name": "X", "category": "cooking"}]}',
        '{"skills": [{"name": "X", "category": "soft", "level": 9}]}',
        '{"skills": [{"name": "X", "category": "soft", "aliases": "Y"}]}',
        '{"skills": [{"name": "X", "category": "soft", "aliases": [""]}]}',
    ],
)
def test_malformed_vocabulary_is_refused_plainly(tmp_path: Path, content: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(VocabularyError):
        load_vocabulary(path)


def test_missing_vocabulary_file(tmp_path: Path) -> None:
    with pytest.raises(VocabularyError, match="could not be read"):
        load_vocabulary(tmp_path / "nope.json")


# --- matching -----------------------------------------------------------------------------


def test_synonyms_and_abbreviations_map_to_the_canonical_name() -> None:
    found = finding("Experience with Postgres is required.", "PostgreSQL")
    assert found.matched == "Postgres"
    assert finding("Experience with Postgres is required.", "SQL").matched == "Postgres"
    assert names("Deploy on Amazon Web Services and k8s.") == ["AWS", "Kubernetes"]
    assert names("Familiar with Golang.") == ["Go"]
    assert finding("We run MySQL.", "MySQL").name == "MySQL"
    assert "PostgreSQL" not in names("We run MySQL.")


def test_case_insensitive_for_ordinary_words() -> None:
    for text in ("STAKEHOLDER MANAGEMENT", "stakeholder management", "Stakeholder Management"):
        assert names(f"You bring {text}.") == ["Stakeholder management"]
    assert finding("you know PYTHON", "Python").matched == "PYTHON"


def test_flexible_whitespace_and_hyphens_in_multi_word_names() -> None:
    assert names("Strong stakeholder-management skills") == ["Stakeholder management"]
    assert names("strong stakeholder\t  management") == ["Stakeholder management"]
    assert "Data-driven decision making" in names("A data driven mindset")
    assert "Data-driven decision making" in names("A data-driven mindset")
    # A line break is not a space inside a name: the two lines are separate sentences.
    assert "Stakeholder management" not in names("Stakeholder\nManagement")


@pytest.mark.parametrize("between", ["\u2010", "\u2011", "\u00a0", " \u2010 ", "-\u2011"])
def test_unicode_hyphens_and_no_break_spaces_join_a_names_words(between: str) -> None:
    # The patterns read U+2010/U+2011 as "-" (jd_vocabulary.matchable): one character for
    # one, so a hit's place is its place in the text as written.
    text = f"Strong stakeholder{between}management and data{between}driven work."
    assert names(text)[:2] == ["Stakeholder management", "Data-driven decision making"]
    hits = jd._matches(text, load_vocabulary().matcher())
    assert [text[h.start : h.end] for h in hits][:2] == [
        f"stakeholder{between}management",
        f"data{between}driven",
    ]
    # The sentence quotes the text as written (its spaces made plain, as for any text).
    assert finding(text, "Stakeholder management").sentence == text.replace("\u00a0", " ")


def test_punctuation_inside_names() -> None:
    text = "C++, C#, .NET, Node.js, CI/CD and A/B testing."
    assert names(text) == ["C++", "C#", ".NET", "Node.js", "CI/CD", "A/B testing"]
    assert "C" not in names(text)
    assert names("ASP.NET Core") == ["ASP.NET", ".NET"]


def test_words_inside_other_words_do_not_match() -> None:
    assert names("Our research and rigour are remarkable.") == ["Research skills"]
    assert "R" not in names("We need an R&D partner; Roberta leads.")
    assert "Java" not in names("JavaScript developers")
    assert names("JavaScript developers") == ["JavaScript"]
    assert "SQL" not in names("NoSQL stores")
    assert "Excel" not in names("Excellent pay")
    assert names("Excellent pay") == []


def test_single_letters_match_only_as_standalone_tokens() -> None:
    assert "R" in names("R, Python and SQL")
    assert "R" in names("Analyses in R.")
    assert "R" in names("Python/R for modelling")
    assert "R" in names("(R) and SAS")
    assert "R" in names("Skills in R. We also use Python.")
    assert "R" not in names("r is a letter")
    assert "R" not in names("Contact R. Smith for details.")
    assert "R" not in names("R. Smith will call you.")
    assert "C" in names("Firmware in C and Rust.")
    assert "C" not in names("Report to the C-suite and C-level executives.")
    assert "C" not in names("Grade C. Moreover")


def test_short_words_are_case_sensitive() -> None:
    assert names("Services in Go.") == ["Go"]
    assert "Go" not in names("Ready to go to market fast; go live in May.")
    assert "Go" not in names("Go-to-market planning")
    assert "Go-to-market strategy" in names("Go-to-market planning")
    assert "Go" not in names("Go above and beyond. A real go-getter.")
    assert "Go" in names("We use Go to build services.")
    assert "Swift" not in names("a swift response")
    assert "Swift" in names("iOS apps in Swift")
    assert "SAS" in names("SAS or SPSS")
    assert "SAS" not in names("sas")
    assert "Artificial intelligence" not in names("We said ai in lowercase.")


def test_abbreviations_count_in_any_case_unless_they_are_everyday_words() -> None:
    # "sql" and "Sql" are SQL as people write them; "rest", "sap" and "solid" are words, so
    # "REST", "SAP" and "SOLID" count only in capitals (they are listed as case-sensitive).
    assert names("plain sql") == ["SQL"]
    assert names("Sql and Postgres") == ["SQL", "PostgreSQL"]
    assert names("aws and html") == ["AWS", "HTML"]
    assert names("Build REST APIs") == ["REST APIs"]
    assert "REST APIs" not in names("Get some rest.")
    assert names("tree sap, solid ground, the vat") == []
    assert names("SAP and SOLID principles")[:1] == ["SAP"]
    # Two letters stay exact: "it" is not IT, "go" is not Go.
    assert names("it is fine to go") == []


def test_possessive_after_an_abbreviation() -> None:
    assert "AWS" in names("AWS's managed services")


def test_longest_name_wins_where_names_overlap() -> None:
    assert names("Regression testing") == ["Manual testing"]
    assert names("Lean Six Sigma Black Belt") == ["Six Sigma"]
    assert names("T-SQL procedures") == ["T-SQL", "SQL"]


def test_reporting_line_is_not_the_reporting_skill() -> None:
    assert "Reporting" not in names("Reporting to the Head of Data.")
    assert "Reporting" in names("Monthly management reporting.")


# --- findings -----------------------------------------------------------------------------


def test_findings_in_order_of_first_appearance_with_mentions() -> None:
    text = "Tableau daily. SQL too. More SQL, and SQL again. Then Tableau."
    found = scan_job_description(text)
    assert [f.name for f in found] == ["Tableau", "SQL"]
    assert [f.mentions for f in found] == [2, 3]
    assert found[1].matched == "SQL"
    assert found[1].sentence == "SQL too."


def test_sentence_is_the_sentence_of_the_first_mention() -> None:
    text = (
        "About us\nWe are a clinic group. You'll write SQL every day, e.g. reports.\n"
        "- Build dashboards in Tableau\n  for managers.\n* Strong  Python"
    )
    found = {f.name: f for f in scan_job_description(text)}
    assert found["SQL"].sentence == "You'll write SQL every day, e.g. reports."
    assert found["Tableau"].sentence == "Build dashboards in Tableau for managers."
    assert found["Python"].sentence == "Strong Python"


def test_wrapped_lines_join_into_one_sentence() -> None:
    found = finding(
        "You'll work with\nstakeholders on wait times.\nNext line.", "Stakeholder management"
    )
    assert found.sentence == "You'll work with stakeholders on wait times."


def test_long_sentences_are_trimmed_around_the_match() -> None:
    text = ("word " * 200) + "Kubernetes " + ("more " * 200) + "."
    found = finding(text, "Kubernetes")
    assert len(found.sentence) <= jd.SENTENCE_LIMIT
    assert found.sentence.startswith("…") and found.sentence.endswith("…")
    assert "Kubernetes" in found.sentence
    assert "  " not in found.sentence
    # cut at spaces: no half words next to the ellipses
    assert found.sentence[1:].startswith("word ") and found.sentence[:-1].endswith("more")


def test_trimming_near_the_start_keeps_the_beginning() -> None:
    text = "Kubernetes " + ("more " * 200)
    found = finding(text, "Kubernetes")
    assert found.sentence.startswith("Kubernetes more")
    assert found.sentence.endswith("…")
    assert len(found.sentence) <= jd.SENTENCE_LIMIT


def test_already_tracked_by_name_alias_case_and_accents() -> None:
    found = {
        f.name: f
        for f in scan_job_description(
            "SQL, Postgres, stakeholder management, Tableau and Kubernetes.",
            existing=["sql", "POSTGRES", "Stakeholder-Management", "K8s", "  ", ""],
        )
    }
    assert found["SQL"].already_tracked
    assert found["PostgreSQL"].already_tracked
    assert found["Stakeholder management"].already_tracked
    assert found["Kubernetes"].already_tracked
    assert not found["Tableau"].already_tracked
    accented = jd.Vocabulary(skills=(VocabularySkill("Résumé writing", "soft", ("CV",)),))
    hit = scan_job_description("Résumé writing", existing=["resume WRITING"], vocabulary=accented)
    assert hit[0].already_tracked


def test_existing_may_be_any_iterable() -> None:
    found = scan_job_description("SQL", existing=(n for n in ["SQL"]))
    assert found[0].already_tracked


def test_empty_and_skill_free_text() -> None:
    assert scan_job_description("") == []
    assert scan_job_description("   \n\n  ") == []
    assert scan_job_description("The quick brown fox jumps over the lazy dog.") == []


# --- suggested level ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "skill", "level"),
    [
        ("Expert in SQL.", "SQL", 4),
        ("Advanced Excel skills.", "Excel", 4),
        ("Deep knowledge of Kubernetes.", "Kubernetes", 4),
        ("Strong SQL; Python is a plus.", "SQL", 4),
        ("Strong SQL; Python is a plus.", "Python", 2),
        ("Strong SQL, Python a plus", "Python", 2),
        ("Extensive experience with Terraform.", "Terraform", 4),
        ("Senior-level Java engineering.", "Java", 4),
        ("Familiarity with Docker.", "Docker", 2),
        ("Exposure to Airflow would help.", "Airflow", 2),
        ("Tableau is nice to have.", "Tableau", 2),
        ("dbt is a bonus.", "dbt", 2),
        ("Experience with Looker.", "Looker", 3),
        ("Healthcare data is a strong plus.", "Healthcare data", 3),
        ("Clear communication with senior stakeholders.", "Stakeholder management", 3),
    ],
)
def test_suggested_level_from_words_near_the_mention(text: str, skill: str, level: int) -> None:
    assert finding(text, skill).suggested_level == level


def test_cue_words_inside_skill_names_are_not_cues() -> None:
    assert finding("SQL and deep learning", "SQL").suggested_level == 3
    assert finding("Visual Basic and SQL", "SQL").suggested_level == 3


def test_cue_far_away_does_not_count() -> None:
    text = (
        "Strong " + "collaboration with colleagues across the whole business, " * 3 + "and Looker."
    )
    assert finding(text, "Looker").suggested_level == 3


def test_a_nice_to_have_heading_governs_its_bullets() -> None:
    text = (
        "Requirements\n- SQL\n- Python\n\nNice to have:\n- Docker\n- Kubernetes\n"
        "About us\nWe use Jira."
    )
    levels = {f.name: f.suggested_level for f in scan_job_description(text)}
    assert levels == {"SQL": 3, "Python": 3, "Docker": 2, "Kubernetes": 2, "Jira": 3}


def test_one_emphatic_mention_raises_the_level_and_plus_lowers_only_when_unanimous() -> None:
    assert finding("Use SQL. Expert SQL.", "SQL").suggested_level == 4
    assert finding("Use SQL. SQL is a plus.", "SQL").suggested_level == 3
    assert finding("SQL is a plus. Also SQL, a bonus.", "SQL").suggested_level == 2


def test_entry_level_is_the_default_and_cues_keep_it_in_range() -> None:
    vocab = Vocabulary(
        skills=(
            VocabularySkill("Kiln", "technical", (), level=5),
            VocabularySkill("Glaze", "technical", (), level=1),
        )
    )
    found = {
        f.name: f.suggested_level for f in scan_job_description("Kiln, glaze.", vocabulary=vocab)
    }
    assert found == {"Kiln": 5, "Glaze": 1}
    found = {
        f.name: f.suggested_level
        for f in scan_job_description("Expert glaze. Kiln is a plus.", vocabulary=vocab)
    }
    assert found == {"Glaze": 4, "Kiln": 2}


# --- the sample posting and large input ---------------------------------------------------


def test_sample_job_description() -> None:
    target = story_document(dt.date(2026, 3, 31))["tables"]["target"][0]
    found = {f.name: f for f in scan_job_description(target["job_description"], existing=["SQL"])}
    for expected in ("SQL", "Tableau", "Python", "pandas", "Stakeholder management", "Dashboards"):
        assert expected in found
    assert found["SQL"].suggested_level == 4
    assert found["SQL"].already_tracked
    # "window functions" stands for SQL too
    assert found["SQL"].mentions == 3
    assert found["Python"].suggested_level == 2
    assert found["Tableau"].sentence == "Build clear dashboards in Tableau for clinic managers."
    assert all(1 <= f.suggested_level <= 5 for f in found.values())
    assert all(f.category in {c.name for c in SkillCategory} for f in found.values())


def test_a_megabyte_of_text_completes_with_sane_results() -> None:
    line = "Strong SQL and R, Python a plus; dashboards in Tableau. "
    text = line * (1_000_000 // len(line))
    found = {f.name: f for f in scan_job_description(text)}
    count = 1_000_000 // len(line)
    assert found["SQL"].mentions == count
    assert found["R"].mentions == count
    assert found["Python"].suggested_level == 2
    assert len(found["SQL"].sentence) <= jd.SENTENCE_LIMIT


def test_a_megabyte_without_sentence_breaks() -> None:
    text = "skills in R and Python " * 45_000
    found = scan_job_description(text)
    assert [(f.name, f.mentions) for f in found] == [("R", 45_000), ("Python", 45_000)]
    assert all(len(f.sentence) <= jd.SENTENCE_LIMIT for f in found)


def test_pathological_inputs_do_not_hang() -> None:
    assert scan_job_description("a" * 1_000_000) == []
    assert scan_job_description(" \n" * 300_000) == []
    assert scan_job_description("-" * 300_000 + "SQL")[0].name == "SQL"
    assert scan_job_description(". " * 300_000 + "SQL")[0].name == "SQL"


def test_windows_line_endings_and_unicode_text() -> None:
    text = (
        "Requirements\r\n- Strong SQL\r\n- Python’s ecosystem\r\n- Pythonic code\r\nZürich office"
    )
    found = {f.name: f for f in scan_job_description(text)}
    assert list(found) == ["SQL", "Python"]
    assert found["SQL"].sentence == "Strong SQL"
    assert found["SQL"].suggested_level == 4
    assert found["Python"].mentions == 1
    decomposed = "Re\u0301sume\u0301 writing"  # NFD, as some editors paste it
    vocab = Vocabulary(skills=(VocabularySkill("Résumé writing", "soft", ()),))
    assert [f.name for f in scan_job_description(decomposed, vocabulary=vocab)] == [
        "Résumé writing"
    ]


def test_standalone_rule_without_the_vocabulary_exclusions() -> None:
    vocab = Vocabulary(skills=(VocabularySkill("R", "technical", ()),))

    def found(text: str) -> bool:
        return bool(scan_job_description(text, vocabulary=vocab))

    for glued in ("R&D", "R.NET", "R#", "R+", "x.R", "R'x", "@R", "Rs", "AR"):
        assert not found(glued), glued
    for standalone in ("R", "R, Python", "in R.", "(R)", "R/Python", "R's packages", "R-based"):
        assert found(standalone), standalone


# --- sections and the reach of a cue ---------------------------------------------------


def test_skills_under_compensation_and_benefits_are_not_asked_for() -> None:
    text = (
        "What we're looking for\n- SQL\n- Stakeholder management\n\n"
        "Compensation and benefits\nPension, mental health support and a Python learning "
        "budget.\nPrivate health care.\n\nHow we work\n- Agile teams"
    )
    found = names(text)
    assert "SQL" in found and "Stakeholder management" in found
    assert "Mental health" not in found and "Python" not in found
    assert "Agile" in found  # a heading of its own ends the section about pay
    # A "Benefits:" label governs its own line only.
    assert names("Benefits: mental health days.\nMental health services experience.") == [
        "Mental health"
    ]


def test_a_word_after_a_list_speaks_of_the_skill_before_it_only() -> None:
    text = "Experience with SQL, Tableau and Python required, Epic preferred."
    found = {f.name: f for f in scan_job_description(text)}
    assert found["Epic Systems"].suggested_level == 2
    assert not found["Epic Systems"].must_have
    for name in ("SQL", "Tableau", "Python"):
        assert found[name].suggested_level == 3, name
        assert found[name].must_have, name
    # Without a comma the list goes on: both are extras.
    both = {f.name: f for f in scan_job_description("Python or R preferred.")}
    assert not both["Python"].must_have and not both["R"].must_have
    # A parenthesis is no break in the list.
    text = "Healthcare data (claims, encounters, quality metrics) is a strong plus."
    assert not finding(text, "Healthcare data").must_have


def test_must_have_and_nice_to_have_from_the_sections() -> None:
    text = "Requirements\n- SQL\n- Python\n\nNice to have:\n- Docker\n"
    found = {f.name: f.must_have for f in scan_job_description(text)}
    assert found == {"SQL": True, "Python": True, "Docker": False}
    assert finding("Strong SQL; Python is a plus.", "SQL").must_have
    assert not finding("Strong SQL; Python is a plus.", "Python").must_have


def test_skill_mentions_in_a_resume() -> None:
    from secondchance.core.services.jd_scanner import skill_mentions

    found = skill_mentions("Skills\nsql, Python (pandas), Tableau; SQL again")
    assert found == {"SQL": 2, "Python": 1, "pandas": 1, "Tableau": 1}
