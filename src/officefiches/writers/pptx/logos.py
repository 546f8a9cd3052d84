"""The team's logos (`--logo FICHIER`, repeatable): PNG, JPEG or SVG, read and checked before
anything is written (a bad file is a usage error, exit 2), then placed on the cover and small in
every slide's footer.

A PNG or a JPEG is placed as it is. An SVG is placed as PowerPoint places one (Office 2016 and
later): the SVG itself in the picture's `svgBlip` extension, with a PNG rendering of it as the
fallback every other viewer shows (LibreOffice, older Office). The PNG is rendered by CairoSVG,
which needs the Cairo library (present with LibreOffice or GTK; on Windows, the GTK runtime):
without it an SVG logo is refused with a message saying to give a PNG.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from officefiches.errors import UsageError

MAX_BYTES = 10 * 1024 * 1024  # a logo is small; a larger file is not one
SVG_RENDER_WIDTH = 1200  # pixels of the PNG fallback of an SVG (sharp up to 10 cm at 300 dpi)
KINDS = "PNG, JPEG ou SVG"


_WHY = {
    FileNotFoundError: "fichier introuvable",
    PermissionError: "lecture refusée",
    IsADirectoryError: "c'est un dossier",
}


@dataclass(frozen=True)
class Logo:
    name: str  # the file's name (alt text, shape name)
    png: bytes  # PNG or JPEG bytes: what every viewer shows
    width: int  # pixels of `png`
    height: int
    svg: bytes | None = None  # the vector original, for PowerPoint

    @property
    def ratio(self) -> float:
        """Width over height."""
        return self.width / max(self.height, 1)


def read_all(paths) -> tuple[Logo, ...]:
    return tuple(read(Path(path)) for path in paths)


def check(paths) -> None:
    """Every logo readable (UsageError naming the file and what to do otherwise): called by
    the build before anything is written."""
    read_all(paths)


@cache
def read(path: Path) -> Logo:
    """A logo file, by its content (not its extension)."""
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise IsADirectoryError(path)
        if size > MAX_BYTES:
            raise _refused(path, f"{size // (1024 * 1024)} Mo : un logo fait moins de 10 Mo")
        data = path.read_bytes()
    except OSError as error:
        why = _WHY.get(type(error), f"erreur de lecture : {error.strerror or type(error).__name__}")
        raise UsageError(
            f"Logo illisible : {path} ({why}). Vérifiez le chemin donné à --logo (un fichier "
            f"{KINDS})."
        ) from None
    if data.startswith(b"\x89PNG\r\n\x1a\n") or data.startswith(b"\xff\xd8\xff"):
        return _bitmap(path, data)
    if _looks_like_svg(data):
        return _svg(path, data)
    raise _refused(path, "ce n'est ni une image PNG, ni une JPEG, ni un SVG")


def _refused(path: Path, why: str) -> UsageError:
    return UsageError(
        f"Logo refusé : {path} ({why}). Donnez à --logo un fichier {KINDS} (par exemple le logo "
        "exporté en PNG depuis votre charte graphique)."
    )


def _bitmap(path: Path, data: bytes) -> Logo:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            image.verify()  # a damaged or truncated file fails here
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise _refused(path, f"image endommagée : {error}") from None
    if width < 1 or height < 1:
        raise _refused(path, "image vide")
    return Logo(path.name, data, width, height)


def _looks_like_svg(data: bytes) -> bool:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype svg")) and b"<svg" in data


def _svg(path: Path, data: bytes) -> Logo:
    try:
        import cairosvg
    except (ImportError, OSError) as error:  # OSError: the Cairo library itself is missing
        raise _refused(
            path,
            f"un SVG demande la bibliothèque Cairo, absente ici ({type(error).__name__}) ; "
            "enregistrez le logo en PNG",
        ) from None
    try:  # unsafe=False (the default): no external file or entity is read
        png = cairosvg.svg2png(bytestring=data, output_width=SVG_RENDER_WIDTH)
    except Exception as error:  # noqa: BLE001 - CairoSVG raises many types on a bad SVG
        raise _refused(path, f"SVG illisible : {type(error).__name__}") from None
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        width, height = image.size
    return Logo(path.name, png, width, height, svg=data)
