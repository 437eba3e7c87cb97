from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "akhbar.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self):
        # before any connection opens: SQLite connections get the ranking functions of
        # _fts5rank.c (backends/sqlite.py) when it was built
        from akhbar.search.backends.sqlite import install_ranking

        install_ranking()
