"""The README's copy-paste template: a newcomer's profile shows on all its chuyên mục pages."""

import io
import re

from PIL import Image

from sitekit import ROOT, Site


def readme_template() -> str:
    readme = (ROOT / "README.md").read_text("utf-8")
    blocks = re.findall(r"```markdown\n(.*?)```", readme, re.S)
    assert blocks, "README must hold a copy-paste profile template"
    return blocks[0]


def filled_in(template: str) -> str:
    """The template as a writer leaves it: sample phrases replaced by the real story."""
    for sample, real in (
        (
            "Một câu sapo cho danh sách, nguồn tin và mạng xã hội.",
            "Chị Lan đưa sầu riêng Ea Tiêu sang châu Âu.",
        ),
        (
            "Đoạn mở đầu: ai, làm gì, thành tích nổi bật.",
            "Chị Nguyễn Thị Lan, hội viên Hội Nông dân xã Ea Tiêu, trồng 5 ha sầu riêng.",
        ),
        ("## Tiêu đề nhỏ", "## Từ vườn nhà ra thế giới"),
        ("Câu chuyện…", "Năm 2019, chị chuyển sang trồng theo tiêu chuẩn GlobalGAP."),
    ):
        assert sample in template, sample
        template = template.replace(sample, real)
    return template


def test_readme_template_appears_on_its_sections(site: Site):
    site.add_campaign("chung-suc-xay-dung-nong-thon-moi")
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), "green").save(buffer, "JPEG")
    site.write("guong/2025/anh/nguyen-thi-lan.jpg", buffer.getvalue())
    template = readme_template()
    site.write("guong/2025/nguyen-thi-lan.md", template)
    # Copied as it is, the template's sample phrases stop the build: they must be replaced.
    refused = site.build()
    assert refused.returncode != 0 and "Câu chuyện…" in refused.output
    site.write("guong/2025/nguyen-thi-lan.md", filled_in(template))
    result = site.build().ok()
    page = result.page("guong/nguyen-thi-lan/")
    title = page.xpath("//h1")[0].text_content()
    assert "Nguyễn Thị Lan" in title
    assert "09xx" not in result.text_of_all_outputs()  # the template's private phone stays private
    for section in (
        "linh-vuc/nong-nghiep/",
        "cap/tinh/",
        "doi-tuong/ca-nhan/",
        "quy/2025-q2/",
        "phong-trao/chung-suc-xay-dung-nong-thon-moi/",
        "guong/",
        "",
    ):
        titles = [a.text_content() for a in result.page(section).xpath("//h3[@class='guong-card__title']/a")]
        assert title in titles, section
