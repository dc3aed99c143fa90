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


def test_readme_template_appears_on_its_sections(site: Site):
    site.add_campaign("chung-suc-xay-dung-nong-thon-moi")
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), "green").save(buffer, "JPEG")
    site.write("guong/2025/anh/nguyen-thi-lan.jpg", buffer.getvalue())
    site.write("guong/2025/nguyen-thi-lan.md", readme_template())
    result = site.build().ok()
    page = result.page("guong/nguyen-thi-lan/")
    title = page.xpath("//h1")[0].text_content()
    assert "Nguyễn Thị Lan" in title
    assert "09xx" not in result.text_of_all_outputs()  # the template's private phone stays private
    for section in ("linh-vuc/nong-nghiep/", "cap/tinh/", "doi-tuong/ca-nhan/", "quy/2025-q2/",
                    "phong-trao/chung-suc-xay-dung-nong-thon-moi/", "guong/", ""):
        titles = [a.text_content() for a in result.page(section).xpath("//h3[@class='guong-card__title']/a")]
        assert title in titles, section
