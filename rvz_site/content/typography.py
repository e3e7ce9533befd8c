"""Dutch typography for short plain texts: apostrophes, elisions and „quotes”.

Owns the rules for text that does not pass through Markdown: titles, summaries and the names
in the registries (`'t Zorghuus` -> `’t Zorghuus`). Pure string functions; no HTML parsing:
the input is plain text and the output is plain text (Jinja escapes it afterwards).
"""

from __future__ import annotations

import re

# A leading 't, 's, 'n, 'k or 'r is an elision in Dutch (’t Zorghuus, ’s-Hertogenbosch), and so
# is the ' of a short year (maart ’22): never an opening quote, which smarty and naive rules make of it.
ELISION = re.compile(r"(?<![\w'’‘])'(?=(?:s|t|n|k|r|\d\d)\b)")
_INNER_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")  # zo'n, auto's
_DOUBLE = re.compile(r'"([^"\n]*)"')
_OPENING_SINGLE = re.compile(r"(?:(?<=^)|(?<=[\s(\[„“]))'(?=\S)")


def typeset(text: str) -> str:
    """`"Zo'n dag" in 's-Hertogenbosch` -> `„Zo’n dag” in ’s-Hertogenbosch`."""
    if "'" not in text and '"' not in text:
        return text
    text = ELISION.sub("’", text)
    text = _INNER_APOSTROPHE.sub("’", text)
    text = _DOUBLE.sub("„\\1”", text)
    text = _OPENING_SINGLE.sub("‘", text)
    return text.replace("'", "’")
