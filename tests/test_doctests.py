"""The examples in mapper's docstrings run as they read (a docstring's example is a contract)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import mapper

MODULES = sorted(
    m.name
    for m in pkgutil.walk_packages(mapper.__path__, "mapper.")
    if not m.name.endswith("__main__")
)


@pytest.mark.parametrize("name", MODULES)
def test_a_modules_docstring_examples_hold(name):
    outcome = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert outcome.failed == 0, f"{name}: {outcome.failed} of {outcome.attempted} examples fail"
