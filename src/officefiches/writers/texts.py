"""The editable texts of both formats, through one engine: `templates/textes.toml` (the deck's
short texts), `templates/classeur.toml` (the workbook's, in one TOML table per sheet: a key
"balance.titre" is `titre` under `[balance]`) and `templates/*.md` (long texts), with
placeholders such as {departement}, {region}, {annee} filled by one `fill()`.

The .md files use a small subset of Markdown: "# Titre" gives the slide's title, "## Intertitre"
a subheading, "- " a bullet, a blank line ends a paragraph, "> " lines the side panel (one
paragraph each, "> ## " its heading), **gras** and [texte](adresse) work,
and <!-- comments --> (on one line or several) are notes for the people who edit the file.
A line starting with a tag such as "[département] " is kept only where that tag applies
(`tagged_lines`: the workbook's Méthode says different things for a department and a synthesis).
"""

from __future__ import annotations

import re
import string
import tomllib
from dataclasses import dataclass
from functools import cache, lru_cache

from officefiches import resources
from officefiches.errors import OfficeFichesError


class _Missing(dict):
    """Leaves unknown placeholders as they are, so an edited template never crashes a build."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


# « de octobre 2023 – septembre 2024 » is « d'octobre 2023 – septembre 2024 »: before the words
# of a period (a year is digits, never elided), « de » and « que » lose their e.
_ELIDABLE = re.compile(r"\b([dD]e|[qQ]ue) \{(annee|annee_precedente)\}")


def _elided(text: str, values: dict[str, str]) -> str:
    def elide(match: re.Match) -> str:
        if str(values.get(match[2], ""))[:1].lower() in "aeiouéh":
            return f"{match[1][:-1]}'{{{match[2]}}}"
        return match[0]

    return _ELIDABLE.sub(elide, text)


def fill(text: str, values: dict[str, str], source: str) -> str:
    try:
        return string.Formatter().vformat(_elided(text, values), (), _Missing(values))
    except (ValueError, IndexError) as error:
        raise OfficeFichesError(
            f"Texte du modèle {source} illisible ({error}) : les accolades servent aux champs "
            "comme {departement} ; doublez-les ({{ }}) pour afficher une accolade."
        ) from error


DECK = "textes.toml"
WORKBOOK = "classeur.toml"


@cache
def table(name: str) -> dict[str, str]:
    """A TOML file of templates/, its nested tables flattened to dotted keys."""
    flat: dict[str, str] = {}

    def walk(prefix: str, items: dict) -> None:
        for key, value in items.items():
            if isinstance(value, dict):
                walk(f"{prefix}{key}.", value)
            else:
                flat[prefix + key] = value

    walk("", tomllib.loads(resources.template_text(name)))
    return flat


def short(key: str, values: dict[str, str]) -> str:
    """One short text of the deck (templates/textes.toml), placeholders filled."""
    return fill(table(DECK)[key], values, DECK)


def sheet_text(key: str, values: dict[str, str]) -> str:
    """One text of the workbook (templates/classeur.toml, "section.key"), placeholders filled."""
    return fill(table(WORKBOOK)[key], values, WORKBOOK)


@dataclass(frozen=True)
class Block:
    """One paragraph of a long text."""

    kind: str  # "p" | "h2" | "li"; "aside_h2" | "aside" in the side panel ("> " lines)
    text: str  # with **bold** and [links](url) still marked


@dataclass(frozen=True)
class LongText:
    title: str
    blocks: tuple[Block, ...]


_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_TAG = re.compile(r"\[([^\]]+)\]\s*")


@cache
def _raw(name: str) -> str:
    return resources.template_text(name)


def long_text(name: str, values: dict[str, str]) -> LongText:
    """A templates/<name> text, parsed into blocks, placeholders filled."""
    title = ""
    blocks: list[Block] = []
    current: list[str] = []
    kind = "p"

    def flush() -> None:
        nonlocal current, kind
        if current:
            blocks.append(Block(kind, " ".join(current)))
        current, kind = [], "p"

    source = _COMMENT.sub("", _raw(name))
    for raw in fill(source, values, name).splitlines():
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith(">"):  # the side panel: one paragraph per line
            flush()
            inner = line[1:].strip()
            if inner.startswith("## "):
                blocks.append(Block("aside_h2", inner[3:].strip()))
            elif inner:
                blocks.append(Block("aside", inner))
        elif line.startswith("## "):
            flush()
            blocks.append(Block("h2", line[3:].strip()))
        elif line.startswith("# "):
            flush()
            title = line[2:].strip()
        elif line.startswith(("- ", "* ")):
            flush()
            current, kind = [line[2:].strip()], "li"
        else:
            current.append(line)
    flush()
    return LongText(title, tuple(blocks))


def tagged_lines(name: str, tags: set[str], values: dict[str, str]) -> list[str]:
    """The non-blank lines of templates/<name>, placeholders filled; a line tagged "[tag] " is
    kept (tag removed) only when `tags` holds its tag; a "## " heading left without any line
    under it is dropped."""
    kept = []
    for line in _raw(name).splitlines():
        found = _TAG.match(line)
        if found:
            if found.group(1).strip() not in tags:
                continue
            line = line[found.end() :]
        if line.strip():
            kept.append(line)
    shown = [
        line
        for i, line in enumerate(kept)
        if not line.startswith("## ") or (i + 1 < len(kept) and not kept[i + 1].startswith("#"))
    ]
    return fill("\n".join(shown), values, name).splitlines()


_INLINE = re.compile(r"\*\*(?P<bold>.+?)\*\*|\[(?P<label>[^\]]+)\]\((?P<url>[^)]+)\)")


@dataclass(frozen=True)
class Span:
    text: str
    bold: bool = False
    url: str | None = None


@lru_cache(maxsize=4096)
def spans(text: str) -> tuple[Span, ...]:
    """Split marked text into plain, bold and link spans (every deck of a run splits the same
    method texts: once)."""
    result: list[Span] = []
    position = 0
    for match in _INLINE.finditer(text):
        if match.start() > position:
            result.append(Span(text[position : match.start()]))
        if match.group("bold"):
            result.append(Span(match.group("bold"), bold=True))
        else:
            result.append(Span(match.group("label"), url=match.group("url")))
        position = match.end()
    if position < len(text):
        result.append(Span(text[position:]))
    return tuple(result)


def plain(text: str) -> str:
    return "".join(span.text for span in spans(text))
