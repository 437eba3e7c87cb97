"""One JSON object per log line, with the stable keys the pipeline logs carry."""

import json
import logging
from datetime import UTC, datetime

STABLE_KEYS = ("source", "feed_url", "stage", "article_id", "url", "error_kind", "problem")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({key: getattr(record, key) for key in STABLE_KEYS if hasattr(record, key)})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
