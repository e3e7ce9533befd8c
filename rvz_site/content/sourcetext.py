"""Turning the raw bytes of a content file into text, the same way for every file."""

from __future__ import annotations

from .yamlread import Reporter


def decode(data: bytes, report: Reporter) -> str | None:
    """UTF-8 text with a BOM removed and CRLF/CR turned into LF; None (and a problem) if not UTF-8."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        report.lines = data.decode("utf-8", errors="replace").replace("\r\n", "\n").split("\n")
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        report.at(line, col, "dit bestand is niet opgeslagen als UTF-8",
                  expected="een bestand in UTF-8",
                  hint="sla het bestand in je editor op met de codering UTF-8")
        return None
    first_nul = text.find("\x00")
    if first_nul >= 0:
        # Point at the first one; drawn as the replacement character, since a terminal shows no NUL.
        report.lines = text.replace("\x00", "\ufffd").replace("\r\n", "\n").split("\n")
        before = text[:first_nul].replace("\r\n", "\n")
        line = before.count("\n") + 1
        col = len(before) - (before.rfind("\n") + 1) + 1
        report.at(line, col, "dit bestand bevat nul-tekens en is waarschijnlijk geen tekstbestand",
                  expected="een Markdown-bestand in UTF-8")
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")
