"""Prometheus metrics. The pipeline and the report views count; /metrics exposes them.

Counters live in this process; with several processes (Celery workers, web
workers) each exposes its own and Prometheus sums them, or set
PROMETHEUS_MULTIPROC_DIR for prometheus-client's multiprocess mode.
"""

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest

FETCHES = Counter(
    "akhbar_fetches_total", "Fetches by kind (feed, article) and outcome.", ["kind", "outcome"]
)
STAGE_SECONDS = Histogram(
    "akhbar_stage_seconds",
    "Time spent in each pipeline stage.",
    ["stage"],
    buckets=(0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
QUEUE_DEPTH = Gauge("akhbar_queue_depth", "Feeds due for a check and not yet claimed.")
ARTICLES_INGESTED = Counter("akhbar_articles_ingested_total", "Articles stored.", ["outcome"])
DUPLICATES_FOLDED = Counter(
    "akhbar_duplicates_folded_total", "Wire copies folded into an original."
)
REPORTS_RECEIVED = Counter("akhbar_reports_received_total", "Readers' reports.", ["kind"])


def exposition() -> tuple[bytes, str]:
    return generate_latest(), CONTENT_TYPE_LATEST
