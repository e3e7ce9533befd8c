"""Dutch for the command line's own messages: argparse speaks English, editors read Dutch.

Owns one ArgumentParser subclass that words usage, help headings and usage errors in
Dutch. It decides nothing about commands or exit codes (cli.py does).
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any, NoReturn

# argparse's error texts (Python 3.11-3.13), most specific first.
_ERRORS: tuple[tuple[str, str], ...] = (
    (r"the following arguments are required: (.*)", r"dit ontbreekt nog: \1"),
    (r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)", r"\1: \2 kan niet; kies uit \3"),
    (r"argument (\S+): expected one argument", r"\1: hier hoort een waarde achter"),
    (r"argument (\S+): invalid \S+ value: (.*)", r"\1: \2 is geen geldige waarde"),
    (r"argument (\S+): (.*)", r"\1: \2"),
    (r"unrecognized arguments: (.*)", r"onbekende opties: \1"),
)


def dutch(message: str) -> str:
    for english, replacement in _ERRORS:
        if re.fullmatch(english, message):
            return re.sub(english, replacement, message)
    return message


class DutchArgumentParser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "gegevens"
        self._optionals.title = "opties"
        self.add_argument("-h", "--help", action="help", help="toon deze uitleg")

    def format_usage(self) -> str:
        return super().format_usage().replace("usage: ", "gebruik: ", 1)

    def format_help(self) -> str:
        return super().format_help().replace("usage: ", "gebruik: ", 1)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: {dutch(message)}\n")
