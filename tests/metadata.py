"""Parsers that list the metadata an image file carries: JPEG segments, PNG chunks, WebP
chunks; and the streams of a PDF (raw and inflated), to look inside embedded images."""

from __future__ import annotations

import contextlib
import re
import struct
import zlib


def jpeg_markers(data: bytes) -> list[int]:
    """Marker bytes of every segment before the image data (SOS), e.g. 0xE0 for APP0."""
    assert data[:2] == b"\xff\xd8", "not a JPEG"
    markers, pos = [], 2
    while pos < len(data):
        assert data[pos] == 0xFF, f"bad JPEG segment at {pos}"
        while data[pos] == 0xFF:
            pos += 1
        marker = data[pos]
        pos += 1
        if marker in (0x01,) or 0xD0 <= marker <= 0xD7:
            continue
        markers.append(marker)
        if marker in (0xD9, 0xDA):  # EOI, or SOS: entropy-coded data follows
            break
        (length,) = struct.unpack(">H", data[pos : pos + 2])
        pos += length
    return markers


JPEG_METADATA = {0xFE: "COM", **{0xE0 + n: f"APP{n}" for n in range(1, 16)}}


def jpeg_metadata(data: bytes) -> list[str]:
    """Metadata segments of a JPEG: COM and APP1..APP15 (EXIF/XMP APP1, ICC APP2, IPTC APP13);
    APP0 (JFIF: version, pixel density) is the only APP segment allowed."""
    return [JPEG_METADATA[m] for m in jpeg_markers(data) if m in JPEG_METADATA]


PNG_METADATA = {b"tEXt", b"iTXt", b"zTXt", b"eXIf", b"iCCP", b"tIME"}


def png_chunks(data: bytes) -> list[bytes]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    chunks, pos = [], 8
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        chunks.append(kind)
        pos += 12 + length
        if kind == b"IEND":
            break
    return chunks


def png_metadata(data: bytes) -> list[str]:
    return [k.decode() for k in png_chunks(data) if k in PNG_METADATA]


WEBP_METADATA = {b"EXIF", b"XMP ", b"ICCP"}


def webp_chunks(data: bytes) -> list[bytes]:
    assert data[:4] == b"RIFF" and data[8:12] == b"WEBP", "not a WebP"
    chunks, pos = [], 12
    while pos + 8 <= len(data):
        kind, length = struct.unpack("<4sI", data[pos : pos + 8])
        chunks.append(kind)
        if kind == b"VP8X":  # flags: ICC 0x20, EXIF 0x08, XMP 0x04
            assert not data[pos + 8] & 0x2C, "VP8X announces metadata"
        pos += 8 + length + (length & 1)
    return chunks


def webp_metadata(data: bytes) -> list[str]:
    return [k.decode().strip() for k in webp_chunks(data) if k in WEBP_METADATA]


def image_metadata(data: bytes) -> list[str] | None:
    """The metadata found in an image file's bytes, or None when it is no JPEG/PNG/WebP."""
    if data[:2] == b"\xff\xd8":
        return jpeg_metadata(data)
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return png_metadata(data)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return webp_metadata(data)
    return None


_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\n?endstream", re.S)


def pdf_streams(data: bytes) -> list[bytes]:
    """Every stream of a PDF, raw and (when Flate) inflated, object streams included."""
    out = []
    for match in _STREAM.finditer(data):
        raw = match.group(1)
        out.append(raw)
        with contextlib.suppress(zlib.error):
            out.append(zlib.decompressobj().decompress(raw))
    return out
