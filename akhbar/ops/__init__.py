"""Operating Akhbar: source health, liveness and readiness, metrics, logs, backups."""
