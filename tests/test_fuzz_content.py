"""Fuzzing the core reader: whatever staff (or a broken disk) put in content/, `load_catalog`
either succeeds or raises ContentError naming the bad file, never another exception, and the
valid files beside it are still read in the same pass. And `guong check` never prints a
traceback."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from guong.content.catalog import PROFILE_OPTIONAL, PROFILE_REQUIRED, Settings, load_catalog
from guong.content.model import VN_TZ
from guong.content.problems import ContentError
from guong.content.taxonomy import Taxonomies
from sitekit import Site, frontmatter_text, profile

SETTINGS = Settings(Taxonomies.build(), datetime(2025, 12, 31, tzinfo=VN_TZ))
BAD = "guong/2024/xau.md"
FUZZ = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)

# Characters that have broken something somewhere: controls (C0, DEL, C1), line and paragraph
# separators, BOM and noncharacters, combining marks, RTL, YAML indicators, Vietnamese.
ODD = [
    "\x00",
    "\x01",
    "\x08",
    "\t",
    "\x0b",
    "\x0c",
    "\r",
    "\n",
    "\x1b",
    "\x7f",
    "\x85",
    "\x9f",
    "\u00a0",
    "\u0301",
    "\u0323",
    "\u031b",
    "\u200b",
    "\u200f",
    "\u202e",
    "\u05d0",
    "\u0627",
    "\u2028",
    "\u2029",
    "\ufeff",
    "\ufffe",
    "\uffff",
    "\U0001f600",
    "đ",
    "Đ",
    "ư",
    "Ư",
    "&",
    "*",
    "<<",
    ":",
    ": ",
    "#",
    "'",
    '"',
    "\\",
    "-",
    "- ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "!",
    "!!",
    "|",
    ">",
    "%",
    "@",
    "`",
    "?",
    "---",
    "...",
    "<script>",
    "&amp;",
]
odd_text = st.lists(st.one_of(st.sampled_from(ODD), st.text(max_size=5)), max_size=12).map("".join)
# lone surrogates cannot be written as UTF-8, but reach YAML as escapes ("\uD800") via dump
any_text = st.one_of(
    odd_text,
    st.text(st.characters(exclude_categories=()), max_size=30),
    st.text(max_size=3).map(lambda s: s * 2000),
)
scalars = st.one_of(
    any_text,
    st.integers(),
    st.integers(min_value=10**300, max_value=10**310),
    st.floats(),
    st.booleans(),
    st.none(),
    st.dates(),
    st.datetimes(),
    st.binary(max_size=20),  # dumped as !!binary
    st.sampled_from(
        [
            "2024-13-45",
            "0001-01-01",
            "1944-12-31",
            "31/02/2024",
            "2024-05-19 25:61",
            "Quý V/2024",
            "nong-nghiep",
            "tinh",
            "ca-nhan",
            "nong-thon-moi",
        ]
    ),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.one_of(any_text, st.integers()), inner, max_size=4)
    ),
    max_leaves=20,
)
keys = st.one_of(st.sampled_from(PROFILE_REQUIRED + PROFILE_OPTIONAL), any_text)
# what a person may type after `key: `, unquoted: PyYAML resolves some of it itself
raw_values = st.one_of(
    odd_text,
    st.sampled_from(
        [
            "2024-13-45",
            "0000-01-01",
            "2024-02-30 10:00:00",
            "2024-05-19T25:00:00+07:00",
            "9" * 5000,
            "0x" + "f" * 4000,
            "1e99999",
            ".nan",
            "-.inf",
            "~",
            "null",
            "yes",
            "0o777",
            "1_000",
            "&a x",
            "*a",
            "*",
            "&",
            "<<: {a: 1}",
            "[a, [b, [c, [d, [e, [f, [g]]]]]]]",
            "{a: {b: {c: {d: {e: {f: {g: 1}}}}}}}",
            "[a]: b",
            "!!python/object:os.system x",
            "!!python/name:os.system",
            "!!binary x",
            "!!set {a}",
            "!!omap [a: 1]",
            "!!timestamp x",
            "!!int x",
            "!!float x",
            "!foo bar",
            '"\\uD800"',
            '"\\x0b\\0\\L"',
            "'a''b",
            '"a',
            "|\n  khối\n  chữ",
            ">-\n  gập",
            "- a\n- b",
            "{",
            "]",
            "'",
            "%YAML 1.1",
            "--- x",
            "... x",
        ]
    ),
)
raw_keys = st.one_of(
    keys,
    st.sampled_from(
        [
            "[a]",
            "? [a]",
            "? {a: 1}",
            "<<",
            "&k title",
            "*k",
            "!!python/object title",
            "1",
            "null",
            "~",
            '"title"',
            "'date'",
            "title ",
            "-",
        ]
    ),
)


def valid_layout(root: Path) -> Path:
    """A content folder with one campaign and one valid profile, like tests/sitekit.py."""
    site = Site(root)
    site.add_campaign("nong-thon-moi")
    site.add_profile("tot")
    return site.docs


def assert_core_contract(docs: Path) -> None:
    try:
        load_catalog(docs, SETTINGS)
    except ContentError as exc:
        errors = exc.problems.errors
        assert errors
        assert {p.path for p in errors} == {BAD}, errors
        exc.problems.report().encode("utf-8")  # printable: no lone surrogates in messages
    # any other exception fails the test


def write(docs: Path, rel: str, data: str | bytes) -> None:
    path = docs / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass"))


@FUZZ
@given(
    meta=st.dictionaries(keys, values, max_size=12),
    base=st.booleans(),
    body=st.one_of(odd_text, st.text(max_size=200)),
)
def test_dumped_frontmatter_of_any_shape(meta, base, body):
    """Valid-shaped YAML (as a dumper writes it) with wrong types and odd values."""
    if base:  # start from a valid profile, so deeper checks are reached
        meta = {**profile(campaign="nong-thon-moi"), **meta}
    try:
        text = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    except yaml.YAMLError:
        return
    with tempfile.TemporaryDirectory() as tmp:
        docs = valid_layout(Path(tmp))
        write(docs, BAD, f"---\n{text}---\n\n{body}")
        assert_core_contract(docs)


@FUZZ
@given(
    lines=st.lists(
        st.tuples(
            st.sampled_from(["", "", "", "  ", "    ", "- ", "\t"]),
            raw_keys,
            st.sampled_from([": ", ": ", ": ", ":", " ", ": &a ", ": *a "]),
            raw_values,
        ),
        max_size=10,
    ),
    nested=st.integers(0, 12),
    body=odd_text,
    crlf=st.booleans(),
)
def test_hand_written_frontmatter(lines, nested, body, crlf):
    """Frontmatter as a person types it: raw odd characters, indentation, indicators."""
    head = "".join(f"{indent}{key}{sep}{value}\n" for indent, key, sep, value in lines)
    head += "".join("  " * i + f"k{i}:\n" for i in range(nested))
    text = frontmatter_text(profile()).replace("---\n", "---\n" + head, 1) + body
    if crlf:
        text = text.replace("\n", "\r\n")
    with tempfile.TemporaryDirectory() as tmp:
        docs = valid_layout(Path(tmp))
        write(docs, BAD, text)
        assert_core_contract(docs)


@FUZZ
@given(
    data=st.one_of(
        st.binary(max_size=2000), st.binary(max_size=200).map(lambda b: b"---\n" + b + b"\n---\n" + b)
    )
)
def test_random_bytes_as_a_profile(data):
    with tempfile.TemporaryDirectory() as tmp:
        docs = valid_layout(Path(tmp))
        write(docs, BAD, data)
        assert_core_contract(docs)


def _image_bytes(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), "red").save(buffer, fmt)
    return buffer.getvalue()


IMAGE_HEADS = [
    b"",
    b"\xff\xd8\xff\xe0",
    b"\x89PNG\r\n\x1a\n",
    b"RIFF\x00\x00\x00\x00WEBP",
    b"GIF89a",
    b"<svg",
    _image_bytes("JPEG")[:40],
    _image_bytes("PNG")[:33],
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    head=st.sampled_from(IMAGE_HEADS),
    image=st.binary(max_size=3000),
    truncate=st.sampled_from([None, "JPEG", "PNG", "WEBP"]),
    cut=st.integers(0, 400),
    audio=st.binary(max_size=500),
    in_story=st.booleans(),
)
def test_random_bytes_as_image_and_audio(head, image, truncate, cut, audio, in_story):
    if truncate:  # a real image, cut short or with garbage after the cut
        image = _image_bytes(truncate)[:cut] + image[:50]
    else:
        image = head + image
    meta = profile(image="anh/chan-dung.jpg", image_alt="Chân dung", audio="am-thanh/bai.mp3")
    body = "Đoạn mở đầu.\n\n![Ảnh](anh/chan-dung.jpg)\n" if in_story else "Đoạn mở đầu.\n"
    with tempfile.TemporaryDirectory() as tmp:
        docs = valid_layout(Path(tmp))
        write(docs, "guong/2024/anh/chan-dung.jpg", image)
        write(docs, "guong/2024/am-thanh/bai.mp3", audio)
        write(docs, BAD, frontmatter_text(meta, body))
        assert_core_contract(docs)


def test_check_command_on_hostile_files_prints_no_traceback(site: Site):
    site.add_profile("tot")
    bomb = ["---", 'a0: &a0 ["ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha"]']
    bomb += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 30)]
    site.write("guong/2024/bom.md", "\n".join(bomb) + "\ntitle: *a29\n---\nx\n")
    site.write("guong/2024/tab-doc.md", frontmatter_text(profile(), "Ông An\x0bnói.\n"))
    site.write("guong/2024/ngay.md", frontmatter_text(profile()).replace("2024-05-19", "2024-13-45"))
    site.write("guong/2024/nhi-phan.md", bytes(range(256)) * 4)
    site.write("guong/2024/lap.md", frontmatter_text(profile()).replace("---\n", "---\nkind: tap-the\n", 1))
    site.write("guong/2024/nam.md", frontmatter_text(profile(date=date(1, 1, 1))))
    (site.root / "mkdocs.yml").write_text(
        yaml.safe_dump(site.config(), allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", COLUMNS="200", PYTHONWARNINGS="ignore")
    result = subprocess.run(
        [sys.executable, "-m", "guong.cli", "-f", str(site.root / "mkdocs.yml"), "check"],
        capture_output=True,
        text=True,
        cwd=site.root,
        env=env,
        timeout=60,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    for name, fragment in [
        ("bom", "bí danh"),
        ("tab-doc", "U+000B"),
        ("ngay", "không có thật"),
        ("nhi-phan", "UTF-8"),
        ("lap", "hai lần"),
        ("nam", "năm 1"),
    ]:
        line = next((x for x in output.splitlines() if f"guong/2024/{name}.md" in x), "")
        assert fragment in line, (name, output)
    assert "guong/2024/tot.md" not in output
