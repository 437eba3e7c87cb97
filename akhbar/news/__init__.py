"""The news archive: sources, feeds, articles, stories, categories and their admin."""
