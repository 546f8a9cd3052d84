"""Click's own messages (usage, errors, help headings) in French, like the rest of the CLI.

Click marks every message it prints with the classic GNU gettext API (`from gettext import
gettext as _` in each of its modules): there is no "click" domain, and the global one would
need a compiled catalogue, a language taken from the user's environment variables and would
change every other library's messages too. So each Click module's own `_` and `ngettext` are
pointed at the small catalogue below, keyed by Click's msgids (the strings translators get).
A msgid missing here (a new Click version) stays in English rather than failing: the tests in
tests/cli/test_cli.py check the French of the messages users meet, so such a change shows there.

Msgids of Click 8.1 to 8.5; programming errors (a command declared wrongly) are left out.
"""

from __future__ import annotations

import gettext
import importlib
import re
import sys

import click

FRENCH: dict[str, str] = {
    # usage, help, headings ("Options:" → "Options :": Click adds the colon after the heading)
    "Usage:": "Utilisation :",
    "Try '{command} {option}' for help.": "Aide : {command} {option}",
    "Options": "Options ",
    "Commands": "Commandes ",
    "Positional arguments": "Arguments ",
    "Show this message and exit.": "Affiche cette aide et quitte.",
    "Show the version and exit.": "Affiche la version et quitte.",
    "%(prog)s, version %(version)s": "%(prog)s, version %(version)s",
    "default: {default}": "par\u00a0défaut\u00a0: {default}",  # no-break spaces: on one line
    "required": "obligatoire",
    "env var: {var}": "variable d'environnement : {var}",
    "(dynamic)": "(dynamique)",
    "deprecated": "obsolète",
    "(Deprecated) {text}": "(Obsolète) {text}",
    "{text} {deprecated_message}": "{text} {deprecated_message}",
    "Confirm the action without prompting.": "Confirme l'action sans la demander.",
    "Do you want to continue?": "Voulez-vous continuer ?",
    # errors
    "Error: {message}": "Erreur : {message}",
    "Error: {e.message}": "Erreur : {e.message}",
    "Error: The value you entered was invalid.": "Erreur : la valeur saisie n'est pas valide.",
    "Error: The two entered values do not match.": "Erreur : les deux valeurs saisies diffèrent.",
    "Error: invalid input": "Erreur : saisie invalide",
    "Aborted!": "Interrompu.",
    "No such option: {name}": "L'option '{name}' n'existe pas.",
    "No such option {name!r}.": "L'option {name!r} n'existe pas.",
    "No such command {name!r}.": "La commande {name!r} n'existe pas.",
    "Missing command.": "Commande manquante.",
    "Missing argument": "Argument manquant",
    "Missing option": "Option manquante",
    "Missing parameter": "Paramètre manquant",
    "Missing {param_type}": "Paramètre manquant ({param_type})",
    "Missing parameter: {param_name}": "Paramètre manquant : {param_name}",
    "Invalid value for {param_hint}: {message}": "Valeur invalide pour {param_hint} : {message}",
    "Invalid value: {message}": "Valeur invalide : {message}",
    "Option {name!r} does not take a value.": "L'option {name!r} ne prend pas de valeur.",
    "Argument {name!r} takes {nargs} values.": "L'argument {name!r} attend {nargs} valeurs.",
    "Choose from:\n\t{choices}": "Choisissez parmi :\n\t{choices}",
    "{value!r} is not a valid {number_type}.": "{value!r} n'est pas un nombre valide.",
    "{value} is not in the range {range}.": "{value} n'est pas dans l'intervalle {range}.",
    "{value!r} is not a valid boolean.": "{value!r} n'est pas un booléen valide.",
    "{value!r} is not a valid boolean. Recognized values: {states}": (
        "{value!r} n'est pas un booléen valide. Valeurs reconnues : {states}"
    ),
    "{value!r} is not a valid UUID.": "{value!r} n'est pas un UUID valide.",
    "file": "fichier",
    "directory": "dossier",
    "path": "chemin",
    "{name} {filename!r} does not exist.": "{name} {filename!r} introuvable.",
    "{name} {filename!r} is a file.": "{name} {filename!r} : c'est un fichier.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} : c'est un dossier.",
    "{name} '{filename}' is a directory.": "{name} '{filename}' : c'est un dossier.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} illisible (droits).",
    "{name} {filename!r} is not writable.": "{name} {filename!r} non modifiable (droits).",
    "{name} {filename!r} is not executable.": "{name} {filename!r} non exécutable.",
    "Could not open file {filename!r}: {message}": (
        "Impossible d'ouvrir le fichier {filename!r} : {message}"
    ),
    "unknown error": "erreur inconnue",
    "Windows error: {error}": "Erreur Windows : {error}",
    "DeprecationWarning: The command {name!r} is deprecated.": (
        "Attention : la commande {name!r} est obsolète."
    ),
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}": (
        "Attention : la commande {name!r} est obsolète.{extra_message}"
    ),
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}": (
        "Attention : {name!r} est obsolète.{extra_message}"
    ),
    # prompts, progress bar, editor, shell completion
    "Repeat for confirmation": "Répétez pour confirmer",
    "Press any key to continue...": "Appuyez sur une touche pour continuer…",
    "d": " j",
    "{editor}: Editing failed": "{editor} : échec de la modification",
    "{editor}: Editing failed: {e}": "{editor} : échec de la modification : {e}",
    "Shell completion is not supported for Bash versions older than 4.4.": (
        "La complétion n'est pas prise en charge par les versions de Bash antérieures à 4.4."
    ),
    "Couldn't detect Bash version, shell completion is not supported.": (
        "Version de Bash inconnue : la complétion n'est pas prise en charge."
    ),
}

# (singular msgid, plural msgid) → (French singular, French plural)
FRENCH_PLURALS: dict[tuple[str, str], tuple[str, str]] = {
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"): (
        "Vouliez-vous dire {possibility} ?",
        "(Vouliez-vous dire l'une de : {possibilities} ?)",
    ),
    ("Did you mean {possibility}?", "(Possible options: {possibilities})"): (
        "Vouliez-vous dire {possibility} ?",
        "(Vouliez-vous dire l'une de : {possibilities} ?)",
    ),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."): (
        "L'option {name!r} attend une valeur.",
        "L'option {name!r} attend {nargs} valeurs.",
    ),
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"): (
        "Argument inattendu : {args}",
        "Arguments inattendus : {args}",
    ),
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."): (
        "Attend {nargs} valeurs, une seule donnée.",
        "Attend {nargs} valeurs, {len} données.",
    ),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."): (
        "{value!r} n'est pas {choice}.",
        "{value!r} n'est pas l'une des valeurs {choices}.",
    ),
    (
        "{value!r} does not match the format {format}.",
        "{value!r} does not match the formats {formats}.",
    ): (
        "{value!r} ne correspond pas au format {format}.",
        "{value!r} ne correspond à aucun des formats {formats}.",
    ),
    (
        "{len_type} values are required, but {len_value} was given.",
        "{len_type} values are required, but {len_value} were given.",
    ): (
        "{len_type} valeurs attendues, {len_value} donnée.",
        "{len_type} valeurs attendues, {len_value} données.",
    ),
}


def french(message: str) -> str:
    return FRENCH.get(message, message)


def french_plural(singular: str, plural: str, n: int) -> str:
    forms = FRENCH_PLURALS.get((singular, plural))
    if forms is None:
        return singular if n == 1 else plural
    return forms[0] if n <= 1 else forms[1]  # French: 0 and 1 take the singular


# Click modules imported only when needed (progress bar, completion): loaded first so that
# their messages are translated too.
_LAZY_MODULES = ("click.shell_completion", "click._termui_impl")


def install() -> None:
    """Point every loaded Click module's gettext functions at the French catalogue.

    Call it before the commands are declared: Click translates a few texts (the --version
    help, path types' names) when the decorators run.
    """
    for name in _LAZY_MODULES:
        importlib.import_module(name)
    for name, module in list(sys.modules.items()):
        if module is None or not (name == "click" or name.startswith("click.")):
            continue
        if getattr(module, "_", None) is gettext.gettext:
            module._ = french
        if getattr(module, "ngettext", None) is gettext.ngettext:
            module.ngettext = french_plural


class Year(click.ParamType):
    """A four-digit year (--year 24, 1 or -5 are refused here, exit 2, not deep in a build)."""

    name = "année"

    def convert(self, value, param, ctx):
        from officefiches.options import FIRST_YEAR, LAST_YEAR

        if isinstance(value, int):
            return value
        text = str(value).strip()
        if re.fullmatch(r"\d{4}", text) and FIRST_YEAR <= int(text) <= LAST_YEAR:
            return int(text)
        self.fail(f"« {value} » n'est pas une année : écrivez-la en quatre chiffres (ex. 2024).")


class AtLeast(click.ParamType):
    """A whole number of at least `minimum`, said in French (Click's IntRange says « x>=1 »)."""

    name = "nombre"

    def __init__(self, minimum: int):
        self.minimum = minimum

    def convert(self, value, param, ctx):
        if isinstance(value, int) and value >= self.minimum:
            return value
        text = str(value).strip()
        if re.fullmatch(r"\d+", text) and int(text) >= self.minimum:
            return int(text)
        from officefiches.formatting import integer

        self.fail(f"« {value} » : donnez un nombre entier d'au moins {integer(self.minimum)}.")
