"""``akhbar newsweb``: serve the simulated news web (see docs/NEWSWEB.md)."""

import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the simulated news web on 127.0.0.1; `akhbar newsweb --help` for its options."

    def run_from_argv(self, argv):
        # newsweb parses its own options; Django's parser would reject them.
        from akhbar.newsweb.cli import main

        sys.exit(main(argv[2:]))
