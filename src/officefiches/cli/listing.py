"""`officefiches list`: the regions or the departments, codes and names."""

from __future__ import annotations

import click

from officefiches.cli.errors import reports_errors


@click.command("list")
@click.argument("what", type=click.Choice(["regions", "departments", "departements"]))
@reports_errors
def list_(what: str) -> None:
    """Liste les régions ou les départements (codes et noms)."""
    from officefiches import geography

    if what == "regions":
        for region in geography.regions():
            codes = " ".join(region.departments)
            click.echo(f"{region.insee}\t{region.name}\t(départements : {codes})")
    else:
        for dept in geography.departments():
            region = geography.region_of(dept.code)
            click.echo(f"{dept.code}\t{dept.name}\t{region.name}")
