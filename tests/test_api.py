"""The public face: one import, everything in __all__, and a light import for the core."""

from __future__ import annotations

import subprocess
import sys

import pytest

import iro_schedule


def test_every_public_name_resolves() -> None:
    for name in iro_schedule.__all__:
        assert getattr(iro_schedule, name) is not None, name
    assert sorted(iro_schedule.__all__) == sorted(set(iro_schedule.__all__))
    assert set(dir(iro_schedule)) == set(iro_schedule.__all__)


def test_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        iro_schedule.no_such_name  # noqa: B018


def test_importing_the_core_builds_no_tables_and_loads_no_readers() -> None:
    code = (
        "import sys, iro_schedule; "
        "print(sorted(m for m in ('holidays', 'iro_schedule._validate', 'iro_schedule._report',"
        " 'csv') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
