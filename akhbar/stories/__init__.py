"""One story, once: wire-copy deduplication, story clustering and provenance.

Pure decision code (``fingerprints``, ``entities``, ``rules``, ``provenance``) imports only
``akhbar.text`` and the standard library; ``service`` is the one module that reads and writes
the database.
"""
