"""`officefiches texts`: the built-in texts a team may change, written into a folder of theirs."""

from __future__ import annotations

from pathlib import Path

import click

from officefiches.cli.errors import reports_errors


@click.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    metavar="DOSSIER",
    help="Dossier où écrire les textes (par défaut : textes/ de votre dossier de "
    "configuration, que build et deck lisent sans --texts).",
)
@click.option("--force", is_flag=True, help="Remplace aussi les fichiers déjà présents.")
@reports_errors
def texts(out: Path | None, force: bool) -> None:
    """Écrit les textes de la fiche, les modèles de phrases et les noms courts dans un dossier,
    pour que l'équipe les modifie.

    Ensuite, « officefiches build --texts DOSSIER » (et « deck ») utilise chaque fichier
    présent dans ce dossier à la place du texte intégré ; un fichier supprimé reprend le texte
    intégré. Les fichiers déjà présents sont gardés, sauf avec --force.

    \b
    Exemples :
      officefiches texts --out mes-textes
      officefiches build --department 18 --texts mes-textes
    """
    from officefiches.writers import texts as team_texts

    folder = out if out is not None else team_texts.default_folder()
    written, kept = team_texts.write_builtin(folder, force)
    for path in written:
        click.echo(str(path))
    if kept:
        names = ", ".join(path.name for path in kept)
        click.echo(f"Déjà présents, gardés (--force pour les remplacer) : {names}.", err=True)
    use = "" if out is None else f" --texts {folder}"
    click.echo(
        f"Textes dans {folder} : modifiez-les, puis « officefiches build{use} ». Un fichier "
        "supprimé reprend le texte intégré.",
        err=True,
    )
