"""Search: one interface, a backend per database; the only code that knows FTS syntax."""
