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
from pathlib import Path

from officefiches import resources
from officefiches.errors import OfficeFichesError, UsageError
from officefiches.writers import grammar


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
    """`text` with its placeholders filled; a territory takes its article (grammar.py)."""
    values = grammar.with_forms(values)
    text = grammar.articled(_elided(text, values))
    try:
        return string.Formatter().vformat(text, (), _Missing(values))
    except (ValueError, IndexError) as error:
        raise OfficeFichesError(
            f"Texte du modèle {source} illisible ({error}) : les accolades servent aux champs "
            "comme {departement} ; doublez-les ({{ }}) pour afficher une accolade."
        ) from error


DECK = "textes.toml"
WORKBOOK = "classeur.toml"


def table(name: str) -> dict[str, str]:
    """A TOML file of templates/, its nested tables flattened to dotted keys: the built-in
    keys, each replaced by the team's when their copy has it (a copy may keep only the texts
    changed)."""
    return _table(name, resources.texts_folder())


@cache
def _table(name: str, folder) -> dict[str, str]:
    merged = _flatten(tomllib.loads(resources.builtin_text(name)))
    own = resources.team_file(name)
    if own is not None:
        merged |= _flatten(tomllib.loads(own.read_text(encoding="utf-8-sig")))
    return merged


def _flatten(tree: dict) -> dict[str, str]:
    flat: dict[str, str] = {}

    def walk(prefix: str, items: dict) -> None:
        for key, value in items.items():
            if isinstance(value, dict):
                walk(f"{prefix}{key}.", value)
            else:
                flat[prefix + key] = value

    walk("", tree)
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


def _raw(name: str) -> str:
    return _raw_in(name, resources.texts_folder())


@cache
def _raw_in(name: str, folder) -> str:
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


# --- a team's own texts -------------------------------------------------------------------------

TEXTS_FOLDER = "textes"  # in the user's configuration folder: used without --texts


def default_folder() -> Path:
    return resources.config_home() / TEXTS_FOLDER


def choose_folder(given: Path | None) -> tuple[Path | None, list[str]]:
    """The team's texts folder (--texts, else `textes/` of the configuration folder when it
    exists), checked: every file it holds must be readable, else an error naming it (exit 2).
    Returns the folder and what to tell the user."""
    folder = Path(given) if given is not None else default_folder()
    if given is None and not folder.is_dir():
        return None, []
    return folder, check_folder(folder)


def check_folder(folder: Path) -> list[str]:
    """Each editable file of `folder` read and parsed now, not deep in a build; a file that
    cannot be read is refused (UsageError naming it and what is wrong). Returns the notes to
    show: which files replace the built-in ones, which files are not ours."""
    if not folder.is_dir():
        raise UsageError(
            f"Dossier de textes introuvable : {folder}. « officefiches texts --out {folder} » "
            "y écrit les textes intégrés, à modifier."
        )
    used, unknown = [], []
    for path in sorted(folder.iterdir()):
        if path.name in resources.EDITABLE and path.is_file():
            _check_file(path)
            used.append(path.name)
        elif not path.name.startswith("."):
            unknown.append(path.name)
    notes = [
        f"Textes de l'équipe ({folder}) : {', '.join(used)}"
        if used
        else f"Dossier de textes {folder} : aucun des fichiers attendus ; textes intégrés utilisés"
    ]
    if unknown:
        notes.append(
            f"{folder} : fichier(s) non lu(s), officefiches n'en a pas de cet nom : "
            f"{', '.join(unknown)} (noms attendus : {', '.join(resources.EDITABLE)})"
        )
    return notes


def _check_file(path: Path) -> None:
    def refuse(why: str) -> UsageError:
        return UsageError(
            f"Texte de l'équipe illisible : {path} ({why}). Corrigez-le, ou supprimez-le pour "
            "reprendre le texte intégré."
        )

    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise refuse("pas en UTF-8 : enregistrez-le en UTF-8") from None
    except OSError as error:
        raise refuse(error.strerror or str(error)) from None
    if path.suffix == ".toml":
        try:
            tree = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise refuse(f"TOML : {error}") from None
        wrong = [k for k, v in _flatten(tree).items() if not isinstance(v, str)]
        if wrong:
            raise refuse("chaque texte s'écrit entre guillemets ; pas ainsi : " + ", ".join(wrong))
    elif path.suffix == ".csv":
        header = text.splitlines()[0].split(";") if text.strip() else []
        if header[:2] != ["code", "court"]:
            raise refuse("sa première ligne doit être « code;court »")
        for number, line in enumerate(text.splitlines()[1:], start=2):
            if line.strip() and line.count(";") != 1:
                raise refuse(f"ligne {number} : « code;nom court » attendu, lu « {line} »")


def write_builtin(folder: Path, force: bool = False) -> tuple[list[Path], list[Path]]:
    """The built-in editable files written into `folder` for a team to change; a file already
    there is kept (it may be the team's) unless `force`. Returns (written, kept)."""
    from officefiches import atomic

    written, kept = [], []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name in resources.EDITABLE:
            target = folder / name
            if target.exists() and not force:
                kept.append(target)
                continue
            atomic.write_text(target, resources.builtin_text(name))
            written.append(target)
    except OSError as error:
        raise UsageError(
            f"Écriture impossible dans {folder} ({error.strerror or error}) : choisissez un "
            "autre dossier avec --out."
        ) from None
    return written, kept
