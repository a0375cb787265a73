"""Name normalisation shared by the gazetteer and the geoparser.

Two keys per name:

- `name_key`: case, diacritics, apostrophes, hyphens and dots folded ("Ryl'sk" -> "rylsk",
  "Sudža" -> "sudza", "U.S." -> "us", "Курская" -> "курская").
- `loose_key`: `name_key` with Cyrillic transliterated and the spelling variants of
  Russian/Ukrainian romanisations folded, so that Sudzha/Sudža/Sudja, Rylsky/Rylskiy/Ryl'skyi
  and Oktyabrskoye/Oktyabrskoe/Октябрьское meet on one key. Used as a fallback only.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_APOSTROPHES = "'’‘ʹʼʻ`´\"“”"
_PUNCT_TO_SPACE = re.compile(r"[\s\-‐‑–—_/,;:()\[\]]+")
_DROP = str.maketrans("", "", _APOSTROPHES + ".")

# Cyrillic to Latin, one table for Russian, Ukrainian and Belarusian letters (a simple
# scientific-style scheme; the loose folding below makes the choice of scheme unimportant).
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "e", "є": "ie",
    "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ў": "u", "ф": "f",
    "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e",
    "ю": "iu", "я": "ia",
}  # fmt: skip
_CYRILLIC_TABLE = str.maketrans(_CYRILLIC)
# Latin letters with a caron spell what Russian romanisations write with two letters.
_CARONS = str.maketrans({"ž": "zh", "š": "sh", "č": "ch", "Ž": "zh", "Š": "sh", "Č": "ch"})

# Ordered rewrites that fold romanisation variants (applied to Latin text, word by word).
_LOOSE_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"shch|sch", "S"),
        (r"dzh|dj|zh", "J"),
        (r"j", "y"),
        (r"kh", "h"),
        (r"tch|ch", "C"),
        (r"ts|tz|cz", "c"),
        (r"sh", "S"),
        # adjective endings: -sky, -skiy, -skyi, -skii, -skoy, -skaya, -skoye, -ske ...
        (r"(sk|ck|tsk|zk)(iy|yy|yi|ii|ij|yj|y|i|oy|oi|aya|aia|a|oye|oe|oie|e|ye|yy)$", r"\1"),
        (r"yo|yë|ë", "e"),
        (r"ye|ie|je", "e"),
        (r"ya|ia|ja", "a"),
        (r"yu|iu|ju", "u"),
        (r"y", "i"),
        (r"w", "v"),
        (r"ou", "u"),
        (r"(.)\1", r"\1"),
    )
)


@lru_cache(maxsize=200_000)
def name_key(name: str) -> str:
    """Fold case, diacritics, apostrophes, dots and hyphens: the exact-match key of a name.

    >>> name_key("Ryl’sk") == name_key("RYLSK") == "rylsk"
    True
    """
    if name.isascii():
        s = name.lower().translate(_DROP)
    else:
        s = unicodedata.normalize("NFKD", name.casefold())
        s = "".join(ch for ch in s if not unicodedata.combining(ch)).translate(_DROP)
    return _PUNCT_TO_SPACE.sub(" ", s).strip()


def transliterate(text: str) -> str:
    """Cyrillic letters to Latin (lower case), other characters unchanged."""
    return text.lower().translate(_CYRILLIC_TABLE)


@lru_cache(maxsize=200_000)
def loose_key(name: str) -> str:
    """A key under which transliteration variants of one name meet.

    >>> loose_key("Sudzha") == loose_key("Sudja") == loose_key("Суджа")
    True
    >>> loose_key("Rylsky") == loose_key("Ryl'skiy") == loose_key("Rylsk")
    True
    """
    return " ".join(map(_loose_word, transliterate(name_key(name.translate(_CARONS))).split()))


@lru_cache(maxsize=500_000)
def _loose_word(word: str) -> str:
    """One word of `loose_key`, the rewrites applied in order (words repeat across names)."""
    for pattern, repl in _LOOSE_RULES:
        word = pattern.sub(repl, word)
    return word


def has_caron(name: str) -> bool:
    """Whether a name has a letter with a caron ("Sudža"), the one thing `loose_key` reads that
    `name_key` folds away: elsewhere `loose_key(name) == loose_key(name_key(name))`."""
    return not name.isascii() and _HAS_CARON.search(name) is not None


_HAS_CARON = re.compile("[" + "".join(map(chr, _CARONS)) + "]")


def has_cyrillic(text: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in text)
