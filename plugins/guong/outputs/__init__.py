"""Outputs: each module makes one kind of output from the catalog. No MkDocs imports here."""
