# ruff: noqa: F811 - the fixtures imported below are the tests' arguments
"""A workbook edited as a hostile user would (issue 21): a row of another department, year or
member, a formula saved without its result, a value too large, a sum past 63 bits, a code in
lower case or not a code. Each is refused naming sheet, row and cell (exit 1, no traceback) or
read right; never counted wrong."""

from __future__ import annotations

import zipfile

import pytest
from openpyxl import load_workbook

from officefiches import atomic, geography, writers
from officefiches.errors import DataError
from officefiches.options import BuildOptions
from officefiches.readback import fiche as readback
from officefiches.readback.workbook import OLE
from officefiches.run import jobs
from officefiches.run.build import run_build
from officefiches.writers.xlsx import bookmeta
from tests.readback.test_readback import state  # noqa: F401 - a fixture
from tests.readback.test_workbook_deck import (  # noqa: F401 - fixtures
    built,
    copy,
    deck,
    frame,
    table_rows,
)
from tests.writers.xlsx.test_department import CREATED


def edit_lines(path, edit) -> None:
    """`edit(header, rows)` on the « Données » Table's cells, then saved by openpyxl."""
    book = load_workbook(path)
    header, rows = table_rows(book["Données"], bookmeta.TABLE_LINES)
    edit(header, rows)
    book.save(path)


def refused(path, *expected: str) -> str:
    before = path.with_suffix(".pptx").read_bytes()
    result = deck(path, code=1)
    assert "Traceback" not in result.output
    for text in expected:
        assert text in result.stderr, result.stderr
    assert path.with_suffix(".pptx").read_bytes() == before  # nothing written
    return result.stderr


def test_a_row_of_another_department_is_refused_naming_its_row(copy):
    def edit(header, rows):
        rows[5][header.index("Département")].value = "36"

    edit_lines(copy, edit)
    refused(copy, "« Données »", "ligne 7", "« 36 »", "département 18", "supprimez la ligne")


def test_a_row_of_another_year_is_refused(copy):
    def edit(header, rows):
        rows[2][header.index("Année")].value = 2023

    edit_lines(copy, edit)
    refused(copy, "« Données »", "ligne 4", "année « 2023 »", "celle de 2024")


def test_a_formula_without_its_result_is_refused_not_read_as_0(copy):
    """openpyxl saves a formula without its computed value, as pandas and scripts do."""
    cells = []

    def edit(header, rows):
        cell = rows[3][header.index("Valeur (€)")]
        cell.value = f"={cell.value}+0"
        cells.append(cell.coordinate)

    edit_lines(copy, edit)
    refused(copy, cells[0], "formule enregistrée sans son résultat", "recalculez et enregistrez")


@pytest.mark.parametrize("value", [1e19, 1e300, "99999999999999999999"])
def test_a_value_too_large_is_refused_never_wrapped(copy, value):
    def edit(header, rows):
        rows[1][header.index("Valeur (€)")].value = value

    edit_lines(copy, edit)
    refused(copy, "« Données »", "est trop grand (au plus 9223372036854775807)")


def test_a_sum_past_63_bits_is_refused(copy):
    def edit(header, rows):
        for row in rows[:3]:
            row[header.index("Valeur (€)")].value = 4_000_000_000_000_000_000

    edit_lines(copy, edit)
    refused(copy, "la somme de la colonne « Valeur (€) » dépasse 9223372036854775807")


def test_a_code_in_lower_case_is_the_same_code(copy):
    """« cn » is China's « CN »: the document read is the unedited one, one partner."""
    unedited = readback.read(copy).doc

    def edit(header, rows):
        for row in rows:
            cell = row[header.index("Code pays")]
            cell.value = str(cell.value).lower()

    edit_lines(copy, edit)
    assert readback.read(copy).doc == unedited


def test_a_code_that_is_not_one_is_refused(copy):
    def edit(header, rows):
        rows[0][header.index("Code pays")].value = "C-N"

    edit_lines(copy, edit)
    refused(copy, "« C-N » n'est pas un code")


def test_a_member_outside_the_region_is_refused(tmp_path, state):
    """A synthesis row moved to a department outside the region never vanishes silently."""
    region = geography.find_region("Centre-Val de Loire")
    path = tmp_path / "s.xlsx"
    writers.write_workbook(state.synthesis(region), jobs.synthesis_tables(state, region), path,
                           CREATED)  # fmt: skip
    book = load_workbook(path)
    sheet = next(s for s in book.worksheets if bookmeta.TABLE_MEMBERS in s.tables)
    header, rows = table_rows(sheet, bookmeta.TABLE_MEMBERS)
    rows[0][header.index("Code département")].value = "75"
    book.save(path)
    with pytest.raises(DataError) as error:
        readback.read(path)
    assert "« 75 » n'est pas l'un des membres de la synthèse" in str(error.value)
    assert "ligne 2" in str(error.value)


def test_a_build_after_deck_keeps_the_teams_deck_and_says_so(copy, frame):
    """`build` (no --force) over a team-edited workbook and the deck `deck` made from it: both
    kept, never the deck rewritten from the raw data beside the team's workbook."""
    from tests import officialfiles
    from tests.readback.test_workbook_deck import Collect, check_team_deck, edit_like_a_team

    edit_like_a_team(copy, frame)
    deck(copy)
    teams = copy.with_suffix(".pptx").read_bytes()
    data = copy.parents[3] / "douanes"
    for year in (2023, 2024):
        officialfiles.annual_dir(frame, data, year)
    reporter = Collect()
    options = BuildOptions(departments=("18",), data=(data,), out=copy.parents[2], jobs=1)
    report = run_build(options, reporter)
    assert report.protected == [copy]
    assert copy.with_suffix(".pptx").read_bytes() == teams
    check_team_deck(copy.with_suffix(".pptx"), frame)
    assert any(
        f"présentation conservée : {copy.with_suffix('.pptx')}" in m for m in reporter.messages
    )


def test_deck_leaves_a_teams_look_alike_files_alone(copy):
    names = [".bilan.2023.tmp.ods", ".18-cher.4242.tmp.xlsx", ".notes.tmp"]
    places = [copy.parent, copy.parent / "archives"]
    files = [where / name for where in places for name in names]
    files.append(atomic.temporary_name(copy.parent / "archives" / "x.xlsx"))  # not this run's
    for path in files:
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(b"mine")
    deck(copy)
    assert all(path.read_bytes() == b"mine" for path in files)


# --- every way a workbook can arrive gets its own message (exit 2, no traceback) ------------


def rezipped(source, target, replace: dict[str, bytes]) -> None:
    """`source`'s zip members into `target`, those of `replace` given other bytes."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            new.writestr(item, replace.get(item.filename, old.read(item.filename)))


def ods_like(copy, path):
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")


def xls_like(copy, path):
    path.write_bytes(OLE + b"\0" * 4000)


def encrypted_like(copy, path):
    path.write_bytes(OLE + b"\0" * 500 + "EncryptionInfo".encode("utf-16-le") + b"\0" * 500)


def truncated(copy, path):
    data = copy.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def damaged_sheet(copy, path):
    rezipped(copy, path, {"xl/worksheets/sheet2.xml": b"<worksheet><sheetData><row><c"})


def newer_format(copy, path):
    """Ours, but written by a later officefiches whose layout this one cannot read."""
    with zipfile.ZipFile(copy) as archive:
        custom = archive.read("docProps/custom.xml").decode()
    ours = f'name="{bookmeta.FORMAT}"><vt:i4>{bookmeta.FORMAT_VERSION}</vt:i4>'
    assert ours in custom
    later = ours.replace(f">{bookmeta.FORMAT_VERSION}<", f">{bookmeta.FORMAT_VERSION + 1}<")
    rezipped(copy, path, {"docProps/custom.xml": custom.replace(ours, later).encode()})


def not_ours(copy, path):
    """An Excel workbook of the team's own, not written by officefiches."""
    from openpyxl import Workbook

    other = Workbook()
    other.active["A1"] = "Bilan 2024"
    other.save(path)


@pytest.mark.parametrize(
    ("make", "name", "expected"),
    [
        (ods_like, "fiche.ods", "classeur OpenDocument (.ods"),
        (xls_like, "fiche.xls", "Excel 97-2003 (.xls)"),
        (encrypted_like, "fiche.xlsx", "protégé par un mot de passe"),
        (truncated, "fiche.xlsx", "tronqué ou abîmé"),
        (damaged_sheet, "fiche.xlsx", "est illisible, le classeur est abîmé"),
        (newer_format, "fiche.xlsx", "version plus récente d'officefiches"),
        (not_ours, "fiche.xlsx", "n'a pas été produit par officefiches"),
    ],
)
def test_each_way_a_workbook_arrives_has_its_message(tmp_path, copy, make, name, expected):
    path = tmp_path / name
    make(copy, path)
    result = deck(path, code=2)
    assert expected in result.stderr
    assert "Traceback" not in result.output and "Error" not in result.stderr
    assert not path.with_suffix(".pptx").exists()


def test_a_workbook_saved_as_xlsm_is_read(tmp_path, copy):
    path = tmp_path / "18-cher.xlsm"
    path.write_bytes(copy.read_bytes())
    deck(path)
    assert path.with_suffix(".pptx").is_file()


def test_a_deck_that_could_not_be_written_is_not_counted_nor_listed(copy, monkeypatch):
    """A deck locked (open in PowerPoint on Windows): the rename fails; the run says it and
    lists nothing as written."""
    real = atomic.os.replace

    def locked(source, target):
        if str(target).endswith(".pptx"):
            raise PermissionError(13, "Permission denied", str(target))
        return real(source, target)

    monkeypatch.setattr(atomic.os, "replace", locked)
    result = deck(copy, code=1)
    assert str(copy.with_suffix(".pptx")) not in result.stdout
    assert "écriture impossible" in result.stderr and "Traceback" not in result.output


# --- text that cannot fit is cut where it shows, whole in the notes -------------------------


def test_a_huge_cover_message_is_cut_on_the_cover_whole_in_the_notes(copy):
    from officefiches.formatting import typographie
    from tests.decks import shown

    message = " ".join(f"Phrase {n} d'un message de plusieurs écrans." for n in range(120))
    book = load_workbook(copy)
    header, rows = table_rows(book["Messages"], bookmeta.TABLE_MESSAGES)
    rows[0][header.index("Message")].value = message  # the first slide: the cover
    book.save(copy)
    result = deck(copy)
    assert "trop long" in result.stderr
    cover = shown(copy.with_suffix(".pptx"))[0]
    assert typographie(message) not in cover.text and "…" in cover.text
    assert typographie("Phrase 0 d'un message") in cover.text
    assert cover.notes.startswith(typographie(message))


def test_a_huge_label_is_cut_in_the_covers_sentence_whole_in_the_notes(copy, frame):
    from officefiches.formatting import typographie
    from tests.decks import shown
    from tests.readback.test_workbook_deck import top_export_partner

    label = " ".join(["Partenaire au nom interminable"] * 17)  # 500 characters or so
    book = load_workbook(copy)
    header, rows = table_rows(book["Libellés"], bookmeta.TABLE_LABELS)
    row = next(r for r in rows if r[header.index("Code")].value == top_export_partner(frame))
    row[header.index("Libellé court")].value = label
    book.save(copy)
    deck(copy)
    cover = shown(copy.with_suffix(".pptx"))[0]
    assert typographie(label) not in cover.text
    assert "Partenaire au nom" in cover.text and "…" in cover.text
    assert typographie(label) in cover.notes
