"""Compiled templates kept between `mkdocs serve` rebuilds: MkDocs makes a new Jinja
environment for every build, so Material's templates and ours were compiled again each
time (about a second of every rebuild). An explicit cache held by the plugin object; Jinja
reuses a template's code only while the template's source has the same checksum."""

from __future__ import annotations

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket


class TemplateMemo(BytecodeCache):
    """Jinja bytecode in memory, for the life of one `mkdocs serve` (or one build)."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        data = self.code.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)  # dropped by Jinja if the source changed

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()
