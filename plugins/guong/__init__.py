"""Gương điển hình tiên tiến: publish exemplars of the patriotic emulation campaigns.

`guong.content` is the framework-free core (what a profile is, this build's catalog),
`guong.outputs` turns the catalog into files, `guong.plugin` adapts MkDocs events to both.
"""

__version__ = "0.1.0"
