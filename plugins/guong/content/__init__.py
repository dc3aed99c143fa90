"""The core: reading, validating and indexing content. No MkDocs imports here."""
