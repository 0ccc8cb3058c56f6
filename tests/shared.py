"""The project's shared/ folder (beside the repository): research data the tests read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"


def shared_path(*parts: str) -> Path:
    """A path under shared/; skip the test if it is missing, but fail in CI, which has it."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing: CI must have shared/ beside the project")
        pytest.skip(f"{path} not present (it sits beside the project in CI)")
    return path
