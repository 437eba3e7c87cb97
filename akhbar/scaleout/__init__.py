"""The scale-out runner's own state: dead letters, and the per-host limits kept in Redis."""
