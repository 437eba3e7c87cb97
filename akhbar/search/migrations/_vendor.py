"""What the search migrations share: running the statements written for one database vendor.

Not a migration (Django's loader skips modules whose name starts with "_").
"""


def run_for_vendor(statements_by_vendor):
    """A RunPython function that executes the statements listed for the connection's vendor
    (none for a vendor the mapping leaves out)."""

    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run
