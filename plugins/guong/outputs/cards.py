"""Social cards (1200×630) for link previews on Facebook and Zalo, drawn offline.

Material's social plugin downloads its font at build time and has drawn empty boxes for
Vietnamese. We use a font already on the machine (a configured file, then fontconfig's
`fc-match`, then known Noto/DejaVu paths), accept it only if it covers every Vietnamese
letter, and wrap titles by measuring each line with that font (Vietnamese words are
space-separated syllables: we break only at spaces). Cards are cached like photos.

Cost (issue 12): the layout (paper, red bar, footer rule, site name) is drawn once per
process and copied; repeated short lines (eyebrow, footer) are rasterised once and stamped;
only the title and the photo are drawn per card. A card without a photo is a palette PNG
(64 fixed colours) (about 20 KB; no pixel more than 8/255 off); a card with a photo is a progressive
4:2:0 JPEG at quality 80, lowered in steps of 5 (not below 40) until it fits 40 KB
(the photo is softened a little for the rare card that still does not). Cards
are drawn in forked worker processes (text drawing holds the GIL, so threads do not help);
the bytes depend only on the card, never on the order or the worker.
"""

from __future__ import annotations

import hashlib
import io
import json
import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont, ImageOps

from ..forking import can_fork, cores
from .fonts import covers_vietnamese, fontconfig
from .images import Cache, save_clean

WIDTH, HEIGHT = 1200, 630
# Bump when a card's pixels or encoding change; the source of this module is part of the
# key as well, so an edit to the drawing code can never publish a stale cached card.
CARD_VERSION = "2"
_CODE = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]
MAX_BYTES = 40 * 1024  # per card
JPEG_QUALITIES = (80, 75, 70, 65, 60, 55, 50, 45, 40)
PNG_STEPS = 21  # anti-aliasing levels from the paper to each ink: 1 + 3 × 21 = 64 colours
OUTPUT_DIR = "assets/guong/the"
PHOTO_WIDTH = 440
MARGIN = 64
RED, INK, GREY, PAPER = (183, 28, 28), (33, 33, 33), (97, 97, 97), (255, 250, 244)
KNOWN_FONTS = (  # (bold, regular): Debian fonts-noto-core, fonts-dejavu-core, others
    (
        "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
        "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    ),
    ("/usr/share/fonts/noto/NotoSans-Bold.ttf", "/usr/share/fonts/noto/NotoSans-Regular.ttf"),
    (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    ),
    ("/usr/share/fonts/TTF/DejaVuSans-Bold.ttf", "/usr/share/fonts/TTF/DejaVuSans.ttf"),
    ("/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf", "/usr/share/fonts/dejavu/DejaVuSans.ttf"),
    ("/Library/Fonts/Arial Unicode.ttf", "/Library/Fonts/Arial Unicode.ttf"),
    ("C:/Windows/Fonts/arialbd.ttf", "C:/Windows/Fonts/arial.ttf"),
)


class FontProblem(ValueError):
    """No usable font: the message is Vietnamese and says what to install or configure."""


@dataclass(frozen=True)
class Fonts:
    bold: str
    regular: str

    def fingerprint(self) -> str:
        return _font_fingerprint(self.bold, self.regular)

    def font(self, size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
        return _font(self.bold if bold else self.regular, size)


@lru_cache(maxsize=8)
def _font_fingerprint(bold: str, regular: str) -> str:
    digest = hashlib.sha256()
    for path in (bold, regular):
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()[:16]


@lru_cache(maxsize=64)
def _font(path: str, size: int) -> ImageFont.FreeTypeFont:
    # BASIC layout: same pixels with or without libraqm; NFC text needs no shaping.
    return ImageFont.truetype(path, size, layout_engine=ImageFont.Layout.BASIC)


def _fc_match(pattern: str) -> str | None:
    return fontconfig("fc-match", "-f", "%{file}", pattern).strip() or None


def find_fonts(bold: str | None = None, regular: str | None = None) -> Fonts:
    """The configured font files, else fontconfig's choice for Vietnamese, else known paths."""
    if bold or regular:
        chosen = Fonts(bold or regular or "", regular or bold or "")
        for path in {chosen.bold, chosen.regular}:
            if not Path(path).is_file():
                raise FontProblem(f"không tìm thấy tệp phông chữ '{path}' (khóa social.font)")
            if not covers_vietnamese(path):
                raise FontProblem(
                    f"phông chữ '{path}' thiếu chữ tiếng Việt có dấu; chọn phông "
                    "khác, ví dụ Noto Sans hoặc DejaVu Sans"
                )
        return chosen
    candidates = [(_fc_match("sans-serif:lang=vi:weight=bold"), _fc_match("sans-serif:lang=vi"))]
    candidates += KNOWN_FONTS
    for b, r in candidates:
        if (
            b
            and r
            and Path(b).is_file()
            and Path(r).is_file()
            and covers_vietnamese(b)
            and covers_vietnamese(r)
        ):
            return Fonts(b, r)
    raise FontProblem(
        "không tìm thấy phông chữ có đủ chữ tiếng Việt để vẽ ảnh chia sẻ. Cài gói "
        "fonts-noto-core hoặc fonts-dejavu-core (Debian/Ubuntu), hoặc khai báo tệp phông "
        "trong mkdocs.yml: plugins → guong → social → font"
    )


# --- layout -----------------------------------------------------------------------------


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy wrap at spaces, measured with the font; a word wider than the line (rare) is
    cut between characters, never inside a precomposed letter.

    Each word is measured once and a line's width estimated as the sum of its words and
    spaces; only a line within `SLACK` px of the limit is measured whole (kerning can make
    the sum differ by a pixel or two). Every line is checked at the end; should one be too
    wide, the text is wrapped again measuring every candidate line (`wrap_exact`)."""
    space = font.getlength(" ")
    lines: list[str] = []
    line, line_width = "", 0.0
    for word in text.split():
        word_width = font.getlength(word)
        if line:
            estimate = line_width + space + word_width
            if estimate <= width - SLACK or (
                estimate <= width + SLACK and font.getlength(f"{line} {word}") <= width
            ):
                line, line_width = f"{line} {word}", estimate
                continue
            lines.append(line)
        line = ""
        if word_width > width:
            return wrap_exact(text, font, width)
        line, line_width = word, word_width
    if line:
        lines.append(line)
    if any(font.getlength(x) > width for x in lines if " " in x):
        return wrap_exact(text, font, width)
    return lines


SLACK = 8


def wrap_exact(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if font.getlength(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = ""
        while font.getlength(word) > width:
            cut = max(
                1, max(i for i in range(1, len(word) + 1) if font.getlength(word[:i]) <= width or i == 1)
            )
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    return lines


LINE_HEIGHT = 1.3


def fit_title(text: str, fonts: Fonts, width: int, height: int) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size (64 → 36 px) at which the title fits the box; else ellipsis on the
    last line that fits."""
    for size in range(64, 35, -4):
        font = fonts.font(size, bold=True)
        lines = wrap(text, font, width)
        max_lines = max(1, int(height // round(size * LINE_HEIGHT)))
        if len(lines) <= max_lines:
            return font, lines
    lines = lines[:max_lines]
    last = lines[-1]
    while last and font.getlength(last + " …") > width:
        last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
    lines[-1] = last + " …"
    return font, lines


@dataclass(frozen=True)
class CardSpec:
    """What one card shows. `photo` is a JPEG file (an already cleaned variant) or None."""

    uri: str  # site-relative output path
    title: str
    eyebrow: str
    footer: str
    site_name: str
    photo_key: str = ""
    photo: str | None = None

    @property
    def format(self) -> str:
        return "JPEG" if self.photo else "PNG"

    @property
    def mime(self) -> str:
        return "image/jpeg" if self.photo else "image/png"

    def key(self, fonts: Fonts) -> str:
        data = [
            CARD_VERSION,
            _CODE,
            self.format,
            fonts.fingerprint(),
            self.title,
            self.eyebrow,
            self.footer,
            self.site_name,
            self.photo_key,
        ]
        return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()[:20]


FOOTER_Y = HEIGHT - 88


@lru_cache(maxsize=16)
def layout(site_name: str, photo: bool, footer: bool, fonts: Fonts) -> Image.Image:
    """The part of a card that does not depend on the page, drawn once per process: paper,
    the red bar, the footer rule and the site name. Copied for every card."""
    card = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(card)
    draw.rectangle((0, 0, WIDTH, 14), fill=RED)
    x, _, width, _ = _box(photo, False)
    small = fonts.font(30, bold=True)
    draw.text((x, 56), _fit_line(site_name, small, width), font=small, fill=RED)
    if footer:
        draw.rectangle((x, HEIGHT - 108, x + 96, HEIGHT - 102), fill=RED)
    return card


@lru_cache(maxsize=512)
def _stamp(text: str, path: str, size: int, width: int) -> tuple[Image.Image, tuple[int, int]]:
    """A line of text rasterised once (an 8-bit coverage mask and its offset), for lines
    that repeat across cards (eyebrows, footers): pasting the ink through it gives the same
    pixels as drawing the text (both blend the ink by the glyph coverage)."""
    font = _font(path, size)
    line = _fit_line(text, font, width)
    left, top, right, bottom = (int(v) for v in font.getbbox(line))
    pad = 4
    mask = Image.new("L", (right - left + 2 * pad, bottom - top + 2 * pad), 0)
    ImageDraw.Draw(mask).text((pad - left, pad - top), line, font=font, fill=255)
    return mask, (left - pad, top - pad)


def _stamp_text(
    card: Image.Image,
    xy: tuple[int, int],
    text: str,
    font: ImageFont.FreeTypeFont,
    width: int,
    fill: tuple[int, int, int],
) -> None:
    mask, (dx, dy) = _stamp(text, str(font.path), int(font.size), width)
    card.paste(fill, (xy[0] + dx, xy[1] + dy, xy[0] + dx + mask.width, xy[1] + dy + mask.height), mask)


def _box(photo: bool, eyebrow: bool) -> tuple[int, int, int, int]:
    right = WIDTH - PHOTO_WIDTH - 48 if photo else WIDTH - MARGIN
    top = 56 + 52 + (48 if eyebrow else 0) + 16
    return MARGIN, top, right - MARGIN, HEIGHT - 120 - top


def title_box(spec: CardSpec) -> tuple[int, int, int, int]:
    """(x, y, width, height) of the title area: left of the photo, between header and footer."""
    return _box(bool(spec.photo), bool(spec.eyebrow))


def render(spec: CardSpec, fonts: Fonts, soften: float = 0) -> Image.Image:
    """Draw a card: site name and eyebrow on top, the title, a footer line, the photo right."""
    card = layout(spec.site_name, bool(spec.photo), bool(spec.footer), fonts).copy()
    if spec.photo:
        with Image.open(spec.photo) as photo:
            photo.draft("RGB", (PHOTO_WIDTH, HEIGHT - 14))  # decode at a reduced scale when it can
            fitted = ImageOps.fit(
                photo.convert("RGB"),
                (PHOTO_WIDTH, HEIGHT - 14),
                Image.Resampling.LANCZOS,
                centering=(0.5, 0.35),
            )
        if soften:  # last resort for a card over MAX_BYTES at the lowest quality
            fitted = fitted.filter(ImageFilter.GaussianBlur(soften))
        card.paste(fitted, (WIDTH - PHOTO_WIDTH, 14))
    x, top, width, height = title_box(spec)
    if spec.eyebrow:
        _stamp_text(card, (x, 108), spec.eyebrow, fonts.font(28), width, GREY)
    draw = ImageDraw.Draw(card)
    font, lines = fit_title(spec.title, fonts, width, height)
    step = round(font.size * LINE_HEIGHT)
    for n, line in enumerate(lines):
        draw.text((x, top + n * step), line, font=font, fill=INK)
    if spec.footer:
        _stamp_text(card, (x, FOOTER_Y), spec.footer, fonts.font(28), width, GREY)
    return card


def encode(card: Image.Image, fmt: str) -> bytes:
    """The card's file: a palette PNG (no photo) or the best JPEG quality within MAX_BYTES."""
    buffer = io.BytesIO()
    if fmt == "PNG":
        palette = card.quantize(palette=_palette(), dither=Image.Dither.NONE)
        save_clean(palette, buffer, "PNG", compress_level=6)
        return buffer.getvalue()

    # The highest quality whose quick baseline encode leaves room for the optimised one
    # (binary search: the size falls as the quality does), then step down if still too big.
    def quick(quality: int) -> int:
        trial = io.BytesIO()
        save_clean(card, trial, "JPEG", quality=quality, subsampling="4:2:0")
        return trial.tell()

    low, high = 0, len(JPEG_QUALITIES) - 1  # indexes; JPEG_QUALITIES falls
    while low < high:
        middle = (low + high) // 2
        if quick(JPEG_QUALITIES[middle]) * 0.9 <= MAX_BYTES:
            high = middle
        else:
            low = middle + 1
    data = b""
    for quality in JPEG_QUALITIES[low:]:
        buffer = io.BytesIO()
        save_clean(
            card, buffer, "JPEG", quality=quality, subsampling="4:2:0", optimize=True, progressive=True
        )
        data = buffer.getvalue()
        if len(data) <= MAX_BYTES:
            break
    return data


@lru_cache(maxsize=1)
def _palette() -> Image.Image:
    """The colours a card without a photo can hold: the paper, and for each ink (title,
    grey lines, red) the blends from paper to ink that anti-aliased text makes. Mapping to
    this fixed palette is 3× faster than computing one per card, and the same for all."""
    colours: list[tuple[int, ...]] = [PAPER]
    for ink in (INK, GREY, RED):
        for k in range(1, PNG_STEPS + 1):
            a = k / PNG_STEPS
            colours.append(tuple(round(PAPER[i] * (1 - a) + ink[i] * a) for i in range(3)))
    palette = Image.new("P", (1, 1))
    palette.putpalette([v for colour in colours for v in colour])
    return palette


def draw_card(spec: CardSpec, fonts: Fonts) -> bytes:
    data = encode(render(spec, fonts), spec.format)
    for radius in (0.8, 1.5, 3) if spec.photo else ():  # 3 of 370 photo cards of the bench
        if len(data) <= MAX_BYTES:
            break
        data = encode(render(spec, fonts, soften=radius), spec.format)
    return data


_WORKER_FONTS: Fonts | None = None


def _init_worker(fonts: Fonts) -> None:
    global _WORKER_FONTS
    _WORKER_FONTS = fonts


def _draw_in_worker(spec: CardSpec) -> bytes:
    assert _WORKER_FONTS is not None
    return draw_card(spec, _WORKER_FONTS)


PROCESS_THRESHOLD = 24  # fewer cards than this: drawing them here is cheaper than forking


def draw_all(
    specs: list[CardSpec], fonts: Fonts, workers: int | None = None, mode: str = "auto"
) -> list[bytes]:
    """The bytes of every card, in the order given. `mode`: "process" (forked workers),
    "thread", "serial", or "auto" (processes when there are enough cards and forking is
    safe: fork exists and no other thread runs)."""
    workers = workers or min(8, cores())
    if mode == "auto":  # forked workers only where safe (guong/forking.py)
        mode = "process" if can_fork() and workers > 1 and len(specs) >= PROCESS_THRESHOLD else "serial"
    if mode == "serial" or not specs:
        return [draw_card(spec, fonts) for spec in specs]
    if mode == "thread":
        with ThreadPoolExecutor(max_workers=workers) as pool:
            return list(pool.map(lambda spec: draw_card(spec, fonts), specs))
    for spec in specs[:1]:  # warm the layout and font caches the workers inherit
        layout(spec.site_name, bool(spec.photo), bool(spec.footer), fonts)
    chunk = max(1, min(32, len(specs) // (workers * 4)))
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_init_worker, initargs=(fonts,)
    ) as pool:
        return list(pool.map(_draw_in_worker, specs, chunksize=chunk))


def _fit_line(text: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    if font.getlength(text) <= width:
        return text
    while text and font.getlength(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


def publish(
    specs: list[CardSpec],
    fonts: Fonts,
    cache: Cache,
    site_dir: Path,
    workers: int | None = None,
    mode: str = "auto",
) -> None:
    """Write every card into the site, drawing only those not in the cache (in parallel)."""
    unique = sorted({spec.uri: spec for spec in specs}.values(), key=lambda s: s.uri)
    keys = {spec.uri: spec.key(fonts) for spec in unique}
    missing = []
    for spec in unique:
        found = cache.lookup("the", keys[spec.uri])
        if found is not None:
            found.place(CACHED_NAME, site_dir / spec.uri)
        else:
            missing.append(spec)
    for spec, data in zip(missing, draw_all(missing, fonts, workers, mode), strict=True):
        cache.entry("the", keys[spec.uri], _writer(data)).place(CACHED_NAME, site_dir / spec.uri)
    cache.prune("the")


CACHED_NAME = "card"


def _writer(data: bytes) -> Callable[[Path], object]:
    return lambda tmp: (tmp / CACHED_NAME).write_bytes(data)


def card_uri(page_url: str, photo: bool = False) -> str:
    """`guong/x/` -> `assets/guong/the/guong/x.png` (`.jpg` for a card with a photo); the
    home page -> `.../trang-chu.png`."""
    path = page_url.strip("/").removesuffix(".html") or "trang-chu"
    return f"{OUTPUT_DIR}/{path}.{'jpg' if photo else 'png'}"
