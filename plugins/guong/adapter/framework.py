"""Which MkDocs runs this build: MkDocs itself, or ProperDocs, its drop-in fork, which
aliases every `mkdocs.*` import to `properdocs.*`. Its loggers are then named
`properdocs.*` and its strict-mode counter hangs there, and what it renders may differ from
MkDocs', so cache keys name it."""

from __future__ import annotations

import logging
from importlib import metadata

from mkdocs.config.defaults import MkDocsConfig

NAME = MkDocsConfig.__module__.partition(".")[0]  # "mkdocs", or "properdocs" under ProperDocs


def logger() -> logging.Logger:
    """The top logger of the running framework (MkDocs' CLI stops it propagating to root)."""
    return logging.getLogger(NAME)


def version() -> str:
    try:
        return f"{NAME}={metadata.version(NAME)}"
    except metadata.PackageNotFoundError:
        return f"{NAME}=?"
