"""Deterministic synthetic corpus for the benchmark (see bench/README.md).

Writes, under OUT_DIR:

* ``content/guong/<year>/<slug>.md`` and ``content/phong-trao/<slug>.md`` in the
  content contract (shared/content-schema.md), plus ``content/index.md``;
* ``mkdocs.yml`` for OUR build (the repository's mkdocs.yml when there is one,
  with docs_dir/site_dir pointed at the corpus; a minimal one otherwise);
* ``floor/``: the same Markdown files built by plain mkdocs-material, profiles kept
  out of the nav, so that "floor" is the cheapest way to build the same pages;
* ``material-blog/``: the same profiles as posts of Material's blog plugin (with the
  tags plugin and mkdocs-rss-plugin): what a team would hand-tune instead of us;
* ``hugo/``: the same profiles as a minimal Hugo site (the theme in bench/hugo/).

Everything comes from one ``random.Random(seed)`` and no clock, so the same
parameters give byte-identical files on every machine: timings stay comparable.
Standard library, the plugin's default taxonomy labels (guong.content.taxonomy), and
Pillow (only for ``--photos``).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import random
import re
import shutil
import sys
import unicodedata
from pathlib import Path

from guong.content.taxonomy import DEFAULT_FIELDS, DEFAULT_KINDS, DEFAULT_LEVELS

REPO = Path(__file__).resolve().parent.parent

# Bump when the output changes, so run.py's cache is invalidated.
# 2: material-blog/ and hugo/ added (content/ and floor/ unchanged).
GENERATOR_VERSION = 2
HUGO_THEME = Path(__file__).resolve().parent / "hugo"

# --- taxonomies: the contract's default keys -------------------------------------

# The plugin's default labels (shared/content-schema.md): the peers show these.
FIELD_LABELS = dict(DEFAULT_FIELDS)
FIELDS = list(FIELD_LABELS)
LEVEL_LABELS = dict(DEFAULT_LEVELS)
LEVELS = list(LEVEL_LABELS)
LEVEL_WEIGHTS = [40, 25, 15, 15, 5]  # most recognitions are local
KIND_LABELS = dict(DEFAULT_KINDS)
KINDS = list(KIND_LABELS)
KIND_WEIGHTS = [70, 20, 10]
OCCASIONS = [
    "thanh-lap-dang",
    "thay-thuoc",
    "quoc-te-phu-nu",
    "thanh-lap-doan",
    "giai-phong-mien-nam",
    "quoc-te-lao-dong",
    "dien-bien-phu",
    "sinh-nhat-bac",
    "thi-dua-ai-quoc",
    "bao-chi-cach-mang",
    "gia-dinh",
    "thuong-binh-liet-si",
    "cach-mang-thang-tam",
    "quoc-khanh",
    "doanh-nhan",
    "phu-nu-viet-nam",
    "dai-doan-ket",
    "nha-giao",
    "quan-doi",
]
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
DISTRICT_LEVEL_ENDED = dt.date(2025, 7, 1)

# --- Vietnamese phrase pools -------------------------------------------------------

SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Đinh",
    "Mai",
    "Trịnh",
    "Lương",
]
MIDDLE_M = ["Văn", "Đức", "Minh", "Quốc", "Hữu", "Công", "Thanh", "Ngọc", "Xuân"]
MIDDLE_F = ["Thị", "Ngọc", "Thu", "Thanh", "Kim", "Thùy", "Mỹ", "Hồng"]
GIVEN_M = [
    "Hùng",
    "Dũng",
    "Tuấn",
    "Nam",
    "Bình",
    "Cường",
    "Phúc",
    "Khoa",
    "Sơn",
    "Thắng",
    "Long",
    "Hải",
    "Trung",
    "Lực",
    "Toàn",
    "Quang",
    "Đạt",
    "Khánh",
]
GIVEN_F = [
    "Lan",
    "Hoa",
    "Mai",
    "Hương",
    "Thảo",
    "Ngân",
    "Yến",
    "Hạnh",
    "Loan",
    "Nhung",
    "Trang",
    "Vân",
    "Liên",
    "Huệ",
    "Duyên",
    "Thư",
    "Xuân",
    "Ánh",
]
# Names of ethnic-minority exemplars do not follow the surname-middle-given pattern.
ETHNIC_M = [
    "Y Bhim Niê",
    "Lò Văn Pọm",
    "Sùng A Páo",
    "Giàng A Tủa",
    "Ksor Nhăm",
    "Đinh Văn Brơi",
    "Rơ Châm Tỉu",
    "Hà Văn Thắm",
    "Thạch Sa Rươne",
]
ETHNIC_F = [
    "H'Nhi Êban",
    "Lò Thị Xuân",
    "Sùng Thị Mỷ",
    "Thạch Thị Sa Ri",
    "Rah Lan H'Nhí",
    "Vàng Thị Súa",
    "Hà Thị Lả",
    "Y Ngọc Bhing",
]

PROVINCES = [
    "Đắk Lắk",
    "Gia Lai",
    "Lào Cai",
    "Hà Giang",
    "Nghệ An",
    "Thanh Hóa",
    "Quảng Nam",
    "Bình Định",
    "Cà Mau",
    "Sóc Trăng",
    "Bến Tre",
    "An Giang",
    "Thái Nguyên",
    "Hòa Bình",
    "Quảng Trị",
    "Kon Tum",
    "Sơn La",
    "Điện Biên",
    "Lâm Đồng",
    "Tây Ninh",
    "Bắc Giang",
    "Ninh Thuận",
    "Quảng Ngãi",
    "Trà Vinh",
    "Yên Bái",
    "Đắk Nông",
]
CITIES = ["Hà Nội", "TP. Hồ Chí Minh", "Đà Nẵng", "Cần Thơ", "Hải Phòng"]
COMMUNES = [
    "Tân Lập",
    "Hòa Bình",
    "Quảng Phú",
    "Ea Tul",
    "Cư Né",
    "Phước Hưng",
    "Tam Thanh",
    "Nghĩa Đàn",
    "Thạnh Phú",
    "Long Hòa",
    "Mường Lói",
    "Bản Lầu",
    "Đông Hưng",
    "Xuân Sơn",
    "Ia Grai",
    "Đạ Tẻh",
    "An Thạnh",
    "Vĩnh Lợi",
    "Kim Sơn",
    "Hương Trà",
    "Đắk Mil",
]
WARDS = ["Phường 5", "Phường Bến Nghé", "Phường Hòa Cường", "Phường Cái Khế", "Phường Lê Lợi"]

UNITS = [
    "Hội Nông dân xã {commune}",
    "Hội Liên hiệp Phụ nữ tỉnh {province}",
    "Liên đoàn Lao động tỉnh {province}",
    "Sở Y tế tỉnh {province}",
    "Tỉnh đoàn {province}",
    "Ủy ban MTTQ Việt Nam xã {commune}",
    "Ban Thi đua - Khen thưởng tỉnh {province}",
    "Công an tỉnh {province}",
    "Sở Giáo dục và Đào tạo tỉnh {province}",
    "Hội Cựu chiến binh xã {commune}",
    "Đảng ủy xã {commune}",
    "Hiệp hội Doanh nghiệp tỉnh {province}",
]

COLLECTIVES = {  # field -> names of collectives ("tập thể")
    "nong-nghiep": [
        "Hợp tác xã Nông nghiệp {commune}",
        "Tổ hợp tác Rau an toàn {commune}",
        "Hợp tác xã Cà phê & Hồ tiêu {commune}",
    ],
    "giam-ngheo": ["Chi hội Phụ nữ thôn 3, xã {commune}", "Tổ tiết kiệm và vay vốn xã {commune}"],
    "hanh-chinh-chuyen-doi-so": ["Bộ phận Một cửa xã {commune}", "Tổ công nghệ số cộng đồng xã {commune}"],
    "doanh-nghiep": ["Công ty TNHH Nông sản {commune}", "Công ty Cổ phần May & Thêu {province}"],
    "lao-dong": [
        "Tổ sản xuất số 2, Nhà máy Đường {province}",
        "Phân xưởng Cơ điện, Công ty Thủy điện {province}",
    ],
    "y-te": ["Trạm Y tế xã {commune}", "Khoa Hồi sức tích cực, Bệnh viện Đa khoa tỉnh {province}"],
    "giao-duc": ["Trường Phổ thông Dân tộc bán trú xã {commune}", "Trường Mầm non Hoa Sen xã {commune}"],
    "quoc-phong-an-ninh": ["Công an xã {commune}", "Đồn Biên phòng {commune}"],
    "khoa-hoc-khoi-nghiep": [
        "Nhóm nghiên cứu Công nghệ sinh học, Trường Đại học {province}",
        "Câu lạc bộ Khởi nghiệp thanh niên tỉnh {province}",
    ],
    "van-hoa-the-thao": ["Câu lạc bộ Cồng chiêng buôn {commune}", "Đội văn nghệ thôn 5, xã {commune}"],
    "xay-dung-dang": ["Chi bộ thôn 2, xã {commune}", "Đảng bộ xã {commune}"],
    "mat-tran-doan-the": ["Ban Công tác Mặt trận khu dân cư {commune}", "Chi đoàn thôn 4, xã {commune}"],
    "phong-chong-thien-tai": [
        "Đội xung kích phòng, chống thiên tai xã {commune}",
        "Tổ cứu hộ, cứu nạn xã {commune}",
    ],
    "nguoi-tot-viec-tot": ["Nhóm thiện nguyện Bếp ăn 0 đồng {province}", "Tổ xe ôm nghĩa tình {commune}"],
}

ACHIEVEMENTS = {  # field -> what the exemplar did; {n} is a random number
    "nong-nghiep": [
        "chuyển đổi {n} ha cà phê già cỗi sang trồng sầu riêng xen canh",
        "xây dựng mô hình nuôi bò sinh sản cho thu nhập hơn {n}0 triệu đồng mỗi năm",
        "áp dụng quy trình VietGAP trên {n} ha lúa chất lượng cao",
        "đưa sản phẩm mật ong rừng đạt chuẩn OCOP 4 sao",
    ],
    "giam-ngheo": [
        "giúp {n} hộ nghèo trong thôn thoát nghèo bền vững",
        "cho bà con vay không lấy lãi hơn {n}00 triệu đồng để phát triển sản xuất",
        "vận động xóa {n} căn nhà tạm, nhà dột nát",
    ],
    "hanh-chinh-chuyen-doi-so": [
        "hướng dẫn hơn {n}00 người dân sử dụng dịch vụ công trực tuyến",
        "rút ngắn thời gian giải quyết hồ sơ đất đai còn {n} ngày",
        "số hóa {n} nghìn hồ sơ hộ tịch của xã",
    ],
    "doanh-nghiep": [
        "tạo việc làm ổn định cho {n}0 lao động địa phương",
        "đưa nông sản của bà con xuất khẩu sang {n} thị trường",
        "đóng góp hơn {n} tỷ đồng cho các chương trình an sinh xã hội",
    ],
    "lao-dong": [
        "có {n} sáng kiến cải tiến kỹ thuật làm lợi hơn {n} tỷ đồng",
        "hoàn thành vượt mức kế hoạch sản xuất {n} năm liền",
        "chế tạo máy tách hạt giúp giảm {n}0% chi phí nhân công",
    ],
    "y-te": [
        "khám, chữa bệnh miễn phí cho hơn {n}.000 lượt người",
        "cứu sống {n} ca sản phụ băng huyết nguy kịch",
        "vận động {n}00 người tham gia hiến máu tình nguyện",
    ],
    "giao-duc": [
        "dạy chữ miễn phí cho {n}0 em học sinh dân tộc thiểu số",
        "vận động {n}0 học sinh bỏ học trở lại lớp",
        "bồi dưỡng {n} học sinh đạt giải học sinh giỏi cấp quốc gia",
    ],
    "quoc-phong-an-ninh": [
        "vận động nhân dân giao nộp {n}0 khẩu súng tự chế",
        "phối hợp triệt phá {n} đường dây mua bán ma túy",
        "giữ vững thôn bản {n} năm liền không có tội phạm",
    ],
    "khoa-hoc-khoi-nghiep": [
        "nghiên cứu thành công quy trình sản xuất chế phẩm sinh học từ phụ phẩm nông nghiệp",
        "đăng ký {n} sáng chế được cấp bằng độc quyền",
        "khởi nghiệp với ứng dụng kết nối nông dân và người tiêu dùng",
    ],
    "van-hoa-the-thao": [
        "duy trì câu lạc bộ cồng chiêng với {n}0 thành viên",
        "giành {n} huy chương vàng tại Đại hội Thể dục thể thao toàn quốc",
        "sưu tầm và phục dựng {n} làn điệu dân ca cổ",
    ],
    "xay-dung-dang": [
        "phát triển {n} đảng viên mới trong đoàn viên thanh niên",
        "đưa chi bộ {n} năm liền đạt danh hiệu hoàn thành xuất sắc nhiệm vụ",
        "đổi mới sinh hoạt chi bộ theo chuyên đề gắn với nhiệm vụ địa phương",
    ],
    "mat-tran-doan-the": [
        "vận động xây dựng {n}0 căn nhà Đại đoàn kết",
        "vận động nhân dân hiến {n}.000 m² đất làm đường giao thông nông thôn",
        "tổ chức {n}0 chuyến xe nghĩa tình đưa sinh viên về quê đón Tết",
    ],
    "phong-chong-thien-tai": [
        "cứu {n} người dân mắc kẹt trong lũ dữ",
        "di dời kịp thời {n}0 hộ dân ra khỏi vùng sạt lở",
        "xây dựng bản đồ cảnh báo sạt lở cho {n} thôn",
    ],
    "nguoi-tot-viec-tot": [
        "trả lại tài sản nhặt được trị giá hơn {n}00 triệu đồng",
        "duy trì bếp ăn 0 đồng phục vụ {n}00 suất cơm mỗi tuần cho bệnh nhân nghèo",
        "lao xuống sông cứu {n} em nhỏ bị đuối nước",
    ],
}

QUALITIES = [
    "cần cù, chịu khó",
    "giàu lòng nhân ái",
    "dám nghĩ, dám làm",
    "tận tụy với công việc",
    "gương mẫu, trách nhiệm",
    "không ngại khó khăn, gian khổ",
    "gần dân, sát dân",
]
HARDSHIPS = [
    "vốn liếng ít ỏi",
    "đất đai cằn cỗi",
    "thiên tai liên tiếp xảy ra",
    "nhiều người còn hoài nghi",
    "thiếu kinh nghiệm và kỹ thuật",
    "đường sá đi lại khó khăn",
    "giá cả thị trường bấp bênh",
]
SAYINGS = [
    "Mình làm được thì bà con cũng làm được",
    "Việc gì có lợi cho dân thì phải làm đến nơi đến chốn",
    "Cái khó nhất là làm cho người dân tin",
    "Tôi chỉ làm những việc mà ai ở vị trí của tôi cũng sẽ làm",
    "Mỗi ngày làm một việc tốt, lâu dần thành thói quen",
    "Phải đi từng ngõ, gõ từng nhà thì mới hiểu dân cần gì",
]
HEADINGS = [
    "Hành trình vượt khó",
    "Lan tỏa trong cộng đồng",
    "Từ những việc làm nhỏ",
    "Bí quyết thành công",
    "Người truyền lửa",
    "Những con số biết nói",
    "Dấu ấn trong phong trào thi đua",
    "Niềm tin của bà con",
]
AWARD_TEXTS = [
    "Bằng khen của Chủ tịch UBND tỉnh",
    "Giấy khen của Chủ tịch UBND huyện",
    "Bằng khen của Thủ tướng Chính phủ",
    "Chiến sĩ thi đua cơ sở",
    "Chiến sĩ thi đua cấp tỉnh",
    "Huân chương Lao động hạng Ba",
    "Danh hiệu Nông dân Việt Nam xuất sắc",
    "Bằng khen của Bộ trưởng Bộ Y tế",
    "Giải thưởng Lương Định Của",
    "Giấy khen của Hội Nông dân tỉnh",
]
AWARD_BY = [
    "UBND tỉnh",
    "Thủ tướng Chính phủ",
    "Chủ tịch nước",
    "Bộ Lao động - Thương binh và Xã hội",
    "Trung ương Hội Nông dân Việt Nam",
    "Tổng Liên đoàn Lao động Việt Nam",
]
TAGS = [
    "cà phê",
    "OCOP",
    "hợp tác xã",
    "chuyển đổi số",
    "nông thôn mới",
    "thanh niên",
    "phụ nữ",
    "dân tộc thiểu số",
    "biên giới",
    "khởi nghiệp",
    "an sinh",
    "cựu chiến binh",
    "hiến máu",
    "học sinh nghèo",
    "lũ lụt",
    "sáng kiến",
]
AUTHORS = ["Minh Châu", "Thanh Tâm", "Hoàng Yến", "Quốc Việt", "Ngọc Ánh", "Đức Huy"]
REVIEW_NOTES = [
    "Đã xác minh với UBND xã",
    "Cần bổ sung ảnh chân dung",
    "Số liệu theo báo cáo năm trước",
    "Chờ ý kiến Ban Thi đua",
    "Không công bố địa chỉ nhà riêng",
]

CAMPAIGNS = [  # (title, lead, fields)
    (
        "Cả nước chung tay vì người nghèo - Không để ai bị bỏ lại phía sau",
        "Ủy ban Trung ương MTTQ Việt Nam",
        ["giam-ngheo", "mat-tran-doan-the"],
    ),
    (
        "Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh",
        "Ban Chỉ đạo Chương trình mục tiêu quốc gia",
        ["nong-nghiep"],
    ),
    ("Nông dân thi đua sản xuất, kinh doanh giỏi", "Hội Nông dân Việt Nam", ["nong-nghiep", "doanh-nghiep"]),
    ("Lao động giỏi, lao động sáng tạo", "Tổng Liên đoàn Lao động Việt Nam", ["lao-dong"]),
    ("Đổi mới, sáng tạo trong dạy và học", "Bộ Giáo dục và Đào tạo", ["giao-duc"]),
    ("Thầy thuốc Việt Nam trọn đời học tập và làm theo lời Bác", "Bộ Y tế", ["y-te"]),
    ("Toàn dân bảo vệ an ninh Tổ quốc", "Bộ Công an", ["quoc-phong-an-ninh"]),
    (
        "Chuyển đổi số vì người dân, doanh nghiệp",
        "Bộ Khoa học và Công nghệ",
        ["hanh-chinh-chuyen-doi-so", "khoa-hoc-khoi-nghiep"],
    ),
    (
        "Doanh nghiệp Việt Nam hội nhập và phát triển",
        "Liên đoàn Thương mại và Công nghiệp Việt Nam",
        ["doanh-nghiep"],
    ),
    ("Tuổi trẻ sáng tạo, khởi nghiệp", "Trung ương Đoàn TNCS Hồ Chí Minh", ["khoa-hoc-khoi-nghiep"]),
    ("Người tốt, việc tốt", "Ban Thi đua - Khen thưởng Trung ương", ["nguoi-tot-viec-tot"]),
    (
        "Chủ động phòng, chống thiên tai, thích ứng biến đổi khí hậu",
        "Ban Chỉ đạo quốc gia về Phòng, chống thiên tai",
        ["phong-chong-thien-tai"],
    ),
    (
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        "Ban Tuyên giáo Trung ương",
        ["xay-dung-dang"],
    ),
    ("Toàn dân đoàn kết xây dựng đời sống văn hóa", "Bộ Văn hóa, Thể thao và Du lịch", ["van-hoa-the-thao"]),
    (
        "Phụ nữ tích cực học tập, lao động sáng tạo, xây dựng gia đình hạnh phúc",
        "Hội Liên hiệp Phụ nữ Việt Nam",
        ["giam-ngheo", "mat-tran-doan-the"],
    ),
    ("Cựu chiến binh gương mẫu", "Hội Cựu chiến binh Việt Nam", ["mat-tran-doan-the", "quoc-phong-an-ninh"]),
]


# --- helpers -------------------------------------------------------------------------


def ascii_slug(text: str) -> str:
    """ASCII slug; maps đ/Đ by hand because NFKD does not decompose them."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def lower_first(text: str) -> str:
    """ "Bằng khen của Bộ Y tế" -> "bằng khen của Bộ Y tế" (proper nouns keep their capitals)."""
    return text[:1].lower() + text[1:]


def q(value: str) -> str:
    """YAML scalar: a JSON string is a valid YAML double-quoted scalar."""
    return json.dumps(value, ensure_ascii=False)


def yaml_list(key: str, items: list[str]) -> list[str]:
    return [f"{key}:"] + [f"  - {q(i)}" for i in items]


@dataclasses.dataclass
class Profile:
    """One generated profile: the facts the peers need, and our Markdown file's parts."""

    slug: str
    date: dt.date
    time: str | None  # "08:30" when the date form carries a time
    field: str
    level: str
    kind: str
    campaigns: list[str]
    quarter: str  # "2024-q2": the given quarter, or the date's
    tags: list[str]
    frontmatter: list[str]  # our YAML lines, from "---" to the closing "---" and ""
    story: str  # Markdown body: the lede paragraph first
    wants_photo: bool

    @property
    def year(self) -> int:
        return self.date.year

    def markdown(self) -> str:
        """Our file (content/guong/<year>/<slug>.md), byte for byte as generator 1 wrote it."""
        return "\n".join(self.frontmatter) + self.story + "\n"


class Writer:
    """Builds one corpus from one Random; the order of calls is the determinism."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.slugs: set[str] = set()

    # small pickers
    def pick(self, seq):
        return self.rng.choice(seq)

    def n(self) -> int:
        return self.rng.randint(2, 9)

    def unique_slug(self, base: str) -> str:
        slug, i = base, 2
        while slug in self.slugs:
            slug, i = f"{base}-{i}", i + 1
        self.slugs.add(slug)
        return slug

    def place(self) -> dict:
        if self.rng.random() < 0.15:
            city = self.pick(CITIES)
            return {"province": city, "commune": self.pick(WARDS), "locality": f"{self.pick(WARDS)}, {city}"}
        province, commune = self.pick(PROVINCES), self.pick(COMMUNES)
        return {"province": province, "commune": commune, "locality": f"xã {commune}, tỉnh {province}"}

    def person(self) -> tuple[str, str, str]:
        """(full name, short form used in the story, honorific)."""
        female = self.rng.random() < 0.5
        if self.rng.random() < 0.12:
            full = self.pick(ETHNIC_F if female else ETHNIC_M)
        else:
            full = " ".join(
                [
                    self.pick(SURNAMES),
                    self.pick(MIDDLE_F if female else MIDDLE_M),
                    self.pick(GIVEN_F if female else GIVEN_M),
                ]
            )
        honorific = ("bà" if female else "ông") if self.rng.random() < 0.3 else ("chị" if female else "anh")
        return full, f"{honorific} {full.split()[-1]}", honorific

    # --- campaigns ---------------------------------------------------------------
    def campaign(self, i: int) -> tuple[str, str, str]:
        """(slug, title, Markdown file)."""
        title, lead, fields = CAMPAIGNS[i % len(CAMPAIGNS)]
        if i >= len(CAMPAIGNS):
            title = f"{title} (đợt {i // len(CAMPAIGNS) + 1})"
        slug = self.unique_slug(ascii_slug(title)[:60].rstrip("-"))
        start = self.pick([2020, 2021, 2021, 2022])
        lines = [
            "---",
            f"title: {q(title)}",
            f"period: {start}-{start + 4 if start > 2020 else 2025}",
            f"lead: {q(lead)}",
        ]
        if self.rng.random() < 0.7:
            lines.append(
                f"summary: {q(f'Phong trào do {lead} phát động, hướng tới {self.pick(ACHIEVEMENTS[fields[0]]).format(n=self.n())}.')}"
            )
        lines += [*yaml_list("fields", fields), "---", ""]
        body = [
            (
                f"Phong trào thi đua “{title}” được {lead} phát động nhằm khơi dậy tinh thần "
                f"{self.pick(QUALITIES)} của mọi tầng lớp nhân dân."
            ),
            "",
            "## Tiêu chí",
            "",
        ]
        for f in fields:
            for a in self.rng.sample(ACHIEVEMENTS[f], 2):
                body.append(f"- Có thành tích tiêu biểu như {a.format(n=self.n())}.")
        body += [
            "",
            "## Hình thức khen thưởng",
            "",
            (
                f"Các tập thể, cá nhân tiêu biểu được đề nghị {lower_first(self.pick(AWARD_TEXTS))} "
                f"và được giới thiệu trên trang gương điển hình tiên tiến."
            ),
            "",
        ]
        return slug, title, "\n".join(lines + body)

    # --- profiles ----------------------------------------------------------------
    def profile(self, campaigns: list[tuple[str, list[str]]], photos: bool) -> Profile:
        r = self.rng
        where = self.place()
        field = self.pick(FIELDS)
        kind = r.choices(KINDS, KIND_WEIGHTS)[0]
        if kind == "tap-the":
            subject = self.pick(COLLECTIVES[field]).format(**where)
            short, slug_base = "đơn vị", subject  # the story says "đơn vị", not the full name
        else:
            full, short, honorific = self.person()
            if kind == "ho-gia-dinh":
                subject, short = f"Gia đình {honorific} {full}", f"gia đình {short}"
            else:
                subject = f"{honorific.capitalize()} {full}"
            slug_base = f"{full} {where['commune']}"
        slug = self.unique_slug(ascii_slug(slug_base)[:70].rstrip("-"))

        date = dt.date(2021, 1, 1) + dt.timedelta(
            days=r.randrange((dt.date(2025, 12, 31) - dt.date(2021, 1, 1)).days + 1)
        )
        levels = [lv for lv in LEVELS if not (lv == "huyen" and date >= DISTRICT_LEVEL_ENDED)]
        level = r.choices(levels, [LEVEL_WEIGHTS[LEVELS.index(lv)] for lv in levels])[0]
        deed = self.pick(ACHIEVEMENTS[field]).format(n=self.n())
        deed2 = self.pick(ACHIEVEMENTS[field]).format(n=self.n())
        title = self.pick(
            [
                "{s}: {d}",
                "{s} – tấm gương {qual} ở {place}",
                "{s} và hành trình {d}",
                "Gặp {s}, người {d}",
            ]
        ).format(s=subject, d=deed, qual=self.pick(QUALITIES), place=where["province"])
        if title.startswith("Gặp "):
            title = "Gặp " + title[4].lower() + title[5:] if kind != "tap-the" else title

        date_text = self.date_form(date)
        fm = [
            "---",
            f"title: {q(title)}",
            f"date: {date_text}",
            f"field: {field}",
            f"level: {level}",
            f"kind: {kind}",
        ]
        # Mostly a campaign of the same field, like real nominations; sometimes two campaigns.
        matching = [slug for slug, fields in campaigns if field in fields] if r.random() < 0.7 else []
        pool = matching or [slug for slug, _ in campaigns]
        camps = [self.pick(pool)]
        if r.random() < 0.2 and len(campaigns) > 1:
            camps.append(self.pick([slug for slug, _ in campaigns if slug != camps[0]]))
        fm += [f"campaign: {camps[0]}"] if len(camps) == 1 else yaml_list("campaign", camps)
        quarter, quarter_key = self.quarter_form(date)
        if quarter:
            fm.append(f"quarter: {q(quarter)}")
        lede = (
            f"{subject} đã {deed}. Đó là kết quả của nhiều năm {self.pick(QUALITIES)}, "
            f"vượt qua {self.pick(HARDSHIPS)}."
        )
        if r.random() < 0.5:
            fm.append(f"summary: {q(lede)}")
        fm.append(f"unit: {q(self.pick(UNITS).format(**where))}")
        fm.append(f"locality: {q(where['locality'])}")
        if r.random() < 0.8:
            fm += self.awards(date.year)
        tags = r.sample(TAGS, r.randint(1, 4))
        fm += yaml_list("tags", tags)
        if r.random() < 0.25:
            fm.append(f"occasion: {self.pick(OCCASIONS)}")
        if r.random() < 0.4:
            fm.append(f"author: {q(self.pick(AUTHORS))}")
        # Drawn always, so --photos changes only the image keys, not the rest of the corpus.
        photo_roll, credit_roll, credit = r.random(), r.random(), self.pick(AUTHORS)
        wants_photo = photos and photo_roll < 0.35
        if wants_photo:
            alt = f"{subject} tại {where['locality']}"
            fm += [f"image: {slug}.jpg", f"image_alt: {q(alt)}"]
            if credit_roll < 0.6:
                fm.append(f"image_credit: {q('Ảnh: ' + credit)}")
        if r.random() < 0.3:
            fm += [
                "private:",
                f"  phone: {q('09' + ''.join(str(r.randrange(10)) for _ in range(8)))}",
                f"  cccd: {q('0' + ''.join(str(r.randrange(10)) for _ in range(11)))}",
                f"  address: {q(f'Thôn {r.randint(1, 12)}, ' + where['locality'])}",
                f"  reviewer: {q(self.pick(REVIEW_NOTES))}",
            ]
        fm += ["---", ""]
        return Profile(
            slug=slug,
            date=date,
            time=date_text.split(" ", 1)[1] if " " in date_text else None,
            field=field,
            level=level,
            kind=kind,
            campaigns=camps,
            quarter=quarter_key,
            tags=tags,
            frontmatter=fm,
            story=self.story(subject, short, lede, deed2, where),
            wants_photo=wants_photo,
        )

    def date_form(self, d: dt.date) -> str:
        r = self.rng.random()
        if r < 0.45:
            return d.isoformat()
        if r < 0.85:
            return d.strftime("%d/%m/%Y")
        return f"{d.isoformat()} {self.rng.randint(6, 20):02d}:{self.pick(['00', '15', '30', '45'])}"

    def quarter_form(self, d: dt.date) -> tuple[str | None, str]:
        """(quarter of the date, sometimes the next one, in one of the accepted forms, or
        None; its key "2024-q2", which is the date's quarter when the form is None)."""
        year, qn = d.year, (d.month - 1) // 3 + 1
        if self.rng.random() < 0.35:
            return None, f"{year}-q{qn}"
        if self.rng.random() < 0.2:
            year, qn = (year + 1, 1) if qn == 4 else (year, qn + 1)
        form = self.pick(
            [f"{year}-Q{qn}", f"Q{qn}/{year}", f"Quý {ROMAN[qn]}/{year}", f"Quý {qn} năm {year}"]
        )
        return form, f"{year}-q{qn}"

    def awards(self, year: int) -> list[str]:
        out = ["awards:"]
        for _ in range(self.rng.randint(1, 3)):
            if self.rng.random() < 0.5:
                out.append(f"  - {q(self.pick(AWARD_TEXTS))}")
            else:
                out += [
                    f"  - title: {q(self.pick(AWARD_TEXTS))}",
                    f"    year: {self.rng.randint(max(2015, year - 5), year)}",
                    f"    by: {q(self.pick(AWARD_BY))}",
                ]
        return out

    def story(self, subject: str, short: str, lede: str, deed2: str, where: dict) -> str:
        r = self.rng
        cap = short[0].upper() + short[1:]
        sentences = [
            lambda: f"Những năm đầu, {short} gặp không ít khó khăn vì {self.pick(HARDSHIPS)}.",
            lambda: f"Không nản lòng, {short} tìm tòi, học hỏi kinh nghiệm từ nhiều nơi.",
            lambda: f"Đến nay, {short} đã {deed2}.",
            lambda: f"“{self.pick(SAYINGS)}”, {short} chia sẻ.",
            lambda: (
                f"Theo lãnh đạo {self.pick(UNITS).format(**where)}, {short} là tấm gương {self.pick(QUALITIES)}."
            ),
            lambda: f"Nhiều hộ dân ở {where['locality']} đã học tập và làm theo cách làm của {short}.",
            lambda: f"Năm {r.randint(2015, 2025)}, {short} được tặng {lower_first(self.pick(AWARD_TEXTS))}.",
            lambda: f"{cap} luôn {self.pick(QUALITIES)}, được bà con tin yêu.",
            lambda: f"Con đường đến với thành công của {short} bắt đầu từ những việc làm rất nhỏ.",
            lambda: f"Bà con trong vùng vẫn nhắc đến {short} như một người {self.pick(QUALITIES)}.",
            lambda: (
                f"Mỗi tháng, {short} dành ít nhất {r.randint(2, 10)} ngày để đi cơ sở, nắm bắt tâm tư của người dân."
            ),
            lambda: f"Từ thành công ban đầu, mô hình đã được nhân rộng ra {r.randint(3, 30)} thôn, bản.",
        ]
        paragraphs = [lede]
        count = r.randint(4, 8)
        heading_at = r.randint(1, count - 2)
        for i in range(1, count):
            if i == heading_at:
                paragraphs.append(f"## {self.pick(HEADINGS)}")
            paragraphs.append(" ".join(make() for make in r.sample(sentences, r.randint(3, 5))))
        return "\n\n".join(paragraphs)


# --- peers: the same profiles for Material's blog plugin and for Hugo ---------------


def without_keys(lines: list[str], keys: set[str]) -> list[str]:
    """Our frontmatter lines without the top-level ``keys`` (and their indented lines)."""
    out, skipping = [], False
    for line in lines:
        if line.startswith(" "):
            if not skipping:
                out.append(line)
            continue
        skipping = line.split(":", 1)[0] in keys
        if not skipping:
            out.append(line)
    return out


def blog_markdown(p: Profile, campaign_titles: dict[str, str]) -> str:
    """A post for Material's blog plugin, as a team would write it by hand: an ISO date
    (the plugin reads only YAML dates), the slug as ``slug:``, the field's label as the
    category, the campaigns' titles (then the free tags) as tags, an excerpt separator
    after the lede; our other keys stay (unused metadata)."""
    date = p.date.isoformat() + (f" {p.time}:00" if p.time else "")
    rest = without_keys(p.frontmatter[2:-2], {"date", "tags"})  # after "---" and title
    tags = [campaign_titles[c] for c in p.campaigns] + p.tags
    lede, _, body = p.story.partition("\n\n")
    return "\n".join(
        [
            "---",
            p.frontmatter[1],  # title
            f"date: {date}",
            f"slug: {p.slug}",
            *yaml_list("categories", [FIELD_LABELS[p.field]]),
            *yaml_list("tags", tags),
            *rest,
            "---",
            "",
            lede,
            "",
            "<!-- more -->",
            "",
            body,
            "",
        ]
    )


HUGO_TAXONOMIES = ("field", "level", "kind", "campaign", "quarter")


def hugo_markdown(p: Profile) -> str:
    """A Hugo page: the same frontmatter in YAML, with an ISO date and the five
    taxonomies (field, level, kind, campaign, quarter) as lists of keys."""
    date = p.date.isoformat() + (f"T{p.time}:00" if p.time else "")
    rest = without_keys(p.frontmatter[2:-2], {"date", *HUGO_TAXONOMIES})
    terms = {"field": [p.field], "level": [p.level], "kind": [p.kind], "campaign": p.campaigns}
    terms["quarter"] = [p.quarter]
    lines = ["---", p.frontmatter[1], f"date: {date}"]
    for key in HUGO_TAXONOMIES:
        lines += yaml_list(key, terms[key])
    return "\n".join([*lines, *rest, "---", "", p.story, ""])


HUGO_YML = """# A minimal Hugo site on the benchmark corpus (theme: bench/hugo/, copied into layouts/).
baseURL: https://example.org/
languageCode: vi
title: Gương điển hình tiên tiến (Hugo)
timeZone: Asia/Ho_Chi_Minh
buildFuture: true   # the dates are fixed; the machine's clock must not hide any
paginate: 12
enableRobotsTXT: false
taxonomies:
  field: field
  level: level
  kind: kind
  campaign: campaign
  quarter: quarter
markup:
  goldmark:
    renderer:
      unsafe: false
  tableOfContents:
    startLevel: 2
    endLevel: 3
"""


def write_hugo_terms(root: Path, campaigns: list[tuple[str, str, str]]) -> None:
    """Term pages with titles (labels), and each campaign's file as its term page."""
    for taxonomy, labels in (("field", FIELD_LABELS), ("level", LEVEL_LABELS), ("kind", KIND_LABELS)):
        for key, label in labels.items():
            _write(root / taxonomy / key / "_index.md", f"---\ntitle: {q(label)}\n---\n")
    for slug, _, text in campaigns:
        _write(root / "campaign" / slug / "_index.md", text)
    _write(root / "guong" / "_index.md", "---\ntitle: Gương điển hình\n---\n")


# --- photos ------------------------------------------------------------------------


def write_photo(path: Path, rng: random.Random) -> None:
    """A small JPEG with a GPS EXIF tag: what phone photos look like to an image pipeline."""
    from PIL import ExifTags, Image, ImageDraw  # only needed with --photos

    portrait = rng.random() < 0.25
    w, h = (600, 800) if portrait else (800, 600)
    grad = Image.linear_gradient("L")
    channels = []
    for _ in range(3):  # each channel: a gradient in its own direction and range
        angle, top, bottom = rng.choice([0, 90, 180, 270]), rng.randint(40, 255), rng.randint(0, 80)
        channels.append(
            grad.rotate(angle).resize((w, h)).point(lambda v, a=top, b=bottom: b + v * (a - b) // 255)
        )
    img = Image.merge("RGB", channels)
    draw = ImageDraw.Draw(img)
    for _ in range(rng.randint(3, 8)):
        x0, y0 = rng.randrange(w), rng.randrange(h)
        box = [x0, y0, x0 + rng.randint(40, 300), y0 + rng.randint(40, 300)]
        colour = tuple(rng.randrange(256) for _ in range(3))
        (draw.ellipse if rng.random() < 0.5 else draw.rectangle)(box, fill=colour)
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "BenchCam"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    lat, lon = rng.uniform(8.6, 23.3), rng.uniform(102.2, 109.4)  # Việt Nam
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = dms(lat)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = dms(lon)
    img.save(path, "JPEG", quality=85, exif=exif)


def dms(value: float) -> tuple[float, float, float]:
    deg = int(value)
    minutes = int((value - deg) * 60)
    return (float(deg), float(minutes), round((value - deg - minutes / 60) * 3600, 2))


# --- configs ------------------------------------------------------------------------

INDEX_MD = """---
title: Gương điển hình tiên tiến
---

# Gương điển hình tiên tiến

Trang giới thiệu các gương điển hình tiên tiến trong các phong trào thi đua yêu nước
(dữ liệu tổng hợp để đo hiệu năng).
"""

MINIMAL_OURS = """site_name: Gương điển hình tiên tiến (benchmark)
site_url: https://example.org/
docs_dir: content
site_dir: site-guong
theme:
  name: material
  language: vi
  font: false
plugins:
  - search
  - guong
"""

FLOOR_YML = """# Plain mkdocs-material on the same Markdown, profiles out of the nav:
# the cheapest way to build these pages with Material (the benchmark's floor).
site_name: Gương điển hình tiên tiến (floor)
site_url: https://example.org/
docs_dir: docs
site_dir: site
theme:
  name: material
  language: vi
  font: false
plugins:
  - search
nav:
  - index.md
not_in_nav: |
  /guong/
  /phong-trao/
validation:
  nav:
    omitted_files: info
"""


BLOG_YML = """# The same profiles as a hand-tuned Material blog: the blog plugin (posts by date,
# categories = fields, yearly archives), the tags plugin (tags = campaigns and free
# tags, one index page) and mkdocs-rss-plugin (feeds of created and updated posts).
site_name: Gương điển hình tiên tiến (Material blog)
site_url: https://example.org/
docs_dir: docs
site_dir: site
theme:
  name: material
  language: vi
  font: false
plugins:
  - search
  - blog:
      post_url_format: "{slug}"
      pagination_per_page: 12
      post_readtime: false
  - tags
  - rss:
      match_path: "blog/posts/.*"
      use_git: false          # the corpus is not a git repository of its own
      date_from_meta:
        as_creation: date
        as_update: date
        default_timezone: Asia/Ho_Chi_Minh
      categories:
        - categories
        - tags
nav:
  - index.md
  - Gương điển hình:
      - blog/index.md
  - Thẻ: tags.md
not_in_nav: |
  /phong-trao/
validation:
  nav:
    omitted_files: info
"""
BLOG_INDEX_MD = "# Gương điển hình\n"
TAGS_MD = "# Thẻ\n\n<!-- material/tags -->\n"


def _set_top_key(text: str, key: str, value: str) -> str:
    pattern = re.compile(rf"^{key}:.*$", re.MULTILINE)
    if pattern.search(text):
        return pattern.sub(f"{key}: {value}", text, count=1)
    return f"{key}: {value}\n" + text


def ours_config_text(repo_yml: Path = REPO / "mkdocs.yml") -> str:
    """The repository's mkdocs.yml re-pointed at the corpus, or a minimal one.

    Edited as text, not re-dumped, so tags like ``!!python/name`` survive; paths that
    MkDocs resolves relative to the config file (custom_dir, hooks) are made absolute.
    """
    if not repo_yml.is_file():
        return MINIMAL_OURS
    text = repo_yml.read_text(encoding="utf-8")

    def absolutise(m: re.Match) -> str:
        path = m.group(2).strip().strip("'\"")
        return m.group(1) + (path if Path(path).is_absolute() else str((REPO / path).resolve()))

    text = re.sub(r"^(\s+custom_dir:\s*)(\S.*)$", absolutise, text, flags=re.MULTILINE)
    text = re.sub(r"^(\s*-\s+)(\S+\.py)\s*$", absolutise, text, flags=re.MULTILINE)  # hooks
    text = _set_top_key(text, "docs_dir", "content")
    text = _set_top_key(text, "site_dir", "site-guong")
    if not re.search(r"^site_url:", text, re.MULTILINE):
        text = "site_url: https://example.org/\n" + text
    return "# Generated by bench/generate.py from the repository's mkdocs.yml\n" + text


def copy_site_pages(out: Path) -> None:
    """Copy the repository's own pages (not its profiles/campaigns) so its nav resolves."""
    src = REPO / "content"
    if not src.is_dir():
        return
    for path in src.rglob("*"):
        rel = path.relative_to(src)
        if path.is_dir() or rel.parts[0] in ("guong", "phong-trao"):
            continue
        dest = out / "content" / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, dest)


def write_configs(out: Path) -> None:
    """(Re)write the configs (ours, floor, Material blog, Hugo config and theme); cheap,
    so run.py calls it on every run. A file is rewritten only when its text changed."""
    _update(out / "mkdocs.yml", ours_config_text())
    _update(out / "floor" / "mkdocs.yml", FLOOR_YML)
    _update(out / "material-blog" / "mkdocs.yml", BLOG_YML)
    _update(out / "hugo" / "hugo.yaml", HUGO_YML)
    theme = {p.relative_to(HUGO_THEME) for p in HUGO_THEME.rglob("*") if p.is_file()}
    for sub in ("layouts", "static"):  # files the theme no longer has would still be used
        for path in (out / "hugo" / sub).rglob("*"):
            if path.is_file() and path.relative_to(out / "hugo") not in theme:
                path.unlink()
    for rel in sorted(theme):
        _update(out / "hugo" / rel, (HUGO_THEME / rel).read_text(encoding="utf-8"))
    copy_site_pages(out)


def _update(path: Path, text: str) -> None:
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        _write(path, text)


# --- main ---------------------------------------------------------------------------


def generate(out: Path, profiles: int, campaigns: int, photos: bool = False, seed: int = 1) -> dict:
    """Write the corpus into ``out`` (wiped first); returns counts."""
    for sub in ("content", "floor", "material-blog", "hugo"):
        shutil.rmtree(out / sub, ignore_errors=True)
    ours, floor = out / "content", out / "floor" / "docs"
    blog, hugo = out / "material-blog" / "docs", out / "hugo" / "content"
    w = Writer(seed)
    photo_rng = random.Random(seed + 1)  # pixels from their own stream, texts unaffected
    camp_slugs, camps = [], []
    for i in range(campaigns):
        slug, title, text = w.campaign(i)
        camps.append((slug, title, text))
        camp_slugs.append((slug, CAMPAIGNS[i % len(CAMPAIGNS)][2]))
        for root in (ours, floor, blog):
            _write(root / "phong-trao" / f"{slug}.md", text)
    write_hugo_terms(hugo, camps)
    titles = {slug: title for slug, title, _ in camps}
    n_photos = 0
    for _ in range(profiles):
        p = w.profile(camp_slugs, photos)
        text, year = p.markdown(), str(p.year)
        for root in (ours, floor):
            _write(root / "guong" / year / f"{p.slug}.md", text)
        _write(blog / "blog" / "posts" / year / f"{p.slug}.md", blog_markdown(p, titles))
        # A page with a photo is a Hugo page bundle (guong/<slug>/index.md + the photo).
        hugo_md = hugo / "guong" / (f"{p.slug}/index.md" if p.wants_photo else f"{p.slug}.md")
        _write(hugo_md, hugo_markdown(p))
        if p.wants_photo:
            jpg = ours / "guong" / year / f"{p.slug}.jpg"
            write_photo(jpg, photo_rng)
            for dest in (floor / "guong" / year, blog / "blog" / "posts" / year, hugo_md.parent):
                shutil.copy2(jpg, dest / jpg.name)
            n_photos += 1
    for root in (ours, floor, blog):
        _write(root / "index.md", INDEX_MD)
    _write(blog / "blog" / "index.md", BLOG_INDEX_MD)
    _write(blog / "tags.md", TAGS_MD)
    _write(hugo / "_index.md", INDEX_MD)
    write_configs(out)
    return {"profiles": profiles, "campaigns": campaigns, "photos": n_photos}


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--profiles", type=int, required=True, help="number of exemplar profiles")
    ap.add_argument("--campaigns", type=int, default=12, help="number of campaigns (phong trào)")
    ap.add_argument("--photos", action="store_true", help="write JPEGs next to about a third of the profiles")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("out_dir", type=Path)
    a = ap.parse_args(argv)
    if a.campaigns < 1 or a.profiles < 0:
        ap.error("need at least one campaign and a non-negative number of profiles")
    counts = generate(a.out_dir, a.profiles, a.campaigns, a.photos, a.seed)
    print(
        f"wrote {counts['profiles']} profiles, {counts['campaigns']} campaigns, "
        f"{counts['photos']} photos to {a.out_dir}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
