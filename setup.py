"""The one compiled part: FTS5 ranking functions for the SQLite backend
(akhbar/search/_fts5rank.c). Optional: without a C compiler and SQLite's header the build
goes on, and search ranks with FTS5's own bm25, slower on a large archive."""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "akhbar.search._fts5rank",
            ["akhbar/search/_fts5rank.c"],
            libraries=["sqlite3"],
            optional=True,
        )
    ]
)
