"""Readers' image reports, thresholds, the review queue and the audit log."""
