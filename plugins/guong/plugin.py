"""Kept for installs whose entry point still names `guong.plugin` (made before the adapter
package); the plugin lives in `guong.adapter.plugin`."""

from .adapter.plugin import GuongPlugin

__all__ = ["GuongPlugin"]
