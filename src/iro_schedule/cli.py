"""The ``iro-schedule`` command line, callable from Python.

>>> from iro_schedule.cli import main
>>> main(["due", "2024-12-20"])
First review due by 2025-01-22 (Wednesday)
0
"""

from ._cli import main

__all__ = ["main"]
