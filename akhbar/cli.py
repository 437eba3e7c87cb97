"""The ``akhbar`` command: Django's management commands under one name.

``akhbar run``, ``akhbar sources load FILE``, ``akhbar export --jsonl`` and the
rest are management commands of the apps in ``akhbar/``; this wrapper only
points Django at our settings.
"""

import os
import sys

# Command names that Django cannot take from a module name (a hyphen), and their module.
ALIASES = {"import-warc": "import_warc"}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "akhbar.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    if args:
        args[0] = ALIASES.get(args[0], args[0])
    execute_from_command_line(["akhbar", *args])


if __name__ == "__main__":
    main()
