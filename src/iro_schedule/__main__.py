"""``python -m iro_schedule``: the same as the ``iro-schedule`` command."""

from ._cli import console

console()
