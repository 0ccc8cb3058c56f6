"""The ``iro-schedule`` command line, callable from Python.

>>> from iro_schedule.cli import main
>>> main(["due", "2024-12-20"])
First review due by Wed 22 Jan 2025.
0
"""

from ._cli import main

__all__ = ["main"]
