"""The ``akhbar`` command: Django's management commands under one name.

``akhbar run``, ``akhbar sources load FILE``, ``akhbar export --jsonl`` and the
rest are management commands of the apps in ``akhbar/``; this wrapper only
points Django at our settings.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "akhbar.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["akhbar", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
