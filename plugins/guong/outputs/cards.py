"""Social cards (1200×630 JPEG) for link previews on Facebook and Zalo, drawn offline.

Material's social plugin downloads its font at build time and has drawn empty boxes for
Vietnamese. We use a font already on the machine (a configured file, then fontconfig's
`fc-match`, then known Noto/DejaVu paths), accept it only if it covers every Vietnamese
letter, and wrap titles by measuring each line with that font (Vietnamese words are
space-separated syllables: we break only at spaces). Cards are cached like photos.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps

from .fonts import covers_vietnamese, fontconfig
from .images import Cache, run_all, save_clean

WIDTH, HEIGHT = 1200, 630
CARD_VERSION = "1"
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
        digest = hashlib.sha256()
        for path in (self.bold, self.regular):
            digest.update(Path(path).read_bytes())
        return digest.hexdigest()[:16]

    def font(self, size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
        return _font(self.bold if bold else self.regular, size)


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
    cut between characters, never inside a precomposed letter."""
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

    def key(self, fonts: Fonts) -> str:
        data = [
            CARD_VERSION,
            fonts.fingerprint(),
            self.title,
            self.eyebrow,
            self.footer,
            self.site_name,
            self.photo_key,
        ]
        return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()[:20]


def title_box(spec: CardSpec) -> tuple[int, int, int, int]:
    """(x, y, width, height) of the title area: left of the photo, between header and footer."""
    right = WIDTH - PHOTO_WIDTH - 48 if spec.photo else WIDTH - MARGIN
    top = 56 + 52 + (48 if spec.eyebrow else 0) + 16
    return MARGIN, top, right - MARGIN, HEIGHT - 120 - top


def render(spec: CardSpec, fonts: Fonts) -> Image.Image:
    """Draw a card: site name and eyebrow on top, the title, a footer line, the photo right."""
    card = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(card)
    draw.rectangle((0, 0, WIDTH, 14), fill=RED)
    if spec.photo:
        with Image.open(spec.photo) as photo:
            fitted = ImageOps.fit(
                photo.convert("RGB"),
                (PHOTO_WIDTH, HEIGHT - 14),
                Image.Resampling.LANCZOS,
                centering=(0.5, 0.35),
            )
        card.paste(fitted, (WIDTH - PHOTO_WIDTH, 14))
    x, top, width, height = title_box(spec)
    small = fonts.font(30, bold=True)
    draw.text((x, 56), _fit_line(spec.site_name, small, width), font=small, fill=RED)
    if spec.eyebrow:
        eyebrow = fonts.font(28)
        draw.text((x, 108), _fit_line(spec.eyebrow, eyebrow, width), font=eyebrow, fill=GREY)
    font, lines = fit_title(spec.title, fonts, width, height)
    step = round(font.size * LINE_HEIGHT)
    for n, line in enumerate(lines):
        draw.text((x, top + n * step), line, font=font, fill=INK)
    if spec.footer:
        footer = fonts.font(28)
        draw.rectangle((x, HEIGHT - 108, x + 96, HEIGHT - 102), fill=RED)
        draw.text((x, HEIGHT - 88), _fit_line(spec.footer, footer, width), font=footer, fill=GREY)
    return card


def _fit_line(text: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    if font.getlength(text) <= width:
        return text
    while text and font.getlength(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


def publish(
    specs: list[CardSpec], fonts: Fonts, cache: Cache, site_dir: Path, workers: int | None = None
) -> None:
    """Write every card into the site, drawing only those not in the cache."""

    def one(spec: CardSpec) -> None:
        def make(tmp: Path) -> None:
            save_clean(
                render(spec, fonts), tmp / "card.jpg", "JPEG", quality=88, optimize=True, progressive=True
            )

        cache.entry("the", spec.key(fonts), make).place("card.jpg", site_dir / spec.uri)

    unique = list({spec.uri: spec for spec in specs}.values())
    run_all(unique, one, workers)
    cache.prune("the")


def card_uri(page_url: str) -> str:
    """`guong/x/` -> `assets/guong/the/guong/x.jpg`; the home page -> `.../trang-chu.jpg`."""
    path = page_url.strip("/").removesuffix(".html") or "trang-chu"
    return f"{OUTPUT_DIR}/{path}.jpg"
