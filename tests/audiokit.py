"""Audio fixtures: the committed sample MP3 (made by tools/make_sample_audio.py), a tiny
hand-built M4A, and the garbage that must be refused as `audio`."""

from __future__ import annotations

import random
import struct

from sitekit import ROOT

SAMPLE_MP3 = ROOT / "content/guong/2025/am-thanh/ong-dang-van-toan-cuu-nguoi-lu.mp3"
SAMPLE_AUDIO = sorted((ROOT / "content/guong").glob("*/am-thanh/*.mp3"))


def _box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def _full(kind: bytes, payload: bytes) -> bytes:  # an ISO BMFF "full box": version 0, no flags
    return _box(kind, b"\0\0\0\0" + payload)


def m4a_bytes(seconds: int = 3, media: bool = True, rate: int = 8000) -> bytes:
    """The smallest M4A mutagen reads as AAC audio: ftyp, moov with one sound track, mdat."""
    mvhd = _full(
        b"mvhd",
        struct.pack(">IIII", 0, 0, 1000, seconds * 1000)
        + struct.pack(">IH", 0x10000, 0x100)
        + bytes(10)
        + struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)
        + bytes(24)
        + struct.pack(">I", 2),
    )
    mdhd = _full(b"mdhd", struct.pack(">IIIIHH", 0, 0, rate, seconds * rate, 0x55C4, 0))
    hdlr = _full(b"hdlr", bytes(4) + b"soun" + bytes(12) + b"\0")
    mp4a = _box(
        b"mp4a",
        bytes(6)
        + struct.pack(">H", 1)
        + bytes(8)
        + struct.pack(">HHHHI", 1, 16, 0, 0, rate << 16)
        + _box(b"btrt", bytes(12)),
    )
    stsd = _full(b"stsd", struct.pack(">I", 1) + mp4a)
    trak = _box(b"trak", _box(b"mdia", mdhd + hdlr + _box(b"minf", _box(b"stbl", stsd))))
    ftyp = _box(b"ftyp", b"M4A " + bytes(4) + b"M4A isommp42")
    return ftyp + _box(b"moov", mvhd + trak) + (_box(b"mdat", bytes(64)) if media else b"")


def _mpeg1_frame() -> bytearray:
    """One silent MPEG-1 Layer III frame, 128 kbit/s, 44.1 kHz (417 bytes)."""
    frame = bytearray(417)
    frame[:4] = b"\xff\xfb\x90\x00"
    return frame


def xing_zero_frames() -> bytes:
    """A valid MP3 whose Xing header says it holds no frames: duration 0."""
    first = _mpeg1_frame()
    first[36:48] = b"Xing" + struct.pack(">II", 1, 0)
    return bytes(first) + bytes(_mpeg1_frame()) * 5


# name -> (file name, bytes, what the message must say)
BAD_AUDIO = {
    "random_bytes": ("rac.mp3", random.Random(10).randbytes(20_000), "hỏng hoặc không phải MP3/M4A"),
    "text_renamed": (
        "ghi-chu.mp3",
        "Đây là ghi chú, không phải âm thanh.\n".encode() * 40,
        "hỏng hoặc không phải MP3/M4A",
    ),
    "zero_length": ("rong.mp3", b"", "rỗng"),
    "header_no_frames": (
        "chi-dau.mp3",
        SAMPLE_MP3.read_bytes()[:4] + bytes(2000),
        "hỏng hoặc không phải MP3/M4A",
    ),
    "id3_tag_only": ("chi-the.mp3", b"ID3\x04\x00\x00\x00\x00\x00\x00", "hỏng hoặc không phải MP3/M4A"),
    "two_frames": ("hai-khung.mp3", SAMPLE_MP3.read_bytes()[:208], "hỏng hoặc không phải MP3/M4A"),
    "xing_zero": ("khong-giay.mp3", xing_zero_frames(), "thời lượng bằng 0"),
    "m4a_no_media": ("khong-du-lieu.m4a", m4a_bytes(media=False), "hỏng hoặc không phải MP3/M4A"),
    "m4a_zero": ("khong-giay.m4a", m4a_bytes(seconds=0), "thời lượng bằng 0"),
    "m4a_named_mp3": ("nham-duoi.mp3", m4a_bytes(), "đổi đuôi thành .m4a"),
    "mp3_named_m4a": ("nham-duoi.m4a", SAMPLE_MP3.read_bytes(), "đổi đuôi thành .mp3"),
    "text_as_m4a": ("ghi-chu.m4a", b"hello " * 100, "hỏng hoặc không phải MP3/M4A"),
}
