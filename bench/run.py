"""``make bench``: run every benchmark under bench/ and print one table.

Each ``bench/bench_*.py`` module has ``run(quick=False) -> list[dict]``; each
row names the measure and gives our figure, the anchor's figure measured in
the same run, the unit, the ratio and the goal.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
COLUMNS = ("name", "ours", "anchor", "ratio", "unit", "goal")


def discover(only: list[str]) -> list[str]:
    names = sorted(path.stem for path in HERE.glob("bench_*.py"))
    return [name for name in names if not only or any(part in name for part in only)]


def run_module(name: str, quick: bool) -> list[dict]:
    try:
        module = importlib.import_module(f"bench.{name}")
        return module.run(quick=quick)
    except Exception as exc:  # a broken benchmark is reported, the others still run
        traceback.print_exc()
        return [{"name": f"{name}: FAILED ({type(exc).__name__}: {exc})"}]


def fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:,.3f}" if abs(value) < 100 else f"{value:,.0f}"
    return "" if value is None else str(value)


def print_table(rows: list[dict]) -> None:
    cells = [[fmt(row.get(column)) for column in COLUMNS] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(COLUMNS)]
    print("  ".join(c.ljust(w) for c, w in zip(COLUMNS, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in cells:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("only", nargs="*", help="Run only benchmarks whose name contains this.")
    parser.add_argument("--quick", action="store_true", help="Smaller sizes, for a smoke run.")
    parser.add_argument("--json", type=Path, help="Also write the rows to this file.")
    args = parser.parse_args(argv)
    rows = []
    for name in discover(args.only):
        started = time.monotonic()
        print(f"bench: {name} ...", file=sys.stderr, flush=True)
        rows.extend(run_module(name, args.quick))
        print(f"bench: {name} done in {time.monotonic() - started:.1f}s", file=sys.stderr)
    print_table(rows)
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")
    return 1 if any("FAILED" in str(row.get("name")) for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
