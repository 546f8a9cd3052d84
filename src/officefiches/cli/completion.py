"""Shell completion of region and department names and codes (`shell_complete=` of build's
options), and the Bash and PowerShell formats that keep a completed name one argument.
Importing this module registers those formats with Click."""

from __future__ import annotations

import re
import shlex

from click import shell_completion
from click.shell_completion import BashComplete, CompletionItem, add_completion_class


def _completions(incomplete: str, places: list[tuple[str, str]]) -> list[CompletionItem]:
    """(code, name) pairs starting with what was typed: codes ("18", help "Cher") when it
    starts with a digit, else names ("Cher", help "18"), case, accents and hyphens ignored."""
    from officefiches.geography import normalise

    if incomplete[:1].isdigit():
        typed = incomplete.upper()
        return [CompletionItem(code, help=name) for code, name in places if code.startswith(typed)]
    typed = normalise(incomplete)
    return [
        CompletionItem(name, help=code)
        for code, name in places
        if normalise(name).startswith(typed)
    ]


def complete_region(ctx, param, incomplete: str) -> list[CompletionItem]:
    from officefiches import geography

    return _completions(incomplete, [(r.insee, r.name) for r in geography.regions()])


def complete_department(ctx, param, incomplete: str) -> list[CompletionItem]:
    from officefiches import geography

    return _completions(incomplete, [(d.code, d.name) for d in geography.departments()])


# Bash and PowerShell insert a completion as it comes; names holding a space or an apostrophe
# ("Centre-Val de Loire", "Côte-d'Or") are quoted so that they stay one argument. Zsh and fish
# quote by themselves.
_SHELL_SPECIAL = re.compile(r"[^\w@%+=:,./-]")


class _BashComplete(BashComplete):
    def format_completion(self, item: CompletionItem) -> str:
        if item.type == "plain" and _SHELL_SPECIAL.search(item.value):
            item = CompletionItem(shlex.quote(item.value), type=item.type, help=item.help)
        return super().format_completion(item)


add_completion_class(_BashComplete, "bash")

if hasattr(shell_completion, "PowerShellComplete"):  # Click 8.5 and later

    class _PowerShellComplete(shell_completion.PowerShellComplete):
        def format_completion(self, item: CompletionItem) -> str:
            if item.type == "plain" and _SHELL_SPECIAL.search(item.value):
                quoted = "'" + item.value.replace("'", "''") + "'"  # PowerShell's literal string
                item = CompletionItem(quoted, type=item.type, help=item.help)
            return super().format_completion(item)

    add_completion_class(_PowerShellComplete, "powershell")
