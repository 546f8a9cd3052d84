"""The deck's editable texts: `templates/*.md` (long texts) and `templates/textes.toml` (short
ones), with placeholders such as {departement}, {region}, {annee}.

The .md files use a small subset of Markdown: "# Titre" gives the slide's title, "## Intertitre"
a subheading, "- " a bullet, a blank line ends a paragraph, **gras** and [texte](adresse) work,
and <!-- comments --> (on one line or several) are notes for the people who edit the file.
"""

from __future__ import annotations

import re
import string
import tomllib
from dataclasses import dataclass
from functools import cache

from officefiches import resources
from officefiches.errors import OfficeFichesError


class _Missing(dict):
    """Leaves unknown placeholders as they are, so an edited template never crashes a build."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(text: str, values: dict[str, str], source: str) -> str:
    try:
        return string.Formatter().vformat(text, (), _Missing(values))
    except (ValueError, IndexError) as error:
        raise OfficeFichesError(
            f"Texte du modèle {source} illisible ({error}) : les accolades servent aux champs "
            "comme {departement} ; doublez-les ({{ }}) pour afficher une accolade."
        ) from error


@cache
def _short_texts() -> dict[str, str]:
    return tomllib.loads(resources.template_text("textes.toml"))


def short(key: str, values: dict[str, str]) -> str:
    """One short text of templates/textes.toml, placeholders filled."""
    return fill(_short_texts()[key], values, "textes.toml")


@dataclass(frozen=True)
class Block:
    """One paragraph of a long text."""

    kind: str  # "p" | "h2" | "li"
    text: str  # with **bold** and [links](url) still marked


@dataclass(frozen=True)
class LongText:
    title: str
    blocks: tuple[Block, ...]


_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


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


_INLINE = re.compile(r"\*\*(?P<bold>.+?)\*\*|\[(?P<label>[^\]]+)\]\((?P<url>[^)]+)\)")


@dataclass(frozen=True)
class Span:
    text: str
    bold: bool = False
    url: str | None = None


def spans(text: str) -> list[Span]:
    """Split marked text into plain, bold and link spans."""
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
    return result


def plain(text: str) -> str:
    return "".join(span.text for span in spans(text))
