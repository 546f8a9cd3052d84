"""`build --carry-over`: last year's team work (short labels, key messages) carried into this
year's workbook and deck, on workbooks built and then edited by the tests (openpyxl), as a team
would; guard rails on the cells a team types into."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from pptx import Presentation

from officefiches.errors import UsageError
from officefiches.options import BuildOptions
from officefiches.run.build import run_build
from officefiches.run.deck import DeckCommandOptions, run_deck
from officefiches.writers.look import LABEL_MAX_CHARS, MESSAGE_MAX_CHARS
from tests.run.test_rebuild import Collect

LINES = 20_000
CHER = Path("centre-val-de-loire") / "18-cher"
BALANCE = "Balance commerciale territoriale"


def build(out: Path, year: int, **kwargs):
    options = BuildOptions(departments=("18",), out=out, demo_lines=LINES, jobs=1, year=year)
    reporter = Collect()
    report = run_build(BuildOptions(**(options.__dict__ | kwargs)), reporter)
    return report, reporter


def table(path: Path, sheet: str, name: str):
    """(workbook, header cells, body rows) of a Table, for reading or editing it."""
    book = openpyxl.load_workbook(path)
    ws = book[sheet]
    rows = list(ws[ws.tables[name].ref])
    return book, [c.value for c in rows[0]], rows[1:]


def edit_2023(out: Path) -> Path:
    """The 2023 workbook as a team left it: Germany's short name, a key message on the balance
    slide, a short name for a code the 2024 data will not have."""
    path = out / "2023" / f"{CHER}.xlsx"
    book, header, rows = table(path, "Libellés", "Libelles")
    germany = next(r for r in rows if r[0].value == "Pays" and r[1].value == "DE")
    germany[header.index("Libellé court")].value = "RFA"
    ws = book["Libellés"]
    extra = rows[-1][0].row + 1  # a row typed at the end of the Table, its range widened
    for col, value in enumerate(["Pays", "ZZ", "Pays disparu", "", "Disparu"], start=1):
        ws.cell(extra, col, value)
    first, _ = ws.tables["Libelles"].ref.split(":")
    ws.tables["Libelles"].ref = f"{first}:E{extra}"
    messages = book["Messages"]
    for row in list(messages[messages.tables["Messages"].ref])[1:]:
        if row[0].value == BALANCE:
            row[1].value = "En 2023, la balance est portée par l'Allemagne."
    book.save(path)
    return path


def deck_text(path: Path) -> str:
    prs = Presentation(str(path))
    return " ".join(
        shape.text_frame.text for slide in prs.slides for shape in slide.shapes
        if shape.has_text_frame
    )  # fmt: skip


@pytest.fixture(scope="module")
def last_year(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("carry") / "out"
    report, _ = build(out, 2023)
    assert report.ok
    edit_2023(out)
    return out


def test_labels_carried_and_shown_messages_carried_not_shown(tmp_path, last_year):
    out = tmp_path / "out"
    report, reporter = build(out, 2024, carry_over=(last_year / "2023",))
    assert report.ok
    (said,) = report.notes  # said per department in the summary
    assert said.startswith("18-cher.xlsx : 2 libellés courts et 1 message à relire repris du")
    book = out / "2024" / f"{CHER}.xlsx"
    _, header, rows = table(book, "Libellés", "Libelles")
    by_code = {(r[0].value, r[1].value): [c.value for c in r] for r in rows}
    short = header.index("Libellé court")
    assert header[2:5] == ["Libellé officiel", "Nom affiché par défaut", "Libellé court"]
    assert by_code[("Pays", "DE")][short] == "RFA"
    assert "Remarque" in header  # the code the data lack: kept, marked
    assert by_code[("Pays", "ZZ")][short] == "Disparu"
    assert by_code[("Pays", "ZZ")][header.index("Remarque")].startswith("Absent des données 2024")
    assert by_code[("Pays", "DE")][header.index("Remarque")] is None
    _, header, rows = table(book, "Messages", "Messages")
    assert header == ["Diapositive", "Message", "Message de 2023"]
    balance = next(r for r in rows if r[0].value == BALANCE)
    assert balance[1].value is None  # this year's message: for the team to write
    assert balance[2].value == "En 2023, la balance est portée par l'Allemagne."
    deck = deck_text(out / "2024" / f"{CHER}.pptx")
    assert "RFA" in deck and "Allemagne" not in deck  # the short name everywhere
    assert "En 2023, la balance" not in deck  # last year's message is not on the slides


def test_a_message_written_this_year_reaches_the_deck_and_a_rebuild_keeps_both(tmp_path, last_year):
    out = tmp_path / "out"
    assert build(out, 2024, carry_over=(last_year / "2023",))[0].ok
    path = out / "2024" / f"{CHER}.xlsx"
    book, _, rows = table(path, "Messages", "Messages")
    next(r for r in rows if r[0].value == BALANCE)[1].value = "En 2024, la balance recule."
    book.save(path)
    report = run_deck(DeckCommandOptions(workbooks=(path,), jobs=1), Collect())
    assert report.ok
    deck = deck_text(path.with_suffix(".pptx"))
    assert "En 2024, la balance recule." in deck and "En 2023" not in deck
    # a plain rebuild (--force) keeps this year's message and last year's column
    assert build(out, 2024, force=True)[0].ok
    _, header, rows = table(path, "Messages", "Messages")
    balance = next(r for r in rows if r[0].value == BALANCE)
    assert header[-1] == "Message de 2023"
    assert [c.value for c in balance[1:]] == [
        "En 2024, la balance recule.",
        "En 2023, la balance est portée par l'Allemagne.",
    ]


def test_another_departments_workbook_or_the_same_year_is_refused(tmp_path, last_year):
    cher_2023 = last_year / "2023" / f"{CHER}.xlsx"
    out = tmp_path / "out"
    with pytest.raises(UsageError, match=r"classeur du département Cher \(18\) \(2023\)"):
        build(out, 2024, departments=("36",), carry_over=(cher_2023,))
    assert not (out / "2024").exists()  # refused before anything is written
    with pytest.raises(UsageError, match="déjà le classeur de 2023"):
        build(out, 2023, carry_over=(cher_2023,))


def test_a_folder_with_a_bad_workbook_skips_it_and_says_so(tmp_path, last_year):
    folder = tmp_path / "an-dernier"
    shutil.copytree(last_year / "2023", folder)
    (folder / "notes.xlsx").write_bytes(b"not a workbook")
    plain = openpyxl.Workbook()
    plain.save(folder / "tableau-perso.xlsx")
    report, reporter = build(tmp_path / "out", 2024, carry_over=(folder,))
    assert report.ok
    said = "\n".join(reporter.messages)
    assert "notes.xlsx ignoré" in said and "tableau-perso.xlsx ignoré" in said
    _, _, rows = table(tmp_path / "out" / "2024" / f"{CHER}.xlsx", "Libellés", "Libelles")
    assert any(r[4].value == "RFA" for r in rows)


def test_typed_cells_are_bounded_and_officefiches_columns_guarded(tmp_path, last_year):
    book = openpyxl.load_workbook(last_year / "2023" / f"{CHER}.xlsx")
    for sheet, typed, fixed, bound in (
        ("Messages", "B", ("A",), MESSAGE_MAX_CHARS),
        ("Libellés", "E", ("A", "B", "C", "D"), LABEL_MAX_CHARS),
    ):
        rules = book[sheet].data_validations.dataValidation
        length = next(r for r in rules if r.type == "textLength")
        assert str(length.sqref).startswith(typed) and length.formula1 == str(bound)
        assert length.errorStyle == "warning"  # kept if the team insists: `deck` shortens it
        assert str(bound) in length.prompt
        (guarded,) = [r for r in rules if r.type == "custom"]  # typing refused there
        start, end = str(guarded.sqref).split(":")
        assert (start[0], end[0]) == (fixed[0], fixed[-1])
        assert guarded.errorStyle in (None, "stop")  # "stop" is the default


def test_the_message_bound_fits_its_place_on_a_slide():
    """A message as long as the bound holds in the three lines under a 16:9 title; a much
    longer one would not (the bound is the slide's, not a round number)."""
    from officefiches.writers.pptx import layouts, textfit
    from officefiches.writers.pptx.deck import MESSAGE_LINES, MESSAGE_SIZES, WIDE
    from officefiches.writers.pptx.drawing import inches

    width = WIDE[0] - 2 * layouts.MARGIN - inches(0.3)
    words = "Les exportations du département progressent grâce à la pharmacie et aux machines ; "
    text = (words * 10)[:MESSAGE_MAX_CHARS]
    assert len(textfit.wrap(text, MESSAGE_SIZES[-1], width, True)) <= MESSAGE_LINES
    longer = (words * 10)[: MESSAGE_MAX_CHARS * 3 // 2]
    assert len(textfit.wrap(longer, MESSAGE_SIZES[-1], width, True)) > MESSAGE_LINES
