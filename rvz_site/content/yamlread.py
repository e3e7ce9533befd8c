"""Reading YAML so that every value keeps its file, line and column.

Owns: parsing YAML text into nodes (never into Python objects directly, so no
YAML surprise such as `no` -> False or `2022-13-01` -> crash reaches the build),
refusing anchors and aliases before they can expand (alias bombs), and turning
nodes into checked values through small declarative `Field`s. Every problem is
reported to a `Reporter`; nothing here raises for bad content.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlsplit

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..core.errors import Problem, did_you_mean
from ..core.model import Place

# The C parser keeps the same marks and is several times faster.
_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Front matter is small; a file that needs more than this is not front matter.
MAX_YAML_CHARS = 200_000
MAX_DEPTH = 20

NULL_TAG = "tag:yaml.org,2002:null"
BOOL_TAG = "tag:yaml.org,2002:bool"
INT_TAG = "tag:yaml.org,2002:int"


@dataclass
class Reporter:
    """Collects problems for one source file, drawing its lines for the messages."""

    path: str
    lines: Sequence[str]
    problems: list[Problem] = field(default_factory=list)

    def at(
        self,
        line: int,
        col: int,
        problem: str,
        *,
        expected: str = "",
        hint: str = "",
        length: int = 1,
        severity: str = "error",
    ) -> None:
        source = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        self.problems.append(
            Problem(
                path=self.path,
                line=line,
                col=col,
                problem=problem,
                expected=expected,
                hint=hint,
                source_line=source,
                length=length,
                severity="warning" if severity == "warning" else "error",
            )
        )

    def file(self, problem: str, *, expected: str = "", hint: str = "") -> None:
        """A problem with a file that is not there to point into (a missing file)."""
        self.problems.append(
            Problem(path=self.path, line=0, col=0, problem=problem, expected=expected, hint=hint)
        )

    def start(self, problem: str, *, expected: str = "", hint: str = "") -> None:
        """A problem with a file as a whole (empty, badly named), placed at 1:1: editors' tools
        jump to `file:line:col` and read a place without a line as no place at all. No line is
        drawn under it, since no character in the file is at fault."""
        self.problems.append(
            Problem(path=self.path, line=1, col=1, problem=problem, expected=expected, hint=hint)
        )

    def place(self, node: Node, line_offset: int = 0) -> Place:
        """Where `node` stands, with its line drawn, for a message made after reading (a collision)."""
        pos = node_pos(node, line_offset)
        line = self.lines[pos.line - 1] if 0 < pos.line <= len(self.lines) else ""
        return Place(pos.line, pos.col, pos.length, line)

    @property
    def failed(self) -> bool:
        return any(p.severity == "error" for p in self.problems)


@dataclass(frozen=True, slots=True)
class Pos:
    """Where a value starts in its file (1-based), and how wide it is on that line."""

    line: int
    col: int
    length: int = 1


def node_pos(node: Node, line_offset: int) -> Pos:
    start, end = node.start_mark, node.end_mark
    length = end.column - start.column if end.line == start.line else 1
    return Pos(start.line + 1 + line_offset, start.column + 1, max(length, 1))


def compose_yaml(text: str, report: Reporter, line_offset: int = 0) -> Node | None:
    """Parse YAML into a node tree, or report why not. `line_offset` is the file line of text's first line minus one."""
    if len(text) > MAX_YAML_CHARS:
        report.at(line_offset + 1, 1, "dit YAML-blok is veel te groot",
                  expected=f"minder dan {MAX_YAML_CHARS // 1000}000 tekens")
        return None
    loader = _Loader(text)
    try:
        # Walk the events first: an alias is refused before the composer can
        # build anything from it, so a 'billion laughs' costs nothing.
        depth = 0
        for event in yaml.parse(text, Loader=_Loader):
            mark = event.start_mark
            if mark is None:
                continue
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                report.at(mark.line + 1 + line_offset, mark.column + 1,
                          "ankers en verwijzingen (& en *) zijn hier niet toegestaan",
                          expected="elke waarde voluit geschreven")
                return None
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    report.at(mark.line + 1 + line_offset, mark.column + 1,
                              "te diep geneste lijsten of velden",
                              expected=f"hoogstens {MAX_DEPTH} niveaus")
                    return None
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
        node: Node | None = loader.get_single_node()
        return node
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + line_offset) if mark else line_offset + 1
        col = (mark.column + 1) if mark else 1
        report.at(line, col, f"de YAML klopt hier niet: {_dutch_yaml_problem(exc.problem or '')}",
                  expected=_yaml_expected(exc.problem or ""))
        return None
    except yaml.YAMLError as exc:  # a reader error: bad control characters
        # PyYAML's own text is English and technical; name the character instead.
        char = getattr(exc, "character", None)
        code = f" (het teken U+{ord(char):04X})" if isinstance(char, str) and len(char) == 1 else ""
        report.at(line_offset + 1, 1, f"de YAML bevat een onzichtbaar teken dat niet mag{code}",
                  expected="gewone tekst zonder stuurtekens",
                  hint="typ de regel opnieuw; zo'n teken komt vaak mee bij kopiëren uit Word of een pdf")
        return None
    finally:
        loader.dispose()


_YAML_PROBLEMS: dict[str, tuple[str, str]] = {
    "mapping values are not allowed": (
        "een dubbele punt op een plek waar die niet mag",
        "zet tekst met een dubbele punt tussen aanhalingstekens, bijv. title: \"Thema: zorg\"",
    ),
    "could not find expected ':'": (
        "er ontbreekt een dubbele punt",
        "elke regel als `naam: waarde`",
    ),
    "found unexpected end of stream": (
        "het blok houdt onverwacht op",
        "sluit aanhalingstekens en haken af",
    ),
    "expected ',' or ']', but got": (
        "een lijst die niet goed is afgesloten",
        "een lijst als [een, twee] met een sluitende ]",
    ),
    "found character '\\t' that cannot start any token": (
        "een tab-teken",
        "spaties in plaats van tabs",
    ),
}


def _dutch_yaml_problem(problem: str) -> str:
    for english, (dutch, _) in _YAML_PROBLEMS.items():
        if problem.startswith(english):
            return dutch
    # PyYAML's other texts are English and technical; the line and column say where.
    return "deze regel kan niet gelezen worden"


def _yaml_expected(problem: str) -> str:
    for english, (_, expected) in _YAML_PROBLEMS.items():
        if problem.startswith(english):
            return expected
    return "geldige YAML: elke regel als `naam: waarde`"


# --------------------------------------------------------------------------
# Values


class Invalid(Exception):
    """A value that does not fit its field; caught in read_mapping and reported."""

    def __init__(self, problem: str, expected: str = "", hint: str = "") -> None:
        super().__init__(problem)
        self.problem, self.expected, self.hint = problem, expected, hint


Converter = Callable[[Node], Any]


@dataclass(frozen=True, slots=True)
class Field:
    """One allowed key of a YAML mapping; `label` and `help` are Dutch, for editors and the web editor."""

    name: str
    convert: Converter
    required: bool = False
    label: str = ""
    help: str = ""
    widget: str = "string"
    # A regular expression (as JavaScript reads it too) and its Dutch message: the web editor
    # checks it before saving, so an editor learns of a mistake there and not in the build.
    pattern: tuple[str, str] | None = None


def _describe(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "een blok met velden"
    if isinstance(node, SequenceNode):
        return "een lijst"
    if node.tag == NULL_TAG:
        return "niets"
    return f"`{node.value}`"


def text(node: Node) -> str:
    if not isinstance(node, ScalarNode) or node.tag == NULL_TAG:
        raise Invalid(f"hier hoort tekst, maar er staat {_describe(node)}", "tekst, bijv. `Een titel`")
    value = str(node.value).strip()
    if not value:
        raise Invalid("deze tekst is leeg", "tekst van minstens één teken")
    if any(ord(c) < 32 and c not in "\n\t" for c in value):
        raise Invalid("deze tekst bevat een onzichtbaar stuurteken", "gewone tekst")
    return value


def boolean(node: Node) -> bool:
    if isinstance(node, ScalarNode) and node.tag == BOOL_TAG:
        return str(node.value).lower() in {"true", "yes", "on", "y"}
    raise Invalid(f"hier hoort ja of nee, maar er staat {_describe(node)}", "`true` of `false`")


def positive_int(node: Node) -> int:
    if isinstance(node, ScalarNode) and node.tag == INT_TAG:
        try:
            value = int(str(node.value), 0)
        except ValueError:
            value = 0
        if 0 < value <= 1000:
            return value
    raise Invalid(f"hier hoort een getal, maar er staat {_describe(node)}", "een heel getal van 1 tot 1000")


def text_list(node: Node) -> tuple[str, ...]:
    """A list of words; a single word is read as a list of one, since that is what editors mean."""
    if isinstance(node, ScalarNode):
        if node.tag == NULL_TAG:
            return ()
        return (text(node),)
    if not isinstance(node, SequenceNode):
        raise Invalid(f"hier hoort een lijst, maar er staat {_describe(node)}", "een lijst als [een, twee]")
    items: list[str] = []
    for item in node.value:
        if not isinstance(item, ScalarNode) or item.tag == NULL_TAG:
            raise Invalid(f"elk item van de lijst moet tekst zijn, maar er staat {_describe(item)}",
                          "een lijst als [een, twee]")
        items.append(text(item))
    return tuple(items)


def absolute_url(node: Node) -> str:
    value = text(node)
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.netloc or " " in value:
        raise Invalid(f"`{value}` is geen volledig webadres", "een adres als https://www.voorbeeld.nl")
    return value


_SITE_PATH = re.compile(r"^/[A-Za-z0-9._~/%-]*$")


def site_path(node: Node) -> str:
    """A path on the site such as /media/foto.svg; never one that climbs out."""
    value = text(node)
    if not _SITE_PATH.match(value) or "/../" in value + "/" or "//" in value:
        raise Invalid(f"`{value}` is geen pad op de site",
                      "een pad dat met / begint, zonder spaties of .., bijv. /media/foto.svg")
    return value


_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DATETIME = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})[Tt ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
    r"\s*(Z|z|[+-]\d{2}:?\d{2})?$"
)
DATE_EXPECTED = "een datum als JJJJ-MM-DD, bijv. 2022-12-01, of 2022-12-01T09:30:00+01:00"
_MONTHS_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]


# Years a date of this site can have; outside them a time zone shift leaves the calendar
# (year 1 or 9999) and the value is a typo anyway.
YEARS = range(1900, 3000)


def _check_day(year: int, month: int, day: int, raw: str) -> date:
    if year not in YEARS:
        raise Invalid(f"`{raw}` is geen geldige datum: het jaar {year} ligt niet tussen "
                      f"{YEARS.start} en {YEARS.stop - 1}", DATE_EXPECTED)
    if not 1 <= month <= 12:
        raise Invalid(f"`{raw}` is geen geldige datum: maand {month} bestaat niet (1-12)", DATE_EXPECTED)
    try:
        return date(year, month, day)
    except ValueError:
        last = _MONTHS_DAYS[month - 1]
        if month == 2 and day == 29:
            raise Invalid(f"`{raw}` is geen geldige datum: {year} is geen schrikkeljaar",
                          DATE_EXPECTED) from None
        raise Invalid(f"`{raw}` is geen geldige datum: deze maand heeft geen dag {day} (1-{last})",
                      DATE_EXPECTED) from None


def date_or_datetime(node: Node) -> date | datetime:
    """A date, or a datetime with an explicit offset; anything else is refused, never guessed."""
    if not isinstance(node, ScalarNode) or node.tag == NULL_TAG:
        raise Invalid(f"hier hoort een datum, maar er staat {_describe(node)}", DATE_EXPECTED)
    raw = str(node.value).strip()
    if m := _DATE.match(raw):
        return _check_day(int(m[1]), int(m[2]), int(m[3]), raw)
    if m := _DATETIME.match(raw):
        day = _check_day(int(m[1]), int(m[2]), int(m[3]), raw)
        hour, minute, second = int(m[4]), int(m[5]), int(m[6] or 0)
        if hour > 23 or minute > 59 or second > 59:
            raise Invalid(f"`{raw}` is geen geldige tijd", DATE_EXPECTED)
        zone = m[7]
        if zone is None:
            raise Invalid(f"bij `{raw}` ontbreekt de tijdzone", DATE_EXPECTED,
                          hint=f"bedoel je `{raw}+01:00` (wintertijd) of `{raw}+02:00` (zomertijd)?")
        if zone in {"Z", "z"}:
            tz = UTC
        else:
            sign = -1 if zone[0] == "-" else 1
            digits = zone[1:].replace(":", "")
            hours, minutes = int(digits[:2]), int(digits[2:])
            if hours > 14 or minutes > 59:
                raise Invalid(f"`{zone}` is geen geldige tijdzone", DATE_EXPECTED)
            tz = timezone(sign * timedelta(hours=hours, minutes=minutes))
        return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=tz)
    raise Invalid(f"`{raw}` is geen datum", DATE_EXPECTED)


def datetime_only(node: Node) -> datetime:
    value = date_or_datetime(node)
    if not isinstance(value, datetime):
        raise Invalid(f"bij `{node.value}` ontbreekt de tijd",
                      "een datum met tijd, bijv. 2021-06-01T15:00:00+02:00")
    return value


def read_mapping(
    node: Node | None,
    fields: Sequence[Field],
    report: Reporter,
    line_offset: int,
    *,
    what: str = "dit blok",
) -> dict[str, Any]:
    """Check a mapping against `fields`: every problem is reported, every good value returned."""
    values: dict[str, Any] = {}
    if node is None:
        return values
    if not isinstance(node, MappingNode):
        pos = node_pos(node, line_offset)
        report.at(pos.line, pos.col, f"{what} moet bestaan uit velden als `naam: waarde`",
                  expected="regels als `title: Een titel`", length=pos.length)
        return values
    by_name = {f.name: f for f in fields}
    for key_node, value_node in node.value:
        kpos = node_pos(key_node, line_offset)
        key = str(key_node.value) if isinstance(key_node, ScalarNode) else ""
        spec = by_name.get(key)
        if spec is None:
            dutch = DUTCH_FIELD_NAMES.get(key.lower())
            hint = f"bedoel je `{dutch}`?" if dutch in by_name else did_you_mean(key, by_name)
            report.at(kpos.line, kpos.col, f"onbekend veld `{key}`",
                      expected="een van: " + ", ".join(f.name for f in fields),
                      hint=hint, length=kpos.length)
            continue
        if key in values:
            report.at(kpos.line, kpos.col, f"het veld `{key}` staat er twee keer",
                      expected="elk veld één keer", length=kpos.length)
            continue
        if not spec.required and _empty(value_node):
            continue
        try:
            values[key] = spec.convert(value_node)
        except Invalid as exc:
            vpos = node_pos(value_node, line_offset)
            if isinstance(value_node, ScalarNode) and value_node.tag == NULL_TAG:
                vpos = kpos
            report.at(vpos.line, vpos.col, exc.problem, expected=exc.expected, hint=exc.hint,
                      length=vpos.length)
            values[key] = _INVALID
    for spec in fields:
        if spec.required and spec.name not in values:
            start = node_pos(node, line_offset)
            report.at(start.line, start.col, f"het verplichte veld `{spec.name}` ontbreekt",
                      expected=f"een regel `{spec.name}: …` ({spec.help or spec.label})")
    return {k: v for k, v in values.items() if v is not _INVALID}


_INVALID = object()


def _empty(node: Node) -> bool:
    """`veld:` or `veld: ""`: an optional field left empty (the web editor writes "") means not given."""
    return isinstance(node, ScalarNode) and (
        node.tag == NULL_TAG or (node.style in {"'", '"'} and not str(node.value).strip()))

# Editors think in Dutch; field names are English (the contract). A Dutch name gets the English one.
DUTCH_FIELD_NAMES = {
    "titel": "title", "datum": "date", "samenvatting": "summary", "ondertitel": "subtitle",
    "thema": "themes", "themas": "themes", "thema's": "themes", "trefwoord": "keywords",
    "trefwoorden": "keywords", "organisatie": "organisations", "organisaties": "organisations",
    "deelnemer": "organisations", "deelnemers": "organisations", "afbeelding": "image",
    "beeld": "image", "concept": "draft", "naam": "name", "beschrijving": "description",
    "omschrijving": "description", "plaats": "place", "rol": "role", "locatie": "location",
    "begin": "start", "eind": "end", "einde": "end", "sleutel": "key", "omslag": "cover",
    "kinderen": "children", "onderliggend": "children", "adres": "website",
}


def sequence_items(node: Node | None, report: Reporter, line_offset: int, what: str) -> list[Node]:
    """The items of a top-level list, reporting if it is not one."""
    if node is None:
        return []
    if not isinstance(node, SequenceNode):
        pos = node_pos(node, line_offset)
        report.at(pos.line, pos.col, f"{what} moet een lijst zijn", expected="regels die met `- ` beginnen")
        return []
    return list(node.value)
