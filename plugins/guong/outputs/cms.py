"""Decap CMS configuration (/admin/config.yml) generated from the site's own taxonomies.

Select options come from the same Taxonomies and campaigns as the build, so the browser
editor can never offer a value the build would refuse. The field list mirrors the content
contract key by key (tests compare it with catalog.PROFILE_REQUIRED/OPTIONAL).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from ..content.catalog import CAMPAIGNS_DIR, PROFILES_DIR
from ..content.taxonomy import Taxonomies, Taxonomy

DECAP_DIR = Path(__file__).resolve().parent.parent / "assets" / "admin" / "decap"
SCRIPT = "decap-cms.js"
# Decap polls a status page of the backend's host; ours answers from the site itself.
STATUS = {
    "components": [
        {"name": "Git Gateway", "status": "operational"},
        {"name": "API Requests", "status": "operational"},
    ]
}
DATE = {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "DD/MM/YYYY", "time_format": False}


def vendored_files() -> list[Path]:
    """The vendored Decap bundle (empty until scripts/vendor-decap.sh has run)."""
    if not (DECAP_DIR / SCRIPT).is_file():
        return []
    return sorted(p for p in DECAP_DIR.iterdir() if p.suffix in (".js", ".wasm", ".txt"))


def _select(label: str, taxonomy: Taxonomy, required: bool = True, hint: str = "") -> dict:
    field = {
        "label": label,
        "name": taxonomy.name,
        "widget": "select",
        "required": required,
        "options": [{"label": t.label, "value": t.key} for t in taxonomy],
    }
    if hint:
        field["hint"] = hint
    return field


def _s(name: str, label: str, widget: str = "string", required: bool = False, **extra) -> dict:
    return {"label": label, "name": name, "widget": widget, "required": required, **extra}


def profile_fields(tax: Taxonomies, campaigns: Mapping[str, str]) -> list[dict]:
    """One field per contract key, in the contract's order, then the story."""
    return [
        _s("title", "Tiêu đề", required=True, hint="Tên người/tập thể – điểm nổi bật"),
        {
            "label": "Ngày đăng",
            "name": "date",
            "required": True,
            **DATE,
            "hint": "Ngày trong tương lai = hẹn giờ đăng",
        },
        _select("Lĩnh vực", tax.fields),
        _select("Cấp công nhận", tax.levels),
        {
            "label": "Phong trào thi đua",
            "name": "campaign",
            "widget": "select",
            "multiple": True,
            "min": 1,
            "required": True,
            "options": [{"label": title, "value": slug} for slug, title in campaigns.items()],
        },
        _select("Đối tượng", tax.kinds),
        _s(
            "quarter",
            "Quý giới thiệu",
            pattern=[r"^(\d{4}-Q[1-4]|Q[1-4]/\d{4}|Quý .+)$", "Ví dụ 2024-Q2, Q2/2024, Quý II/2024"],
            hint="Để trống: lấy quý của ngày đăng",
        ),
        _s("summary", "Tóm tắt (sapo)", "text", hint="Để trống: lấy đoạn đầu câu chuyện"),
        _s("unit", "Đơn vị giới thiệu"),
        _s("locality", "Địa phương"),
        _s("image", "Ảnh chân dung / ảnh chính", "image", choose_url=False),
        _s("image_alt", "Mô tả ảnh (bắt buộc khi có ảnh)"),
        _s("image_credit", "Nguồn ảnh"),
        {
            "label": "Danh hiệu, khen thưởng",
            "name": "awards",
            "widget": "list",
            "required": False,
            "fields": [
                _s("title", "Danh hiệu", required=True),
                _s("year", "Năm", "number", value_type="int"),
                _s("by", "Cơ quan khen thưởng"),
            ],
        },
        _s("tags", "Thẻ", "list"),
        _s("audio", "Tệp âm thanh (mp3/m4a)", "file", choose_url=False),
        _s("video", "Liên kết video", pattern=[r"^https?://", "Bắt đầu bằng https://"]),
        _s("author", "Người viết"),
        {"label": "Cập nhật lần cuối", "name": "updated", "required": False, **DATE},
        _s("draft", "Bản nháp (chưa đăng)", "boolean", default=True),
        _select("Dịp kỷ niệm", tax.occasions, required=False),
        {
            "label": "Tình trạng",
            "name": "status",
            "widget": "select",
            "required": False,
            "default": "published",
            "options": [
                {"label": "Đang công bố", "value": "published"},
                {"label": "Đã thu hồi (Luật Thi đua, khen thưởng, Điều 93)", "value": "withdrawn"},
            ],
        },
        {
            "label": "Thu hồi (khi tình trạng là đã thu hồi)",
            "name": "withdrawn",
            "widget": "object",
            "required": False,
            "collapsed": True,
            "fields": [
                {"label": "Ngày thu hồi", "name": "date", "required": True, **DATE},
                _s("reason", "Lý do", "text", required=True),
            ],
        },
        {
            "label": "Đính chính",
            "name": "corrections",
            "widget": "list",
            "required": False,
            "fields": [
                {"label": "Ngày", "name": "date", "required": True, **DATE},
                _s("note", "Nội dung đính chính", "text", required=True),
            ],
        },
        _s("follows", "Bài trước về cùng người/tập thể (tên tệp, không có .md)"),
        _s("source", "Nguồn (địa chỉ bài gốc)", pattern=[r"^https?://", "Bắt đầu bằng https://"]),
        {
            "label": "Ghi chú nội bộ (KHÔNG BAO GIỜ xuất bản)",
            "name": "private",
            "widget": "object",
            "required": False,
            "collapsed": True,
            "hint": "Chỉ lưu trong kho nội dung; bị loại bỏ khi dựng trang",
            "fields": [
                _s("ghi_chu", "Ghi chú, ý kiến thẩm định", "text"),
                _s("so_dien_thoai", "Số điện thoại"),
                _s("dia_chi", "Địa chỉ"),
            ],
        },
        _s("body", "Câu chuyện", "markdown", required=True),
    ]


def campaign_fields(tax: Taxonomies) -> list[dict]:
    fields = _select("Lĩnh vực mặc định", tax.fields, required=False)
    fields.update(name="fields", multiple=True)
    return [
        _s("title", "Tên phong trào", required=True),
        _s("period", "Giai đoạn", required=True, pattern=[r"^\d{4}-\d{4}$", "Ví dụ 2021-2025"]),
        _s("lead", "Cơ quan chủ trì"),
        _s("summary", "Mô tả ngắn", "text"),
        fields,
        _s("body", "Nội dung, tiêu chí", "markdown", required=True),
    ]


def cms_config(
    tax: Taxonomies,
    campaigns: Mapping[str, str],
    site_url: str,
    docs_dir: str,
    backend: Mapping[str, Any],
    local_backend: bool,
) -> dict:
    """The whole Decap configuration; `docs_dir` is relative to the repository root."""
    path = urlsplit(site_url).path.rstrip("/")
    backend = {"status_endpoint": f"{path}/admin/status.json", **backend}
    docs = docs_dir.strip("/") or "content"
    return {
        "locale": "vi",
        "backend": backend,
        "local_backend": local_backend,
        "site_url": site_url,
        "display_url": site_url,
        "media_folder": f"{docs}/{PROFILES_DIR}/anh",
        "public_folder": "anh",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [
            {
                "name": "guong",
                "label": "Gương điển hình",
                "label_singular": "gương điển hình",
                "folder": f"{docs}/{PROFILES_DIR}",
                "create": True,
                "extension": "md",
                "format": "frontmatter",
                "path": "{{year}}/{{slug}}",
                "slug": "{{title}}",
                "media_folder": "anh",
                "public_folder": "anh",
                "summary": "{{title}} ({{date}})",
                "sortable_fields": ["date", "title"],
                "fields": profile_fields(tax, campaigns),
            },
            {
                "name": "phong-trao",
                "label": "Phong trào thi đua",
                "label_singular": "phong trào",
                "folder": f"{docs}/{CAMPAIGNS_DIR}",
                "create": True,
                "extension": "md",
                "format": "frontmatter",
                "slug": "{{title}}",
                "fields": campaign_fields(tax),
            },
        ],
    }


def config_yaml(config: Mapping) -> str:
    return yaml.safe_dump(dict(config), allow_unicode=True, sort_keys=False, width=100)


def admin_outputs(
    tax: Taxonomies,
    campaigns: Mapping[str, str],
    site_name: str,
    site_url: str,
    docs_dir: str,
    backend: Mapping[str, Any],
    local_backend: bool,
    templates: Path,
    favicon: str = "",
) -> dict[str, str | Path]:
    """Site path -> text (generated) or Path (vendored file to copy) for everything in /admin/.
    `favicon` is the theme's icon, site-relative: without a <link rel=icon> the browser asks
    for /favicon.ico, a 404 in the editor's console."""
    import json

    from jinja2 import Environment, FileSystemLoader

    env = Environment(loader=FileSystemLoader(templates), autoescape=True)
    if favicon and "://" not in favicon and not favicon.startswith("/"):
        favicon = f"../{favicon}"  # from /admin/
    page = env.get_template("guong/admin/index.html").render(
        site_name=site_name, script=SCRIPT, favicon=favicon
    )
    outputs: dict[str, str | Path] = {
        "admin/index.html": page,
        "admin/config.yml": config_yaml(
            cms_config(tax, campaigns, site_url, docs_dir, backend, local_backend)
        ),
        "admin/status.json": json.dumps(STATUS, indent=1) + "\n",
    }
    for path in vendored_files():
        outputs[f"admin/{path.name}"] = path
    return outputs
