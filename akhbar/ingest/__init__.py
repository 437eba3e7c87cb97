"""Ingestion: fetching, feed parsing, discovery, the pipeline orchestrator and its runners."""
