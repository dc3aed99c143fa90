"""The pure parts of the feed module, without a build."""

from guong.outputs.feeds import SiteInfo, absolute_html, story_text

PAGE = "https://guong.example.gov.vn/guong/nguyen-van-an/"


def test_every_url_in_a_story_becomes_absolute_against_its_page():
    story = (
        'Chữ đầu & <b>đậm</b> <a href="../../linh-vuc/y-te/">Y tế</a> <a href="#doan-2">đoạn</a> '
        '<a href="mailto:tdkt@example.gov.vn">thư</a> <img src="anh.jpg" srcset="a.jpg 1x, b.jpg 2x" alt="">'
        '<h2 id="t">T<a class="headerlink" href="#t">¶</a></h2>'
    )
    out = absolute_html(story, PAGE)
    assert out.startswith("Chữ đầu &amp; <b>đậm</b>")
    assert 'href="https://guong.example.gov.vn/linh-vuc/y-te/"' in out
    assert f'href="{PAGE}#doan-2"' in out
    assert 'href="mailto:tdkt@example.gov.vn"' in out
    assert f'src="{PAGE}anh.jpg"' in out and f'srcset="{PAGE}a.jpg 1x, {PAGE}b.jpg 2x"' in out
    assert "headerlink" not in out and "¶" not in out
    assert absolute_html("  ", PAGE) == ""


def test_story_text_is_one_block_per_paragraph():
    assert story_text('<h2>T<a class="headerlink" href="#t">¶</a></h2><p>Một\n  hai</p>') == "T\n\nMột hai"


def test_site_urls_with_and_without_directory_urls():
    site = SiteInfo(site_url="https://thidua.example.vn/guong", name="x")
    assert site.guid_authority == "thidua.example.vn"
    assert site.page("linh-vuc/y-te/") == "https://thidua.example.vn/guong/linh-vuc/y-te/"
    flat = SiteInfo(site_url="https://s.vn/", name="x", directory_urls=False)
    assert flat.page("linh-vuc/y-te/") == "https://s.vn/linh-vuc/y-te/index.html"
    assert flat.file_page("guong/an/") == "https://s.vn/guong/an.html"
