"""Find the places a text names and resolve each to the gazetteer entry the writer meant.

Recognition proposes every span that the gazetteer (or the demonym table) knows, longest first,
then keeps those a small logistic model, over cues a careful reader uses, finds likely to be
places: is the word a common English word, is it part of a longer capitalised name ("Vladimir
Putin", "Kyiv Independent"), is it after a person's title or a locative preposition ...
Resolution scores each candidate place by its prior (feature type and population), explicit
hierarchy ("Oktyabrskoye in Rylsk district", "Paris, Texas"), the admin word ("Kursk region"),
the countries and regions of the document, and the distance to the other places it names.

>>> from mapper.geoparse import geoparse                                      # doctest: +SKIP
>>> [(t.text, t.place.name) for t in geoparse("Fighting near Sudzha, Kursk Oblast.")]  # +SKIP
[('Sudzha', 'Sudzha'), ('Kursk Oblast', 'Kursk Oblast')]
"""

from __future__ import annotations

import bisect
import csv
import json
import math
import operator
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path

import numpy as np

from mapper.gazetteer import ADMIN_WORDS, Containers, Gazetteer, Place, admin_core, haversine_km
from mapper.names import name_key

RESOURCES = resources.files("mapper") / "resources"

# Tokens: dotted abbreviations (U.S., B.C.), words with inner apostrophes or hyphens, numbers,
# single punctuation marks.
_TOKEN = re.compile(
    r"(?:[A-Z]\.){2,}|(?:St|Ste|Mt|Ft|Pt)\.|[^\W\d_](?:[\w’'ʼ-]*[^\W_])?|\d[\d,.]*|[^\w\s]"
)
_GOVERNOR = re.compile(r"(?:['’]s)?\s+(?:acting\s+|regional\s+)?governor\b", re.IGNORECASE)
# "... the Kursk, Voronezh, Belgorod, and Nizhny Novgorod regions"
_REGIONS_LIST = re.compile(r"\b(?:and|&)\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?\s+regions\b")
_SENTENCE_BREAK = re.compile(r"[.?!]\s|\n")
_ABBREVIATION_END = re.compile(r"(?:[A-Z]\.){2,}$")
_POSSESSIVE = re.compile(r"['’]s$")
_BREAKS = frozenset('.!?;:()[]{}"“”')

# Lower-case words that may sit inside a multi-word place name ("Sea of Azov", "Bosnia and
# Herzegovina", "Rylsk district", "Kursk nuclear power plant").
_CONNECTORS = frozenset(
    "of de del la le les da do dos das di du am im upon on and the al el en sur an der von "
    "y i e".split()
)
_NAME_TAILS = frozenset(
    {w for key in ADMIN_WORDS for w in key.split()}
    | set(
        "nuclear power plant station npp air base airbase airfield sea bridge strait gulf "
        "river lake peninsula island islands mountains".split()
    )
)
# Words before a name that say "a place follows".
LOCATIVE = frozenset(
    "in at near from to into towards toward outside inside around across over of "
    "via through between along within throughout beyond".split()
)
# Capitalised words that are not places on their own: months, weekdays, compass adjectives
# ("in March", "Western support"); as part of a longer name they still count ("Western Cape").
NOT_ALONE = frozenset(
    "January February March April May June July August September October November December "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday Western Eastern Northern "
    "Southern Central North South East West".split()
)
# Words right before a name that say it is a settlement ("the village of Oktyabrskoye").
_SETTLEMENT_CUE = re.compile(
    r"(?:village|villages|town|towns|city|settlement|hamlet)\s+of\s+(?:the\s+)?$", re.IGNORECASE
)
# Capitalised words that start sentences without being part of a name.
_FUNCTION_CAPS = frozenset(
    "the a an in at on of for from to by with and but or as if when while after before since "
    "this that these those it its his her their our we they he she i you there here then "
    "meanwhile however although though also according despite amid during under over near "
    "overnight yesterday today earlier later now last".split()
)

# The recognition model's cues, in the order `_describe` computes them.
FEATURES = tuple(
    "bias zipf zipf_high zipf_minor lower_in_doc prior country admin1 admin_word capital ncand "
    "initial locative title prev_name next_name org_next org_prev all_caps acronym multi "
    "demonym possessive comma_next repeated short first_name after_first_name then_surname".split()
)
_MAJOR = frozenset("PPLC ADM1 CONT RGN SEA OCN".split())

# Resolution weights, added to a candidate's prior (a log10-population scale): the share of the
# document's places in the candidate's country, a place of the document in its first-order
# division, and the nearness of the document's unambiguous places.
W_COUNTRY = 4.0
W_ADMIN1 = 2.0
W_NEAR = 3.0
NEAR_KM = 150.0
MAX_CONTEXT = W_COUNTRY + W_ADMIN1 + W_NEAR  # the most pass 2 can add to a candidate
MAX_CANDIDATES = 25  # by prior; context rarely lifts a place from further down
ANCHOR_MARGIN = 1.5  # a pass-1 pick this far ahead of the next candidate anchors distances


def _read_lines(name: str) -> frozenset[str]:
    text = (RESOURCES / name).read_text(encoding="utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


@dataclass(frozen=True, slots=True)
class Toponym:
    """A span of text that names a place, and the place it was resolved to."""

    start: int
    end: int
    text: str
    place: Place | None
    score: float  # probability that the span names a place, from the recognition model
    kind: str = "name"  # "name" or "demonym" ("Russian" -> Russia)


@dataclass(slots=True)
class _Span:
    start: int
    end: int
    first: int  # token indexes
    last: int
    rows: tuple[int, ...]
    kind: str = "name"
    levels: tuple[str, ...] = ()
    features: dict[str, float] = field(default_factory=dict)
    prob: float = 0.0
    pick: int = -1


# A token: (start, end, text); plain tuples, as the tokenizer makes thousands per article.
_Token = tuple[int, int, str]


class Geoparser:
    """Recognise and resolve toponyms. Build once (it holds the gazetteer and the model)."""

    def __init__(self, gazetteer: Gazetteer | None = None, model: dict | None = None) -> None:
        self.gazetteer = gazetteer or Gazetteer.default()
        self.model = model or json.loads((RESOURCES / "geoparse_model.json").read_text("utf-8"))
        self.threshold = float(self.model.get("threshold", 0.5))
        self.inside_name_cap = float(self.model.get("inside_name_cap", 0.3))
        self.titles = _read_lines("person_titles.txt")
        self.org_words = _read_lines("org_words.txt")
        self.demonyms = self._load_demonyms()
        self._memo: dict[str, tuple[int, ...]] = {}
        self._span_memo: dict[str, tuple[tuple[int, ...], tuple]] = {}
        self._static_memo: dict[tuple, tuple] = {}
        # weights in the order _describe builds the features
        self._weights = [self.model["weights"].get(k, 0.0) for k in FEATURES]

    # -- resources -------------------------------------------------------------------------

    def _load_demonyms(self) -> dict[str, tuple[int, ...]]:
        """Demonym key -> gazetteer rows of the place it names ("Russian" -> Russia)."""
        gaz = self.gazetteer
        out: dict[str, tuple[int, ...]] = {}
        with (RESOURCES / "demonyms.csv").open(encoding="utf-8", newline="") as fh:
            for rec in csv.DictReader(fh):
                rows = gaz.candidate_rows(rec["place"], feature_codes=[rec["feature"]])
                if rec["country_code"]:
                    rows = [r for r in rows if gaz.country_code[r] == rec["country_code"]]
                if not rows:
                    rows = gaz.candidate_rows(rec["place"])[:1]
                if rows:
                    out[name_key(rec["demonym"])] = (rows[0],)
        return out

    @cached_property
    def _zipf(self) -> dict[str, float]:
        """English word frequencies (Zipf scale) from wordfreq: how common a word is."""
        from wordfreq import get_frequency_dict

        return {
            w: math.log10(f) + 9
            for w, f in get_frequency_dict("en", wordlist="best").items()
            if f > 1e-8
        }

    @cached_property
    def _first_names(self):
        """Whether a word is a given name (gender-guesser's list of 40,000 first names)."""
        from gender_guesser.detector import Detector

        detector = Detector(case_sensitive=False)
        cache: dict[str, bool] = {}

        def is_first_name(word: str) -> bool:
            hit = cache.get(word)
            if hit is None:
                hit = cache[word] = word[:1].isupper() and detector.get_gender(word) != "unknown"
            return hit

        return is_first_name

    # -- API -------------------------------------------------------------------------------

    def parse(self, text: str) -> list[Toponym]:
        """The toponyms of `text`, in order, each resolved to a place."""
        tokens = _tokenize(text)
        caps = _capitalised(tokens)
        spans = self._propose(text, tokens, caps)
        self._describe(text, tokens, spans, caps)
        kept = [s for s in spans if s.prob >= self.threshold]
        self._resolve(text, tokens, kept)
        gaz = self.gazetteer
        return [
            Toponym(
                s.start,
                s.end,
                text[s.start : s.end],
                gaz.place(s.pick) if s.pick >= 0 else None,
                round(s.prob, 4),
                s.kind,
            )
            for s in kept
        ]

    def proposals(self, text: str) -> list[_Span]:
        """Every candidate span with its cues and probability (for training and inspection)."""
        tokens = _tokenize(text)
        caps = _capitalised(tokens)
        spans = self._propose(text, tokens, caps)
        self._describe(text, tokens, spans, caps, keep=True)
        return spans

    # -- recognition -----------------------------------------------------------------------

    def _propose(self, text: str, tokens: list[_Token], caps: list[int]) -> list[_Span]:
        """Every span the gazetteer or the demonym table knows, longest match first."""
        spans: list[_Span] = []
        n = len(tokens)
        resume = 0
        for i in caps:
            if i < resume:
                continue
            if tokens[i][2] in NOT_ALONE and (i + 1 >= n or not tokens[i + 1][2][:1].isupper()):
                continue
            best: _Span | None = None
            j = i
            while j < n and j < i + 7:
                t = tokens[j][2]
                if j > i and (t in _BREAKS or t == ","):
                    break
                inside = t[:1].isupper() or t in _CONNECTORS or t == "-"
                if j > i and not inside and t.lower() not in _NAME_TAILS:
                    break
                last = t
                poss = last.endswith(("'s", "’s"))
                if last[:1].isupper() or j == i or last.lower() in _NAME_TAILS:
                    end = tokens[j][1] - 2 * poss
                    surface = text[tokens[i][0] : end]
                    if surface[-1] == "." and not _ABBREVIATION_END.search(surface):
                        surface = surface[:-1]
                        end -= 1
                    key = name_key(surface)
                    rows, levels = self._rows_for(surface, key, tokens[i][2])
                    if rows:
                        best = _Span(tokens[i][0], end, i, j, rows, levels=levels)
                    elif key in self.demonyms:
                        best = _Span(tokens[i][0], end, i, j, self.demonyms[key], "demonym")
                if poss:
                    break
                j += 1
            if best is not None:
                spans.append(best)
                resume = best.last + 1
        return spans

    def _rows_for(self, surface: str, key: str, first: str) -> tuple[tuple[int, ...], tuple]:
        """Candidate rows and admin levels for a surface form (memoised per parser)."""
        hit = self._span_memo.get(surface)
        if hit is None:
            if len(self._span_memo) > 200_000:
                self._span_memo.clear()
            hit = self._span_memo[surface] = self._rows_for_uncached(surface, key, first)
        return hit

    def _rows_for_uncached(
        self, surface: str, key: str, first: str
    ) -> tuple[tuple[int, ...], tuple]:
        gaz = self.gazetteer
        levels = admin_core(surface)[1]  # "Rylsk district", "Lipetsk municipal district"
        if levels:
            rows = gaz.candidate_rows(surface)
            if rows:
                divisions = tuple(r for r in rows if gaz.feature_code[r] in levels)
                return divisions or tuple(rows), levels
        rows = self._lookup(key)
        if rows:
            return rows, ()
        if " " not in key and first[:1].isupper() and not first.isupper() and len(first) > 3:
            loose = gaz.lookup_loose(surface)
            if loose and self._zipf.get(key, 0.0) < 1.5:
                return loose, ()
        return (), ()

    def _lookup(self, key: str) -> tuple[int, ...]:
        """The gazetteer's exact lookup, memoised (names repeat across a corpus)."""
        rows = self._memo.get(key)
        if rows is None:
            if len(self._memo) > 200_000:
                self._memo.clear()
            rows = self._memo[key] = self.gazetteer.lookup_key(key)
        return rows

    def _describe(
        self,
        text: str,
        tokens: list[_Token],
        spans: list[_Span],
        caps: list[int],
        *,
        keep: bool = False,
    ) -> None:
        """Compute each span's cues and its probability of naming a place (`keep`: store the
        cues on the span, for training)."""
        weights = self._weights
        lower_words = {t for _, _, t in tokens if t.islower()}
        is_first = self._first_names
        # People named in full somewhere in the text ("Vyacheslav Gladkov"): their surnames
        # alone ("Gladkov said") are people too.
        surnames = {
            tokens[k + 1][2]
            for k in caps
            if k + 1 < len(tokens)
            and tokens[k + 1][2][:1].isupper()
            and tokens[k + 1][0] - tokens[k][1] == 1
            and tokens[k][2] not in NOT_ALONE
            and self._zipf.get(tokens[k][2].lower(), 0.0) < 4.5  # "In", "May", "Will"
            and is_first(tokens[k][2])
        }
        keys = [name_key(text[s.start : s.end]) for s in spans]
        doc_keys = Counter(keys)
        n_tokens = len(tokens)
        for s, key in zip(spans, keys, strict=True):
            surface = text[s.start : s.end]
            single = s.first == s.last
            static = self._static_features(surface, key, s, single)
            fcode = static[-1]
            prev = tokens[s.first - 1][2] if s.first > 0 else ""
            prev2 = tokens[s.first - 2][2] if s.first > 1 else ""
            nxt = tokens[s.last + 1][2] if s.last + 1 < n_tokens else ""
            nxt_start = tokens[s.last + 1][0] if s.last + 1 < n_tokens else len(text)
            prev_is_name = (
                prev[:1].isupper()
                and not _POSSESSIVE.search(prev)
                and prev.lower() not in _FUNCTION_CAPS
                and (
                    not _sentence_initial(text, tokens[s.first - 1][0])
                    or self._zipf.get(prev.lower(), 0.0) < 3.0
                )
                and prev not in self.titles
            )
            # a capitalised word right after the span, inside the same phrase
            next_is_name = (
                nxt[:1].isupper()
                and nxt_start - s.end <= 1
                and not surface.isupper()
                and not self._lookup(name_key(nxt))
                and name_key(nxt) not in self.demonyms
            )
            values = [
                *static[:4],
                float(single and key in lower_words),  # lower_in_doc
                *static[4:10],
                float(_sentence_initial(text, s.start)),  # initial
                float(prev.lower() in LOCATIVE),  # locative
                float(prev in self.titles or f"{prev2} {prev}" in self.titles),  # title
                float(prev_is_name),
                float(next_is_name),
                float(nxt in self.org_words),  # org_next
                float(prev in self.org_words),  # org_prev
                *static[10:14],
                float(bool(_POSSESSIVE.search(tokens[s.last][2]))),  # possessive
                float(nxt == ","),  # comma_next
                float(doc_keys[key] > 1),  # repeated
                *static[14:16],
                float(bool(prev) and prev_is_name and is_first(prev)),  # after_first_name
                float(next_is_name and static[15] > 0 and s.kind == "name"),  # then_surname
            ]
            if keep:
                s.features = dict(zip(FEATURES, values, strict=True))
            z = sum(map(operator.mul, weights, values))
            s.prob = 1.0 / (1.0 + math.exp(-z))
            # "Vladimir Putin", "Jordan Henderson": a town's name used as a first name
            first_name = (
                single
                and s.kind == "name"
                and fcode.startswith("PPL")
                and fcode != "PPLC"
                and nxt[:1].isupper()
                and nxt_start - s.end == 1
                and nxt not in NOT_ALONE
                and nxt not in self.org_words
                and next_is_name
            ) or (single and s.kind == "name" and surface in surnames and fcode[:3] != "PCL")
            if (
                (prev_is_name and s.kind == "name" and not self._lookup(name_key(prev)))
                or (next_is_name and nxt in self.org_words)
                or first_name
            ):
                # part of a longer name: "Nikkei Asia", "Marco Rubio", "the Kyiv Independent"
                s.prob = min(s.prob, self.inside_name_cap)

    def _static_features(self, surface: str, key: str, s: _Span, single: bool) -> tuple:
        """The cues that depend on the name alone (memoised): 16 values, then the feature code."""
        memo_key = (surface, s.kind, s.levels, s.rows[0], len(s.rows), single)
        hit = self._static_memo.get(memo_key)
        if hit is not None:
            return hit
        gaz = self.gazetteer
        fcode = gaz.feature_code[s.rows[0]]
        zipf = self._zipf.get(key, 0.0) if single else 0.0
        hit = (
            1.0,  # bias
            zipf,
            float(zipf > 4.5),  # zipf_high
            zipf * float(not (fcode.startswith("PCL") or fcode in _MAJOR)),  # zipf_minor
            float(gaz.prior[s.rows[0]]) / 10.0,  # prior
            float(fcode.startswith("PCL") or fcode in ("CONT", "RGN")),  # country
            float(fcode == "ADM1"),  # admin1
            float(bool(s.levels)),  # admin_word
            float(fcode == "PPLC"),  # capital
            math.log1p(len(s.rows)) / 3.0,  # ncand
            float(surface.isupper() and len(surface) > 3),  # all_caps
            float(surface.isupper() and len(surface.replace(".", "")) <= 3),  # acronym
            float(not single),  # multi
            float(s.kind == "demonym"),  # demonym
            float(len(surface) <= 3),  # short
            float(single and self._first_names(surface)),  # first_name
            fcode,
        )
        if len(self._static_memo) > 200_000:
            self._static_memo.clear()
        self._static_memo[memo_key] = hit
        return hit

    # -- resolution ------------------------------------------------------------------------

    def _resolve(self, text: str, tokens: list[_Token], spans: list[_Span]) -> None:
        """Pick each span's place: prior, hierarchy, document countries, nearby places.

        One sense per discourse: spans with the same name and the same local cues are scored
        once per document.
        """
        gaz = self.gazetteer
        if not spans:
            return
        sentence_of = _sentence_finder(text)
        region_sentences = self._region_list_sentences(text, spans, sentence_of)
        groups: dict[tuple, list[int]] = {}
        for k, s in enumerate(spans):
            in_list = bool(region_sentences) and sentence_of(s.start) in region_sentences
            governed = not s.levels and bool(_GOVERNOR.match(text, s.end))
            key = (name_key(text[s.start : s.end]), s.levels, s.kind, in_list, governed)
            groups.setdefault(key, []).append(k)

        # Pass 1: the prior (plus explicit hierarchy), to learn what the text is about.
        base: dict[tuple, list[float]] = {}
        confident: set[int] = set()
        for key, members in groups.items():
            s = spans[members[0]]
            score = self._base_scores(text, s, governed=key[4])
            if key[3]:  # a list of regions: bare names are the regions
                fcode = gaz.feature_code
                rows = s.rows[: len(score)]
                score = [v + 6.0 * (fcode[r] == "ADM1") for v, r in zip(score, rows, strict=True)]
            base[key] = score
            best = max(range(len(score)), key=score.__getitem__)
            pick = s.rows[best]
            for k in members:
                spans[k].pick = pick
            runner_up = max((v for k, v in enumerate(score) if k != best), default=-math.inf)
            if score[best] - runner_up >= ANCHOR_MARGIN and gaz.feature_code[pick][:1] != "A":
                confident.add(pick)  # a point place the document clearly names
        qualifiers = self._qualifiers(text, spans)
        for idx, q in qualifiers.items():
            spans[idx].pick = q
        countries: Counter[str] = Counter()
        admin1s: Counter[int] = Counter()
        admin1_of = gaz.admin1_list
        for s in spans:
            r = s.pick
            countries[gaz.country_code[r]] += 1
            if admin1_of[r] >= 0:
                admin1s[admin1_of[r]] += 1
        total = sum(countries.values())
        anchors = sorted(confident | set(qualifiers.values()))

        # Pass 2: context, once per group.
        for key, members in groups.items():
            todo = [k for k in members if k not in qualifiers and len(spans[k].rows) > 1]
            if not todo:
                continue
            s = spans[todo[0]]
            score = np.array(base[key])
            # context adds at most MAX_CONTEXT: a candidate further behind can never win
            alive = np.flatnonzero(score >= score.max() - MAX_CONTEXT)
            if len(alive) == 1:
                continue
            rows = [s.rows[k] for k in alive.tolist()]
            score = score[alive]
            own_cc = gaz.country_code[s.pick]
            share = np.array(
                [
                    countries[c] - len(members) * (c == own_cc)
                    for c in map(gaz.country_code.__getitem__, rows)
                ]
            )
            score += W_COUNTRY * np.clip(share, 0, None) / max(total - len(members), 1)
            a1 = [admin1s.get(admin1_of[r], 0) > 0 for r in rows]
            score += W_ADMIN1 * np.array(a1)
            others = [a for a in anchors if a not in s.rows]
            if others:
                d = haversine_km(
                    gaz.lat[rows][:, None], gaz.lon[rows][:, None],
                    gaz.lat[others][None, :], gaz.lon[others][None, :],
                ).min(axis=1)  # fmt: skip
                score += W_NEAR * np.exp(-d / NEAR_KM)
            pick = rows[int(np.argmax(score))]
            for k in todo:
                spans[k].pick = pick

    def _base_scores(self, text: str, s: _Span, *, governed: bool = False) -> list[float]:
        """The gazetteer's score of each candidate for this name, and the admin context."""
        gaz = self.gazetteer
        rows = s.rows[:MAX_CANDIDATES]
        if s.kind != "name":
            return [gaz._prior_list[r] for r in rows]
        score = gaz.score_list(text[s.start : s.end], rows)
        fcode = gaz.feature_code
        if _SETTLEMENT_CUE.search(text, max(0, s.start - 30), s.start):
            score = [v + 5.0 * fcode[r].startswith("PPL") for v, r in zip(score, rows, strict=True)]
        if governed:
            # "Belgorod governor": a governor governs the region, not the city
            score = [v + 8.0 * (fcode[r] == "ADM1") for v, r in zip(score, rows, strict=True)]
        return score

    def _qualifiers(self, text: str, spans: list[_Span]) -> dict[int, int]:
        """Spans resolved by explicit hierarchy: "X, Y", "X in Y district", "X (Y)"."""
        gaz = self.gazetteer
        out: dict[int, int] = {}
        for k in range(len(spans) - 1):
            a, b = spans[k], spans[k + 1]
            between = text[a.end : b.start]
            if not re.fullmatch(r"\s*(,|\(|in|in the|of|of the|,\s*in)\s*", between):
                continue
            if len(a.rows) < 2 and a.kind == "name":
                continue
            containers = Containers(gaz, b.rows[:20])
            inside = [r for r in a.rows[:200] if containers.hold(r)]
            if inside:
                if len(inside) > 1 and a.kind == "name":  # the likeliest of those inside
                    scores = gaz.scores(text[a.start : a.end], inside)
                    inside = [inside[int(np.argmax(scores))]]
                out[k] = inside[0]
                out.setdefault(k + 1, containers.first_holding(inside[0]))
        return out

    def _region_list_sentences(self, text: str, spans: list[_Span], sentence_of) -> set[int]:
        """Sentences that list regions ("26 in the Belgorod region, seven in Kursk ...")."""
        out = set()
        for s in spans:
            if "ADM1" in s.levels:
                out.add(sentence_of(s.start))
        if "regions" in text:
            for m in _REGIONS_LIST.finditer(text):
                out.add(sentence_of(m.start()))
        return out


def _tokenize(text: str) -> list[_Token]:
    return [(*m.span(), m[0]) for m in _TOKEN.finditer(text)]


def _capitalised(tokens: list[_Token]) -> list[int]:
    """Indexes of the tokens that start with a capital letter (where names can start)."""
    return [k for k, t in enumerate(tokens) if t[2][:1].isupper()]


def _sentence_initial(text: str, pos: int) -> bool:
    k = pos - 1
    while k >= 0 and text[k] in " \t\"“'‘(":
        k -= 1
    return k < 0 or text[k] in ".!?\n:"


def _sentence_finder(text: str):
    """A function from a position to the number of the sentence that holds it."""
    ends = [m.end() for m in _SENTENCE_BREAK.finditer(text)]
    return lambda pos: bisect.bisect_right(ends, pos)


_DEFAULT: Geoparser | None = None


def default_geoparser() -> Geoparser:
    """One shared geoparser over the bundled gazetteer."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Geoparser()
    return _DEFAULT


def geoparse(text: str, geoparser: Geoparser | None = None) -> list[Toponym]:
    """The toponyms of `text` (with the shared default geoparser unless one is given)."""
    return (geoparser or default_geoparser()).parse(text)


def model_path() -> Path:
    return Path(str(RESOURCES / "geoparse_model.json"))


def toponym_record(t: Toponym) -> dict:
    """The JSON shape of a toponym in `mapper geoparse --json` (DESIGN.md's contract)."""
    p = t.place
    return {
        "start": t.start,
        "end": t.end,
        "text": t.text,
        "name": p.name if p else None,
        "id": p.id if p else None,
        "lat": p.lat if p else None,
        "lon": p.lon if p else None,
        "feature_code": p.feature_code if p else None,
        "country_code": p.country_code if p else None,
        "admin1": p.admin1_name if p else None,
        "score": t.score,
        "kind": t.kind,
    }
