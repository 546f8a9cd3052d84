"""The loop a team runs: `build` from official-format files, edit the workbook (openpyxl, as
Excel would save it; LibreOffice), `officefiches deck` on it, and the deck says what the team
decided; bad workbooks refused with the right exit code; a rebuild keeps the team's work."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from officefiches.cli import main
from officefiches.formatting import meur, typographie
from officefiches.options import BuildOptions
from officefiches.run.build import Reporter, run_build
from officefiches.writers.xlsx import bookmeta
from tests import factories, officialfiles
from tests.decks import shown, slide_titled

DEPARTMENTS = ("18", "36", "45", "28")
BALANCE = "Balance commerciale territoriale"
SHORT = "Voisin n°1"
MESSAGE = "Le Cher vend d'abord à ses voisins européens : à défendre au comité."
SHOWN = typographie(MESSAGE)  # as the deck prints it (’, no-break space before « : »)


class Collect(Reporter):
    def __init__(self):
        self.messages, self.notes = [], []

    def warn(self, message):
        self.messages.append(message)

    def info(self, message):
        self.notes.append(message)


@pytest.fixture(scope="module")
def frame():
    return pd.concat(
        [
            factories.lines(seed=11, n=2500, departments=DEPARTMENTS, year=2023),
            factories.lines(seed=12, n=2500, departments=DEPARTMENTS),
        ],
        ignore_index=True,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory, frame):
    """Cher built from official-format files (both years): the output folder."""
    folder = tmp_path_factory.mktemp("douanes")
    for year in (2023, 2024):
        officialfiles.annual_dir(frame, folder, year)
    out = tmp_path_factory.mktemp("out")
    options = BuildOptions(departments=("18",), data=(folder,), out=out, jobs=1)
    report = run_build(options, Collect())
    assert report.ok, report.failures
    return out


def workbook_of(out: Path) -> Path:
    return out / "2024" / "centre-val-de-loire" / "18-cher.xlsx"


@pytest.fixture
def copy(tmp_path, built):
    """A copy of the built output folder (manifest included): the workbook in it."""
    out = tmp_path / "out"
    shutil.copytree(built, out)
    return workbook_of(out)


def deck(*args, code: int = 0):
    result = factories.cli_runner().invoke(main, ["deck", *map(str, args)])
    assert result.exit_code == code, (result.output, result.stderr)
    return result


def exports_of(frame, country=None) -> int:
    rows = frame[(frame["annee"] == 2024) & (frame["departement"] == "18") & (frame["flux"] == "E")]
    if country is not None:
        rows = rows[rows["pays"] == country]
    return int(rows["valeur"].sum())


def top_export_partner(frame) -> str:
    """The Cher's largest destination but China (whose exports the team zeroes)."""
    rows = frame[(frame["annee"] == 2024) & (frame["departement"] == "18") & (frame["flux"] == "E")]
    sums = rows[rows["pays"] != "CN"].groupby("pays")["valeur"].sum()
    return str(sums.sort_values(ascending=False).index[0])


def table_rows(sheet, name: str):
    """The header and the data rows (cells) of a Table of an openpyxl sheet."""
    table = sheet.tables[name]
    rows = list(sheet[table.ref])
    return [c.value for c in rows[0]], rows[1:]


def edit_like_a_team(path: Path, frame, china="zero") -> None:
    """In « Libellés » a short label for the top export partner, in « Messages » a message for
    the balance slide, in « Données » the exports to China set to 0 (or the rows deleted)."""
    book = load_workbook(path)
    header, rows = table_rows(book["Libellés"], bookmeta.TABLE_LABELS)
    row = next(r for r in rows if r[header.index("Code")].value == top_export_partner(frame))
    row[header.index("Libellé court")].value = SHORT
    header, rows = table_rows(book["Messages"], bookmeta.TABLE_MESSAGES)
    row = next(r for r in rows if r[header.index("Diapositive")].value == BALANCE)
    row[header.index("Message")].value = MESSAGE
    sheet = book["Données"]
    header, rows = table_rows(sheet, bookmeta.TABLE_LINES)
    chinese = [
        r
        for r in rows
        if r[header.index("Flux")].value == "Export" and r[header.index("Code pays")].value == "CN"
    ]
    assert chinese, "the fixture has exports to China"
    if china == "zero":
        for r in chinese:
            r[header.index("Valeur (€)")].value = 0
    else:  # deleted, the Table shrunk as Excel does (or left as it was: rows left empty)
        for r in sorted(chinese, key=lambda r: -r[0].row):
            sheet.delete_rows(r[0].row)
        if china == "delete":
            table = sheet.tables[bookmeta.TABLE_LINES]
            first, last = table.ref.split(":")
            column = "".join(ch for ch in last if ch.isalpha())
            end = int("".join(ch for ch in last if ch.isdigit())) - len(chinese)
            table.ref = f"{first}:{column}{end}"
            table.autoFilter.ref = table.ref
    book.save(path)


def check_team_deck(pptx: Path, frame) -> None:
    slides = shown(pptx)
    balance = slide_titled(slides, BALANCE)
    assert SHOWN in balance.text
    assert balance.notes.startswith(SHOWN)
    categories = [c for chart in balance.charts for c in chart[0]]
    assert SHORT in categories
    exports = slide_titled(slides, "Exportations : Cher")
    expected = meur(exports_of(frame) - exports_of(frame, "CN"))
    assert typographie(f"Total des exportations : {expected} millions d'euros") in exports.text
    assert meur(exports_of(frame)) != expected  # China's exports were there


def test_unedited_workbook_gives_the_builds_deck(tmp_path, built):
    """Same figures, texts, charts, tables and notes as the deck `build` wrote."""
    deck(workbook_of(built), "--out", tmp_path)
    ours, builds = shown(tmp_path / "18-cher.pptx"), shown(workbook_of(built).with_suffix(".pptx"))
    assert [s.title for s in ours] == [s.title for s in builds]
    for mine, theirs in zip(ours, builds, strict=True):
        assert mine.texts == theirs.texts, mine.title
        assert mine.charts == theirs.charts, mine.title
        assert mine.tables == theirs.tables, mine.title
        assert mine.notes == theirs.notes, mine.title


def test_team_edits_reach_the_deck(copy, frame):
    """The loop of issue 13: short label, message, China's exports zeroed."""
    edit_like_a_team(copy, frame)
    result = deck(copy)
    assert str(copy.with_suffix(".pptx")) in result.output
    check_team_deck(copy.with_suffix(".pptx"), frame)


@pytest.mark.parametrize("how", ["delete", "delete-no-resize"])
def test_rows_deleted_from_the_data_table(copy, frame, how):
    edit_like_a_team(copy, frame, china=how)
    deck(copy)
    check_team_deck(copy.with_suffix(".pptx"), frame)


def test_workbook_saved_by_libreoffice(tmp_path, copy, frame):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip(
            "LibreOffice (soffice) absent : le classeur enregistré par LibreOffice n'est pas testé"
        )
    edit_like_a_team(copy, frame)
    converted = tmp_path / "libreoffice"
    profile = (tmp_path / "profil").as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "xlsx",
         "--outdir", str(converted), str(copy)],
        capture_output=True, check=True, timeout=180,
    )  # fmt: skip
    saved = converted / copy.name
    deck(saved)
    check_team_deck(saved.with_suffix(".pptx"), frame)
    deck(copy)
    assert [s.texts for s in shown(saved.with_suffix(".pptx"))] == [
        s.texts for s in shown(copy.with_suffix(".pptx"))
    ]


def test_numbers_typed_as_text_are_read_with_one_warning(copy):
    """« 1 000 » (no-break space), « 1 000,4 » (narrow no-break space, decimal comma): read as
    numbers, one warning for them, one for the rounded euros."""
    book = load_workbook(copy)
    header, rows = table_rows(book["Données"], bookmeta.TABLE_LINES)
    value = header.index("Valeur (€)")
    exports = [r for r in rows if r[header.index("Flux")].value == "Export"]
    typed = ("1\u00a0000", "1\u202f000,4", " 2 500 ")
    for row, text in zip(exports, typed, strict=False):
        row[value].value = text
    expected = 1000 + 1000 + 2500 + sum(r[value].value for r in exports[len(typed) :])
    book.save(copy)
    result = deck(copy)
    assert result.stderr.count("saisi(s) comme du texte") == 1
    assert result.stderr.count("arrondi(s) à l'euro") == 1
    exports_slide = slide_titled(shown(copy.with_suffix(".pptx")), "Exportations : Cher")
    assert typographie(f"Total des exportations : {meur(expected)} millions d'euros") in (
        exports_slide.text
    )


def test_value_that_is_not_a_number_exits_1_naming_sheet_cell_and_text(copy):
    before = copy.with_suffix(".pptx").read_bytes()
    book = load_workbook(copy)
    header, rows = table_rows(book["Données"], bookmeta.TABLE_LINES)
    cell = rows[3][header.index("Valeur (€)")]
    cell.value = "douze mille"
    book.save(copy)
    result = deck(copy, code=1)
    message = result.stderr
    assert "« Données »" in message and cell.coordinate in message and "« douze mille »" in message
    assert "Traceback" not in message
    assert copy.with_suffix(".pptx").read_bytes() == before  # nothing written


def test_workbook_not_written_by_officefiches_exits_2(tmp_path):
    path = tmp_path / "autre.xlsx"
    book = Workbook()
    book.active["A1"] = "Exportations"
    book.save(path)
    result = deck(path, code=2)
    assert "n'a pas été produit par officefiches" in result.stderr
    assert f"« {bookmeta.GENERATOR} »" in result.stderr
    (tmp_path / "texte.xlsx").write_text("pas un classeur")
    assert "pas un classeur Excel" in deck(tmp_path / "texte.xlsx", code=2).stderr


@pytest.mark.parametrize("how", ["renamed", "removed"])
def test_data_table_renamed_or_removed_exits_2_naming_it(copy, how):
    book = load_workbook(copy)
    sheet = book["Données région"]
    if how == "renamed":
        table = sheet.tables[bookmeta.TABLE_REGION]
        table.name = table.displayName = "MaRegion"
        sheet.tables["MaRegion"] = sheet.tables.pop(bookmeta.TABLE_REGION)
    else:
        del sheet.tables[bookmeta.TABLE_REGION]
    book.save(copy)
    result = deck(copy, code=2)
    assert "« Region » (onglet « Données région »)" in result.stderr
    assert "absent ou renommé" in result.stderr


def test_too_long_label_and_message_shortened_with_one_warning(copy, frame):
    long_label = "Le premier client du département, de très loin, depuis des années"
    long_message = " ".join(["Un message bien trop long pour tenir sur trois lignes."] * 12)
    book = load_workbook(copy)
    header, rows = table_rows(book["Libellés"], bookmeta.TABLE_LABELS)
    row = next(r for r in rows if r[header.index("Code")].value == top_export_partner(frame))
    row[header.index("Libellé court")].value = long_label
    header, rows = table_rows(book["Messages"], bookmeta.TABLE_MESSAGES)
    row = next(r for r in rows if r[header.index("Diapositive")].value == BALANCE)
    row[header.index("Message")].value = long_message
    book.save(copy)
    result = deck(copy)
    warnings = [line for line in result.stderr.splitlines() if "trop long" in line]
    assert len(warnings) == 1
    assert long_label in warnings[0] and BALANCE in warnings[0]
    balance = slide_titled(shown(copy.with_suffix(".pptx")), BALANCE)
    assert balance.notes.startswith(typographie(long_message))  # whole in the notes
    assert typographie(long_message) not in balance.text  # shortened on the slide
    assert "…" in balance.text
    assert long_label in balance.notes  # the partner's name in full in the notes


def test_edited_deck_is_kept_unless_force(copy):
    pptx = copy.with_suffix(".pptx")
    pptx.write_bytes(pptx.read_bytes() + b"edited")
    result = deck(copy)  # a kept file is a normal outcome: exit 0
    assert "modifié depuis sa génération" in result.stderr
    assert pptx.read_bytes().endswith(b"edited")
    deck(copy, "--force")
    assert not pptx.read_bytes().endswith(b"edited")


def test_rebuild_carries_the_teams_labels_and_messages(copy, frame):
    """`build` over the edited workbook, even with --force, keeps its short labels and
    messages (and says so); without --force the edited workbook itself is kept."""
    edit_like_a_team(copy, frame)
    out = copy.parents[2]
    data = copy.parents[3] / "douanes"
    for year in (2023, 2024):
        officialfiles.annual_dir(frame, data, year)
    reporter = Collect()
    options = BuildOptions(departments=("18",), data=(data,), out=out, jobs=1, force=True)
    report = run_build(options, reporter)
    assert report.ok
    assert any("repris du classeur existant" in note for note in reporter.notes)
    book = load_workbook(copy)
    header, rows = table_rows(book["Libellés"], bookmeta.TABLE_LABELS)
    shorts = {r[header.index("Code")].value: r[header.index("Libellé court")].value for r in rows}
    assert shorts[top_export_partner(frame)] == SHORT
    header, rows = table_rows(book["Messages"], bookmeta.TABLE_MESSAGES)
    messages = {r[0].value: r[1].value for r in rows}
    assert messages[BALANCE] == MESSAGE
    # the rebuilt workbook's data are the customs' again: China's exports are back
    slides = shown(copy.with_suffix(".pptx"))
    balance = slide_titled(slides, BALANCE)
    assert SHOWN in balance.text and SHORT in [c for ch in balance.charts for c in ch[0]]
    exports = slide_titled(slides, "Exportations : Cher")
    total = f"Total des exportations : {meur(exports_of(frame))} millions d'euros"
    assert typographie(total) in exports.text
