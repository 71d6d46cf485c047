"""vCards in and out: the shapes Google, Apple and Outlook write (files in vcards/), merging
with the contacts already there, bad input, and export read back."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
import vobject

from secondchance.core.db import Database
from secondchance.core.interop import vcard_import as vi
from secondchance.core.interop.vcard import VCardError, read_vcards, to_vcard
from secondchance.core.services import field_names as F
from secondchance.core.services import records

HERE = Path(__file__).resolve().parent / "vcards"


def _read(name: str) -> list:
    result = read_vcards((HERE / name).read_bytes())
    assert result.problems == []
    return result.cards


def test_google_contacts_3_0() -> None:
    dana, sam = _read("google_contacts_3.0.vcf")
    assert dana.name == "Dana Whitfield"
    assert dana.emails == ("dana.whitfield@northwind.example", "dana.w@mail.example")
    assert dana.phones == ("+1 555-0100", "+1 555-0101")
    assert (dana.company, dana.units) == ("Northwind Health", ("Analytics", "Data Platform"))
    assert dana.title == "Analytics Manager"
    assert dana.linkedin == "https://www.linkedin.com/in/danawhitfield"  # "\:" unescaped
    assert dana.urls == ("https://dana.example/blog",)
    assert dana.note == "Met at the Boston data meetup.\nAsked about the analytics team, and SQL."
    assert dana.tags == ("Networking", "Northwind")  # Google's own "myContacts" left out
    assert sam.emails == ("sam.ortiz@contoso.example",) and sam.tags == ()


def test_apple_contacts_3_0_grouped_pref_and_non_latin() -> None:
    zoe, zhang = _read("apple_contacts_3.0.vcf")
    assert zoe.name == "Zoë Łukasiewicz"
    # item1.EMAIL is marked type=pref, so it comes first whatever the order in the card.
    assert zoe.emails == ("zoe@fabrikam.example", "recruiting@fabrikam.example")
    assert zoe.linkedin == "https://www.linkedin.com/in/zoeluk"  # X-SOCIALPROFILE
    assert zoe.company == "Fabrikam" and zoe.units == ()
    assert (zhang.name, zhang.company) == ("张伟", "北风医疗")
    assert zhang.line == 201  # the inline photo's 190-odd folded lines came before it


def test_outlook_2_1_quoted_printable_charset_and_soft_breaks() -> None:
    [juergen] = _read("outlook_2.1.vcf")
    assert juergen.name == "Jürgen Müller"  # QUOTED-PRINTABLE in Windows-1252
    assert juergen.phones == ("+49 30 1234567", "+49 170 1234567")
    assert juergen.emails == ("juergen.mueller@contoso.example",)
    assert (juergen.company, juergen.units) == ("Contoso", ("Research",))
    assert (
        juergen.note == "Spoke after the final round.\nHe said: revisit in six months — café chat."
    )


def test_vcard_4_0_pref_tel_uri_and_rtl_name() -> None:
    [laila] = _read("vcard_4.0.vcf")
    assert laila.name == "ليلى حداد"
    assert laila.emails == ("laila@fabrikam.example", "laila.home@example.org")  # PREF=1
    assert laila.phones == ("+1-555-555-0199",)  # tel: URI
    assert laila.note == "First line\nSecond line; with semicolon, comma"


def test_every_shape_imports_with_counts_and_fields(db: Database) -> None:
    cards = []
    for name in sorted(p.name for p in HERE.glob("*.vcf")):
        cards += read_vcards((HERE / name).read_bytes()).cards
    plan = vi.plan_import(db, vi.ReadResult(cards, []))
    assert (plan.count(vi.NEW), plan.count(vi.MERGE), len(plan.problems)) == (6, 0, 0)
    outcome = vi.apply_plan(db, plan)
    assert (outcome.new, outcome.merged, outcome.skipped) == (6, 0, 0)
    assert outcome.backup is not None and outcome.backup.is_file()
    by_name = {r.title: r.values for r in records.list_records(db, "contact")}
    dana = by_name["Dana Whitfield"]
    assert dana[F.contact.email] == "dana.whitfield@northwind.example"
    assert dana[F.contact.phone] == "+1 555-0100"
    assert dana[F.contact.company] == "Northwind Health"
    assert dana[F.contact.linkedin_url] == "https://www.linkedin.com/in/danawhitfield"
    assert dana[F.contact.tags] == "Networking, Northwind"
    notes = dana[F.contact.notes]
    assert notes.startswith("Met at the Boston data meetup.\nAsked about")
    for line in (
        "Department: Analytics / Data Platform",
        "Other e-mail: dana.w@mail.example",
        "Other phone: +1 555-0101",
        "Web: https://dana.example/blog",
    ):
        assert line in notes
    assert by_name["张伟"][F.contact.company] == "北风医疗"
    assert by_name["ليلى حداد"][F.contact.title] == "Analyst"
    assert by_name["Jürgen Müller"][F.contact.email] == "juergen.mueller@contoso.example"


def test_merge_by_email_then_by_name(db: Database) -> None:
    dana = records.create_record(
        db,
        "contact",
        {"name": "Dana W.", "email": "DANA.WHITFIELD@northwind.example", "notes": "Mentor"},
    ).id
    sam = records.create_record(db, "contact", {"name": "sam  ortiz", "phone": "+1 555"}).id
    cards = read_vcards((HERE / "google_contacts_3.0.vcf").read_bytes()).cards
    plan = vi.plan_import(db, vi.ReadResult(cards, []))
    first, second = plan.entries
    assert (first.action, first.contact_id, first.reason) == (vi.MERGE, dana, "same e-mail")
    assert "company Northwind Health" in first.adds
    assert "name" not in first.values and "email" not in first.values  # never overwritten
    assert (second.action, second.contact_id, second.reason) == (vi.ASK, sam, "same name")
    # The person said yes to the name match: one merge, nothing new.
    outcome = vi.apply_plan(db, plan, merge_by_name=[1])
    assert (outcome.new, outcome.merged, outcome.skipped) == (0, 2, 0)
    merged = records.get_record(db, "contact", dana).values
    assert merged[F.contact.name] == "Dana W."
    assert merged[F.contact.notes].startswith("Mentor\nMet at the Boston")
    assert records.get_record(db, "contact", sam).values[F.contact.email] == (
        "sam.ortiz@contoso.example"
    )
    # The same file again brings nothing new: every card is skipped.
    again = vi.plan_import(db, vi.ReadResult(cards, []))
    assert [e.action for e in again.entries] == [vi.SKIP, vi.SKIP]


def test_the_command_line_merges_by_email_only(db: Database, tmp_path: Path) -> None:
    records.create_record(db, "contact", {"name": "Sam Ortiz"})
    outcome = vi.import_file(db, HERE / "google_contacts_3.0.vcf")
    assert (outcome.new, outcome.merged, outcome.skipped) == (2, 0, 0)
    outcome = vi.import_file(db, HERE / "google_contacts_3.0.vcf")
    assert (outcome.new, outcome.merged, outcome.skipped) == (0, 0, 2)


def test_cards_sharing_an_email_in_one_file_become_one_contact(db: Database) -> None:
    text = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ann Lee\nEMAIL:ann@x.example\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ann Lee\nEMAIL:ANN@x.example\nTEL:+1 2\nEND:VCARD\n"
    )
    plan = vi.plan_import(db, read_vcards(text.encode()))
    [entry] = plan.entries
    assert entry.cards == 2 and entry.values["phone"] == "+1 2"


def test_bad_cards_are_listed_by_line_and_the_good_ones_import(db: Database) -> None:
    photo = base64.b64encode(b"\xff" * (5 * 1024 * 1024)).decode()
    folded = "\r\n ".join(photo[i : i + 74] for i in range(0, len(photo), 74))
    text = "\r\n".join(
        [
            "BEGIN:VCARD",
            "VERSION:3.0",
            "FN:Good One",
            "EMAIL:one@x.example",
            "END:VCARD",
            "BEGIN:VCARD",
            "VERSION:3.0",
            "EMAIL:nameless@x.example",
            "END:VCARD",
            "BEGIN:VCARD",
            "VERSION:5.0",
            "FN:Future",
            "END:VCARD",
            "BEGIN:VCARD",
            "VERSION:2.1",
            "FN;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:Bad=C3",
            "END:VCARD",
            "BEGIN:VCARD",
            "VERSION:3.0",
            "FN:With Photo",
            f"PHOTO;ENCODING=b:{folded}",
            "END:VCARD",
            "BEGIN:VCARD",
            "VERSION:3.0",
            "FN:Garbled",
            "this line is not a property",
            "END:VCARD",
            "BEGIN:VCARD",
            "VERSION:3.0",
            "FN:" + "L" * 300,
            "END:VCARD",
            "BEGIN:VCARD",
            "VERSION:3.0",
            "FN:Good Two",
            "EMAIL:not-an-address",
            "END:VCARD",
        ]
    )
    read = read_vcards(text.encode())
    assert [c.name for c in read.cards][:2] == ["Good One", "With Photo"]
    problems = {p.line: p.message for p in read.problems}
    assert "no name" in problems[6]
    assert "VERSION:5.0" in problems[10]
    assert "quoted-printable" in problems[14]
    assert problems[len(text[: text.index("this line")].splitlines()) + 1] == (
        "a line that is not vCard was left out of this card"
    )
    assert str(read.problems[0]).startswith("Line 6: ")
    assert [c.name for c in read.cards][2] == "Garbled"  # the card itself is kept
    outcome = vi.apply_plan(db, vi.plan_import(db, read))
    assert outcome.new == 5
    by_name = {r.title[:5]: r.values for r in records.list_records(db, "contact")}
    assert len(by_name["LLLLL"][F.contact.name]) == 200  # long names are cut, not refused
    assert by_name["Good "] is not None
    two = next(r for r in records.list_records(db, "contact") if r.title == "Good Two")
    assert two.values[F.contact.email] is None
    assert "Other e-mail: not-an-address" in two.values[F.contact.notes]


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b'{"format": "secondchance-workspace"}', "not a vCard file"),
        (b"", "empty"),
        (b"\n\n  \n", "empty"),
    ],
)
def test_a_file_that_is_not_a_vcard(data: bytes, words: str) -> None:
    with pytest.raises(VCardError, match=words):
        read_vcards(data)


def test_ten_thousand_cards_with_progress(db: Database) -> None:
    text = "".join(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {i}\r\nEMAIL:p{i}@x.example\r\nEND:VCARD\r\n"
        for i in range(10_000)
    )
    seen: list[tuple[int, int]] = []
    read = read_vcards(text.encode(), progress=lambda done, total: seen.append((done, total)))
    assert len(read.cards) == 10_000 and seen[-1] == (10_000, 10_000) and len(seen) > 10
    outcome = vi.apply_plan(db, vi.plan_import(db, read))
    assert outcome.new == 10_000
    assert len(records.list_records(db, "contact")) == 10_000


def test_a_failed_import_changes_nothing(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    read = read_vcards((HERE / "google_contacts_3.0.vcf").read_bytes())
    plan = vi.plan_import(db, read)
    plan.entries[1].values["email"] = "broken"  # as if the data changed under the plan
    with pytest.raises(ValueError):
        vi.apply_plan(db, plan)
    assert records.list_records(db, "contact") == []


# --- export ---------------------------------------------------------------------------------


@pytest.mark.parametrize("version", ["4.0", "3.0"])
def test_export_reads_back_with_non_latin_names(db: Database, tmp_path: Path, version: str) -> None:
    ids = [
        records.create_record(
            db,
            "contact",
            {
                "name": "ليلى حداد",
                "email": "laila@fabrikam.example",
                "phone": "+1 555 0199",
                "company": "Fabrikam; People",
                "title": "Analyst",
                "linkedin_url": "https://www.linkedin.com/in/laila",
                "tags": "mentor, data",
                "notes": "Line one\nLine two, with comma; and semicolon",
            },
        ).id,
        records.create_record(db, "contact", {"name": "张伟"}).id,
        records.create_record(db, "contact", {"name": "Not Exported"}).id,
    ]
    out = tmp_path / "contacts.vcf"
    assert vi.export_contacts(db, out, ids[:2], version) == 2
    raw = out.read_bytes()
    assert b"\r\n" in raw and raw.decode("utf-8")
    first, second = read_vcards(raw).cards
    assert first.name == "ليلى حداد"
    assert first.emails == ("laila@fabrikam.example",) and first.phones == ("+1 555 0199",)
    assert first.company == "Fabrikam; People" and first.title == "Analyst"
    assert first.linkedin == "https://www.linkedin.com/in/laila"
    assert first.tags == ("mentor", "data")
    assert first.note == "Line one\nLine two, with comma; and semicolon"
    assert second.name == "张伟"
    # The same contact gets the same UID in every export; every card has N and VERSION.
    again = tmp_path / "again.vcf"
    vi.export_contacts(db, again, None, version)
    uids = [c.uid.value for c in vobject.readComponents(out.read_text(encoding="utf-8"))]
    uids_again = [c.uid.value for c in vobject.readComponents(again.read_text(encoding="utf-8"))]
    assert uids == uids_again[:2] and len(set(uids_again)) == 3
    for component in vobject.readComponents(raw.decode("utf-8")):
        assert component.version.value == version
        assert component.n.value is not None
    if version == "3.0":
        assert "FN;CHARSET=UTF-8:" in raw.decode("utf-8")
        assert "EMAIL;TYPE=INTERNET:" in raw.decode("utf-8")


def test_export_to_an_unwritable_place_says_so(db: Database, tmp_path: Path) -> None:
    records.create_record(db, "contact", {"name": "Ann"})
    with pytest.raises(OSError):
        vi.export_contacts(db, tmp_path / "missing" / "x.vcf")


def test_to_vcard_refuses_an_unknown_version() -> None:
    with pytest.raises(ValueError, match=r"4\.0 or 3\.0"):
        to_vcard([], "2.1")
