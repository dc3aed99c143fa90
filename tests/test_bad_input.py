"""Bad input is a feature: every problem named (file, key, expectation), one pass, no output."""

import io

import pytest
from PIL import Image

from sitekit import Site, frontmatter_text, profile


def assert_fails_cleanly(result, *fragments):
    assert result.returncode != 0, result.output
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in result.output, (fragment, result.output)
    assert not result.site.exists(), "nothing may be written when content is wrong"


def jpeg_bytes(size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, "JPEG")
    return buffer.getvalue()


CASES = {
    "missing_required": (
        lambda s: s.add_profile("a", field=None),
        "guong/2024/a.md: khóa 'field'",
        "bắt buộc",
    ),
    "unknown_field": (lambda s: s.add_profile("a", field="nong ngiep"), "khóa 'field'", "'nong-nghiep'"),
    "unknown_level": (lambda s: s.add_profile("a", level="cap tinhh"), "khóa 'level'", "'tinh'"),
    "unknown_kind": (lambda s: s.add_profile("a", kind="ca nhan le"), "khóa 'kind'", "ca-nhan"),
    "unknown_campaign": (
        lambda s: s.add_profile("a", campaign="nong-thon-mo"),
        "khóa 'campaign'",
        "'nong-thon-moi'",
    ),
    "unknown_occasion": (lambda s: s.add_profile("a", occasion="quoc-khan"), "khóa 'occasion'", "quoc-khanh"),
    "bad_date": (lambda s: s.add_profile("a", date="19.05.2024"), "khóa 'date'", "19/05/2024"),
    "bad_updated": (lambda s: s.add_profile("a", updated="hôm qua"), "khóa 'updated'", "2024-05-19"),
    "bad_quarter": (lambda s: s.add_profile("a", quarter="Quý 5/2024"), "khóa 'quarter'", "Quý II/2024"),
    "missing_image": (
        lambda s: s.add_profile("a", image="anh/khong-co.jpg", image_alt="x"),
        "khóa 'image'",
        "anh/khong-co.jpg",
    ),
    "image_without_alt": (
        lambda s: (s.write("guong/2024/anh/a.jpg", jpeg_bytes()), s.add_profile("a", image="anh/a.jpg")),
        "khóa 'image_alt'",
        "bắt buộc",
    ),
    "corrupt_image": (
        lambda s: (
            s.write("guong/2024/anh/a.jpg", jpeg_bytes()[:60]),
            s.add_profile("a", image="anh/a.jpg", image_alt="x"),
        ),
        "khóa 'image'",
        "ảnh hỏng",
    ),
    "unsupported_image": (
        lambda s: (
            s.write("guong/2024/anh/a.gif", _gif()),
            s.add_profile("a", image="anh/a.gif", image_alt="x"),
        ),
        "khóa 'image'",
        "GIF",
    ),
    "duplicate_slug": (
        lambda s: (s.add_profile("a", folder="2023"), s.add_profile("a", folder="2024")),
        "guong/2024/a.md",
        "guong/2023/a.md",
    ),
    "non_utf8": (
        lambda s: s.write("guong/2024/a.md", frontmatter_text(profile()).encode("cp1258", "replace")),
        "guong/2024/a.md",
        "UTF-8",
    ),
    "empty_file": (lambda s: s.write("guong/2024/a.md", ""), "guong/2024/a.md", "tệp rỗng"),
    "not_a_mapping": (
        lambda s: s.write("guong/2024/a.md", "---\n- title\n- date\n---\nx\n"),
        "guong/2024/a.md",
        "mapping",
    ),
    "broken_yaml": (
        lambda s: s.write("guong/2024/a.md", "---\ntitle: [Nguyễn\ndate: 2024-05-19\n---\nx\n"),
        "guong/2024/a.md",
        "YAML hỏng",
    ),
    "bad_slug": (lambda s: s.add_profile("Nguyễn Văn A"), "Nguyễn Văn A.md", "nguyen-van-a.md"),
    "bad_private": (lambda s: s.add_profile("a", private="số điện thoại"), "khóa 'private'", "mapping"),
    "bad_draft": (lambda s: s.add_profile("a", draft="có"), "khóa 'draft'", "true hoặc false"),
    "campaign_missing_period": (
        lambda s: s.add_campaign("khac", period=None),
        "phong-trao/khac.md: khóa 'period'",
        "bắt buộc",
    ),
    "campaign_bad_period": (
        lambda s: s.add_campaign("khac", period="2025 đến 2021"),
        "khóa 'period'",
        "2021-2025",
    ),
}


def _gif() -> bytes:
    buffer = io.BytesIO()
    Image.new("P", (4, 4)).save(buffer, "GIF")
    return buffer.getvalue()


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_kind_of_bad_input(site: Site, case):
    make, *fragments = CASES[case]
    make(site)
    assert_fails_cleanly(site.build(), *fragments)


def test_unreadable_file(site: Site):
    """A dangling link (a file moved away on a shared drive) cannot be read, even by root."""
    link = site.docs / "guong" / "2024" / "a.md"
    link.parent.mkdir(parents=True)
    link.symlink_to(site.root / "da-chuyen-di.md")
    assert_fails_cleanly(site.build(), "guong/2024/a.md", "không đọc được")


def test_all_problems_in_one_pass(site: Site):
    site.add_profile("mot", field="khong-co")
    site.add_profile("hai", date="mai")
    site.write("guong/2024/ba.md", "---\ntitle: [\n---\n")
    result = site.build()
    assert_fails_cleanly(result, "guong/2024/mot.md", "guong/2024/hai.md", "guong/2024/ba.md", "3 lỗi")


def test_last_good_site_survives_a_bad_build(site: Site):
    site.add_profile("tot")
    good = site.build().ok()
    before = {p: p.read_bytes() for p in good.site.rglob("*.html")}
    site.add_profile("xau", level="khong-biet")
    result = site.build()
    assert result.returncode != 0 and "guong/2024/xau.md" in result.output
    after = {p: p.read_bytes() for p in good.site.rglob("*.html")}
    assert after == before


def test_unknown_key_is_a_warning_naming_file_and_key(site: Site):
    site.add_profile("a", feild="y-te")
    strict = site.build()
    assert strict.returncode != 0
    assert "guong/2024/a.md: khóa 'feild'" in strict.output and "'field'" in strict.output
    assert not strict.site.exists()
    lenient = site.build(strict=False)
    assert lenient.returncode == 0 and "WARNING" in lenient.output and "feild" in lenient.output


def test_missing_site_url_is_explained(site: Site):
    site.add_profile("a")
    site.extra_config["site_url"] = None
    result = site.build()
    assert result.returncode != 0 and "site_url" in result.output and "Traceback" not in result.output


def test_bad_taxonomy_configuration_is_explained(site: Site):
    site.add_profile("a")
    site.plugin_config["fields"] = {"Có Dấu": "Sai"}
    result = site.build()
    assert result.returncode != 0 and "Có Dấu" in result.output and "Traceback" not in result.output
