"""Decap CMS configuration (/admin/config.yml) generated from the site's own taxonomies.

Select options come from the same Taxonomies and campaigns as the build, so the browser
editor can never offer a value the build would refuse. The field list mirrors the content
contract key by key (tests compare it with catalog.PROFILE_REQUIRED/OPTIONAL).

/admin/ takes one of three forms (`admin_outputs`):
- `guong edit` is running (its API address given): Decap on the local files through
  editserver.py (Decap's "proxy" backend), whatever mkdocs.yml says;
- a git server is configured (`admin.backend`): Decap logging in to it;
- neither: a Vietnamese page saying so and how to configure it, never a login no one can use.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from ..content.catalog import CAMPAIGNS_DIR, PROFILES_DIR
from ..content.taxonomy import Taxonomies, Taxonomy

ASSETS = Path(__file__).resolve().parent.parent / "assets" / "admin"
DECAP_DIR = ASSETS / "decap"
SCRIPT = "decap-cms.js"
# Our additions to Decap: Vietnamese wording fixes, the dd/mm/yyyy date widget (`ngay`) and the
# award widget (`danh-hieu`, text or {title, year, by}).
OWN_SCRIPT = ASSETS / "guong-cms.js"
# Decap polls a status page of the backend's host; ours answers from the site itself.
STATUS = {
    "components": [
        {"name": "Git Gateway", "status": "operational"},
        {"name": "API Requests", "status": "operational"},
    ]
}
# Git servers Decap can log in to; every one but git-gateway needs `repo: owner/name`.
BACKENDS = ("gitea", "forgejo", "gitlab", "github", "bitbucket", "azure", "git-gateway")
EDIT_API = re.compile(r"http://127\.0\.0\.1:\d{1,5}/api/v1")


def date_field(name: str, label: str, required: bool, hint: str = "") -> dict:
    """Dates are typed and shown as dd/mm/yyyy and stored as YYYY-MM-DD (a time, if the file
    had one, is kept as YYYY-MM-DD HH:MM): the `ngay` widget of guong-cms.js. Decap's own
    datetime widget is the browser's date input, shown in the browser's language."""
    field = {"label": label, "name": name, "widget": "ngay", "required": required}
    field["hint"] = "Ngày/tháng/năm, ví dụ 19/05/2025" + (f". {hint}" if hint else "")
    return field


def check_backend(backend: Mapping[str, Any]) -> None:
    """ValueError (Vietnamese) unless `admin.backend` is empty or names a usable git server."""
    if not backend:
        return
    name = backend.get("name")
    if name not in BACKENDS:
        raise ValueError(
            f"admin.backend.name là '{name}'; cần một trong: {', '.join(BACKENDS)} "
            "(ví dụ name: gitea), hoặc bỏ cả mục admin.backend nếu chưa có máy chủ git"
        )
    if name != "git-gateway" and not isinstance(backend.get("repo"), str):
        raise ValueError(f"admin.backend cần 'repo: chủ-sở-hữu/tên-kho' cho máy chủ {name}")


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


# Labels carry no parentheses: Decap appends "(không bắt buộc)" to every optional field's
# label, so explanations live in hints (tests check both).
def profile_fields(tax: Taxonomies, campaigns: Mapping[str, str]) -> list[dict]:
    """One field per contract key, in the contract's order, then the story."""
    return [
        _s("title", "Tiêu đề", required=True, hint="Tên người/tập thể – điểm nổi bật"),
        date_field("date", "Ngày đăng", True, "Ngày trong tương lai = hẹn giờ đăng"),
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
        _s("summary", "Tóm tắt", "text", hint="Sapo; để trống: lấy đoạn đầu câu chuyện"),
        _s("unit", "Đơn vị giới thiệu"),
        _s("locality", "Địa phương"),
        _s("image", "Ảnh chân dung, ảnh chính", "image", choose_url=False),
        _s("image_alt", "Mô tả ảnh", hint="Bắt buộc khi có ảnh: ai, đang làm gì, ở đâu"),
        _s("image_credit", "Nguồn ảnh"),
        # Text or {title, year, by}, mixed as the contract allows: the `danh-hieu` widget
        # of guong-cms.js (Decap's list widget takes one shape).
        _s("awards", "Danh hiệu, khen thưởng", "danh-hieu"),
        _s("tags", "Thẻ", "list"),
        _s("audio", "Tệp âm thanh", "file", choose_url=False, hint="mp3 hoặc m4a"),
        _s("video", "Liên kết video", pattern=[r"^https?://", "Bắt đầu bằng https://"]),
        _s("author", "Người viết"),
        date_field("updated", "Cập nhật lần cuối", False),
        # Not required: most files have no `draft` key, and Decap takes a missing value of a
        # required checkbox for an empty one, so none of them could be saved.
        _s("draft", "Bản nháp, chưa đăng", "boolean", default=True),
        _select("Dịp kỷ niệm", tax.occasions, required=False),
        {
            "label": "Tình trạng",
            "name": "status",
            "widget": "select",
            "required": False,
            "default": "published",
            "options": [
                {"label": "Đang công bố", "value": "published"},
                {"label": "Đã thu hồi – Luật Thi đua, khen thưởng, Điều 93", "value": "withdrawn"},
            ],
        },
        {
            "label": "Thu hồi",
            "name": "withdrawn",
            "widget": "object",
            "required": False,
            "collapsed": True,
            "hint": "Chỉ khi tình trạng là đã thu hồi, và khi đó điền cả ngày lẫn lý do",
            # Not required inside: Decap checks the fields of an empty optional object too,
            # so no new profile could be saved (the build requires both with status: withdrawn).
            "fields": [
                date_field("date", "Ngày thu hồi", False),
                _s("reason", "Lý do", "text"),
            ],
        },
        {
            "label": "Đính chính",
            "name": "corrections",
            "widget": "list",
            "required": False,
            "fields": [
                date_field("date", "Ngày", True),
                _s("note", "Nội dung đính chính", "text", required=True),
            ],
        },
        _s(
            "follows",
            "Bài trước về cùng người, tập thể",
            hint="Tên tệp của bài trước, không có .md",
        ),
        _s("source", "Nguồn", pattern=[r"^https?://", "Bắt đầu bằng https://"], hint="Địa chỉ bài gốc"),
        {
            "label": "Ghi chú nội bộ – KHÔNG BAO GIỜ xuất bản",
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
) -> dict:
    """The whole Decap configuration; `docs_dir` is relative to the repository root."""
    path = urlsplit(site_url).path.rstrip("/")
    if backend.get("name") != "proxy":
        backend = {"status_endpoint": f"{path}/admin/status.json", **backend}
    docs = docs_dir.strip("/") or "content"
    return {
        "locale": "vi",
        "backend": dict(backend),
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
                # No date in the list: files may store 19/05/2025 or 2025-05-19 (both are
                # the contract), and Decap would show them as they are and sort them as text.
                "summary": "{{title}}",
                "sortable_fields": ["title"],
                "view_groups": [{"label": "Năm", "field": "date", "pattern": r"\d{4}"}],
                "view_filters": [{"label": "Bản nháp", "field": "draft", "pattern": True}],
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
    edit_api: str | None,
    templates: Path,
    favicon: str = "",
) -> dict[str, str | Path]:
    """Site path -> text (generated) or Path (vendored file to copy) for everything in /admin/.

    `edit_api`: the local API of a running `guong edit` (http://127.0.0.1:PORT/api/v1), or None.
    `favicon` is the theme's icon, site-relative: without a <link rel=icon> the browser asks
    for /favicon.ico, a 404 in the editor's console.
    """
    from jinja2 import Environment, FileSystemLoader

    env = Environment(loader=FileSystemLoader(templates), autoescape=True)
    if favicon and "://" not in favicon and not favicon.startswith("/"):
        favicon = f"../{favicon}"  # from /admin/
    template = env.get_template("guong/admin/index.html")
    if edit_api is not None:
        if not EDIT_API.fullmatch(edit_api):
            raise ValueError(f"địa chỉ API biên tập '{edit_api}' phải là http://127.0.0.1:CỔNG/api/v1")
        backend = {"name": "proxy", "proxy_url": edit_api, "branch": "main"}
    elif not backend:
        return {"admin/index.html": template.render(site_name=site_name, configured=False, favicon=favicon)}
    page = template.render(
        site_name=site_name,
        configured=True,
        local=edit_api is not None,
        script=SCRIPT,
        own=OWN_SCRIPT.name,
        favicon=favicon,
    )
    outputs: dict[str, str | Path] = {
        "admin/index.html": page,
        "admin/config.yml": config_yaml(cms_config(tax, campaigns, site_url, docs_dir, backend)),
        f"admin/{OWN_SCRIPT.name}": OWN_SCRIPT,
    }
    if edit_api is None:
        outputs["admin/status.json"] = json.dumps(STATUS, indent=1) + "\n"
    for path in vendored_files():
        outputs[f"admin/{path.name}"] = path
    return outputs
