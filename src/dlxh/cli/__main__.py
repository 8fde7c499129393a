"""``python -m dlxh.cli``: the ``dlxh`` command."""

from dlxh.cli import main

main()
