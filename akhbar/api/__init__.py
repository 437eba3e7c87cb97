"""The versioned JSON API. It never fetches or extracts."""
