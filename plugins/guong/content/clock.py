"""'Today' for a build: what decides whether a scheduled profile is published yet."""

from __future__ import annotations

import os
from datetime import datetime

from .model import VN_TZ, parse_when


def build_now(build_date: str | None = None) -> datetime:
    """The configured `build_date`, else SOURCE_DATE_EPOCH (reproducible builds), else the
    clock, in Vietnam's time zone. The build and `guong check` both call this."""
    if build_date:
        return parse_when(build_date)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), VN_TZ)
    return datetime.now(VN_TZ)
