"""Evaluations (quality figures) and the one path to the shared data they, the tests and the
benchmarks read: ``../shared/data`` beside the checkout (see its README for the licences).
Its text is read at run time and never copied into the repository."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"
