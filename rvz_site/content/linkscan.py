"""Find the links and images an editor wrote in a Markdown body, with their line and column.

Owns reading link syntax out of the *source* text, so that a broken link can be
reported at the exact place the editor typed it: inline links and images
(`[tekst](/actueel/x/)`, `![alt](/media/foto.jpg)`), reference definitions
(`[1]: /actueel/x/`), reference images (`![alt][1]`) and the raw HTML tags
`<a href>` and `<img src alt>`. Code (fenced blocks and `inline code`) is masked
first, because a link shown as an example is not a link.

Pure: text in, LinkRefs out. Whether a target exists is links.py's job.
"""

from __future__ import annotations

import html
import re

from ..core.model import LinkRef

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.MULTILINE)
_INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1", re.DOTALL)
# Link text may hold one level of brackets ([een [zin]](x)); the target may be <in brackets>
# and may carry a "title".
_INLINE = re.compile(
    r"(?P<bang>!?)\[(?P<text>(?:[^\[\]\\]|\\.|\[[^\[\]]*\])*)\]"
    r"\(\s*(?P<target><[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)"
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)"
)
_REF_DEF = re.compile(r"^ {0,3}\[(?P<label>[^^\]][^\]]*)\]:[ \t]*(?P<target><[^>\n]*>|\S+)", re.MULTILINE)
_REF_IMAGE = re.compile(r"!\[(?P<text>(?:[^\[\]\\]|\\.)*)\]\[(?P<label>[^\]]*)\]")
_TAG = re.compile(r"<(?P<name>a|img)\b(?P<attrs>[^>]*)>", re.IGNORECASE)
_ATTR = re.compile(r"""(?P<name>[\w:-]+)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'=<>`]+))""")


def _mask_code(text: str) -> str:
    """The text with code replaced by spaces, keeping every offset and newline in place."""
    chars = list(text)

    def blank(start: int, end: int) -> None:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "

    pos = 0
    while (opening := _FENCE.search(text, pos)) is not None:
        marker = opening.group(1)
        closing = re.compile(rf"^ {{0,3}}{re.escape(marker[0])}{{{len(marker)},}}[ \t]*$", re.MULTILINE)
        line_end = text.find("\n", opening.end())
        body_start = len(text) if line_end < 0 else line_end
        found = closing.search(text, body_start)
        end = found.end() if found else len(text)
        blank(opening.start(), end)
        pos = end
    masked = "".join(chars)
    for match in _INLINE_CODE.finditer(masked):
        blank(match.start(), match.end())
    return "".join(chars)


class _Lines:
    """Offsets in the body to 1-based file lines and columns."""

    def __init__(self, text: str, first_line: int) -> None:
        self.text = text
        self.first_line = first_line
        self.starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]

    def at(self, offset: int) -> tuple[int, int, str]:
        lo, hi = 0, len(self.starts) - 1
        while lo < hi:  # the last line start <= offset
            mid = (lo + hi + 1) // 2
            if self.starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        start = self.starts[lo]
        end = self.text.find("\n", start)
        line_text = self.text[start:] if end < 0 else self.text[start:end]
        return self.first_line + lo, offset - start + 1, line_text


def _unbracket(target: str) -> str:
    return target[1:-1].strip() if target.startswith("<") and target.endswith(">") else target


def _ref(lines: _Lines, offset: int, length: int, target: str, *, image: bool,
         alt: str | None, raw: str, from_html: bool = False,
         alt_at: tuple[int, int] | None = None) -> LinkRef:
    line, col, source_line = lines.at(offset)
    alt_col, alt_length = col, length
    if alt_at is not None:
        alt_line, alt_col, _ = lines.at(alt_at[0])
        if alt_line != line:  # `![alt]` on another line than its target: point at the target
            alt_col, alt_length = col, length
        else:
            alt_length = alt_at[1]
    return LinkRef(line=line, col=col, length=max(1, length), target=target, image=image,
                   alt=alt, source_line=source_line, raw=raw, from_html=from_html,
                   alt_col=alt_col, alt_length=max(1, alt_length))


def find_links(body: str, first_line: int) -> tuple[LinkRef, ...]:
    """Every link and image in `body`, whose first line is line `first_line` of the file."""
    masked = _mask_code(body)
    lines = _Lines(body, first_line)
    found: list[LinkRef] = []
    for m in _INLINE.finditer(masked):
        raw = m.group("target")
        image = m.group("bang") == "!"
        alt = " ".join(m.group("text").split()) if image else None
        # A missing file is pointed at by its address, a missing alt text by its `![…]`.
        found.append(_ref(lines, m.start("target"), len(raw), _unbracket(raw), image=image, alt=alt,
                          raw=raw, alt_at=(m.start(), m.start("text") - m.start() + len(m.group("text")) + 1)))
    for m in _REF_DEF.finditer(masked):
        raw = m.group("target")
        found.append(_ref(lines, m.start("target"), len(raw), _unbracket(raw),
                          image=False, alt=None, raw=raw))
    for m in _REF_IMAGE.finditer(masked):
        # Only the alt text is checked here; the target is checked at its definition.
        found.append(_ref(lines, m.start(), len(m.group("text")) + 3, "",
                          image=True, alt=" ".join(m.group("text").split()), raw="",
                          alt_at=(m.start(), len(m.group("text")) + 3)))
    for m in _TAG.finditer(masked):
        attrs = {a.group("name").lower(): html.unescape(a.group("dq") or a.group("sq") or a.group("bare") or "")
                 for a in _ATTR.finditer(m.group("attrs"))}
        name = m.group("name").lower()
        key = "href" if name == "a" else "src"
        if key not in attrs:
            continue
        image = name == "img"
        found.append(_ref(lines, m.start(), m.end() - m.start(), attrs[key].strip(), image=image,
                          alt=" ".join(attrs.get("alt", "").split()) if image else None,
                          raw=attrs[key], from_html=True))
    return tuple(sorted(found, key=lambda r: (r.line, r.col)))
