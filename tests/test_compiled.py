"""The compiled-object cache (`mapper.compiled`) and the event vocabulary kept in it."""

from __future__ import annotations

import dataclasses
import re

import pytest

from mapper import compiled
from mapper.compiled import cache_file, compiled_key, load_compiled
from mapper.events import vocabulary
from mapper.events.vocabulary import Vocabulary, compile_vocabulary, load_vocabulary

# Patterns of every kind the vocabulary uses: groups named and not, flags given and inline,
# look-arounds, possessive and lazy repeats, classes, Unicode.
PATTERNS = [
    r"\b(?P<n>\d{1,3}(?:,\d{3})+|\d+)\s+(?:killed|dead)\b",
    r"(?i)\bshell(?:ed|ing)\b(?!\s+(?:out|of)\b)",
    r"(?<!\d[.,])\b(?:drones?|missiles?)\s+(?:were\s+)?(?:downed|intercepted)$",
    r"[^\W\d_][^\W_]*+(?:[_’'ʼ-]+[^\W_]++)*+",
    r"\b(?:Київ|Kyiv|Kiev)\b.{0,40}?\battack",
]
TEXT = "Overnight 12 killed in Kyiv; SHELLED twice. 1,200 dead as drones were intercepted"


def _compile_all() -> list[re.Pattern]:
    calls.append(1)
    return [re.compile(p, re.IGNORECASE if k % 2 else 0) for k, p in enumerate(PATTERNS)]


calls: list[int] = []


def test_a_compiled_object_is_read_from_its_file_and_its_regexes_work_alike(tmp_path):
    calls.clear()
    path = tmp_path / "patterns.pickle"
    made = load_compiled(path, [], _compile_all, list)
    assert path.exists() and calls == [1]
    read = load_compiled(path, [], _compile_all, list)
    assert calls == [1]  # not compiled again
    for original, loaded in zip(made, read, strict=True):
        assert loaded == original  # (the same source and flags)
        assert loaded.groupindex == original.groupindex
        assert [m.span() for m in loaded.finditer(TEXT)] == [
            m.span() for m in original.finditer(TEXT)
        ]
    assert read[0].search(TEXT).group("n") == "12"


def test_a_change_of_an_input_compiles_again(tmp_path):
    calls.clear()
    words = tmp_path / "words.txt"
    words.write_text("shelled\n", "utf-8")
    path = tmp_path / "patterns.pickle"
    load_compiled(path, [words], _compile_all, list)
    load_compiled(path, [words], _compile_all, list)
    assert calls == [1]
    before = compiled_key([words])
    words.write_text("shelled\nstruck\n", "utf-8")
    assert compiled_key([words]) != before
    load_compiled(path, [words], _compile_all, list)
    assert calls == [1, 1]
    load_compiled(path, [words], _compile_all, list)
    assert calls == [1, 1]  # the file was written again, with the new key


def _damaged(path):
    data = path.read_bytes()
    yield data[: len(data) // 2]  # cut short
    middle = len(data) * 3 // 4
    yield data[:middle] + bytes([data[middle] ^ 0x20]) + data[middle + 1 :]  # a bit flipped
    yield b"not a pickle at all"
    yield b""


def test_a_damaged_file_is_never_used_and_is_written_again(tmp_path):
    calls.clear()
    path = tmp_path / "patterns.pickle"
    load_compiled(path, [], _compile_all, list)
    whole = path.read_bytes()
    for n, damaged in enumerate(_damaged(path), start=2):
        path.write_bytes(damaged)
        assert load_compiled(path, [], _compile_all, list)[0].pattern == PATTERNS[0]
        assert len(calls) == n and path.read_bytes() == whole
    # whole, with its key, but not of the kind asked for
    compiled._write(path, compiled_key([]), "some text")
    assert load_compiled(path, [], _compile_all, list)[2].pattern == PATTERNS[2]
    assert load_compiled(path, [], _compile_all, list) and len(calls) == n + 1


def test_a_cache_that_cannot_be_written_is_no_error(tmp_path):
    calls.clear()
    blocked = tmp_path / "a file"
    blocked.write_text("", "utf-8")  # where the cache folder would be
    for _ in range(2):
        assert load_compiled(blocked / "patterns.pickle", [], _compile_all, list)
    assert calls == [1, 1]


# -- the event vocabulary ----------------------------------------------------------------


def _form(value, within=()):
    """`value` as a comparable (hashable) structure of its values: two objects of equal forms
    hold the same values, their regexes compared by source and flags, a function by its name
    and what it is bound to (a reference back to an object being read: by its type)."""
    if isinstance(value, re.Pattern | str | int | float | bool | type(None)):
        return value
    if id(value) in within:
        return ("back", type(value).__name__)
    within = (*within, id(value))
    if isinstance(value, dict):
        return ("dict", tuple((_form(k, within), _form(v, within)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return (type(value).__name__, tuple(_form(v, within) for v in value))
    if isinstance(value, set | frozenset):
        return ("set", frozenset(_form(v, within) for v in value))
    if callable(value) and not isinstance(value, type) and hasattr(value, "__qualname__"):
        bound = getattr(value, "__self__", None)  # (a set's __contains__: the set's values)
        owner = None if bound is None or isinstance(bound, type(re)) else _form(bound, within)
        return ("callable", value.__qualname__, owner)
    if dataclasses.is_dataclass(value):
        names = [f.name for f in dataclasses.fields(value)]
    else:
        slots = [n for c in type(value).__mro__ for n in getattr(c, "__slots__", ())]
        names = slots or sorted(vars(value))
    return (type(value).__name__, tuple((n, _form(getattr(value, n), within)) for n in names))


@pytest.fixture
def cache_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("MAPPER_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _compiled_again():
    raise AssertionError("the vocabulary was compiled again")


def test_the_vocabulary_is_compiled_once_and_read_back_the_same(cache_folder, monkeypatch):
    fresh = load_vocabulary.__wrapped__()
    files = list(cache_folder.iterdir())
    assert [f.name for f in files] == [cache_file(cache_folder, "events-vocabulary").name]
    monkeypatch.setattr(vocabulary, "compile_vocabulary", _compiled_again)
    read = load_vocabulary.__wrapped__()
    assert isinstance(read, Vocabulary) and read is not fresh
    assert _form(read) == _form(compile_vocabulary())
    assert _form(read) != _form(dataclasses.replace(read, recap_days=read.recap_days + 1))


def test_an_edited_vocabulary_is_compiled_again(cache_folder, tmp_path, monkeypatch):
    load_vocabulary.__wrapped__()
    files = vocabulary.vocabulary_files()
    (words,) = [f for f in files if f.name == "words.yaml"]
    edited = tmp_path / "words.yaml"
    text = words.read_text("utf-8")
    assert "\nrecap_days: 30\n" in text
    edited.write_text(text.replace("\nrecap_days: 30\n", "\nrecap_days: 45\n"), "utf-8")
    edited_files = [edited if f == words else f for f in files]
    monkeypatch.setattr(vocabulary, "vocabulary_files", lambda language="en": edited_files)
    assert load_vocabulary.__wrapped__().recap_days == 45
    monkeypatch.setattr(vocabulary, "compile_vocabulary", _compiled_again)
    assert load_vocabulary.__wrapped__().recap_days == 45  # the new one, now kept


def test_a_damaged_vocabulary_file_is_compiled_again(cache_folder, monkeypatch):
    load_vocabulary.__wrapped__()
    path = cache_file(cache_folder, "events-vocabulary")
    for damaged in list(_damaged(path)):
        path.write_bytes(damaged)
        assert load_vocabulary.__wrapped__().recap_days == 30
        monkeypatch.setattr(vocabulary, "compile_vocabulary", _compiled_again)
        assert load_vocabulary.__wrapped__().recap_days == 30  # written whole again
        monkeypatch.undo()
        monkeypatch.setenv("MAPPER_CACHE_DIR", str(cache_folder))


def test_patterns_compiled_on_use_pickle_as_sources_and_compile_when_looked_up():
    import pickle

    from mapper.events.vocabulary import CompiledOnUse

    sources = {f"unit{k}": p for k, p in enumerate(PATTERNS)}
    patterns = pickle.loads(pickle.dumps(CompiledOnUse(sources)))
    assert set(patterns) == set(sources) and len(patterns) == len(PATTERNS)
    assert patterns._compiled == {}  # nothing compiled until a pattern is looked up
    for name, source in sources.items():
        assert patterns[name].pattern == source
        assert [m.span() for m in patterns[name].finditer(TEXT)] == [
            m.span() for m in re.finditer(source, TEXT)
        ]
    assert patterns["unit0"] is patterns["unit0"]  # compiled once
    with pytest.raises(re.error):
        CompiledOnUse({"bad": r"(?P<n>\d+"})  # a bad source fails as the mapping is made
    with pytest.raises(KeyError):
        patterns["furlongs"]
