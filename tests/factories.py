"""Small synthetic inputs for tests: frames of customs lines and fiches built from them."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from officefiches.compute import aggregate
from officefiches.model import DataInfo, Scope, Territoires
from officefiches.source import reader

COLUMNS = reader.COLUMNS

PRODUCTS = [
    "C21Z",
    "C30C",
    "C29A",
    "C11Z",
    "C20B",
    "C20A",
    "C28A",
    "C10H",
    "C27B",
    "C22B",
    "C25C",
    "C24B",
    "A01Z",
    "C26A",
]
COUNTRIES = ["DE", "BE", "IT", "ES", "US", "GB", "NL", "CH", "CN", "PL", "JP", "SE", "QU", "MA"]


class StubLabels:
    """Labels without any file: the code itself, prefixed, so tests can tell them apart."""

    def a129_label(self, code: str) -> str:
        return f"Produit {code}"

    def pays_label(self, code: str) -> str:
        return f"Pays {code}"

    def cpf4_label(self, code: str) -> str:
        return f"Classe {code}"


def lines(
    seed: int = 0,
    n: int = 400,
    departments: tuple[str, ...] = ("18", "36", "45"),
    year: int = 2024,
) -> pd.DataFrame:
    """A random canonical frame: unique (flux, quarter, dept, product, country) keys."""
    rng = np.random.default_rng(seed)
    keys = pd.MultiIndex.from_product(
        [["E", "I"], [1, 2, 3, 4], list(departments), PRODUCTS, COUNTRIES]
    ).to_frame(index=False)
    keys = keys.sample(n=min(n, len(keys)), random_state=seed).reset_index(drop=True)
    keys.columns = ["flux", "trimestre", "departement", "a129", "pays"]
    frame = pd.DataFrame(
        {
            "flux": keys["flux"].astype(str),
            "trimestre": keys["trimestre"].astype("int8"),
            "annee": np.full(len(keys), year, dtype="int16"),
            "departement": keys["departement"].astype(str),
            "region": "04",
            "a129": keys["a129"].astype(str),
            "cpf4": keys["a129"].str[1:3] + "10",
            "pays": keys["pays"].astype(str),
            "valeur": np.floor(rng.pareto(1.2, len(keys)) * 1e6 + 1).astype("int64"),
            "masse": rng.integers(0, 10**6, len(keys)).astype("int64"),
        }
    )
    return frame[COLUMNS]


def fiche(seed: int = 0, n: int = 400, department: str = "18", is_demo: bool = False):
    """A Fiche for `department`, its 'region' being all departments of the frame."""
    return fiche_from(lines(seed, n), department, is_demo=is_demo)


def fiche_from(frame: pd.DataFrame, department: str = "18", labels=None, **extra):
    """A Fiche for `department` of `frame` ('region' and 'France' being the whole frame);
    `extra` overrides quarters, is_demo or any other Fiche field."""
    labels = labels or StubLabels()
    dept = aggregate.scope_figures(
        frame[frame["departement"] == department],
        Scope("department", department, "Cher"),
        labels,
    )
    region = aggregate.scope_figures(frame, Scope("region", "24", "Centre-Val de Loire"), labels)
    france = aggregate.scope_figures(frame, Scope("france", "FR", "France entière"), labels)
    options = {"quarters": (1, 2, 3, 4), "is_demo": False} | extra
    data = data_info(quarters=options.pop("quarters"), is_demo=options.pop("is_demo"))
    return aggregate.make_fiche(
        data,
        dept,
        region,
        france,
        Territoires(names=("Berry Sologne",), source="intégré"),
        **options,
    )


def cli_runner():
    """A Click test runner with stderr kept apart from stdout, on every supported Click."""
    from click.testing import CliRunner

    try:
        return CliRunner(mix_stderr=False)  # Click 8.1
    except TypeError:
        return CliRunner()  # Click 8.2 and later: always apart


def data_info(year: int = 2024, quarters=(1, 2, 3, 4), is_demo: bool = False, **extra):
    """The data record of a test document: a whole year of real data unless told."""
    return DataInfo(year, tuple(quarters), is_demo, **extra)


def with_data(doc, **changes):
    """A copy of a Fiche or Synthesis whose data record has `changes` (quarters, is_demo…)."""
    return dataclasses.replace(doc, data=dataclasses.replace(doc.data, **changes))


def synthesis_tables(rows, groups, parent_frame=None, previous=None, labels=None):
    """The data tables of a synthesis's workbook, made from frames as the build makes them:
    `rows` the whole's lines, `groups` department → (member code, name)."""
    from officefiches import writers
    from officefiches.compute import figures

    return writers.SynthesisTables(
        detail=aggregate.a129_by_country(rows),
        members=figures.members_table(rows, groups),
        labels=labels or StubLabels(),
        parent_detail=aggregate.a129_by_country(parent_frame) if parent_frame is not None else None,
        previous_detail=aggregate.a129_by_country(previous) if previous is not None else None,
    )


def with_undetermined(frame: pd.DataFrame, department: str = "18") -> pd.DataFrame:
    """`frame` with the department's largest import origin and export destination undetermined
    (QU, on a product it also trades with countries), and some bunkering (QS) at export: codes
    that name no country."""
    rows = frame[frame["departement"] == department]
    largest = rows.groupby(["flux", "pays"])["valeur"].sum().groupby("flux").max()
    extra = pd.DataFrame(
        [
            ("I", 2, "C21Z", "QU", 2 * int(largest["I"]) + 1_000_000),
            ("E", 2, "C21Z", "QU", 2 * int(largest["E"]) + 1_000_000),
            ("E", 3, "C21Z", "QS", 5_000_000),
        ],
        columns=["flux", "trimestre", "a129", "pays", "valeur"],
    ).assign(
        annee=int(frame["annee"].iloc[0]),
        departement=department,
        region="04",
        cpf4="2120",
        masse=1000,
    )
    added = pd.concat([frame, extra[COLUMNS]], ignore_index=True)
    return added.astype(frame.dtypes.to_dict())
