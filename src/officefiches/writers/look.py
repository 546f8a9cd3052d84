"""The look both formats share, in one place: every colour (FICHE.md "Look"; each keeps its
meaning on every slide and sheet), the words naming a flow, and the fixed phrases every document
prints (demo notice, source line, "no trade", "partial year").

Colours are RGB hex without "#" (DrawingML's form); `xl()` gives XlsxWriter's "#RRGGBB".
To change the Sankey's red, change HIGHLIGHT here: the deck's shapes, its images and the
workbook's matrices all read it.
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Mapping
from dataclasses import dataclass

from officefiches import resources
from officefiches.model import EXPORT, IMPORT, DataInfo, DataSource, Flow, Scope
from officefiches.resources import data_text
from officefiches.writers import grammar

# --- the fiche's palette --------------------------------------------------------------------
EXPORTS = "7B3FA0"  # purple: exports, exported goods
IMPORTS = "1F4E9C"  # blue: imports, imported goods
FLOWS = {EXPORT: EXPORTS, IMPORT: IMPORTS}
LIGHT_FLOWS = {EXPORT: "D9C8E6", IMPORT: "C6D3EA"}  # "Autres" boxes of the treemap
HIGHLIGHT = "D62728"  # the 5 largest flows of a Sankey (and of a workbook's matrix)
NEUTRAL = "B8C2CC"  # the other flows (partly transparent); the earlier year in a workbook
POSITIVE = "2E8B57"  # positive balance, with "+"
NEGATIVE = "C0392B"  # negative balance, with "−"; the workbook's demo banner
ACCENT = "000091"  # titles, table headers
TEXT = "1E1E1E"
MUTED = "5A6470"  # captions, reading keys, footers
WARNING = "B34000"  # demo banner, partial year
PANEL = "EEF0F8"  # tinted panels of the cover
COUNTRY_NODE = "3C4A5A"
OTHER_NODE = "8C96A0"  # "Autres" nodes; France's bars; chart axis lines
WHITE = "FFFFFF"
PREVIOUS_YEAR = "AEB8C4"  # year-on-year bars: the earlier year, light
CURRENT_YEAR = "3C4A5A"  # and the fiche's year, dark (told apart by lightness, not hue)
# the trends' lines of the top 5 partners or products, in rank order (each with its own marker)
TREND_LINES = (EXPORTS, IMPORTS, HIGHLIGHT, POSITIVE, "C77C02")  # the last: ochre

# --- what a team types in the workbook, bounded so that it fits where the deck shows it ------
MESSAGE_MAX_CHARS = 280  # a key message: three lines under a 16:9 slide's title, with margin
LABEL_MAX_CHARS = 30  # a short label: a Sankey node, a treemap box, a table's first column

# --- the deck's tables ----------------------------------------------------------------------
TABLE_BAND = "F6F7FB"  # every other body row
TABLE_RULE = "D5DAE1"  # the line under each row

# --- the workbook's greys and tints ---------------------------------------------------------
NOTE = "555555"  # sheet notes
CELL_BORDER = "D0D5DB"
AXIS_CELL = "6B7280"  # the helper column a chart reads (imports as negatives)
GRIDLINES = "E3E6EA"
INPUT = "FFF8DC"  # the cells a team writes in (« Libellé court », « Message »)
HEAT = {EXPORT: ("EDE3F4", "C3A3D9"), IMPORT: ("E1E9F6", "9FB7E2")}  # matrices' heat map
COMPARE = {  # the bars of a department, its region and France (lighter as the scope widens)
    EXPORT: (EXPORTS, "B58FCE", OTHER_NODE),
    IMPORT: (IMPORTS, "7D9ED6", OTHER_NODE),
}


def xl(colour: str) -> str:
    """A colour as XlsxWriter takes it: "#RRGGBB"."""
    return "#" + colour


def balance(text: str) -> str:
    """Colour of a balance printed by formatting.signed_meur ("+12,3", "−4,0", "0,0")."""
    if text.startswith("+"):
        return POSITIVE
    if text.startswith("\u2212"):
        return NEGATIVE
    return MUTED


# --- words ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FlowWords:
    """How the documents name a flow."""

    noun: str  # "exportations"
    adjective: str  # "export": "Flux export", "à l'export"
    participle: str  # "exportée": "la valeur exportée"
    label: str  # "Export": the data tables' Flux column (what their formulas select)
    goods: str  # "exportés (violet)": the treemap's alt text

    @property
    def title(self) -> str:
        return self.noun.capitalize()

    @property
    def at(self) -> str:
        """ "l'export" / "l'import"."""
        return f"l'{self.adjective}"


WORDS: dict[Flow, FlowWords] = {
    EXPORT: FlowWords("exportations", "export", "exportée", "Export", "exportés (violet)"),
    IMPORT: FlowWords("importations", "import", "importée", "Import", "importés (bleu)"),
}

DEMO_NOTICE = "Données de démonstration (synthétiques)"
SOURCE = "DGDDI, statistiques régionales et départementales du commerce extérieur"
NO_TRADE = "aucun échange enregistré"
PARTIAL = "année partielle"
NOT_SIGNIFICANT = "n.s."


def with_article(scope: Scope) -> str:
    """ "la région Centre-Val de Loire", "la France entière", "le Cher", "l'Indre" (grammar.py)."""
    return grammar.forms(scope.name).le


def of_scope(scope: Scope) -> str:
    """ "de la région Centre-Val de Loire", "du Cher", "de l'Indre" (grammar.py)."""
    return grammar.forms(scope.name).du


def period_values(data: DataInfo) -> dict[str, str] | None:
    """The placeholders {annee}, {periode}, {trimestres} of a fiche over four quarters across
    two years (« octobre 2023 – septembre 2024 », « 12 mois à fin septembre 2024 », « T4 2023,
    T1–T3 2024 »); None for a calendar year (each format says it its own way)."""
    if data.period is None:
        return None
    period = data.period
    return {"annee": period.words, "periode": period.months, "trimestres": period.quarters_text}


def source_text(source: DataSource) -> str:
    """A data file as every output cites it: its name (never its folder), date, lines, size and
    SHA-256, so a reader can tell exactly which file the figures come from."""
    from officefiches import formatting

    parts = [f"du {source.modified}", f"{formatting.integer(source.lines)} lignes"]
    if source.size:
        parts.append(f"{formatting.integer(source.size)} octets")
    if source.sha256:
        parts.append(f"SHA-256 {source.sha256}")
    return f"{source.name} ({', '.join(parts)})"


# --- display names ---------------------------------------------------------------------------

# Our display names of the products and partners (code;court): the one name every slide and
# sheet gives a code, short enough for a Sankey node yet unambiguous; the annex's official
# label stays in the workbook's « Libellés ».
DISPLAY_TABLES = {"a129": "a129_courts.csv", "pays": "pays_courts.csv"}
ShortLabels = Mapping[tuple[str, str], str]  # (kind, code) -> the team's own name


def _display_table(kind: str) -> dict[str, str]:
    if kind not in DISPLAY_TABLES:  # CPF4: no table of ours, the label is shown
        return {}
    return _display_table_in(kind, resources.texts_folder())


@functools.cache
def _display_table_in(kind: str, folder) -> dict[str, str]:
    """Our display names, each replaced by the team's own list's (--texts) when it has the
    code."""
    name = DISPLAY_TABLES[kind]
    texts = [data_text(name)]
    own = resources.team_file(name)
    if own is not None:
        texts.append(own.read_text(encoding="utf-8-sig"))
    table = {}
    for text in texts:
        for row in csv.DictReader(io.StringIO(text), delimiter=";"):
            if (row.get("court") or "").strip():  # a code left without a name keeps ours
                table[row["code"].strip()] = row["court"].strip()
    return table


def default_name(kind: str, code: str, label: str) -> str:
    """Our display name of a code (data/a129_courts.csv, data/pays_courts.csv), else `label`:
    what a code is called when the team gave it no name of its own."""
    return _display_table(kind).get(code, label)


def display_name(kind: str, code: str, label: str, team: ShortLabels | None = None) -> str:
    """The one name of a product ("a129") or a partner ("pays") wherever a reader sees it
    (slides, notes, the workbook's tables and charts): the team's own when given (`team`,
    keyed by (kind, code), from « Libellés »), else ours (`default_name`), else `label`. Every
    name the deck and the workbook show comes through here, so a code never has two."""
    if team and (kind, code) in team:
        return team[(kind, code)]
    return default_name(kind, code, label)
