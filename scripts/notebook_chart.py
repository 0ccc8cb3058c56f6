"""Run docs/notebook.md (as the test suite does) and keep its chart as docs/img/*.png.

Usage: python scripts/notebook_chart.py   (after changing the notebook or the sample data)
"""

from __future__ import annotations

import doctest
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    text = (ROOT / "docs" / "notebook.md").read_text(encoding="utf-8")
    test = doctest.DocTestParser().get_doctest(text, {}, "notebook", "notebook.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test, clear_globs=False)
    if runner.summarize().failed:
        raise SystemExit("the notebook failed; fix it first")
    target = ROOT / "docs" / "img" / "monthly-timeliness.png"
    target.parent.mkdir(exist_ok=True)
    shutil.copy(test.globs["chart"], target)
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
