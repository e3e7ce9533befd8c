"""File sizes as Dutch readers write them: 1,2 MB, 340 kB. Pure."""

from __future__ import annotations

from babel.numbers import format_decimal

# Binary units, as the file explorer on most readers' computers counts them.
_KB = 1024
_MB = 1024 * 1024


def dutch_size(size: int) -> str:
    if size >= _MB:
        return f"{format_decimal(size / _MB, format='#,##0.0', locale='nl_NL')} MB"
    return f"{max(1, round(size / _KB))} kB"
