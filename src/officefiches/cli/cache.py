"""`officefiches cache`: where the cache of data files already read is, how big; emptying it."""

from __future__ import annotations

import click

from officefiches.cli.errors import reports_errors


@click.group(subcommand_metavar="COMMANDE [ARGUMENTS]...")
def cache() -> None:
    """Cache des fichiers de données déjà lus (copie vérifiée, plus rapide à relire)."""


@cache.command("info")
@reports_errors
def cache_info() -> None:
    """Emplacement et taille du cache."""
    from officefiches.formatting import integer, number
    from officefiches.source import cache as data_cache

    count, size = data_cache.usage()
    click.echo(
        f"{data_cache.cache_dir()} : {integer(count)} fichier(s), {number(size / 1e6, 1)} Mo"
    )


@cache.command("clear")
@reports_errors
def cache_clear() -> None:
    """Vide le cache (les fichiers de données seront relus au prochain lancement)."""
    from officefiches.formatting import integer, number
    from officefiches.source import cache as data_cache

    count, size = data_cache.clear()
    click.echo(f"Cache vidé : {integer(count)} fichier(s), {number(size / 1e6, 1)} Mo libérés.")
