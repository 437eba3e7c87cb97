"""The reader's website: pages, templates and feeds out. It never fetches or extracts."""
