#!/usr/bin/env python3
"""Generate the illustrated sample photos for the bundled sample profiles.

Every picture is drawn from scratch with Pillow (gradient sky, hills, fields,
houses and a stylised figure); nothing is downloaded and nothing depends on
randomness, so running the script twice gives the same drawings. The JPEGs are
written next to the profiles that use them, as ``content/guong/<year>/anh/<slug>.jpg``
(JPEG quality 80, 1200x900 landscape or 900x1200 portrait, each well under 200 KB).

Two files deliberately carry EXIF metadata, to exercise the EXIF-stripping and
auto-rotation steps of the image pipeline:

* ``content/guong/2023/anh/ong-nguyen-van-thuan-ca-phe-ea-tieu.jpg`` has a GPS IFD
  with fake coordinates (12°34'56" N, 108°07'08" E, altitude 512 m) and camera
  ``Make``/``Model`` tags (``GUONG-SAMPLE-MAKE`` / ``GUONG-SAMPLE-CAM-01``). The
  published copy must contain none of this (the location of a person's home is
  private).
* ``content/guong/2024/anh/anh-ho-minh-tri-duc-trong.jpg`` is stored sideways:
  the pixel data is the upright 900x1200 portrait rotated 90° counter-clockwise
  (1200x900 on disk) with EXIF ``Orientation = 6``, so a viewer that applies the
  orientation (``ImageOps.exif_transpose``) shows it upright. The pipeline must
  apply the rotation before stripping the tag. It also carries a camera ``Model``.

All other photos are written without any EXIF.

Usage (from the repository root)::

    python tools/make_sample_photos.py            # write all photos
    python tools/make_sample_photos.py --check    # verify files exist and sizes
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

from PIL import ExifTags, Image, ImageDraw, ImageOps

ROOT = Path(__file__).resolve().parent.parent
GUONG = ROOT / "content" / "guong"

SS = 2  # supersampling factor: draw at 2x, downscale for smooth edges
QUALITY = 80
MAX_BYTES = 200 * 1024


# --------------------------------------------------------------------------- #
# Drawing helpers (all coordinates in final-size pixels; scaled by SS)
# --------------------------------------------------------------------------- #


def _s(v):
    return round(v * SS)


class Canvas:
    def __init__(self, w: int, h: int, top, bottom):
        self.w, self.h = w, h
        self.img = Image.new("RGB", (_s(w), _s(h)), top)
        self.d = ImageDraw.Draw(self.img)
        self.vgradient(0, 0, w, h, top, bottom)

    # primitives ----------------------------------------------------------- #
    def vgradient(self, x0, y0, x1, y1, top, bottom):
        ys0, ys1 = _s(y0), _s(y1)
        n = max(1, ys1 - ys0)
        for i in range(n):
            t = i / n
            c = tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=False))
            self.d.line([(_s(x0), ys0 + i), (_s(x1), ys0 + i)], fill=c)

    def rect(self, x0, y0, x1, y1, fill, radius=0, outline=None, width=0):
        box = [_s(x0), _s(y0), _s(x1), _s(y1)]
        if radius:
            self.d.rounded_rectangle(box, radius=_s(radius), fill=fill, outline=outline, width=_s(width))
        else:
            self.d.rectangle(box, fill=fill, outline=outline, width=_s(width))

    def ellipse(self, x0, y0, x1, y1, fill, outline=None, width=0):
        self.d.ellipse([_s(x0), _s(y0), _s(x1), _s(y1)], fill=fill, outline=outline, width=_s(width))

    def circle(self, cx, cy, r, fill, outline=None, width=0):
        self.ellipse(cx - r, cy - r, cx + r, cy + r, fill, outline, width)

    def poly(self, pts, fill, outline=None, width=0):
        self.d.polygon(
            [(_s(x), _s(y)) for x, y in pts], fill=fill, outline=outline, width=_s(width) if width else 1
        )

    def line(self, pts, fill, width):
        self.d.line([(_s(x), _s(y)) for x, y in pts], fill=fill, width=_s(width), joint="curve")

    def arc(self, box, start, end, fill, width):
        self.d.arc([_s(v) for v in box], start, end, fill=fill, width=_s(width))

    def finish(self) -> Image.Image:
        return self.img.resize((self.w, self.h), Image.Resampling.LANCZOS)

    # scenery -------------------------------------------------------------- #
    def sun(self, cx, cy, r, color, glow):
        for k in range(6, 0, -1):
            rr = r + k * r * 0.18
            c = tuple(int(g + (color[i] - g) * (1 - k / 7)) for i, g in enumerate(glow))
            self.circle(cx, cy, rr, c)
        self.circle(cx, cy, r, color)

    def hill(self, y_base, amp, phase, color, waves=1.5):
        pts = [(0, self.h)]
        steps = 60
        for i in range(steps + 1):
            x = self.w * i / steps
            y = y_base - amp * math.sin(math.pi * waves * i / steps + phase)
            pts.append((x, y))
        pts.append((self.w, self.h))
        self.poly(pts, color)

    def ground(self, y, top, bottom):
        self.vgradient(0, y, self.w, self.h, top, bottom)

    def field_rows(self, y0, color_a, color_b, n=9):
        """Perspective crop rows converging to the horizon."""
        cx = self.w / 2
        for i in range(n):
            xa = -self.w * 0.6 + i * (self.w * 2.2 / n)
            xb = xa + self.w * 2.2 / n * 0.55
            col = color_a if i % 2 == 0 else color_b
            self.poly(
                [(cx + (xa - cx) * 0.08, y0), (cx + (xb - cx) * 0.08, y0), (xb, self.h), (xa, self.h)], col
            )

    def tree(self, x, y, size, trunk, leaves):
        self.rect(x - size * 0.07, y - size * 0.55, x + size * 0.07, y, trunk)
        for dx, dy, r in ((0, -0.85, 0.38), (-0.25, -0.62, 0.3), (0.25, -0.62, 0.3)):
            self.circle(x + dx * size, y + dy * size, r * size, leaves)

    def coffee_bush(self, x, y, size, leaves, cherry):
        self.ellipse(x - size * 0.5, y - size * 0.8, x + size * 0.5, y, leaves)
        self.ellipse(x - size * 0.35, y - size * 1.05, x + size * 0.35, y - size * 0.45, leaves)
        for dx, dy in ((-0.2, -0.45), (0.15, -0.6), (0.05, -0.3), (-0.05, -0.8), (0.28, -0.38)):
            self.circle(x + dx * size, y + dy * size, size * 0.045, cherry)

    def house(self, x, y, w, h, wall, roof, door):
        self.rect(x, y - h, x + w, y, wall)
        self.poly([(x - w * 0.08, y - h), (x + w / 2, y - h - h * 0.7), (x + w * 1.08, y - h)], roof)
        self.rect(x + w * 0.42, y - h * 0.55, x + w * 0.58, y, door)
        self.rect(x + w * 0.12, y - h * 0.7, x + w * 0.3, y - h * 0.45, (250, 236, 180))
        self.rect(x + w * 0.7, y - h * 0.7, x + w * 0.88, y - h * 0.45, (250, 236, 180))

    def cloud(self, x, y, s, color):
        for dx, dy, r in ((0, 0, 0.5), (0.45, 0.1, 0.4), (-0.45, 0.1, 0.38), (0.15, -0.25, 0.42)):
            self.circle(x + dx * s, y + dy * s, r * s, color)

    def _long_hair(self, cx, head_cy, head_r, hair):
        """Hair falling on both sides of the face, drawn behind the body."""
        self.circle(cx, head_cy - head_r * 0.05, head_r * 1.12, hair)
        for sx in (-1, 1):
            x_in, x_out = cx + sx * head_r * 0.55, cx + sx * head_r * 1.12
            self.rect(
                min(x_in, x_out),
                head_cy - head_r * 0.1,
                max(x_in, x_out),
                head_cy + head_r * 2.2,
                hair,
                radius=head_r * 0.3,
            )

    # people --------------------------------------------------------------- #
    def figure(
        self,
        cx,
        feet,
        height,
        skin,
        shirt,
        trousers,
        hair,
        hat=None,
        coat=None,
        glasses=False,
        long_hair=False,
        ao_dai=False,
    ):
        """A friendly stylised standing figure, centred at cx, feet on `feet`."""
        H = height
        head_r = H * 0.085
        head_cy = feet - H + head_r
        neck_y = head_cy + head_r
        shoulder_y = neck_y + H * 0.03
        hip_y = feet - H * 0.45
        sw = H * 0.16  # half shoulder width
        if long_hair:
            self._long_hair(cx, head_cy, head_r, hair)
        # legs / skirt
        if ao_dai:
            self.poly(
                [
                    (cx - sw * 0.85, hip_y - H * 0.02),
                    (cx + sw * 0.85, hip_y - H * 0.02),
                    (cx + sw * 1.0, feet),
                    (cx - sw * 1.0, feet),
                ],
                trousers,
            )
        else:
            self.rect(cx - sw * 0.8, hip_y - H * 0.02, cx - sw * 0.08, feet, trousers, radius=H * 0.02)
            self.rect(cx + sw * 0.08, hip_y - H * 0.02, cx + sw * 0.8, feet, trousers, radius=H * 0.02)
        self.ellipse(cx - sw * 0.95, feet - H * 0.025, cx - sw * 0.05, feet + H * 0.01, (60, 48, 40))
        self.ellipse(cx + sw * 0.05, feet - H * 0.025, cx + sw * 0.95, feet + H * 0.01, (60, 48, 40))
        # body
        body_bottom = hip_y + (H * 0.16 if ao_dai else H * 0.03)
        self.poly(
            [
                (cx - sw, shoulder_y + H * 0.02),
                (cx + sw, shoulder_y + H * 0.02),
                (cx + sw * 0.85, body_bottom),
                (cx - sw * 0.85, body_bottom),
            ],
            shirt,
        )
        self.circle(cx - sw + H * 0.02, shoulder_y + H * 0.04, H * 0.04, coat or shirt)
        self.circle(cx + sw - H * 0.02, shoulder_y + H * 0.04, H * 0.04, coat or shirt)
        if coat:
            self.poly(
                [
                    (cx - sw, shoulder_y + H * 0.02),
                    (cx - sw * 0.12, shoulder_y + H * 0.02),
                    (cx - sw * 0.12, body_bottom + H * 0.05),
                    (cx - sw * 0.95, body_bottom + H * 0.05),
                ],
                coat,
            )
            self.poly(
                [
                    (cx + sw * 0.12, shoulder_y + H * 0.02),
                    (cx + sw, shoulder_y + H * 0.02),
                    (cx + sw * 0.95, body_bottom + H * 0.05),
                    (cx + sw * 0.12, body_bottom + H * 0.05),
                ],
                coat,
            )
        # arms
        arm_w = H * 0.055
        self.line(
            [(cx - sw + arm_w * 0.4, shoulder_y + H * 0.05), (cx - sw * 1.15, hip_y - H * 0.02)],
            coat or shirt,
            arm_w,
        )
        self.line(
            [(cx + sw - arm_w * 0.4, shoulder_y + H * 0.05), (cx + sw * 1.15, hip_y - H * 0.02)],
            coat or shirt,
            arm_w,
        )
        self.circle(cx - sw * 1.15, hip_y - H * 0.01, arm_w * 0.55, skin)
        self.circle(cx + sw * 1.15, hip_y - H * 0.01, arm_w * 0.55, skin)
        # neck + head
        self.rect(cx - head_r * 0.35, neck_y - head_r * 0.3, cx + head_r * 0.35, shoulder_y + H * 0.02, skin)
        self.circle(cx, head_cy, head_r, skin)
        self.arc(
            [cx - head_r * 1.02, head_cy - head_r * 1.08, cx + head_r * 1.02, head_cy + head_r * 0.6],
            180,
            360,
            hair,
            head_r * 0.45,
        )
        # face
        eye = head_r * 0.09
        self.circle(cx - head_r * 0.35, head_cy + head_r * 0.05, eye, (45, 35, 30))
        self.circle(cx + head_r * 0.35, head_cy + head_r * 0.05, eye, (45, 35, 30))
        self.arc(
            [cx - head_r * 0.35, head_cy + head_r * 0.1, cx + head_r * 0.35, head_cy + head_r * 0.6],
            20,
            160,
            (150, 70, 60),
            max(1.5, head_r * 0.07),
        )
        self.circle(cx - head_r * 0.6, head_cy + head_r * 0.35, head_r * 0.13, (240, 170, 160))
        self.circle(cx + head_r * 0.6, head_cy + head_r * 0.35, head_r * 0.13, (240, 170, 160))
        if glasses:
            for sx in (-1, 1):
                self.ellipse(
                    cx + sx * head_r * 0.35 - head_r * 0.25,
                    head_cy - head_r * 0.15,
                    cx + sx * head_r * 0.35 + head_r * 0.25,
                    head_cy + head_r * 0.25,
                    None,
                    (40, 40, 50),
                    head_r * 0.07,
                )
            self.line(
                [(cx - head_r * 0.1, head_cy + head_r * 0.02), (cx + head_r * 0.1, head_cy + head_r * 0.02)],
                (40, 40, 50),
                head_r * 0.06,
            )
        if hat == "non-la":
            self.poly(
                [
                    (cx - head_r * 2.0, head_cy - head_r * 0.45),
                    (cx + head_r * 2.0, head_cy - head_r * 0.45),
                    (cx, head_cy - head_r * 2.1),
                ],
                (236, 214, 160),
                (190, 160, 110),
                1,
            )
        elif hat == "kepi":
            self.rect(
                cx - head_r * 0.95,
                head_cy - head_r * 1.55,
                cx + head_r * 0.95,
                head_cy - head_r * 0.55,
                (46, 104, 70),
                radius=head_r * 0.3,
            )
            self.ellipse(
                cx - head_r * 1.2,
                head_cy - head_r * 0.8,
                cx + head_r * 1.2,
                head_cy - head_r * 0.35,
                (30, 80, 52),
            )
            self.circle(cx, head_cy - head_r * 1.1, head_r * 0.2, (235, 190, 60))
        elif hat == "cap":
            self.ellipse(
                cx - head_r * 1.05,
                head_cy - head_r * 1.25,
                cx + head_r * 1.05,
                head_cy - head_r * 0.1,
                (200, 70, 60),
            )
            self.rect(
                cx - head_r * 0.2,
                head_cy - head_r * 0.55,
                cx + head_r * 1.7,
                head_cy - head_r * 0.3,
                (170, 55, 48),
                radius=head_r * 0.1,
            )
        return {
            "head": (cx, head_cy, head_r),
            "hand_l": (cx - sw * 1.15, hip_y - H * 0.01),
            "hand_r": (cx + sw * 1.15, hip_y - H * 0.01),
            "shoulder_y": shoulder_y,
            "sw": sw,
        }


SKIN = [(241, 200, 165), (224, 178, 140), (198, 150, 112), (176, 128, 94)]


# --------------------------------------------------------------------------- #
# Scenes
# --------------------------------------------------------------------------- #


def scene_farmer_coffee():
    """Nông dân đội nón giữa vườn cà phê, đồi và trời buổi sáng."""
    c = Canvas(1200, 900, (140, 196, 232), (250, 228, 190))
    c.sun(960, 190, 70, (255, 236, 150), (250, 228, 190))
    c.cloud(300, 160, 110, (255, 255, 255))
    c.hill(470, 60, 0.3, (132, 170, 120))
    c.hill(540, 45, 1.9, (98, 150, 92))
    c.ground(560, (86, 138, 70), (60, 100, 52))
    for row, (yy, sz) in enumerate(((600, 90), (680, 120), (790, 160))):
        for i in range(9):
            x = 60 + i * 140 + (row % 2) * 70
            if 480 < x < 720 and row == 2:
                continue
            c.coffee_bush(x, yy, sz, (48, 110, 58), (196, 40, 48))
    c.figure(600, 860, 520, SKIN[2], (70, 110, 170), (90, 80, 70), (40, 30, 25), hat="non-la")
    return c.finish()


def scene_doctor():
    """Nữ bác sĩ áo blouse trắng, đeo ống nghe, trạm y tế giữa núi đồi."""
    c = Canvas(1200, 900, (180, 220, 236), (236, 246, 240))
    c.hill(420, 80, 0.0, (150, 190, 170), waves=2.2)
    c.hill(500, 40, 1.0, (120, 172, 140), waves=1.3)
    c.ground(520, (140, 190, 130), (110, 160, 110))
    # clinic
    c.rect(120, 300, 520, 560, (250, 250, 246))
    c.poly([(90, 300), (320, 210), (550, 300)], (60, 140, 150))
    c.rect(285, 250, 355, 272, (220, 60, 60))
    c.rect(309, 226, 331, 296, (220, 60, 60))
    c.rect(290, 420, 350, 560, (90, 150, 160))
    for x in (160, 420):
        c.rect(x, 360, x + 70, 430, (190, 225, 235))
    c.tree(1020, 560, 260, (110, 80, 55), (70, 140, 80))
    f = c.figure(
        760,
        870,
        600,
        SKIN[0],
        (170, 210, 230),
        (80, 100, 130),
        (35, 28, 26),
        coat=(252, 252, 252),
        long_hair=True,
    )
    cx, _hy, hr = f["head"]
    sy = f["shoulder_y"]
    # stethoscope: tubing round the neck, hanging down the front, chest piece
    c.arc([cx - hr * 0.9, sy - hr * 0.6, cx + hr * 0.9, sy + hr * 1.2], 0, 180, (45, 55, 70), hr * 0.16)
    c.line([(cx + hr * 0.85, sy + hr * 0.3), (cx + hr * 0.7, sy + hr * 2.4)], (45, 55, 70), hr * 0.16)
    c.circle(cx + hr * 0.7, sy + hr * 2.6, hr * 0.28, (150, 160, 172), (45, 55, 70), hr * 0.08)
    return c.finish()


def scene_house_orchard():
    """Ngôi nhà mái đỏ bên vườn cây ăn quả, hàng rào hoa, đồi xa."""
    c = Canvas(1200, 900, (126, 184, 230), (236, 240, 214))
    c.cloud(850, 150, 120, (255, 255, 255))
    c.cloud(220, 210, 80, (250, 250, 250))
    c.hill(430, 70, 0.6, (120, 160, 150), waves=2.0)
    c.hill(500, 40, 2.0, (100, 150, 110))
    c.ground(520, (118, 170, 88), (80, 130, 64))
    c.house(440, 640, 330, 190, (246, 232, 206), (190, 64, 52), (120, 80, 60))
    for x, s in ((150, 240), (300, 200), (900, 260), (1060, 220), (820, 180)):
        c.tree(x, 640, s, (110, 78, 50), (60, 130, 70))
        for dx, dy in ((-0.2, -0.8), (0.15, -0.95), (0.25, -0.65)):
            c.circle(x + dx * s, 640 + dy * s, s * 0.04, (236, 160, 50))
    c.rect(0, 700, 1200, 720, (150, 110, 80))
    for i in range(0, 1200, 36):
        c.rect(i, 680, i + 12, 760, (170, 130, 95))
    for i in range(24):
        x = 20 + i * 50
        col = ((236, 90, 120), (250, 200, 60), (240, 130, 170))[i % 3]
        c.circle(x, 775, 16, col)
        c.circle(x + 22, 790, 12, (70, 140, 70))
    return c.finish()


def scene_teacher():
    """Cô giáo áo dài trước bảng đen, cửa sổ lớp học nhìn ra núi."""
    c = Canvas(1200, 900, (246, 232, 204), (232, 214, 180))
    c.rect(0, 700, 1200, 900, (190, 150, 110))
    # window with mountains
    c.rect(830, 150, 1130, 450, (120, 90, 60))
    c.vgradient(845, 165, 1115, 435, (150, 200, 235), (220, 236, 240))
    c.poly([(845, 435), (930, 290), (1010, 380), (1070, 300), (1115, 360), (1115, 435)], (90, 140, 110))
    c.rect(975, 165, 985, 435, (120, 90, 60))
    # blackboard
    c.rect(80, 130, 720, 520, (110, 80, 55))
    c.rect(100, 150, 700, 500, (40, 78, 62))
    c.line([(150, 230), (420, 230)], (236, 236, 226), 6)
    c.line([(150, 300), (560, 300)], (236, 236, 226), 6)
    c.line([(150, 370), (480, 370)], (236, 236, 226), 6)
    c.circle(600, 390, 40, None, (236, 236, 226), 5)
    # desks
    for x in (120, 420):
        c.rect(x, 640, x + 220, 670, (160, 110, 70))
        c.rect(x + 20, 670, x + 40, 760, (140, 95, 60))
        c.rect(x + 180, 670, x + 200, 760, (140, 95, 60))
    c.figure(
        860, 860, 560, SKIN[0], (80, 140, 210), (250, 250, 250), (30, 24, 22), long_hair=True, ao_dai=True
    )
    return c.finish()


def scene_businesswoman():
    """Nữ doanh nhân áo sơ mi cầm bao cà phê, kho hàng và đồi cà phê."""
    c = Canvas(1200, 900, (250, 214, 170), (250, 240, 220))
    c.sun(220, 200, 80, (255, 220, 140), (250, 240, 220))
    c.hill(470, 70, 0.2, (120, 150, 90), waves=1.8)
    c.ground(500, (108, 140, 80), (80, 110, 64))
    for row in range(3):
        for i in range(10):
            c.coffee_bush(
                40 + i * 125 + row * 40, 560 + row * 40, 70 + row * 10, (60, 110, 60), (190, 50, 50)
            )
    # warehouse
    c.rect(760, 330, 1150, 640, (214, 196, 170))
    c.poly([(740, 330), (955, 240), (1170, 330)], (120, 90, 70))
    c.rect(880, 460, 1030, 640, (150, 120, 95))
    for j in range(4):
        c.line([(880, 480 + j * 40), (1030, 480 + j * 40)], (130, 100, 80), 4)
    c.ground(640, (160, 130, 100), (140, 110, 85))
    f = c.figure(540, 870, 560, SKIN[1], (250, 250, 250), (60, 60, 80), (30, 24, 20), long_hair=True)
    hx, hy = f["hand_r"]
    c.rect(hx - 20, hy - 120, hx + 110, hy + 60, (200, 170, 120), radius=16)
    c.rect(hx - 5, hy - 70, hx + 95, hy - 10, (120, 70, 40), radius=6)
    return c.finish()


def scene_young_official():
    """Thanh niên đeo kính ngồi trước máy tính, quầy tiếp dân, chậu cây (dọc)."""
    c = Canvas(900, 1200, (214, 234, 246), (240, 246, 250))
    c.rect(0, 880, 900, 1200, (200, 180, 150))
    c.rect(60, 180, 480, 520, (245, 245, 240), outline=(180, 190, 200), width=6)
    c.rect(90, 210, 450, 260, (60, 120, 190))
    for j in range(4):
        c.line([(100, 310 + j * 50), (430, 310 + j * 50)], (150, 170, 190), 8)
    # plant
    c.rect(700, 760, 800, 880, (190, 100, 70), radius=12)
    for dx, dy, r in ((0, -120, 70), (-50, -60, 55), (50, -70, 55)):
        c.circle(750 + dx, 760 + dy, r, (70, 150, 90))
    c.figure(400, 1120, 760, SKIN[1], (90, 160, 110), (60, 70, 100), (25, 22, 20), glasses=True)
    # desk + laptop in front
    c.rect(80, 900, 820, 950, (150, 105, 70))
    c.rect(140, 950, 170, 1180, (130, 90, 60))
    c.rect(730, 950, 760, 1180, (130, 90, 60))
    c.poly([(280, 900), (560, 900), (600, 860), (320, 860)], (80, 84, 96))
    c.poly([(330, 860), (590, 860), (560, 700), (300, 700)], (60, 64, 76))
    c.poly([(340, 850), (580, 850), (552, 712), (312, 712)], (120, 190, 230))
    return c.finish()


def scene_longhouse_gong():
    """Nhà dài Ê Đê, chiếc cồng treo trước hiên, ba người đứng trước nhà, trời chiều."""
    c = Canvas(1200, 900, (240, 160, 110), (252, 220, 170))
    c.sun(1000, 260, 90, (255, 200, 120), (252, 220, 170))
    c.hill(520, 40, 0.5, (150, 120, 90), waves=1.2)
    c.ground(540, (170, 140, 90), (140, 110, 70))
    # longhouse on stilts
    c.rect(80, 320, 1120, 480, (170, 120, 80))
    for i in range(14):
        c.line([(100 + i * 75, 330), (100 + i * 75, 470)], (140, 95, 60), 4)
    c.poly([(40, 330), (1160, 330), (1080, 180), (120, 180)], (110, 80, 50))
    for x in range(120, 1100, 110):
        c.rect(x, 480, x + 16, 560, (110, 75, 45))
    c.rect(60, 470, 1140, 490, (130, 90, 55))
    # gong
    c.line([(240, 330), (240, 380)], (80, 60, 40), 5)
    c.circle(240, 430, 60, (210, 170, 70), (150, 110, 40), 5)
    c.circle(240, 430, 18, (240, 200, 90), (150, 110, 40), 3)
    colors = [((110, 40, 40), (40, 40, 50)), ((30, 30, 40), (120, 30, 40)), ((180, 60, 50), (40, 40, 60))]
    for x, h, skin, (shirt, trousers) in zip(
        (470, 660, 850), (430, 470, 330), (SKIN[3], SKIN[2], SKIN[2]), colors, strict=False
    ):
        c.figure(x, 860, h, skin, shirt, trousers, (25, 20, 18))
        c.rect(x - h * 0.16, 860 - h * 0.62, x + h * 0.16, 860 - h * 0.58, (230, 190, 60))
    return c.finish()


def scene_one_stop_counter():
    """Quầy một cửa sáng sủa, ba cán bộ áo xanh, người dân chờ, màn hình số thứ tự."""
    c = Canvas(1200, 900, (232, 240, 246), (246, 248, 250))
    c.rect(0, 620, 1200, 900, (210, 200, 186))
    # number screen
    c.rect(470, 60, 730, 200, (40, 50, 70), radius=12)
    for i, x in enumerate((510, 580, 650)):
        c.rect(x, 100, x + 50, 170, (250, 210, 80) if i != 1 else (120, 220, 140), radius=6)
    for i, x in enumerate((240, 600, 960)):
        c.figure(x, 640, 360, SKIN[i], (70, 130, 200), (50, 60, 90), (30, 25, 22), long_hair=(i == 1))
    c.rect(40, 520, 1160, 640, (90, 140, 180))
    c.rect(40, 505, 1160, 530, (200, 220, 236))
    for x in (300, 660):
        c.rect(x + 20, 530, x + 30, 640, (70, 110, 150))
    # waiting citizens (backs) and chairs
    for x, col in ((230, (200, 120, 80)), (560, (120, 100, 160)), (920, (90, 150, 120))):
        c.rect(x - 90, 800, x + 90, 830, (120, 120, 130), radius=8)
        c.rect(x - 80, 830, x - 65, 900, (100, 100, 110))
        c.rect(x + 65, 830, x + 80, 900, (100, 100, 110))
        c.ellipse(x - 85, 690, x + 85, 820, col)
        c.circle(x, 660, 48, (40, 34, 30))
    return c.finish()


def scene_border_guard():
    """Lính biên phòng mũ kêpi xanh trên đường mòn, cột mốc và rừng núi (dọc)."""
    c = Canvas(900, 1200, (160, 200, 220), (236, 240, 226))
    c.cloud(200, 180, 100, (255, 255, 255))
    c.poly(
        [(0, 560), (180, 380), (330, 520), (520, 330), (720, 500), (900, 400), (900, 1200), (0, 1200)],
        (100, 140, 120),
    )
    c.poly([(0, 680), (250, 560), (470, 650), (700, 560), (900, 620), (900, 1200), (0, 1200)], (70, 120, 80))
    c.ground(760, (90, 140, 80), (60, 110, 60))
    c.poly([(380, 1200), (520, 1200), (470, 760), (440, 760)], (196, 170, 120))
    for x, y, s in ((90, 820, 220), (800, 800, 240), (160, 1000, 200)):
        c.tree(x, y, s, (90, 70, 50), (40, 110, 60))
    # border marker
    c.rect(640, 760, 740, 980, (236, 234, 226), radius=6)
    c.rect(650, 800, 730, 840, (200, 50, 50))
    c.poly([(630, 760), (750, 760), (690, 720)], (220, 218, 210))
    c.figure(400, 1150, 760, SKIN[2], (54, 110, 72), (44, 90, 60), (25, 20, 18), hat="kepi")
    return c.finish()


def scene_drone_field():
    """Drone phun thuốc trên ruộng lúa xanh, thanh niên cầm bộ điều khiển ở bờ ruộng."""
    c = Canvas(1200, 900, (120, 180, 230), (226, 240, 246))
    c.cloud(250, 140, 90, (255, 255, 255))
    c.cloud(700, 110, 70, (250, 252, 255))
    c.hill(400, 30, 0.4, (110, 150, 120), waves=1.1)
    c.field_rows(420, (120, 190, 70), (100, 170, 60), n=13)
    # drone
    dx, dy = 720, 260
    c.rect(dx - 70, dy - 20, dx + 70, dy + 20, (60, 64, 72), radius=12)
    for sx in (-1, 1):
        c.line([(dx + sx * 60, dy), (dx + sx * 150, dy - 20)], (60, 64, 72), 10)
        c.ellipse(dx + sx * 150 - 70, dy - 34, dx + sx * 150 + 70, dy - 14, (180, 186, 196))
    c.rect(dx - 25, dy + 20, dx + 25, dy + 60, (230, 230, 236), radius=6)
    c.poly(
        [(dx - 130, dy + 70), (dx + 130, dy + 70), (dx + 220, dy + 230), (dx - 220, dy + 230)],
        (220, 236, 246),
    )
    # dyke path and farmer
    c.poly([(0, 760), (1200, 700), (1200, 760), (0, 830)], (170, 140, 100))
    f = c.figure(250, 880, 460, SKIN[1], (240, 150, 60), (60, 70, 90), (25, 20, 18), hat="cap")
    hx, hy = f["hand_r"]
    c.rect(hx - 10, hy - 50, hx + 70, hy + 10, (40, 44, 52), radius=8)
    c.line([(hx + 55, hy - 50), (hx + 70, hy - 100)], (40, 44, 52), 4)
    return c.finish()


# slug -> (year, scene function, EXIF mode)
PHOTOS = {
    "ong-nguyen-van-thuan-ca-phe-ea-tieu": (2023, scene_farmer_coffee, "gps"),
    "bac-si-tran-thi-mai-huong-hoa": (2023, scene_doctor, None),
    "ho-ong-le-van-phuc-lam-ha": (2023, scene_house_orchard, None),
    "co-giao-dinh-thi-huong-krong-bong": (2023, scene_teacher, None),
    "ba-vo-thi-hoa-ca-phe-dac-san": (2024, scene_businesswoman, None),
    "anh-ho-minh-tri-duc-trong": (2024, scene_young_official, "rotated"),
    "ho-ong-y-blim-nie-cong-chieng": (2024, scene_longhouse_gong, None),
    "bo-phan-mot-cua-phuong-ninh-kieu": (2025, scene_one_stop_counter, None),
    "thieu-ta-le-minh-quang-bien-phong": (2025, scene_border_guard, None),
    "anh-le-hoang-phuc-drone-nong-nghiep": (2025, scene_drone_field, None),
}


def gps_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "GUONG-SAMPLE-MAKE"
    exif[ExifTags.Base.Model] = "GUONG-SAMPLE-CAM-01"
    exif[ExifTags.Base.DateTime] = "2023:03:10 09:15:00"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSVersionID] = b"\x02\x03\x00\x00"
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (12.0, 34.0, 56.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (108.0, 7.0, 8.0)
    gps[ExifTags.GPS.GPSAltitudeRef] = b"\x00"
    gps[ExifTags.GPS.GPSAltitude] = 512.0
    return exif


def rotated_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Model] = "GUONG-SAMPLE-CAM-02"
    exif[ExifTags.Base.Orientation] = 6
    return exif


def build(slug: str) -> Path:
    year, scene, mode = PHOTOS[slug]
    out = GUONG / str(year) / "anh" / f"{slug}.jpg"
    out.parent.mkdir(parents=True, exist_ok=True)
    img = scene()
    kwargs = {"quality": QUALITY, "optimize": True, "subsampling": "4:2:0"}
    if mode == "gps":
        img.save(out, "JPEG", exif=gps_exif(), **kwargs)
    elif mode == "rotated":
        # Orientation 6 = "rotate 90° clockwise to display": store the upright
        # picture turned 90° counter-clockwise.
        stored = img.transpose(Image.Transpose.ROTATE_90)
        stored.save(out, "JPEG", exif=rotated_exif(), **kwargs)
    else:
        img.save(out, "JPEG", **kwargs)
    return out


def check() -> int:
    bad = 0
    for slug, (year, _scene, mode) in PHOTOS.items():
        p = GUONG / str(year) / "anh" / f"{slug}.jpg"
        if not p.exists():
            print(f"missing: {p}")
            bad += 1
            continue
        size = p.stat().st_size
        with Image.open(p) as im:
            upright = ImageOps.exif_transpose(im)
            exif = im.getexif()
            print(
                f"{p.relative_to(ROOT)}  {im.size[0]}x{im.size[1]} -> upright "
                f"{upright.size[0]}x{upright.size[1]}  {size // 1024} KB  exif={len(exif)} tags"
            )
            if size > MAX_BYTES:
                print(f"  too large: {size} bytes")
                bad += 1
            if mode is None and len(exif):
                print("  unexpected EXIF")
                bad += 1
            if mode == "gps" and not exif.get_ifd(ExifTags.IFD.GPSInfo):
                print("  GPS IFD missing")
                bad += 1
            if mode == "rotated" and exif.get(ExifTags.Base.Orientation) != 6:
                print("  Orientation 6 missing")
                bad += 1
    return 1 if bad else 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only verify the generated files")
    args = ap.parse_args(argv)
    if args.check:
        return check()
    for slug in PHOTOS:
        out = build(slug)
        print(f"wrote {out.relative_to(ROOT)} ({out.stat().st_size // 1024} KB)")
    return check()


if __name__ == "__main__":
    sys.exit(main())
