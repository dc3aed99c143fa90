"""The only part of guong that imports MkDocs: the plugin (a switchboard), its typed config,
the nav, the per-build objects, and mkdocs.yml reading for the staff command line."""
