"""Logging to a file the user can find from Help → Open log folder; secrets never reach it."""

from __future__ import annotations

import logging
import logging.handlers
import re
from pathlib import Path

import platformdirs

from app import APP_ID

#: Header and parameter names whose values must never appear in a log line.
SECRET_PATTERNS = (
    re.compile(r"(X-Shopify-Access-Token['\"]?\s*[:=]\s*['\"]?)([^'\"\s,}]+)", re.IGNORECASE),
    re.compile(r"(Authorization['\"]?\s*[:=]\s*['\"]?(?:Basic|Bearer)?\s*)([^'\"\s,}]+)", re.IGNORECASE),
    re.compile(r"((?:consumer_key|consumer_secret|access_token|client_secret)['\"]?\s*[:=]\s*['\"]?)([^&'\"\s,}]+)",
               re.IGNORECASE),
    # Token-shaped values wherever they appear (an error page echoing a header, a URL in an exception):
    # Shopify access tokens (shpat_/shpca_/shppa_/shpss_…) and WooCommerce consumer keys and secrets (ck_/cs_).
    re.compile(r"(\b)((?:shp(?:at|ca|pa|ss|ua)|ck|cs)_[A-Za-z0-9]{16,})"),
)


def redact(text: str) -> str:
    """Replace secret values in `text` with ***."""
    for pattern in SECRET_PATTERNS:
        text = pattern.sub(r"\1***", text)
    return text


class RedactingFormatter(logging.Formatter):
    """A formatter that redacts secrets from the whole formatted record, traceback included."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def log_folder() -> Path:
    """Where the app writes its logs (per user, per platform)."""
    return Path(platformdirs.user_log_dir(APP_ID, appauthor=False))


def configure_logging(folder: Path | None = None, level: int = logging.INFO) -> Path:
    """Send logs to a rotating file in `folder` (default: the user log folder). Returns the file."""
    folder = folder or log_folder()
    folder.mkdir(parents=True, exist_ok=True)
    log_file = folder / "factory-direct.log"
    handler = logging.handlers.RotatingFileHandler(log_file, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for existing in list(root.handlers):
        if isinstance(existing, logging.handlers.RotatingFileHandler):
            root.removeHandler(existing)
    root.addHandler(handler)
    root.setLevel(level)
    return log_file
