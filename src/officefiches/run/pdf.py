"""PDF copies of the decks, through LibreOffice when it is installed (`build --pdf`)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from officefiches.atomic import atomic_path
from officefiches.errors import OutputError

INSTALL_HINT = (
    "LibreOffice est introuvable : installez-le (Debian/Ubuntu : "
    "« apt install libreoffice-impress-nogui » ; ailleurs : libreoffice.org), ou retirez --pdf."
)


IMPRESS_HINT = (
    "Il lui manque sans doute Impress, son module de présentations : installez-le (Debian/Ubuntu : "
    "« apt install libreoffice-impress-nogui » ; ailleurs : libreoffice.org), ou retirez --pdf."
)


def soffice() -> str:
    """The LibreOffice command, or a clear error naming what to install."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise OutputError(INSTALL_HINT)
    return found


def convert(pptx: Path, target: Path, timeout: float = 180, before_rename=None) -> Path:
    """Write `target` (a PDF of `pptx`); a failed conversion leaves no file behind.
    `before_rename` is `atomic_path`'s hook (the manifest records the PDF there)."""
    with tempfile.TemporaryDirectory(prefix="officefiches-pdf-") as work:
        profile = Path(work, "profil").as_uri()  # one profile per call: parallel runs are safe
        command = [
            soffice(),
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            work,
            str(pptx),
        ]
        try:
            done = subprocess.run(command, capture_output=True, timeout=timeout, check=True)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
            raise OutputError(f"Conversion en PDF de {pptx.name} impossible ({error}).") from None
        produced = Path(work, pptx.stem + ".pdf")
        if not produced.is_file():
            # LibreOffice without Impress exits 0 saying « no export filter »: say what it said
            said = " ".join((done.stderr + done.stdout).decode("utf-8", "replace").split())
            raise OutputError(
                f"LibreOffice n'a pas produit de PDF pour {pptx.name}"
                + (f" (il dit : « {said[:300]} »)" if said else "")
                + f". {IMPRESS_HINT}"
            )
        with atomic_path(target, before_rename) as tmp:
            shutil.move(produced, tmp)
    return target
