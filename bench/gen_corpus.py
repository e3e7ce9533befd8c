#!/usr/bin/env python3
"""Deterministic benchmark corpus generator for rvz-site.

This script owns the *benchmark corpus*: a synthetic but valid content folder
in the format of ``docs/content-format.md`` (site.yaml, themes.yaml,
organisations.yaml, pages/over-ons.md and N articles spread over actueel/,
praktijkvoorbeelden/, bijeenkomsten/ and publicaties/). It is a developer tool
and is not used by the build itself.

Usage::

    python bench/gen_corpus.py N OUTDIR [--seed S] [--force] [--jobs J]

OUTDIR becomes the content folder itself (OUTDIR/site.yaml, OUTDIR/actueel/...).

Shape of the corpus:

* ~700 words of Dutch-looking Markdown per article (paragraphs, ``##``
  subheads, bullet lists, emphasis, links to ``/themas/<key>/``, an occasional
  table, callout block or footnote), built from a fixed vocabulary below.
* 20 themes (5 top-level themes with 3 children each), a pool of 150 keywords
  and 40 organisations. Each article gets 1-3 themes, 0-5 keywords and 0-3
  organisations, drawn with Zipf-like weights (rank k has weight 1/(k+1)).
* Dates between 2015-01-01 and 2025-12-31; events also get ``start`` (and
  mostly ``end``) datetimes with a Dutch UTC offset and a ``location``.

Determinism: no global ``random`` and no clock. The registries depend only on
the seed; article i depends only on the seed and i (``random.Random(f"{seed}:{i}")``),
so the first 1,000 files of an N=10,000 corpus equal an N=1,000 corpus with the
same seed, and the output is byte-identical across runs and for any --jobs
(articles are written by J worker processes, each owning a range of i).
Pure stdlib.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import shutil
import sys
import time
import unicodedata
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

# ---------------------------------------------------------------------------
# Fixed vocabulary (Dutch). Changing any list changes the corpus.
# ---------------------------------------------------------------------------

DE_NOUNS: tuple[str, ...] = (
    "zorg", "bewoner", "medewerker", "cliënt", "organisatie", "beweging",
    "verandering", "aanpak", "ruimte", "vernieuwing", "ontmoeting",
    "bijeenkomst", "praktijk", "toekomst", "regel", "relatie",
    "verpleegkundige", "zorgverlener", "familie", "mantelzorger", "buurt",
    "wijk", "gemeente", "bestuurder", "raad", "vraag", "ervaring",
    "samenwerking", "verantwoording", "kwaliteit", "inspectie",
    "toezichthouder", "wetgeving", "ondersteuning", "begeleiding",
    "dagbesteding", "locatie", "woning", "keuken", "tuin", "week", "maand",
    "werkgroep", "cultuur", "verbinding", "zeggenschap", "regie", "dialoog",
    "koers", "visie", "rol", "taak", "oplossing", "uitdaging", "stap",
    "huisarts", "wijkverpleging", "thuiszorg", "coöperatie", "financiering",
    "administratie", "registratie", "bureaucratie", "ambitie", "beweging",
    "lerende organisatie", "sessie", "middag", "avond", "reflectie",
    "evaluatie", "publicatie", "brochure", "handreiking", "zorgvrager",
    "vrijwilliger", "cliëntenraad", "ondernemingsraad", "directeur",
    "teamleider", "coach", "aandacht", "nabijheid", "rust", "kracht",
)

HET_NOUNS: tuple[str, ...] = (
    "team", "gesprek", "verhaal", "initiatief", "project", "netwerk", "plan",
    "idee", "leven", "huis", "werk", "welzijn", "toezicht", "bestuur",
    "kernteam", "ministerie", "onderzoek", "resultaat", "kader", "programma",
    "verschil", "gevoel", "vertrouwen", "dorp", "beleid", "protocol",
    "dossier", "overleg", "café", "experiment", "voorbeeld", "inzicht",
    "perspectief", "landschap", "woonzorgcentrum", "verpleeghuis",
    "zorgkantoor", "platform", "manifest", "pleidooi", "antwoord", "doel",
    "moment", "jaar", "begin", "einde", "eigenaarschap", "zelfvertrouwen",
)

PLURAL_NOUNS: tuple[str, ...] = (
    "bewoners", "medewerkers", "cliënten", "naasten", "vrijwilligers",
    "zorgorganisaties", "teams", "ideeën", "regels", "verhalen", "gesprekken",
    "gemeenten", "huisartsen", "bestuurders", "mantelzorgers", "deelnemers",
    "ambassadeurs", "zorgverleners", "verpleegkundigen", "familieleden",
    "buurtbewoners", "ouderen", "jongeren", "collega's", "professionals",
    "toezichthouders", "initiatieven", "projecten", "ervaringen", "vragen",
    "oplossingen", "stappen", "voorbeelden", "inzichten", "afspraken",
    "formulieren", "protocollen", "bijeenkomsten", "organisaties", "kinderen",
)

ADJECTIVES: tuple[str, ...] = (
    "nieuwe", "goede", "kleine", "grote", "eigen", "radicale", "landelijke",
    "lokale", "belangrijke", "mooie", "eerste", "volgende", "gezamenlijke",
    "persoonlijke", "duidelijke", "andere", "echte", "concrete", "zinvolle",
    "open", "heldere", "betere", "menselijke", "kwetsbare", "ervaren",
    "jonge", "oude", "vaste", "flexibele", "warme", "kritische", "praktische",
    "verrassende", "stevige", "bijzondere", "gewone", "dagelijkse",
    "regionale", "bestuurlijke", "ideële",
)

ADVERBS: tuple[str, ...] = (
    "samen", "vaak", "steeds", "echt", "graag", "al", "nog", "ook", "vooral",
    "juist", "inmiddels", "bovendien", "gewoon", "nu", "eindelijk",
    "opnieuw", "bewust", "zelf", "rustig", "'s ochtends", "'s avonds",
    "voortaan", "uiteindelijk", "meestal", "soms", "direct",
)

SENTENCE_ADVERBS: tuple[str, ...] = (
    "Daarom", "Inmiddels", "Bovendien", "Vandaag", "Sinds kort", "Nu",
    "Ook", "Toch", "Daarna", "Vervolgens", "Gelukkig", "Intussen",
    "Op 't eerste gezicht", "Volgend jaar", "Dit jaar", "Vorig jaar",
    "In de praktijk", "Uiteindelijk", "Steeds vaker", "Al snel",
)

# (singular, plural) verb forms; both transitive.
VERBS: tuple[tuple[str, str], ...] = (
    ("maakt", "maken"), ("geeft", "geven"), ("zoekt", "zoeken"),
    ("vindt", "vinden"), ("deelt", "delen"), ("bespreekt", "bespreken"),
    ("ontwikkelt", "ontwikkelen"), ("versterkt", "versterken"),
    ("verandert", "veranderen"), ("ondersteunt", "ondersteunen"),
    ("brengt", "brengen"), ("kiest", "kiezen"), ("leert", "leren"),
    ("ervaart", "ervaren"), ("ziet", "zien"), ("vraagt", "vragen"),
    ("biedt", "bieden"), ("organiseert", "organiseren"),
    ("begeleidt", "begeleiden"), ("verkent", "verkennen"),
    ("onderzoekt", "onderzoeken"), ("schrapt", "schrappen"),
    ("vereenvoudigt", "vereenvoudigen"), ("waardeert", "waarderen"),
    ("herontdekt", "herontdekken"), ("bouwt", "bouwen"),
    ("opent", "openen"), ("verbindt", "verbinden"), ("beschrijft", "beschrijven"),
    ("evalueert", "evalueren"),
)

PREPOSITIONS: tuple[str, ...] = (
    "met", "voor", "in", "op", "bij", "naar", "over", "door", "zonder",
    "tijdens", "samen met", "binnen", "vanuit", "rond", "tegenover", "na",
)

CONJUNCTIONS: tuple[str, ...] = (
    "omdat", "terwijl", "zodat", "wanneer", "als", "nadat", "hoewel",
    "zodra", "doordat", "voordat",
)

SPEECH_VERBS: tuple[str, ...] = (
    "zegt", "vertelt", "legt uit", "benadrukt", "vult aan", "lacht",
)

FIRST_NAMES: tuple[str, ...] = (
    "Anke", "Bram", "Carla", "Daan", "Els", "Femke", "Gert", "Hanneke",
    "Ingrid", "Joost", "Karin", "Lotte", "Marieke", "Niels", "Olga", "Pieter",
    "Ria", "Sander", "Thijs", "Ursula", "Vera", "Willem", "Yvonne", "Zoë",
)

LAST_NAMES: tuple[str, ...] = (
    "de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit",
    "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters",
    "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra",
    "van Dijk", "Verhoeven", "Kuipers", "van der Linden", "Schouten",
)

PLACES: tuple[str, ...] = (
    "Utrecht", "Amsterdam", "Rotterdam", "Den Haag", "Tilburg", "Eindhoven",
    "Groningen", "Zwolle", "Leeuwarden", "Assen", "Arnhem", "Nijmegen",
    "Maastricht", "Breda", "Den Bosch", "Amersfoort", "Apeldoorn",
    "Enschede", "Deventer", "Haarlem", "Leiden", "Delft", "Gouda",
    "Middelburg", "Venlo", "Roermond", "Heerlen", "Alkmaar", "Hoorn",
    "Lelystad", "Almere", "Emmen", "Sneek", "Doetinchem", "Ede",
    "Helmond", "Oss", "Veghel", "Kampen", "Harderwijk",
)

ORG_PREFIXES: tuple[str, ...] = (
    "Zorggroep", "Stichting", "Woonzorgcentrum", "Woonlandschap",
    "Thuiszorg", "Coöperatie", "Zorgcentrum", "Buurtzorg", "Zorgboerderij",
    "Wooncentrum", "Hospice", "Kleinschalig wonen",
)

ORG_NAMES: tuple[str, ...] = (
    "De Linde", "Het Baken", "De Leyhoeve", "Sint Jozef", "Het Anker",
    "De Wieken", "De Horst", "Het Hooghuis", "De Zonnebloem", "Eikenstede",
    "De Bron", "Het Kruispunt", "De Vlinder", "Rivierduinen", "De Waalboog",
    "Het Parkhuis", "De Meent", "Beukenrode", "De Wilgen", "Het Gasthuis",
    "De Kapelle", "Zonnehuis", "De Posten", "Heuvelrug", "De Brink",
    "Het Spectrum", "Vitalis", "De Kempen", "Rumah Kita", "Vreedenhoff",
    "De Schutse", "Het Lindenhof", "Oosterlengte", "De Haven", "'t Heem",
    "Dijkhuis", "De Stouwe", "Het Zonnehuis", "Noorderbreedte", "Het Kompas",
)

ORG_ROLES: tuple[str, ...] = (
    "Deelnemer", "Deelnemer", "Deelnemer", "Ambassadeur",
    "Ambassadeur en lid van het kernteam", "Lid van het kernteam",
    "Koploper", "Partner", "Initiatiefnemer",
)

# Five top-level themes with three children each: 20 themes in total.
THEMES: tuple[tuple[str, str, str, tuple[tuple[str, str, str], ...]], ...] = (
    ("verbreden-beweging", "Beweging verbreden en verdiepen",
     "Hoe de beweging groeit, nieuwe deelnemers vindt en dieper wortelt.", (
         ("nieuwe-deelnemers", "Nieuwe deelnemers",
          "Organisaties die zich bij de beweging aansluiten."),
         ("regionale-netwerken", "Regionale netwerken",
          "Samenwerking tussen deelnemers in dezelfde regio."),
         ("ambassadeurs", "Ambassadeurs",
          "Mensen die de beweging een gezicht geven."),
     )),
    ("regels-en-verantwoording", "Regels en verantwoording",
     "Van regels naar relaties: minder papier, meer vertrouwen.", (
         ("schrappen-regels", "Regels schrappen",
          "Overbodige regels opsporen en afschaffen."),
         ("toezicht", "Toezicht en inspectie",
          "Een ander gesprek met toezichthouders en inspectie."),
         ("financiering", "Financiering",
          "Bekostiging die ruimte geeft in plaats van beperkt."),
     )),
    ("relaties-in-zorg", "Relaties in de zorg",
     "De relatie tussen cliënt, naaste en zorgverlener centraal.", (
         ("eigen-regie", "Eigen regie",
          "Bewoners en cliënten bepalen zelf hoe hun leven eruitziet."),
         ("naasten", "Naasten en mantelzorgers",
          "Familie en vrienden als partners in de zorg."),
         ("professionele-ruimte", "Professionele ruimte",
          "Zorgverleners die weer mogen doen waar ze goed in zijn."),
     )),
    ("leren-en-ontwikkelen", "Leren en ontwikkelen",
     "Samen leren, onderzoeken en vernieuwen.", (
         ("onderzoek", "Onderzoek",
          "Wat werkt, en waarom? Onderzoek naar radicale vernieuwing."),
         ("leiderschap", "Leiderschap",
          "Bestuurders en leidinggevenden die ruimte maken."),
         ("opleiding", "Opleiding en training",
          "Scholing die aansluit op de praktijk."),
     )),
    ("overig", "Overige onderwerpen",
     "Onderwerpen die buiten de andere thema's vallen.", (
         ("betrokkenen-zorgorganisaties", "Betrokkenen binnen zorgorganisaties",
          "Bewoners, naasten, medewerkers, bestuur en toezicht."),
         ("wonen-en-zorg", "Wonen en zorg",
          "Nieuwe woonvormen waarin zorg een plek heeft."),
         ("technologie", "Technologie",
          "Techniek die mensen helpt in plaats van hindert."),
     )),
)

# Extra keyword material on top of the nouns above.
KEYWORD_EXTRAS: tuple[str, ...] = (
    "Communicatie", "Zorg en welzijn", "Wet- en regelgeving", "Ouderenzorg",
    "Gehandicaptenzorg", "GGZ", "Jeugdzorg", "Wijkgericht werken",
    "Positieve gezondheid", "Zelforganisatie", "Dementie", "Corona",
    "Personeelstekort", "Arbeidsmarkt", "Innovatie", "Medezeggenschap",
    "Kleinschalig wonen", "Palliatieve zorg", "Levensvragen", "Zingeving",
    "Inclusie", "Duurzaamheid", "Digitalisering", "Domotica",
    "Vrijwilligerswerk", "Burgerinitiatief", "Ketenzorg", "Preventie",
)

SECTIONS: tuple[str, ...] = ("actueel", "praktijkvoorbeelden", "bijeenkomsten", "publicaties")
SECTION_CUM_WEIGHTS: tuple[float, ...] = (0.60, 0.78, 0.91, 1.0)

DATE_FIRST = dt.date(2015, 1, 1)
DATE_LAST = dt.date(2025, 12, 31)
N_KEYWORDS = 150
N_ORGANISATIONS = 40

# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def yq(text: str) -> str:
    """Quote *text* as a YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def slugify(text: str, max_len: int = 60) -> str:
    """Lower-case a-z0-9- slug of *text*, cut at a dash boundary."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > max_len:
        slug = slug[:max_len].rsplit("-", 1)[0]
    return slug or "x"


def cap(text: str) -> str:
    """Capitalise the first letter; Dutch elisions ('s, 't) keep lower case."""
    if text.startswith("'"):
        return text
    return text[:1].upper() + text[1:]


def zipf_cum_weights(n: int) -> list[float]:
    """Cumulative Zipf-like weights: rank k (0-based) has weight 1/(k+1)."""
    total = 0.0
    out: list[float] = []
    for k in range(n):
        total += 1.0 / (k + 1)
        out.append(total)
    return out


def pick_distinct(rng: random.Random, ranked: Sequence[str], cum: list[float], k: int) -> list[str]:
    """Draw *k* distinct items from *ranked* with Zipf weights (in draw order)."""
    chosen: list[str] = []
    while len(chosen) < k:
        item = rng.choices(ranked, cum_weights=cum)[0]
        if item not in chosen:
            chosen.append(item)
    return chosen


def nl_offset(day: dt.date) -> str:
    """UTC offset of the Netherlands on *day*: +02:00 in summer time, else +01:00."""
    def last_sunday(month: int) -> dt.date:
        d = dt.date(day.year, month, 31)
        return d - dt.timedelta(days=(d.weekday() + 1) % 7)
    return "+02:00" if last_sunday(3) <= day < last_sunday(10) else "+01:00"


# ---------------------------------------------------------------------------
# Registries (depend only on the seed)
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Organisation:
    key: str
    name: str
    place: str
    role: str
    website: str | None
    description: str | None


@dataclass(frozen=True)
class Registries:
    theme_keys: list[str]          # Zipf rank order (seeded permutation of the 20 full keys)
    theme_names: dict[str, str]    # full key -> display name
    keywords: list[str]            # Zipf rank order, 150 distinct (case-insensitively)
    organisations: list[Organisation]  # Zipf rank order
    org_by_key: dict[str, Organisation]
    pools: TextPools


def build_registries(seed: int) -> Registries:
    theme_names: dict[str, str] = {}
    for pkey, pname, _pdesc, children in THEMES:
        theme_names[pkey] = pname
        for ckey, cname, _cdesc in children:
            theme_names[f"{pkey}/{ckey}"] = cname
    theme_keys = list(theme_names)
    random.Random(f"{seed}:themes").shuffle(theme_keys)

    krng = random.Random(f"{seed}:keywords")
    pool: list[str] = list(KEYWORD_EXTRAS) + [cap(w) for w in DE_NOUNS + HET_NOUNS + PLURAL_NOUNS]
    keywords: list[str] = []
    seen: set[str] = set()
    for word in pool:
        if word.casefold() not in seen:
            seen.add(word.casefold())
            keywords.append(word)
    krng.shuffle(keywords)
    keywords = keywords[:N_KEYWORDS]
    while len(keywords) < N_KEYWORDS:  # only if the vocabulary shrinks
        word = f"{cap(krng.choice(ADJECTIVES))} {krng.choice(DE_NOUNS)}"
        if word.casefold() not in seen:
            seen.add(word.casefold())
            keywords.append(word)

    orng = random.Random(f"{seed}:organisations")
    names = list(ORG_NAMES)
    orng.shuffle(names)
    organisations: list[Organisation] = []
    used_keys: set[str] = set()
    for base in names[:N_ORGANISATIONS]:
        name = f"{orng.choice(ORG_PREFIXES)} {base}"
        key = slugify(name)
        n = 2
        while key in used_keys:
            key = f"{slugify(name)}-{n}"
            n += 1
        used_keys.add(key)
        place = orng.choice(PLACES)
        website = f"https://www.{key.replace('-', '')}.nl" if orng.random() < 0.7 else None
        description = None
        if orng.random() < 0.6:
            description = (f"{name} in {place} {orng.choice(VERBS)[0]} "
                           f"{noun_phrase(orng.random)} {orng.choice(PREPOSITIONS)} "
                           f"{noun_phrase(orng.random)}.")
        organisations.append(Organisation(key, name, place, orng.choice(ORG_ROLES), website, description))
    return Registries(theme_keys, theme_names, keywords, organisations,
                      {o.key: o for o in organisations}, build_pools(seed))


# ---------------------------------------------------------------------------
# Text generation (uses rng.random directly: much faster than rng.choice)
# ---------------------------------------------------------------------------

Rand = Callable[[], float]


def _p(rnd: Rand, seq: Sequence[str]) -> str:
    return seq[int(rnd() * len(seq))]


def noun_phrase(rnd: Rand) -> str:
    r = rnd()
    if r < 0.35:
        return f"de {_p(rnd, ADJECTIVES)} {_p(rnd, DE_NOUNS)}" if rnd() < 0.4 else f"de {_p(rnd, DE_NOUNS)}"
    if r < 0.6:
        return f"het {_p(rnd, ADJECTIVES)} {_p(rnd, HET_NOUNS)}" if rnd() < 0.4 else f"het {_p(rnd, HET_NOUNS)}"
    if r < 0.85:
        return f"{_p(rnd, ADJECTIVES)} {_p(rnd, PLURAL_NOUNS)}" if rnd() < 0.5 else f"de {_p(rnd, PLURAL_NOUNS)}"
    return f"een {_p(rnd, ADJECTIVES)} {_p(rnd, DE_NOUNS)}"


def singular_subject(rnd: Rand) -> str:
    if rnd() < 0.5:
        return f"de {_p(rnd, DE_NOUNS)}"
    return f"het {_p(rnd, HET_NOUNS)}"


def plural_subject(rnd: Rand) -> str:
    if rnd() < 0.3:
        return f"de {_p(rnd, ADJECTIVES)} {_p(rnd, PLURAL_NOUNS)}"
    return f"de {_p(rnd, PLURAL_NOUNS)}"


def verb(rnd: Rand, plural: bool) -> str:
    return VERBS[int(rnd() * len(VERBS))][1 if plural else 0]


def clause(rnd: Rand) -> str:
    """A main clause without final punctuation (lower-case start)."""
    t = rnd()
    if t < 0.3:
        return f"{singular_subject(rnd)} {verb(rnd, False)} {noun_phrase(rnd)} {_p(rnd, PREPOSITIONS)} {noun_phrase(rnd)}"
    if t < 0.55:
        return f"{plural_subject(rnd)} {verb(rnd, True)} {_p(rnd, ADVERBS)} {noun_phrase(rnd)} {_p(rnd, PREPOSITIONS)} {noun_phrase(rnd)}"
    if t < 0.75:
        return f"{_p(rnd, SENTENCE_ADVERBS).lower()} {verb(rnd, False)} {singular_subject(rnd)} {_p(rnd, ADVERBS)} {noun_phrase(rnd)}"
    if t < 0.9:
        return (f"{singular_subject(rnd)} {verb(rnd, False)} {noun_phrase(rnd)}, "
                f"{_p(rnd, CONJUNCTIONS)} {plural_subject(rnd)} {noun_phrase(rnd)} {_p(rnd, ADVERBS)} {verb(rnd, True)}")
    return f"{_p(rnd, PREPOSITIONS)} {noun_phrase(rnd)} {verb(rnd, True)} {plural_subject(rnd)} {_p(rnd, ADVERBS)} {noun_phrase(rnd)}"


def sentence(rnd: Rand) -> str:
    c = clause(rnd)
    if c.startswith("op 't"):
        c = "Op 't" + c[5:]
    r = rnd()
    if r < 0.06:
        return f'"{cap(c)}", {_p(rnd, SPEECH_VERBS)} {_p(rnd, FIRST_NAMES)} {_p(rnd, LAST_NAMES)}.'
    if r < 0.1:
        return f"{cap(c)}?"
    return f"{cap(c)}."


def emphasise(rnd: Rand, text: str) -> str:
    """Wrap one content word of *text* in *...* (or **...**)."""
    words = text.split(" ")
    n = len(words)
    if n < 4:
        return text
    for _ in range(3):
        i = 1 + int(rnd() * (n - 2))
        w = words[i]
        if len(w) > 3 and w.isalpha():
            mark = "**" if rnd() < 0.3 else "*"
            words[i] = f"{mark}{w}{mark}"
            return " ".join(words)
    return text


POOL_SENTENCES = 16384
POOL_PHRASES = 4096


@dataclass(frozen=True)
class TextPools:
    """Pre-generated text fragments; articles pick from them (fast) by index."""

    sentences: list[str]
    phrases: list[str]       # noun phrases, lower case
    items: list[str]         # bullet list items
    subheads: list[str]      # "## ..." lines


def build_pools(seed: int) -> TextPools:
    rnd = random.Random(f"{seed}:pools").random
    sentences = [sentence(rnd) for _ in range(POOL_SENTENCES)]
    phrases = [noun_phrase(rnd) for _ in range(POOL_PHRASES)]
    items: list[str] = []
    for _ in range(POOL_PHRASES):
        item = cap(noun_phrase(rnd))
        if rnd() < 0.5:
            item += f" {_p(rnd, PREPOSITIONS)} {noun_phrase(rnd)}"
        items.append(item)
    subheads = [subhead(rnd) for _ in range(POOL_PHRASES)]
    return TextPools(sentences, phrases, items, subheads)


LINK_TEMPLATES: tuple[str, ...] = (
    "Lees meer over [{label}](/themas/{key}/).",
    "Zie ook het thema [{label}](/themas/{key}/).",
    "Dit verhaal hoort bij [{label}](/themas/{key}/), net als {phrase}.",
    "Meer over {phrase} staat bij [{label}](/themas/{key}/).",
    "Ook [{label}](/themas/{key}/) speelt hier een rol.",
)


class Body:
    """Accumulates Markdown blocks and a rough word count."""

    __slots__ = ("blocks", "words")

    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.words = 0

    def add(self, block: str) -> None:
        self.blocks.append(block)
        self.words += block.count(" ") + 1


def paragraph(rnd: Rand, themes: Sequence[str], reg: Registries) -> str:
    pool = reg.pools.sentences
    size = len(pool)
    n = 3 + int(rnd() * 4)
    sents = [pool[int(rnd() * size)] for _ in range(n)]
    if rnd() < 0.5:
        j = int(rnd() * n)
        sents[j] = emphasise(rnd, sents[j])
    if rnd() < 0.2:
        key = themes[int(rnd() * len(themes))] if rnd() < 0.8 else _p(rnd, reg.theme_keys)
        label = reg.theme_names[key].lower() if rnd() < 0.6 else _p(rnd, reg.pools.phrases)
        link = _p(rnd, LINK_TEMPLATES).format(label=label, key=key, phrase=_p(rnd, reg.pools.phrases))
        sents.insert(int(rnd() * (n + 1)), link)
    return " ".join(sents)


def bullet_list(rnd: Rand, reg: Registries) -> str:
    n = 3 + int(rnd() * 4)
    items = reg.pools.items
    lines = []
    for _ in range(n):
        item = _p(rnd, items)
        if rnd() < 0.1:
            item = emphasise(rnd, item)
        lines.append(f"- {item}")
    return "\n".join(lines)


def table(rnd: Rand) -> str:
    rows = 3 + int(rnd() * 3)
    lines = ["| Onderdeel | Aantal | Toelichting |", "|---|---:|---|"]
    for _ in range(rows):
        lines.append(f"| {cap(_p(rnd, PLURAL_NOUNS))} | {int(rnd() * 500)} | "
                     f"{cap(_p(rnd, ADJECTIVES))} {_p(rnd, DE_NOUNS)} |")
    return "\n".join(lines)


def subhead(rnd: Rand) -> str:
    r = rnd()
    if r < 0.4:
        return f"## {cap(noun_phrase(rnd))}"
    if r < 0.7:
        return f"## {cap(_p(rnd, ADJECTIVES))} {_p(rnd, PLURAL_NOUNS)} {_p(rnd, PREPOSITIONS)} {noun_phrase(rnd)}"
    return f"## Waarom {plural_subject(rnd)} {noun_phrase(rnd)} {verb(rnd, True)}"


def make_body(rnd: Rand, themes: Sequence[str], reg: Registries) -> str:
    target = 600 + int(rnd() * 130)
    pools = reg.pools
    body = Body()
    lead = paragraph(rnd, themes, reg)
    if rnd() < 0.1:
        lead += "\n{: .lead }"
    body.add(lead)
    body.add(paragraph(rnd, themes, reg))
    footnote = rnd() < 0.05
    while body.words < target:
        body.add(_p(rnd, pools.subheads))
        for _ in range(1 + int(rnd() * 3)):
            body.add(paragraph(rnd, themes, reg))
            if body.words >= target:
                break
        r = rnd()
        if r < 0.35:
            body.add(bullet_list(rnd, reg))
        elif r < 0.42:
            body.add(table(rnd))
        elif r < 0.46:
            body.add(f"/// callout | {cap(_p(rnd, pools.phrases))}\n"
                     f"{_p(rnd, pools.sentences)} {_p(rnd, pools.sentences)}\n///")
    if footnote:
        body.blocks[1] += "[^1]"
        body.add(f"[^1]: {_p(rnd, pools.sentences)}")
    return "\n\n".join(body.blocks) + "\n"


def make_title(rnd: Rand) -> str:
    r = rnd()
    if r < 0.25:
        t = f"{cap(_p(rnd, ADJECTIVES))} {_p(rnd, DE_NOUNS)} voor {_p(rnd, PLURAL_NOUNS)} in {_p(rnd, PLACES)}"
    elif r < 0.5:
        t = f"{cap(singular_subject(rnd))} {verb(rnd, False)} {noun_phrase(rnd)}"
    elif r < 0.65:
        t = f"Zo {verb(rnd, True)} {_p(rnd, PLURAL_NOUNS)} {_p(rnd, ADVERBS)} {noun_phrase(rnd)}"
    elif r < 0.8:
        t = f"{cap(_p(rnd, PLURAL_NOUNS))}: \"{cap(noun_phrase(rnd))} {_p(rnd, PREPOSITIONS)} {noun_phrase(rnd)}\""
    elif r < 0.9:
        t = f"Waarom {verb(rnd, True)} {_p(rnd, PLURAL_NOUNS)} {noun_phrase(rnd)}?"
    else:
        t = f"{cap(_p(rnd, SENTENCE_ADVERBS))}: {noun_phrase(rnd)} {_p(rnd, PREPOSITIONS)} {noun_phrase(rnd)}"
    return t


# ---------------------------------------------------------------------------
# Articles (depend only on seed and index)
# ---------------------------------------------------------------------------

N_DAYS = (DATE_LAST - DATE_FIRST).days + 1


def flow_list(items: Sequence[str], quote: bool) -> str:
    return "[" + ", ".join(yq(x) if quote else x for x in items) + "]"


def make_article(seed: int, i: int, reg: Registries) -> tuple[str, str]:
    """Return (relative path, file text) of article *i* (1-based)."""
    rng = random.Random(f"{seed}:{i}")
    rnd = rng.random

    r = rnd()
    section = SECTIONS[next(k for k, c in enumerate(SECTION_CUM_WEIGHTS) if r < c)]
    day = DATE_FIRST + dt.timedelta(days=int(rnd() * N_DAYS))
    r = rnd()
    if r < 0.7:
        date = day.isoformat()
    else:
        hh, mm = 7 + int(rnd() * 12), (0, 15, 30, 45)[int(rnd() * 4)]
        suffix = "Z" if r > 0.97 else nl_offset(day)
        date = f"{day.isoformat()}T{hh:02d}:{mm:02d}:00{suffix}"

    n_themes = 1 + (rnd() > 0.5) + (rnd() > 0.7)
    themes = pick_distinct(rng, reg.theme_keys, THEME_CUM, n_themes)
    keywords = pick_distinct(rng, reg.keywords, KEYWORD_CUM, int(rnd() * 6))
    keywords = [k.lower() if rnd() < 0.1 else k for k in keywords]
    r = rnd()
    n_orgs = 0 if r < 0.4 else 1 if r < 0.7 else 2 if r < 0.9 else 3
    orgs = pick_distinct(rng, list(reg.org_by_key), ORG_CUM, n_orgs)

    title = make_title(rnd)
    fm = ["---", f"title: {yq(title)}", f"date: {date}"]
    if section == "publicaties" and rnd() < 0.5:
        fm.append(f"subtitle: {yq(f'Zicht op vernieuwing {1 + i % 12}')}")
    elif rnd() < 0.2:
        fm.append(f"subtitle: {yq(cap(noun_phrase(rnd)))}")
    if rnd() < 0.5:
        fm.append(f"summary: {yq(_p(rnd, reg.pools.sentences) + ' ' + _p(rnd, reg.pools.sentences))}")
    fm.append(f"themes: {flow_list(themes, False)}")
    if keywords:
        fm.append(f"keywords: {flow_list(keywords, True)}")
    if orgs:
        fm.append(f"organisations: {flow_list(orgs, False)}")
    if section == "bijeenkomsten":
        start_day = day + dt.timedelta(days=7 + int(rnd() * 60))
        hh, mm = 9 + int(rnd() * 10), (0, 30)[int(rnd() * 2)]
        off = nl_offset(start_day)
        fm.append(f"start: {start_day.isoformat()}T{hh:02d}:{mm:02d}:00{off}")
        if rnd() < 0.8:
            eh = min(hh + 1 + int(rnd() * 4), 23)
            fm.append(f"end: {start_day.isoformat()}T{eh:02d}:{mm:02d}:00{off}")
        r = rnd()
        if r < 0.3:
            location = "Online"
        elif r < 0.7 and orgs:
            org = reg.org_by_key[orgs[0]]
            location = f"{org.name}, {org.place}"
        else:
            location = _p(rnd, PLACES)
        fm.append(f"location: {yq(location)}")
    if rnd() < 0.1:
        fm.append(f"slug: {slugify(title, 50)}-{i}")
    if rnd() < 0.05:
        fm.append(f"aliases: [{yq(f'/oud/{section}/{i}/')}]")
    fm.append("---")

    body = make_body(rnd, themes, reg)
    return f"{section}/artikel-{i:06d}.md", "\n".join(fm) + "\n\n" + body


THEME_CUM = zipf_cum_weights(20)
KEYWORD_CUM = zipf_cum_weights(N_KEYWORDS)
ORG_CUM = zipf_cum_weights(N_ORGANISATIONS)

# ---------------------------------------------------------------------------
# Site-level files
# ---------------------------------------------------------------------------

SITE_YAML = """\
title: "Radicale vernieuwing zorg"
tagline: "Van regels naar relaties"
description: "Landelijke beweging van zorgorganisaties die de zorg radicaal vernieuwen."
base_url: https://www.example.org
theme: rvz
per_page: 10
menu:
  - {title: "Actueel", url: /actueel/}
  - {title: "Praktijkvoorbeelden", url: /praktijkvoorbeelden/}
  - {title: "Bijeenkomsten", url: /bijeenkomsten/}
  - {title: "Publicaties", url: /publicaties/}
  - {title: "Over ons", url: /over-ons/}
contact:
  organisation: "LOC Zeggenschap in zorg"
  email: info@example.org
  phone: "030 123 4567"
"""

OVER_ONS = """\
---
title: "Over ons"
summary: "Radicale vernieuwing zorg is een landelijke beweging van zorgorganisaties."
---

Radicale vernieuwing zorg is een beweging van zorgorganisaties die de zorg
*van regels naar relaties* willen brengen. Bewoners, naasten en medewerkers
bepalen samen wat goede zorg is.

## Wat we doen

- Deelnemers ontmoeten elkaar en leren van elkaars ervaringen
- We schrappen overbodige regels, samen met toezichthouders
- We delen verhalen uit de praktijk

Lees meer over [de thema's](/themas/) of bekijk de [bijeenkomsten](/bijeenkomsten/).
"""


def themes_yaml() -> str:
    out: list[str] = []
    for pkey, pname, pdesc, children in THEMES:
        out += [f"- key: {pkey}", f"  name: {yq(pname)}", f"  description: {yq(pdesc)}"]
        if children:
            out.append("  children:")
            for ckey, cname, cdesc in children:
                out += [f"    - key: {ckey}", f"      name: {yq(cname)}", f"      description: {yq(cdesc)}"]
    return "\n".join(out) + "\n"


def organisations_yaml(reg: Registries) -> str:
    out: list[str] = []
    for o in sorted(reg.organisations, key=lambda o: o.key):
        out += [f"- key: {o.key}", f"  name: {yq(o.name)}", f"  place: {yq(o.place)}"]
        if o.website:
            out.append(f"  website: {o.website}")
        out.append(f"  role: {yq(o.role)}")
        if o.description:
            out.append(f"  description: {yq(o.description)}")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------
# CLI
# ---------------------------------------------------------------------------


def prepare_outdir(outdir: Path, force: bool) -> None:
    if outdir.exists() and not outdir.is_dir():
        sys.exit(f"error: {outdir} exists and is not a directory")
    if outdir.is_dir() and any(outdir.iterdir()):
        if not force:
            sys.exit(f"error: {outdir} is not empty (use --force to clear it)")
        resolved = outdir.resolve()
        cwd = Path.cwd().resolve()
        if resolved == Path(resolved.anchor) or resolved == Path.home().resolve() \
                or resolved == cwd or resolved in cwd.parents or (resolved / ".git").exists():
            sys.exit(f"error: refusing to clear {resolved}")
        for child in outdir.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
    outdir.mkdir(parents=True, exist_ok=True)


def write(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


def write_articles(seed: int, start: int, stop: int, outdir: Path) -> dict[str, int]:
    """Write articles start..stop-1; returns the number written per section."""
    reg = build_registries(seed)
    counts = dict.fromkeys(SECTIONS, 0)
    for i in range(start, stop):
        rel, text = make_article(seed, i, reg)
        counts[rel.split("/", 1)[0]] += 1
        write(outdir / rel, text)
    return counts


def _write_chunk(job: tuple[int, int, int, Path]) -> dict[str, int]:
    return write_articles(*job)


def generate(n: int, outdir: Path, seed: int, jobs: int = 1) -> dict[str, int]:
    """Write the whole content folder. The result does not depend on *jobs*."""
    reg = build_registries(seed)
    for sub in (*SECTIONS, "pages"):
        (outdir / sub).mkdir(exist_ok=True)
    write(outdir / "site.yaml", SITE_YAML)
    write(outdir / "themes.yaml", themes_yaml())
    write(outdir / "organisations.yaml", organisations_yaml(reg))
    write(outdir / "pages" / "over-ons.md", OVER_ONS)
    if jobs <= 1 or n < 2000:
        return write_articles(seed, 1, n + 1, outdir)
    bounds = [1 + n * k // jobs for k in range(jobs + 1)]
    chunks = [(seed, bounds[k], bounds[k + 1], outdir) for k in range(jobs)]
    counts = dict.fromkeys(SECTIONS, 0)
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for part in pool.map(_write_chunk, chunks):
            for key, value in part.items():
                counts[key] += value
    return counts


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Write a deterministic benchmark content folder of N articles.")
    ap.add_argument("n", type=int, metavar="N", help="number of articles")
    ap.add_argument("outdir", type=Path, metavar="OUTDIR", help="content folder to create")
    ap.add_argument("--seed", type=int, default=1, help="seed (default: 1)")
    ap.add_argument("--force", action="store_true", help="clear a non-empty OUTDIR first")
    ap.add_argument("--jobs", type=int, default=min(os.cpu_count() or 1, 8),
                    help="worker processes (output is identical for any value; default: CPU count, max 8)")
    args = ap.parse_args(argv)
    if args.n < 0:
        ap.error("N must be >= 0")
    prepare_outdir(args.outdir, args.force)
    t0 = time.perf_counter()
    counts = generate(args.n, args.outdir, args.seed, args.jobs)
    elapsed = time.perf_counter() - t0
    summary = ", ".join(f"{k} {v}" for k, v in counts.items())
    print(f"wrote {args.n} articles ({summary}) to {args.outdir} in {elapsed:.2f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
