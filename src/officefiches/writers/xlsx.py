"""One department's workbook (XlsxWriter): the fiche's figures over pivot-ready Excel Tables.

Sheets, in order: Synthèse, Balance par pays, Activités, Flux export, Flux import, Comparaison,
Données (the department's source lines), Données région, Données France, Méthode.

Design notes
- Every figure the Synthèse shows is a SUMIFS formula over the Excel Tables, written with its
  cached value so that viewers which do not recalculate show the right number.
- The large tables are rendered by `_BulkSheet` in one pass (one string template per row, shared
  strings registered once per distinct value): XlsxWriter's cell-by-cell path costs seconds per
  100 000-line department, this one a fraction of that.
- Strings stay strings (`strings_to_formulas` / `strings_to_numbers` off): a label "=cmd" is text.
- Deterministic: fixed `created` date (XlsxWriter then stamps the zip entries with a fixed date).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
import xlsxwriter
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from officefiches import __version__, formatting
from officefiches.errors import OutputError
from officefiches.model import EXPORT, IMPORT, Fiche
from officefiches.resources import template_text

DEMO_BANNER = "Données de démonstration (synthétiques)"
NO_TRADE = "aucun échange enregistré"
PARTIAL = "année partielle"
SOURCE = "DGDDI, statistiques régionales et départementales du commerce extérieur"
FLUX_LABEL = {EXPORT: "Export", IMPORT: "Import"}
DETAIL_COUNTRIES = 20  # the department's partners kept by name in the region/France tables
OTHER_COUNTRIES = ("_AUTRES", "Autres pays")

# Palette of the fiche (docs/FICHE.md)
BLUE = "#1F4E9C"  # imports
PURPLE = "#7B3FA0"  # exports
RED = "#D62728"  # the 5 largest flows
GREEN = "#2E8B57"  # positive balance
NEG_RED = "#C0392B"  # negative balance
ACCENT = "#000091"  # titles
TEXT = "#1E1E1E"
GREY = "#B8C2CC"

TABLE_LINES = "Lignes"
TABLE_REGION = "Region"
TABLE_FRANCE = "France"
VALUE = "Valeur (€)"
MASS = "Masse (kg)"
MILLION = 1_000_000

# Excel number formats; Excel and LibreOffice show them with the reader's separators.
NUM_MEUR = "#,##0.0"
NUM_EUROS = "#,##0"
NUM_PCT1 = '0.0"\u202f"%'
NUM_PCT2 = '0.00"\u202f"%'
NUM_SIGNED = '+#,##0.0;"\u2212"#,##0.0;0.0'


@dataclass(frozen=True)
class WorkbookTables:
    """The data tables of the workbook (the figures are in the Fiche)."""

    lines: pd.DataFrame  # the department's source lines for the year (canonical frame)
    region_detail: pd.DataFrame  # region: flux, a129, pays, valeur, masse
    france_detail: pd.DataFrame  # France: same columns
    labels: object  # a129_label(code), cpf4_label(code), pays_label(code) -> str


def write_workbook(fiche: Fiche, tables: WorkbookTables, path: Path, created: datetime) -> None:
    """Write the department's workbook to `path`."""
    workbook = xlsxwriter.Workbook(
        str(path),
        {
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            "in_memory": True,
            "default_format_properties": {"font_name": "Arial", "font_size": 10},
        },
    )
    workbook.set_properties(
        {
            "title": f"Commerce extérieur — {fiche.department.scope.name} ({fiche.year})",
            "subject": "Les indicateurs clés : commerce extérieur",
            "author": "officefiches",
            "company": "",
            "comments": f"Source : {SOURCE}. Produit par officefiches {__version__}.",
            "created": created,
        }
    )
    book = _Book(workbook, fiche, tables)
    book.write()
    try:
        workbook.close()
    except (OSError, xlsxwriter.exceptions.XlsxWriterException) as error:
        raise OutputError(f"Impossible d'écrire le classeur {path} : {error}") from error


# --------------------------------------------------------------------------------------------
# Bulk tables


@dataclass
class _Column:
    header: str
    values: Sequence  # str or int values, one per row
    text: bool
    width: float
    num_format: str | None = None


class _BulkSheet(Worksheet):
    """A worksheet holding one large table body, rendered in one pass when the file is saved.

    The header row and everything else go through XlsxWriter as usual (rows above the body).
    """

    CHUNK = 20_000

    def __init__(self) -> None:
        super().__init__()
        self._body: tuple[int, list[tuple[str, Sequence]]] | None = None

    def write_body(self, first_row: int, columns: list[_Column], formats: dict) -> None:
        """Store the table body starting at `first_row` (0-based), columns from column A."""
        cells = []
        rows = len(columns[0].values) if columns else 0
        for col, column in enumerate(columns):
            letter = xl_col_to_name(col)
            values = column.values
            style = ""
            if column.num_format:
                style = f' s="{formats[column.num_format]._get_xf_index()}"'
            if column.text:
                values = self._string_indices(values)
                cells.append(
                    (f'<c r="{letter}{{0}}"{style} t="s"><v>{{{col + 1}}}</v></c>', values)
                )
            else:
                values = np.asarray(values, dtype="int64").tolist()
                cells.append((f'<c r="{letter}{{0}}"{style}><v>{{{col + 1}}}</v></c>', values))
        if rows:
            self._check_dimensions(first_row + rows - 1, len(columns) - 1)
            self._body = (first_row, cells)

    def _string_indices(self, values: Sequence) -> list[int]:
        codes, uniques = pd.factorize(pd.Series(values, dtype=object).fillna(""), sort=False)
        table = self.str_table
        index = np.array([table._get_shared_string_index(str(u)) for u in uniques], dtype="int64")
        table.count += len(codes) - len(uniques)  # every cell counts as one use
        return index[codes].tolist() if len(uniques) else []

    def _write_sheet_data(self) -> None:
        if self._body is None:
            super()._write_sheet_data()
            return
        first_row, cells = self._body
        self._xml_start_tag("sheetData")
        last = self.dim_rowmax
        self.dim_rowmax = first_row - 1  # the ordinary rows above the body
        if self.dim_rowmin is not None and self.dim_rowmin < first_row:
            self._write_rows()
        self.dim_rowmax = last
        template = '<row r="{0}">' + "".join(cell for cell, _ in cells) + "</row>"
        columns = [values for _, values in cells]
        rows = len(columns[0])
        for start in range(0, rows, self.CHUNK):
            end = min(start + self.CHUNK, rows)
            numbers = range(first_row + 1 + start, first_row + 1 + end)
            parts = [column[start:end] for column in columns]
            self.fh.write("".join(map(template.format, numbers, *parts)))
        self._xml_end_tag("sheetData")


# --------------------------------------------------------------------------------------------
# The workbook


class _Book:
    """The workbook being written: its formats, its sheets in order, and where figures live."""

    def __init__(self, workbook, fiche: Fiche, tables: WorkbookTables):
        self.wb = workbook
        self.fiche = fiche
        self.tables = tables
        self.fmt = _formats(workbook)
        self.dept = fiche.department.scope.name
        self.footer = f"&L&8Source : {SOURCE}, {fiche.year}&R&8Page &P / &N"

    def write(self) -> None:
        synthese = self._sheet("Synthèse")
        donnees = self.wb.add_worksheet("Données", worksheet_class=_BulkSheet)
        region = self.wb.add_worksheet("Données région", worksheet_class=_BulkSheet)
        france = self.wb.add_worksheet("Données France", worksheet_class=_BulkSheet)
        methode = self._sheet("Méthode")
        for sheet in (donnees, region, france):
            self._print_setup(sheet)
        totals = self.data_sheets(donnees, region, france)
        self.synthese(synthese, totals)
        self.methode(methode)
        synthese.activate()

    def _sheet(self, name: str):
        sheet = self.wb.add_worksheet(name)
        self._print_setup(sheet)
        sheet.hide_gridlines(2)
        return sheet

    def _print_setup(self, sheet) -> None:
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)
        sheet.set_margins(left=0.5, right=0.5, top=0.7, bottom=0.7)
        header = f"&L&8{_escape_hf(self.dept)} — commerce extérieur {self.fiche.year}&R&8&A"
        sheet.set_header(header)
        sheet.set_footer(self.footer)

    # -- Données ---------------------------------------------------------------------------

    def data_sheets(self, donnees, region, france) -> dict[str, dict[str, int]]:
        """Write the three data tables; return each table's total per flow (for cached values)."""
        lines = _sorted_lines(self.tables.lines)
        columns = _line_columns(lines, self.tables.labels)
        _bulk_table(donnees, TABLE_LINES, columns, self.fmt, "Lignes des fichiers des douanes")
        countries = _detail_countries(lines)
        for sheet, name, detail in (
            (region, TABLE_REGION, self.tables.region_detail),
            (france, TABLE_FRANCE, self.tables.france_detail),
        ):
            compact = _compact_detail(detail, countries)
            _bulk_table(sheet, name, _detail_columns(compact, self.tables.labels), self.fmt, "")
        return {
            TABLE_LINES: _flow_sums(lines),
            TABLE_REGION: _flow_sums(self.tables.region_detail),
            TABLE_FRANCE: _flow_sums(self.tables.france_detail),
        }

    # -- Synthèse --------------------------------------------------------------------------

    def synthese(self, sheet, totals: dict[str, dict[str, int]]) -> None:
        fiche, fmt = self.fiche, self.fmt
        sheet.set_column("A:A", 34)
        sheet.set_column("B:D", 22)
        sheet.set_column("E:F", 14)
        sheet.write_string(
            0, 0, f"Les indicateurs clés : commerce extérieur — {self.dept}", fmt["title"]
        )
        row = 1
        if fiche.is_demo:
            sheet.merge_range(row, 0, row, 3, DEMO_BANNER, fmt["banner"])
            row += 1
        row += 1
        for label, value in self._identity():
            sheet.write_string(row, 0, label, fmt["label"])
            sheet.merge_range(row, 1, row, 3, value, fmt["wrap"])
            sheet.set_row(row, 13.5 * (1 + len(value) // 75))
            row += 1
        row += 1
        row = self._key_figures(sheet, row, totals)
        row += 1
        row = self._fiche_sentences(sheet, row)
        sheet.freeze_panes(1, 0)

    def _identity(self) -> list[tuple[str, str]]:
        fiche = self.fiche
        region = fiche.region.scope.name
        year = str(fiche.year)
        if fiche.partial_year:
            present = ", ".join(f"T{q}" for q in fiche.quarters) or "aucun"
            year += f" — {PARTIAL} (trimestres présents : {present})"
        ti = fiche.territoires
        names = "; ".join(ti.names) if ti.names else "aucun Territoire d'industrie connu"
        if ti.footnote:
            names += " (les Territoires comptant moins de 5 communes dans le département sont omis)"
        files = "; ".join(
            f"{s.name} (du {s.modified}, {formatting.integer(s.lines)} lignes)"
            for s in fiche.sources
        )
        rows = [
            ("Département", f"{self.dept} ({fiche.department.scope.code})"),
            ("Région", region),
            ("Année", year),
            ("Territoires d'industrie", names),
            ("Source", SOURCE),
            ("Fichiers de données", files or "non précisés"),
        ]
        if fiche.label_source:
            rows.append(("Libellés", fiche.label_source))
        return rows

    def _key_figures(self, sheet, row: int, totals) -> int:
        fiche, fmt = self.fiche, self.fmt
        sheet.write_string(row, 0, "Chiffres clés (en millions d'euros)", fmt["subtitle"])
        row += 1
        heads = ["", self.dept, fiche.region.scope.name, fiche.france.scope.name]
        sheet.write_row(row, 0, heads, fmt["header"])
        sheet.set_row(row, 28)
        row += 1
        first = row
        tables = (TABLE_LINES, TABLE_REGION, TABLE_FRANCE)
        for flux, label in ((EXPORT, "Exportations (FAB)"), (IMPORT, "Importations (CAF)")):
            sheet.write_string(row, 0, label, fmt["label"])
            for col, table in enumerate(tables, start=1):
                formula = f'=SUMIFS({table}[{VALUE}],{table}[Flux],"{FLUX_LABEL[flux]}")/{MILLION}'
                sheet.write_formula(row, col, formula, fmt["meur"], totals[table][flux] / MILLION)
            row += 1
        sheet.write_string(row, 0, "Solde commercial", fmt["label"])
        for col, table in enumerate(tables, start=1):
            exp, imp = (xl_rowcol_to_cell(first + i, col) for i in (0, 1))
            balance = (totals[table][EXPORT] - totals[table][IMPORT]) / MILLION
            sheet.write_formula(row, col, f"={exp}-{imp}", fmt["signed"], balance)
        row += 2
        sheet.write_string(row, 0, f"Part de {self.dept}", fmt["subtitle"])
        row += 1
        heads = ["", f"dans la région {fiche.region.scope.name}", "dans la France entière"]
        sheet.write_row(row, 0, heads, fmt["header"])
        sheet.set_row(row, 28)
        row += 1
        for i, (flux, label) in enumerate(((EXPORT, "Exportations"), (IMPORT, "Importations"))):
            sheet.write_string(row, 0, label, fmt["label"])
            dept = xl_rowcol_to_cell(first + i, 1)
            for col, (scope_col, key) in enumerate(((2, "pct1"), (3, "pct2")), start=1):
                whole = xl_rowcol_to_cell(first + i, scope_col)
                part_value = totals[TABLE_LINES][flux]
                whole_value = totals[(TABLE_REGION, TABLE_FRANCE)[col - 1]][flux]
                cached = part_value / whole_value if whole_value else formatting.NOT_AVAILABLE
                formula = f'=IF({whole}=0,"{formatting.NOT_AVAILABLE}",{dept}/{whole})'
                sheet.write_formula(row, col, formula, fmt[key], cached)
            row += 1
        sheet.write_string(
            row,
            0,
            "Formules calculées sur les tableaux des onglets « Données », « Données région » "
            "et « Données France ».",
            fmt["note"],
        )
        return row + 1

    def _fiche_sentences(self, sheet, row: int) -> int:
        fiche, fmt = self.fiche, self.fmt
        sheet.write_string(row, 0, "Comme dans la fiche", fmt["subtitle"])
        row += 1
        for flux, noun, verb in (
            (EXPORT, "exportations", "exportée"),
            (IMPORT, "importations", "importée"),
        ):
            shares = fiche.shares(flux)
            if shares.value == 0:
                text = f"Total des {noun} : {NO_TRADE}."
            else:
                text = (
                    f"Total des {noun} : {formatting.meur(shares.value)} millions d'euros, "
                    f"soit {formatting.pct(shares.region_pct, 1)} de la valeur {verb} par la "
                    f"région {fiche.region.scope.name} et {formatting.pct(shares.france_pct, 2)} "
                    f"de la valeur {verb} au niveau national."
                )
            sheet.merge_range(row, 0, row, 5, text, fmt["wrap"])
            sheet.set_row(row, 27)
            row += 1
        balance = fiche.department.totals.balance
        sheet.merge_range(
            row,
            0,
            row,
            5,
            f"Solde commercial : {formatting.signed_meur(balance)} millions d'euros "
            f"({'excédent' if balance > 0 else 'déficit' if balance < 0 else 'équilibre'}).",
            fmt["wrap"],
        )
        return row + 1

    # -- Méthode ---------------------------------------------------------------------------

    def methode(self, sheet) -> None:
        fiche, fmt = self.fiche, self.fmt
        sheet.set_column("A:A", 120)
        values = {
            "annee": str(fiche.year),
            "departement": self.dept,
            "region": fiche.region.scope.name,
            "mention_partielle": f" ({PARTIAL})" if fiche.partial_year else "",
            "lignes": formatting.integer(len(self.tables.lines)),
            "fichiers": "; ".join(f"{s.name} (du {s.modified})" for s in fiche.sources)
            or "non précisés",
            "libelles": fiche.label_source or "libellés intégrés",
            "trimestres": ", ".join(f"T{q}" for q in fiche.quarters) or "aucun",
            "pays_detail": str(DETAIL_COUNTRIES),
            "version": __version__,
            "date": self.wb.doc_properties["created"].date().isoformat(),
        }
        row = 0
        if fiche.is_demo:
            sheet.write_string(row, 0, DEMO_BANNER, fmt["banner"])
            row += 2
        for line in _fill(template_text("methode.md"), values).splitlines():
            if not line.strip():
                row += 1 if row and not line else 0
                continue
            if line.startswith("# "):
                sheet.write_string(row, 0, line[2:].strip(), fmt["title"])
            elif line.startswith("## "):
                row += 1
                sheet.write_string(row, 0, line[3:].strip(), fmt["subtitle"])
            else:
                sheet.write_string(row, 0, line.strip(), fmt["wrap"])
                sheet.set_row(row, 13.5 * (1 + len(line) // 125))
            row += 1
        for warning in fiche.warnings:
            sheet.write_string(row, 0, f"Avertissement : {warning}", fmt["wrap"])
            row += 1


# --------------------------------------------------------------------------------------------
# Helpers (pure where possible)


def _formats(workbook) -> dict:
    def add(**props):
        return workbook.add_format({"font_name": "Arial", "font_size": 10, **props})

    border = {"border": 1, "border_color": "#D0D5DB"}
    return {
        "title": add(bold=True, font_size=15, font_color=ACCENT),
        "subtitle": add(bold=True, font_size=12, font_color=ACCENT),
        "banner": add(
            bold=True, font_size=12, font_color="#FFFFFF", bg_color=NEG_RED, align="center"
        ),
        "label": add(bold=True, font_color=TEXT, valign="top"),
        "text": add(font_color=TEXT, valign="top"),
        "wrap": add(font_color=TEXT, text_wrap=True, valign="top"),
        "note": add(italic=True, font_size=9, font_color="#555555"),
        "header": add(
            bold=True,
            font_color="#FFFFFF",
            bg_color=ACCENT,
            text_wrap=True,
            valign="vcenter",
            **border,
        ),
        "meur": add(num_format=NUM_MEUR, **border),
        "signed": add(num_format=NUM_SIGNED, **border),
        "pct1": add(num_format=NUM_PCT1, **border),
        "pct2": add(num_format=NUM_PCT2, **border),
        NUM_EUROS: add(num_format=NUM_EUROS),
    }


def _escape_hf(text: str) -> str:
    """Header/footer text: "&" is a control character there."""
    return text.replace("&", "&&")


def _fill(template: str, values: dict[str, str]) -> str:
    """Replace the known {placeholders}; leave unknown ones (a team's own text) untouched."""
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), template)


def _flow_sums(frame: pd.DataFrame) -> dict[str, int]:
    sums = frame.groupby("flux", observed=True)["valeur"].sum()
    return {flux: int(sums.get(flux, 0)) for flux in (EXPORT, IMPORT)}


def _sorted_lines(lines: pd.DataFrame) -> pd.DataFrame:
    keys = ["flux", "trimestre", "a129", "cpf4", "pays"]
    return lines.sort_values(keys, kind="mergesort", ignore_index=True)


def _mapped(codes: pd.Series, label_of) -> list[str]:
    """Labels of a column of codes, looked up once per distinct code."""
    codes = codes.astype(str)
    lookup = {code: str(label_of(code)) for code in codes.unique()}
    return codes.map(lookup).tolist()


def _width(header: str, values: Sequence[str], low: float = 8, high: float = 60) -> float:
    longest = max((len(v) for v in set(values)), default=0)
    return max(low, min(high, max(len(header) + 3, longest + 1)))


def _text_column(header: str, values: list[str], high: float = 60) -> _Column:
    return _Column(header, values, True, _width(header, values, high=high))


def _line_columns(lines: pd.DataFrame, labels) -> list[_Column]:
    flux = lines["flux"].map(FLUX_LABEL).fillna(lines["flux"]).astype(str).tolist()
    return [
        _text_column("Flux", flux),
        _Column("Trimestre", lines["trimestre"], False, 11),
        _Column("Année", lines["annee"], False, 8),
        _text_column("Département", lines["departement"].astype(str).tolist()),
        _text_column("Région DGDDI", lines["region"].astype(str).tolist()),
        _text_column("Code A129", lines["a129"].astype(str).tolist()),
        _text_column("Produit A129", _mapped(lines["a129"], labels.a129_label), 50),
        _text_column("Code CPF4", lines["cpf4"].astype(str).tolist()),
        _text_column("Produit CPF4", _mapped(lines["cpf4"], labels.cpf4_label), 60),
        _text_column("Code pays", lines["pays"].astype(str).tolist()),
        _text_column("Pays", _mapped(lines["pays"], labels.pays_label), 30),
        _Column(VALUE, lines["valeur"], False, 16, NUM_EUROS),
        _Column(MASS, lines["masse"], False, 15, NUM_EUROS),
    ]


def _detail_countries(lines: pd.DataFrame, n: int = DETAIL_COUNTRIES) -> list[str]:
    """The department's n largest partners by total trade (ties by code)."""
    sums = lines.groupby("pays", observed=True)["valeur"].sum().rename("v").reset_index()
    sums["pays"] = sums["pays"].astype(str)
    sums = sums.sort_values(["v", "pays"], ascending=[False, True], kind="mergesort")
    return sums["pays"].head(n).tolist()


def _compact_detail(detail: pd.DataFrame, countries: list[str]) -> pd.DataFrame:
    """Flux × A129 × country, the countries outside `countries` summed into "Autres pays"."""
    pays = detail["pays"].astype(str)
    frame = pd.DataFrame(
        {
            "flux": detail["flux"].astype(str),
            "a129": detail["a129"].astype(str),
            "pays": pays.where(pays.isin(countries), OTHER_COUNTRIES[0]),
            "valeur": detail["valeur"],
            "masse": detail["masse"],
        }
    )
    grouped = frame.groupby(["flux", "a129", "pays"], sort=True)[["valeur", "masse"]].sum()
    return grouped.reset_index()


def _detail_columns(detail: pd.DataFrame, labels) -> list[_Column]:
    def country(code: str) -> str:
        return OTHER_COUNTRIES[1] if code == OTHER_COUNTRIES[0] else labels.pays_label(code)

    flux = detail["flux"].map(FLUX_LABEL).fillna(detail["flux"]).astype(str).tolist()
    return [
        _text_column("Flux", flux),
        _text_column("Code A129", detail["a129"].tolist()),
        _text_column("Produit A129", _mapped(detail["a129"], labels.a129_label), 50),
        _text_column("Code pays", detail["pays"].tolist()),
        _text_column("Pays", _mapped(detail["pays"], country), 30),
        _Column(VALUE, detail["valeur"], False, 18, NUM_EUROS),
        _Column(MASS, detail["masse"], False, 17, NUM_EUROS),
    ]


def _bulk_table(sheet: _BulkSheet, name: str, columns: list[_Column], fmt: dict, title: str):
    """A named, filterable Excel Table from A1, header frozen, body rendered in bulk."""
    rows = len(columns[0].values)
    for col, column in enumerate(columns):
        sheet.set_column(col, col, column.width)
    sheet.add_table(
        0,
        0,
        max(rows, 1),
        len(columns) - 1,
        {
            "name": name,
            "style": "Table Style Light 9",
            "columns": [{"header": column.header} for column in columns],
        },
    )
    sheet.write_body(1, columns, fmt)
    sheet.freeze_panes(1, 0)
    sheet.set_row(0, 18)
    sheet.repeat_rows(0)
