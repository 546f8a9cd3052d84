"""The department workbook, read back with openpyxl (values, tables) and from its chart XML."""

from __future__ import annotations

import re
import zipfile
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd
import pytest
from lxml import etree
from openpyxl import load_workbook

from officefiches import formatting, writers
from officefiches.compute import aggregate
from officefiches.writers.look import display_name
from officefiches.writers.xlsx.tables import VALUE
from tests import factories

CREATED = datetime(2024, 5, 17, 12, 0, 0)
NS = {
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
}


def tables_for(
    frame: pd.DataFrame, department: str = "18", labels=None, previous=None
) -> writers.WorkbookTables:
    """The department's tables, its 'region' and 'France' being the whole frame; `previous`:
    the compared year's lines (the department's are kept)."""
    before = None
    if previous is not None:
        before = aggregate.a129_by_country(previous[previous["departement"] == department])
    return writers.WorkbookTables(
        lines=frame[frame["departement"] == department],
        region_detail=aggregate.a129_by_country(frame),
        france_detail=aggregate.a129_by_country(frame),
        labels=labels or factories.StubLabels(),
        previous_detail=before,
    )


def fiche_for(frame: pd.DataFrame, department: str = "18", labels=None, **extra):
    return factories.fiche_from(frame, department, labels, **extra)


def write(tmp_path, frame=None, name="f.xlsx", labels=None, **extra):
    frame = factories.lines() if frame is None else frame
    path = tmp_path / name
    writers.write_workbook(
        fiche_for(frame, labels=labels, **extra), tables_for(frame, labels=labels), path, CREATED
    )
    return path


def table_rows(sheet, index: int = 0) -> tuple[list, list[list]]:
    table = list(sheet.tables.values())[index]
    rows = [[cell.value for cell in row] for row in sheet[table.ref]]
    return rows[0], rows[1:]


def sheet_text(sheet) -> str:
    return " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)


@pytest.fixture(scope="module")
def frame():
    return factories.lines(seed=3, n=600)


@pytest.fixture(scope="module")
def workbook_path(tmp_path_factory, frame):
    return write(tmp_path_factory.mktemp("xlsx"), frame)


def test_first_sheet_is_synthese_with_identity(workbook_path):
    book = load_workbook(workbook_path)
    assert book.sheetnames[0] == "Synthèse"
    assert "Données" in book.sheetnames and "Méthode" in book.sheetnames
    text = sheet_text(book["Synthèse"])
    for expected in ("Cher", "Centre-Val de Loire", "2024", "Berry Sologne", "DGDDI"):
        assert expected in text
    assert "partielle" not in text
    assert "démonstration" not in text


def test_data_table_holds_every_line_and_sums_to_the_euro(workbook_path, frame):
    sheet = load_workbook(workbook_path)["Données"]
    header, rows = table_rows(sheet)
    dept = frame[frame["departement"] == "18"]
    assert len(rows) == len(dept)
    flux, value = (
        header.index("Flux"),
        next(i for i, h in enumerate(header) if h.startswith("Valeur")),
    )
    for code in ("E", "I"):
        expected = int(dept.loc[dept["flux"] == code, "valeur"].sum())
        got = sum(int(r[value]) for r in rows if str(r[flux])[0] == code)
        assert got == expected
    assert all(isinstance(r[value], int) for r in rows)
    codes = header.index("Code CPF4")
    assert all(isinstance(r[codes], str) for r in rows)  # codes stay text
    assert {r[header.index("Produit A129")] for r in rows} == {
        f"Produit {c}" for c in dept["a129"].unique()
    }


def test_data_table_is_named_filterable_with_a_frozen_header(workbook_path):
    book = load_workbook(workbook_path)
    sheet = book["Données"]
    table = next(iter(sheet.tables.values()))
    assert table.name == "Lignes"
    assert table.autoFilter is not None and table.autoFilter.ref == table.ref
    assert sheet.freeze_panes == "A2"
    assert {t.name for s in book.worksheets for t in s.tables.values()} == {
        "Lignes",
        "Region",
        "France",
        "Libelles",
        "Messages",
    }


def test_region_and_france_tables_sum_to_their_totals(workbook_path, frame):
    book = load_workbook(workbook_path)
    for name in ("Données région", "Données France"):
        header, rows = table_rows(book[name])
        value = header.index(VALUE)
        for code, label in (("E", "Export"), ("I", "Import")):
            expected = int(frame.loc[frame["flux"] == code, "valeur"].sum())
            assert sum(r[value] for r in rows if r[0] == label) == expected


def test_key_figures_are_formulas_with_correct_cached_values(workbook_path, frame):
    formulas = load_workbook(workbook_path)["Synthèse"]
    cached = load_workbook(workbook_path, data_only=True)["Synthèse"]
    dept = frame[frame["departement"] == "18"]
    exports = int(dept.loc[dept["flux"] == "E", "valeur"].sum())
    region_exports = int(frame.loc[frame["flux"] == "E", "valeur"].sum())
    found = {}
    for row in formulas.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                found[cell.coordinate] = (cell.value, cached[cell.coordinate].value)
    sumifs = [v for f, v in found.values() if f.startswith("=SUMIFS(Lignes[")]
    assert len(sumifs) == 2
    assert exports / 1e6 in sumifs
    assert all(v is not None for _, v in found.values())
    shares = [v for f, v in found.values() if f.startswith("=IF(")]
    assert pytest.approx(exports / region_exports) in shares


def test_demo_banner_and_partial_year(tmp_path, frame):
    path = write(tmp_path, frame, is_demo=True, quarters=(1, 2))
    text = sheet_text(load_workbook(path)["Synthèse"])
    assert "Données de démonstration (synthétiques)" in text
    assert "année partielle" in text


class HostileLabels(factories.StubLabels):
    """Labels that a careless writer would turn into formulas or numbers."""

    def a129_label(self, code: str) -> str:
        return "=cmd|' /C calc'!A0" if code == "C21Z" else f"+{code}"

    def pays_label(self, code: str) -> str:
        return "0123" if code == "DE" else f"Pays {code}"

    def cpf4_label(self, code: str) -> str:
        return 'Pneumatiques ; rechapage & <resculptage> "x"' if code == "2110" else code


def test_labels_starting_with_equals_stay_text(tmp_path, frame):
    path = write(tmp_path, frame, labels=HostileLabels())
    header, rows = table_rows(load_workbook(path)["Données"])
    products = {r[header.index("Produit A129")] for r in rows}
    assert "=cmd|' /C calc'!A0" in products
    assert "0123" in {r[header.index("Pays")] for r in rows}
    assert 'Pneumatiques ; rechapage & <resculptage> "x"' in {
        r[header.index("Produit CPF4")] for r in rows
    }
    # in a formula (a name cell), only as a string literal: text, never code
    assert "cmd" not in formula_code(path)


def formula_code(path) -> str:
    """Every formula of the workbook's sheets, their string literals emptied."""
    with zipfile.ZipFile(path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        formulas = " ".join(
            " ".join(re.findall(r"<f>(.*?)</f>", archive.read(n).decode())) for n in sheets
        )
    return re.sub(r'"(?:[^"]|"")*"', '""', formulas)


def test_same_inputs_give_the_same_bytes(tmp_path, frame):
    first = write(tmp_path, frame, name="a.xlsx").read_bytes()
    second = write(tmp_path, frame, name="b.xlsx").read_bytes()
    assert first == second


# -- formulas: every cached value agrees with the formula evaluated on its inputs ---------------


class Evaluator:
    """A small evaluator of the formulas the writer uses (SUMIFS on Tables, SUM, IF, the label
    lookups, the sentences' FIXED, the concentrations' SUMPRODUCT, arithmetic), reading inputs
    from the cached values, so each formula's cached value can be checked."""

    FUNCTIONS = (
        "SUMIFS(", "SUM(", "IF(", "FIXED(", "ROUND(", "ABS(", "ISNUMBER(", "IFERROR(",
        "VLOOKUP(", "SUMPRODUCT(", "LARGE(",
    )  # fmt: skip

    def __init__(self, path):
        self.values = load_workbook(path, data_only=True)
        self.formulas = load_workbook(path)
        self.tables = {}
        for sheet in self.formulas.worksheets:
            for table in sheet.tables.values():
                self.tables[table.name] = (sheet.title, table.ref)

    def cells(self):
        for sheet in self.formulas.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str) and cell.value.startswith("="):
                        cached = self.values[sheet.title][cell.coordinate].value
                        yield sheet.title, cell.coordinate, cell.value, cached

    def evaluate(self, sheet: str, formula: str):
        from openpyxl.formula.tokenizer import Token, Tokenizer

        code = []
        for token in Tokenizer(formula).items:
            if token.type == Token.OPERAND and token.subtype == Token.RANGE:
                code.append(f"ref({sheet!r}, {token.value!r})")
            elif token.type == Token.OPERAND:
                value = token.value
                if token.subtype == Token.TEXT:
                    value = repr(value[1:-1].replace('""', '"'))
                elif token.subtype == Token.LOGICAL:
                    value = {"TRUE": "True", "FALSE": "False"}[value]
                code.append(value)
            elif token.type == Token.ARRAY:  # an array constant
                code.append("np.array([" if token.value == "{" else "])")
            elif token.type == Token.FUNC:
                assert token.value in self.FUNCTIONS or token.value == ")", token.value
                code.append(token.value.replace("(", "_(") if token.value != ")" else ")")
            elif token.type == Token.OP_IN:
                ops = {"=": "==", "<>": "!=", "&": "+", "^": "**"}
                code.append(ops.get(token.value, token.value))
            elif token.type in (Token.SEP, Token.OP_PRE, Token.PAREN):
                code.append(token.value)
        namespace = {"ref": self.ref, "np": np} | {
            f"{name[:-1]}_": function for name, function in FUNCTIONS.items()
        }
        with np.errstate(all="ignore"):
            return eval(" ".join(code), namespace)  # noqa: S307 - test helper on our own output

    def ref(self, sheet: str, text: str):
        if "[" in text:  # structured reference Table[Column] or Table[[First]:[Last]]
            name, inside = text[:-1].split("[", 1)
            title, ref = self.tables[name]
            rows = list(self.values[title][ref])
            header = [c.value for c in rows[0]]
            if inside.startswith("["):
                first, last = (part.strip("[]") for part in inside.split("]:["))
                a, b = header.index(first), header.index(last)
                return [[c.value for c in row[a : b + 1]] for row in rows[1:]]
            index = header.index(inside)
            return [row[index].value for row in rows[1:]]
        if "!" in text:
            sheet, text = text.rsplit("!", 1)
            sheet = sheet.strip("'")
        text = text.replace("$", "")
        if ":" in text:
            return [c.value for row in self.values[sheet][text] for c in row]
        value = self.values[sheet][text].value
        return np.float64(value) if isinstance(value, int | float) else value


class _NotAvailable:
    """#N/A: what VLOOKUP gives for a code it does not find; anything made of it is #N/A."""

    def __add__(self, other):
        return self

    __radd__ = __add__

    def __eq__(self, other):
        return self

    __hash__ = object.__hash__


NA = _NotAvailable()


def _matches(column, i, wanted) -> bool:
    return str(column[i]).lower() == str(wanted).lower()


def sumifs(values, *criteria):
    pairs = list(zip(criteria[::2], criteria[1::2], strict=True))
    for k, (column, wanted) in enumerate(pairs):
        if isinstance(wanted, list | np.ndarray):  # an array of criteria: an array of sums
            return np.array(
                [
                    sumifs(values, *criteria[: 2 * k], column, w, *criteria[2 * k + 2 :])
                    for w in wanted
                ]
            )
    total = np.float64(0)
    for i, value in enumerate(values):
        if all(_matches(column, i, wanted) for column, wanted in pairs):
            total += value or 0
    return total


def sum_(*ranges):
    return np.float64(sum(v for r in ranges for v in (r if isinstance(r, list) else [r]) if v))


def if_(condition, then, otherwise):
    return then if condition else otherwise


def round_(value, decimals):
    if not np.isfinite(float(value)):
        return np.float64(value)
    exact = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-int(decimals)), ROUND_HALF_UP)
    return np.float64(exact)


def fixed(value, decimals):
    """Excel's FIXED, in French (the cached texts are): "1 879,3". (Python evaluates both
    branches of an IF: a branch Excel would not take may divide by zero.)"""
    if not np.isfinite(float(value)):
        return "#DIV/0!"
    return formatting.number(float(value), int(decimals))


def vlookup(code, rows, column, exact):
    for row in rows:
        if str(row[0]).lower() == str(code).lower():
            value = row[int(column) - 1]
            return "" if value is None else value
    return NA


def iferror(value, fallback):
    return fallback if value is NA else value


def sumproduct(values):
    return np.float64(np.sum(np.asarray(values, dtype=float)))


def large(values, ranks):
    ordered = sorted(np.asarray(values, dtype=float), reverse=True)
    return np.array([ordered[int(k) - 1] for k in np.atleast_1d(ranks)])


FUNCTIONS = {
    "SUMIFS(": sumifs,
    "SUM(": sum_,
    "IF(": if_,
    "FIXED(": fixed,
    "ROUND(": round_,
    "ABS(": abs,
    "ISNUMBER(": lambda value: isinstance(value, int | float | np.floating),
    "IFERROR(": iferror,
    "VLOOKUP(": vlookup,
    "SUMPRODUCT(": sumproduct,
    "LARGE(": large,
}


def checked_formulas(path) -> dict[str, int]:
    """Check that every formula's cached value is the formula evaluated on its inputs; returns
    how many were checked per sheet."""
    evaluator = Evaluator(path)
    checked: dict[str, int] = {}
    for sheet, coordinate, formula, cached in evaluator.cells():
        expected = evaluator.evaluate(sheet, formula)
        where = f"{sheet}!{coordinate} {formula}"
        if isinstance(expected, str):
            assert cached == expected, where
        else:
            assert cached == pytest.approx(float(expected), rel=1e-9, abs=1e-9), where
        checked[sheet] = checked.get(sheet, 0) + 1
    return checked


def test_every_formula_has_its_correct_cached_value(workbook_path):
    checked = checked_formulas(workbook_path)
    assert sum(checked.values()) > 200  # Synthèse, Balance, Activités, Flux, Comparaison


def check_partners(book, partners) -> None:
    """Balance par pays holds the partners in rank order, with their imports, exports, balance."""
    balance = {
        row[1]: row[3:6]
        for row in book["Balance par pays"].iter_rows(values_only=True)
        if isinstance(row[0], int)
    }
    assert list(balance) == [p.code for p in partners]
    for partner in partners:
        imports, exports, solde = balance[partner.code]
        assert imports == pytest.approx(partner.imports / 1e6)
        assert exports == pytest.approx(partner.exports / 1e6)
        assert solde == pytest.approx(partner.balance / 1e6)


def test_partners_and_products_are_in_the_workbook(workbook_path, frame):
    fiche = fiche_for(frame)
    book = load_workbook(workbook_path, data_only=True)
    check_partners(book, fiche.department.partners)
    text = sheet_text(book["Activités"])
    for product in fiche.department.products_export:
        assert display_name("a129", product.code, product.label) in text


def test_flow_matrices_for_department_region_and_france(workbook_path, frame):
    fiche = fiche_for(frame)
    for name, flux in (("Flux export", "E"), ("Flux import", "I")):
        sheet = load_workbook(workbook_path, data_only=True)[name]
        rows = list(sheet.iter_rows(values_only=True))
        totals = [r for r in rows if r[0] == "Total"]
        assert len(totals) == 3  # department, region, France
        for row, scope in zip(totals, (fiche.department, fiche.region, fiche.france), strict=True):
            matrix = scope.flows(flux)
            values = [v for v in row[1:] if v is not None]
            assert values[-1] == pytest.approx(matrix.total / 1e6)
            assert values[:-1] == pytest.approx([n.value / 1e6 for n in matrix.right])
        text = sheet_text(sheet)
        assert "Autres" in text
        assert "Centre-Val de Loire" in text and "France entière" in text


def test_five_largest_flows_are_red(workbook_path, frame):
    matrix = fiche_for(frame).department.flows_export
    sheet = load_workbook(workbook_path, data_only=True)["Flux export"]
    red = [
        c.value
        for row in sheet.iter_rows()
        for c in row
        if isinstance(c.value, float)
        and c.font.color is not None
        and c.font.color.rgb == "FFD62728"
    ]
    department = sorted(link.value / 1e6 for link in matrix.links if link.highlighted)
    assert len(department) == 5
    assert sorted(red[:5]) == pytest.approx(department)
    assert len(red) == 15  # five per scope


# -- charts ------------------------------------------------------------------------------------


def chart_parts(path):
    with zipfile.ZipFile(path) as archive:
        charts = sorted(n for n in archive.namelist() if n.startswith("xl/charts/chart"))
        drawings = [archive.read(n) for n in archive.namelist() if n.startswith("xl/drawings/d")]
        return [etree.fromstring(archive.read(n)) for n in charts], drawings


def series(chart):
    for ser in chart.iterfind(".//c:ser", NS):
        name = ser.findtext("c:tx//c:v", namespaces=NS)
        ref = ser.findtext("c:val//c:f", namespaces=NS)
        cache = [float(v) for v in ser.xpath("c:val//c:pt/c:v/text()", namespaces=NS)]
        yield name, ref, cache, ser


def checked_charts(path) -> dict:
    """Check that every chart has a title, alt text and non-empty series reading the cells they
    show; returns the charts by title."""
    charts, drawings = chart_parts(path)
    book = load_workbook(path, data_only=True)
    titles = {}
    for chart in charts:
        title = "".join(chart.xpath("c:chart/c:title//a:t/text()", namespaces=NS))
        assert title.strip()
        titles[title] = chart
        for _, ref, cache, _ in series(chart):
            assert cache, title
            sheet, cells = ref.rsplit("!", 1)
            cells = book[sheet.strip("'")][cells.replace("$", "")]
            assert [c.value for row in cells for c in row] == pytest.approx(cache)

    descriptions = [d for drawing in drawings for d in etree.fromstring(drawing).xpath("//@descr")]
    assert len(descriptions) == len(charts) and all(len(d) > 30 for d in descriptions)
    return titles


def test_native_charts_with_titles_alt_text_reading_their_cells(workbook_path):
    assert len(checked_charts(workbook_path)) >= 5


def test_butterfly_imports_negative_without_minus_in_rank_order(workbook_path, frame):
    charts, _ = chart_parts(workbook_path)
    butterfly = next(c for c in charts if "Importations" in [n for n, *_ in series(c)])
    assert butterfly.find(".//c:barDir", NS).get("val") == "bar"
    found = {name: (cache, ser) for name, _, cache, ser in series(butterfly)}
    imports, ser = found["Importations"]
    partners = fiche_for(frame).department.partners
    assert imports == pytest.approx([-p.imports / 1e6 for p in partners])
    assert any(v < 0 for v in imports)
    invert = ser.find("c:invertIfNegative", NS)  # XlsxWriter omits it when false
    assert invert is None or invert.get("val") == "0"
    assert found["Exportations"][0] == pytest.approx([p.exports / 1e6 for p in partners])
    cat_axis, val_axis = butterfly.find(".//c:catAx", NS), butterfly.find(".//c:valAx", NS)
    assert cat_axis.find(".//c:orientation", NS).get("val") == "maxMin"  # rank 1 on top
    assert cat_axis.find("c:tickLblPos", NS).get("val") == "low"
    assert val_axis.find("c:crosses", NS).get("val") == "max"  # value axis at the bottom
    number_format = val_axis.find("c:numFmt", NS).get("formatCode")
    assert number_format.split(";")[0] == number_format.split(";")[1]  # negatives: no minus
    colours = [s.find(".//a:srgbClr", NS).get("val") for *_, s in series(butterfly)]
    assert colours == ["1F4E9C", "7B3FA0"]


# -- bad input ---------------------------------------------------------------------------------


def test_department_without_exports_still_gets_a_readable_workbook(tmp_path, frame):
    no_exports = frame[~((frame["departement"] == "18") & (frame["flux"] == "E"))]
    path = write(tmp_path, no_exports)
    book = load_workbook(path, data_only=True)
    assert "aucun échange enregistré" in sheet_text(book["Activités"])
    assert "aucun échange enregistré" in sheet_text(book["Flux export"])
    assert "aucun échange enregistré" in sheet_text(book["Synthèse"])
    assert len(checked_charts(path)) >= 4  # butterfly, import products and countries, comparison
    checked_formulas(path)


def test_department_without_any_line(tmp_path, frame):
    path = write(tmp_path, frame[frame["departement"] != "18"])
    book = load_workbook(path, data_only=True)
    header, rows = table_rows(book["Données"])
    assert header[0] == "Flux" and all(v is None for v in rows[0])  # one blank row
    assert "aucun échange enregistré" in sheet_text(book["Balance par pays"])
    assert chart_parts(path)[0] == []
    shares = [
        c.value for row in book["Synthèse"].iter_rows() for c in row if isinstance(c.value, float)
    ]
    assert 0.0 in shares


def check_print_setup(book) -> None:
    """Every sheet: landscape, one page wide, the source in the footer."""
    for sheet in book.worksheets:
        assert sheet.page_setup.orientation == "landscape", sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert sheet.page_setup.fitToWidth in (None, 1), sheet.title  # absent means 1
        assert "DGDDI" in sheet.oddFooter.left.text, sheet.title


def test_print_setup_and_french_number_formats(workbook_path):
    book = load_workbook(workbook_path)
    check_print_setup(book)
    balance = book["Balance par pays"]
    row = next(r for r in balance.iter_rows() if r[0].value == 1)
    assert row[3].number_format == "#,##0.0"  # M€, one decimal
    assert row[5].number_format.startswith("+")  # the balance carries its sign
    synthese = book["Synthèse"]
    formats = {c.number_format for r in synthese.iter_rows() for c in r if c.data_type == "f"}
    assert '0.0"\u202f"%' in formats and '0.00"\u202f"%' in formats


def test_synthese_opens_on_its_key_figures_and_the_files_are_listed_in_methode(tmp_path):
    from officefiches.model import DataSource

    frame = factories.lines(seed=3, n=600)
    sources = tuple(
        DataSource(f"Region_{year}_{flow}.txt", "2025-03-01", 1000 + year, 5000, f"{year:0>64}")
        for year in range(2015, 2025)
        for flow in ("Export", "Import")
    )
    fiche = factories.with_data(fiche_for(frame), sources=sources)
    path = tmp_path / "f.xlsx"
    writers.write_workbook(fiche, tables_for(frame), path, CREATED)
    book = load_workbook(path)
    rows = [r[0] for r in book["Synthèse"].iter_rows(max_row=10, values_only=True)]
    first = rows.index("Chiffres clés (en millions d'euros)")
    assert first == 2  # the title, a blank row, then the figures
    assert rows[first + 2 : first + 5] == [
        "Exportations (FAB)",
        "Importations (CAF)",
        "Solde commercial",
    ]
    synthese = sheet_text(book["Synthèse"])
    assert "20 fichiers" in synthese and "SHA-256" in synthese and "0" * 64 not in synthese
    methode = sheet_text(book["Méthode"])
    for source in sources:
        assert f"{source.name} (du 2025-03-01" in methode and source.sha256 in methode


def test_flow_sheets_rank_no_undetermined_partner_and_say_its_amount(tmp_path):
    """QU, the department's largest partner, is no column or row of a matrix: it is in
    « Autres », and a note under each matrix says how much (a SUMIFS, like every figure)."""
    frame = factories.with_undetermined(factories.lines(seed=7, n=900))
    path = write(tmp_path, frame)
    fiche = fiche_for(frame)
    checked = checked_formulas(path)  # the notes' cached values included
    assert checked["Flux export"] and checked["Flux import"]
    book = load_workbook(path, data_only=True)
    scopes = (fiche.department, fiche.region, fiche.france)
    for name, flux in (("Flux export", "E"), ("Flux import", "I")):
        rows = list(book[name].iter_rows(values_only=True))
        labels = {str(v) for row in rows for v in row if isinstance(v, str)}
        assert not labels & {"Pays QU", "Pays QS"}
        notes = [r[0] for r in rows if isinstance(r[0], str) and r[0].startswith("Parmi les")]
        assert len(notes) == 3
        for note, scope in zip(notes, scopes, strict=True):
            matrix = scope.flows(flux)
            assert f"{formatting.meur(matrix.undetermined)} millions d'euros" in note
            countries = matrix.right if flux == "E" else matrix.left
            assert countries[-1].is_other and countries[-1].value >= matrix.undetermined
        if flux == "E":  # the countries' totals: the subject's « Autres » holds QU
            total = next(r for r in rows if r[0] == "Total")
            values = [v for v in total[1:] if v is not None]
            nodes = fiche.department.flows(flux).right
            assert values[:-1] == pytest.approx([n.value / 1e6 for n in nodes])
