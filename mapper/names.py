"""Name normalisation shared by the gazetteer and the geoparser.

Two keys per name:

- `name_key`: case, diacritics, apostrophes, hyphens and dots folded ("Ryl'sk" -> "rylsk",
  "Sudža" -> "sudza", "U.S." -> "us", "Курская" -> "курская").
- `loose_key`: `name_key` with Cyrillic transliterated and the spelling variants of
  Russian/Ukrainian romanisations folded, so that Sudzha/Sudža/Sudja, Rylsky/Rylskiy/Ryl'skyi
  and Oktyabrskoye/Oktyabrskoe/Октябрьское meet on one key. Used as a fallback only.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from itertools import compress

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
        # (at a word's end, or a NUL: `_loose_words` runs the rules over words joined by NULs)
        (
            r"(sk|ck|tsk|zk)(iy|yy|yi|ii|ij|yj|y|i|oy|oi|aya|aia|a|oye|oe|oie|e|ye|yy)(?=\0|$)",
            r"\1",
        ),
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


def name_keys(names: Sequence[str]) -> list[str]:
    """`name_key` of each name, all at once: equal to `[name_key(n) for n in names]`, in order.

    Several times faster on many names (the gazetteer's index folds a million).
    """
    names = list(names)
    keys = _fold_many(names)
    return [name_key(n) for n in names] if keys is None else keys


def _fold_many(names: list[str]) -> list[str] | None:
    """`name_key` of each name, the ASCII names folded at once (`_fold_ascii`), then the others
    (`_fold_joined`); None where a name holds a NUL, the character that joins them."""
    plain = list(map(str.isascii, names))
    n_plain = sum(plain)
    ascii_text = "\0".join(compress(names, plain))
    other_text = "\0".join(compress(names, map(operator.not_, plain)))
    for text, count in ((ascii_text, n_plain), (other_text, len(names) - n_plain)):
        if text.count("\0") != max(count - 1, 0):
            return None
    ascii_keys = iter(_fold_ascii(ascii_text.encode("ascii")).decode("ascii").split("\0"))
    other_keys = iter(_fold_joined(other_text).split("\0"))
    return [next(ascii_keys) if a else next(other_keys) for a in plain]


def _fold_joined(joined: str) -> str:
    """`name_key` of each of the NUL-separated names of `joined`, separated by NULs.

    Every step of `name_key` can run over the whole text: `casefold` maps each character alone
    (and is `lower` on ASCII); NFKD never reorders marks across a NUL, a starter; the deletions
    act on single characters; a run of punctuation never takes in a NUL; and after the runs
    are spaces, what `strip` removes is the one space on either side of a NUL.
    """
    text = unicodedata.normalize("NFKD", joined.casefold())
    dropped = {ch for ch in set(text) if unicodedata.combining(ch)} | set(_APOSTROPHES + ".")
    text = re.sub("[" + re.escape("".join(sorted(dropped))) + "]+", "", text)
    text = _PUNCT_TO_SPACE.sub(" ", text)
    return text.replace(" \0", "\0").replace("\0 ", "\0").strip(" ")


# `_fold_joined` for ASCII names, on bytes: the characters `name_key` drops, and those its
# punctuation runs take in (all mapped to a space, then each run of spaces made one).
_ASCII_DROP = bytes(c for c in range(128) if chr(c) in _APOSTROPHES + ".")
_ASCII_PUNCT = bytes(c for c in range(128) if _PUNCT_TO_SPACE.fullmatch(chr(c)))
_ASCII_TO_SPACE = bytes.maketrans(_ASCII_PUNCT, b" " * len(_ASCII_PUNCT))
_SPACE_RUN = re.compile(b"  +")


def _fold_ascii(joined: bytes) -> bytes:
    """`_fold_joined` of ASCII names (several times faster on bytes than on a str)."""
    text = _SPACE_RUN.sub(b" ", joined.lower().translate(_ASCII_TO_SPACE, _ASCII_DROP))
    return text.replace(b" \0", b"\0").replace(b"\0 ", b"\0").strip(b" ")


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


def loose_keys(names: Sequence[str]) -> list[str]:
    """`loose_key` of each name, all at once: equal to `[loose_key(n) for n in names]`, in order.

    The names are folded together (see `_fold_many`), and each distinct word of their keys is
    transliterated and rewritten once (the gazetteer's build folds some 160,000 names).
    """
    names = list(names)
    spelt_out = [n if n.isascii() else _HAS_CARON.sub(_spell_out_caron, n) for n in names]
    folded = _fold_many(spelt_out)
    if folded is None or not names:
        return [loose_key(n) for n in names]
    keys = "\0".join(folded)
    tokens = _WORD_GAP.split(keys)  # words, each but the last followed by a space or a NUL
    vocabulary = [w for w in dict.fromkeys(tokens[::2]) if w]
    # word by word: `transliterate` makes and removes no space, and `lower` looks across none
    latin = [transliterate(w) for w in vocabulary]
    kept = [(w, t) for w, t in zip(vocabulary, latin, strict=True) if t]
    fold = dict(zip([w for w, _ in kept], _loose_words([t for _, t in kept]), strict=True))
    out = "".join([fold.get(t, t) for t in tokens]).split("\0")
    if len(kept) < len(vocabulary):  # a word that transliterates to nothing ("ъ") is no word
        gone = {w for w, t in zip(vocabulary, latin, strict=True) if not t}
        for i, key in enumerate(keys.split("\0")):
            if not gone.isdisjoint(key.split(" ")):
                out[i] = loose_key(names[i])
    return out


_WORD_GAP = re.compile("([ \0])")


def _spell_out_caron(m: re.Match[str]) -> str:
    return m.group().translate(_CARONS)


def _loose_words(words: list[str]) -> list[str]:
    """`_loose_word` of each word (non-empty, without a NUL or a space), each rewrite run once
    over all the words joined by NULs: no rule matches a NUL (only `(.)\\1` could, on two, and
    no word is empty), no rewrite empties a word, and the one rule for a word's end takes a
    NUL for an end."""
    text = "\0".join(words)
    for pattern, repl in _LOOSE_RULES:
        text = pattern.sub(repl, text)
    return text.split("\0") if words else []


def has_caron(name: str) -> bool:
    """Whether a name has a letter with a caron ("Sudža"), the one thing `loose_key` reads that
    `name_key` folds away: elsewhere `loose_key(name) == loose_key(name_key(name))`."""
    return not name.isascii() and _HAS_CARON.search(name) is not None


_HAS_CARON = re.compile("[" + "".join(map(chr, _CARONS)) + "]")


def has_cyrillic(text: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in text)
