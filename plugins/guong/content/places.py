"""Province (tỉnh/thành phố) of a profile's `locality`, for the /guong/ filter and reports.

`locality` is free text ("xã Ea Tiêu, huyện Cư Kuin, tỉnh Đắk Lắk"); its last
comma-separated part names the province, without the "tỉnh"/"thành phố"/"TP." prefix:
"Đắk Lắk". A locality that names no province ("Buôn Ma Thuột") is mapped through the
plugin's `provinces` option in mkdocs.yml, matched on the whole locality or on its last
part, case-insensitively:

    plugins:
      - guong:
          provinces:
            Buôn Ma Thuột: Đắk Lắk
            Hà Nội: Thành phố Hà Nội   # any label you prefer
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

_PREFIX = re.compile(r"^(?:tỉnh|thành phố|tp\.?)\s+", re.IGNORECASE)


def _key(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split())).casefold()


def province(locality: str, overrides: Mapping[str, str] | None = None) -> str:
    """The province named by a locality ("" for none)."""
    text = unicodedata.normalize("NFC", " ".join((locality or "").split()))
    if not text:
        return ""
    last = text.rsplit(",", 1)[-1].strip()
    if overrides:
        table = {_key(k): v for k, v in overrides.items()}
        for candidate in (text, last):
            if _key(candidate) in table:
                return table[_key(candidate)]
    return _PREFIX.sub("", last).strip() or last
