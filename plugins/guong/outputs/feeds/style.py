"""/assets/guong/feed.xsl: what a reader sees when a feed is opened in a browser.

Every RSS and Atom file of the site (rss.xml, atom.xml, podcast.xml, each chuyên mục's) names
this stylesheet in an `<?xml-stylesheet?>` processing instruction; a browser then shows a
Vietnamese page explaining what a feed is and how to subscribe, the latest items and links
back to the site, instead of raw XML. Feed readers ignore the instruction.

The stylesheet is XSLT 1.0 (the only version browsers run), self-contained (inline CSS, no
script, no request to any other host) and a pure function of the site's configuration, so
the same site gives the same bytes. Links back to the site are paths from the site's root
(`/dang-ky/`), so they work on the public host and under `mkdocs serve` alike; the
processing instruction is relative to the feed (`../../assets/guong/feed.xsl`) for the same
reason (browsers apply only same-origin stylesheets).
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from xml.sax.saxutils import escape

XSL_URI = "assets/guong/feed.xsl"


def stylesheet_href(feed_path: str) -> str:
    """The stylesheet's URL relative to a feed at a site-relative path ('linh-vuc/y-te/rss.xml')."""
    folder = posixpath.dirname(feed_path)
    return posixpath.relpath(XSL_URI, folder) if folder else XSL_URI


def with_stylesheet(xml: bytes, feed_path: str) -> bytes:
    """The feed's bytes with the processing instruction right after the XML declaration."""
    pi = f'<?xml-stylesheet type="text/xsl" href="{escape(stylesheet_href(feed_path))}"?>\n'.encode()
    if xml.startswith(b"<?xml "):
        end = xml.index(b"?>") + 2
        rest = xml[end:].lstrip(b"\r\n")
        return xml[:end] + b"\n" + pi + rest
    return pi + xml


def _text(value: str) -> str:
    """A value as XSLT literal text."""
    return escape(value)


def _attr(value: str) -> str:
    """A value inside a literal result attribute: braces would start an attribute value
    template, so they are doubled."""
    return escape(value, {'"': "&quot;"}).replace("{", "{{").replace("}", "}}")


_CSS = """
:root { color-scheme: light; }
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif; color: #1f1f1f; background: #fff; line-height: 1.55; }
header { background: #b3261e; color: #fff; padding: 1rem; }
header p { margin: 0; max-width: 46rem; margin-inline: auto; font-size: .95rem; }
header a { color: #fff; }
main { max-width: 46rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: .6rem 0 .4rem; }
h2 { font-size: 1.2rem; margin: 1.6rem 0 .6rem; }
h3 { font-size: 1.05rem; margin: 0 0 .2rem; line-height: 1.35; }
a { color: #a8201a; }
.guide { background: #fdf1ef; border-left: .3rem solid #b3261e; padding: .6rem 1rem; border-radius: .3rem; }
.address { display: block; overflow-wrap: anywhere; background: #fff; border: 1px solid #d7c4c1; padding: .4rem .6rem; border-radius: .2rem; font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .9rem; }
ol.items { list-style: none; padding: 0; margin: 0; }
ol.items li { border-bottom: 1px solid #e4e4e4; padding: .8rem 0; }
.date { color: #5c5c5c; font-size: .85rem; margin: 0 0 .2rem; }
.summary { margin: 0; }
footer { max-width: 46rem; margin: 1rem auto 2rem; padding: 0 1rem; font-size: .9rem; }
"""

_TEMPLATE = """<?xml version="1.0" encoding="UTF-8"?>
<!-- Hiển thị nguồn tin RSS/Atom cho người đọc mở bằng trình duyệt (do plugin guong tạo). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="http://www.w3.org/2005/Atom" exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="UTF-8" indent="no" doctype-system="about:legacy-compat"/>

  <xsl:variable name="title" select="/rss/channel/title | /atom:feed/atom:title"/>
  <xsl:variable name="self" select="/rss/channel/atom:link[@rel='self']/@href | /atom:feed/atom:link[@rel='self']/@href"/>
  <xsl:variable name="page" select="/rss/channel/link | /atom:feed/atom:link[@rel='alternate']/@href"/>

  <xsl:template match="/">
    <html lang="vi">
      <head>
        <meta charset="UTF-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="robots" content="noindex"/>
        <title>Nguồn tin: <xsl:value-of select="$title"/></title>
        <style>@CSS@</style>
      </head>
      <body>
        <header>
          <p>Đây là nguồn tin (RSS/Atom) của <a href="@HOME@">@SITE@</a>: trang dành cho phần mềm đọc tin, hiển thị ở đây cho người đọc.</p>
        </header>
        <main>
          <h1>Nguồn tin: <xsl:value-of select="$title"/></h1>
          <xsl:variable name="description" select="/rss/channel/description | /atom:feed/atom:subtitle"/>
          <xsl:if test="string($description) != string($title)">
            <p><xsl:call-template name="plain"><xsl:with-param name="text" select="$description"/></xsl:call-template></p>
          </xsl:if>
          <section class="guide" aria-labelledby="cach-dang-ky">
            <h2 id="cach-dang-ky">Cách đăng ký nhận tin</h2>
            <p>Nguồn tin (feed) là danh sách các bài mới nhất mà phần mềm đọc tin tự kiểm tra thường xuyên: khi trang đăng bài mới, bài hiện ra trong phần mềm của bạn, không cần vào lại trang.</p>
            <ol>
              <li>Sao chép địa chỉ của nguồn tin này:
                <span class="address"><xsl:value-of select="$self"/></span></li>
              <li>Dán địa chỉ vào ứng dụng đọc tin trên điện thoại hoặc máy tính (chức năng “Thêm nguồn tin”, “Đăng ký” hoặc “Add feed”), hoặc vào chức năng nhập tin từ RSS của hệ thống quản trị nội dung tòa soạn.</li>
              <li>Bài mới sẽ tự động về phần mềm mỗi khi trang cập nhật.</li>
            </ol>
            <p>Nguồn tin của từng lĩnh vực, cấp công nhận, đối tượng và phong trào thi đua, cùng hướng dẫn cho tòa soạn và đài phát thanh, có tại trang <a href="@SUBSCRIBE@">Đăng ký nhận tin</a>.</p>
          </section>
          <h2 id="bai-moi">Bài mới nhất</h2>
          <xsl:choose>
            <xsl:when test="/rss/channel/item | /atom:feed/atom:entry">
              <ol class="items">
                <xsl:apply-templates select="/rss/channel/item | /atom:feed/atom:entry"/>
              </ol>
            </xsl:when>
            <xsl:otherwise><p>Chuyên mục này chưa có bài.</p></xsl:otherwise>
          </xsl:choose>
        </main>
        <footer>
          <p><a href="@HOME@">Về trang chủ @SITE@</a><xsl:if test="$page"> · <a href="{$page}">Xem các bài này trên trang</a></xsl:if> · <a href="@SUBSCRIBE@">Tất cả nguồn tin</a></p>
        </footer>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="item">
    <li>
      <h3><a href="{link}"><xsl:value-of select="title"/></a></h3>
      <xsl:if test="pubDate">
        <p class="date">Đăng ngày <xsl:call-template name="rfc822"><xsl:with-param name="date" select="normalize-space(pubDate)"/></xsl:call-template></p>
      </xsl:if>
      <xsl:if test="description">
        <!-- RSS description is HTML; ours is plain text escaped as HTML: show it as text. -->
        <p class="summary"><xsl:call-template name="plain"><xsl:with-param name="text" select="description"/></xsl:call-template></p>
      </xsl:if>
    </li>
  </xsl:template>

  <xsl:template match="atom:entry">
    <li>
      <h3><a href="{atom:link[@rel='alternate' or not(@rel)][1]/@href}"><xsl:value-of select="atom:title"/></a></h3>
      <xsl:variable name="date" select="atom:published | atom:updated[not(../atom:published)]"/>
      <xsl:if test="$date">
        <p class="date">Đăng ngày <xsl:value-of select="concat(substring($date, 9, 2), '/', substring($date, 6, 2), '/', substring($date, 1, 4))"/></p>
      </xsl:if>
      <xsl:if test="atom:summary">
        <p class="summary"><xsl:value-of select="atom:summary"/></p>
      </xsl:if>
    </li>
  </xsl:template>

  <!-- "Sun, 19 May 2024 08:30:00 +0700" -> "19/05/2024" -->
  <xsl:template name="rfc822">
    <xsl:param name="date"/>
    <xsl:variable name="rest" select="substring-after($date, ', ')"/>
    <xsl:variable name="day" select="substring-before($rest, ' ')"/>
    <xsl:variable name="month" select="substring(substring-after($rest, ' '), 1, 3)"/>
    <xsl:variable name="year" select="substring(substring-after(substring-after($rest, ' '), ' '), 1, 4)"/>
    <xsl:variable name="number" select="string-length(substring-before('JanFebMarAprMayJunJulAugSepOctNovDec', $month)) div 3 + 1"/>
    <xsl:value-of select="concat(format-number($day, '00'), '/', format-number($number, '00'), '/', $year)"/>
  </xsl:template>

  <!-- Text written as HTML with only &amp; &lt; &gt; escaped (feeds.text_html), shown as
       that text: never as markup (disable-output-escaping is neither used nor needed). -->
  <xsl:template name="plain">
    <xsl:param name="text"/>
    <xsl:call-template name="replace">
      <xsl:with-param name="text">
        <xsl:call-template name="replace">
          <xsl:with-param name="text">
            <xsl:call-template name="replace">
              <xsl:with-param name="text" select="string($text)"/>
              <xsl:with-param name="from" select="'&amp;lt;'"/>
              <xsl:with-param name="to" select="'&lt;'"/>
            </xsl:call-template>
          </xsl:with-param>
          <xsl:with-param name="from" select="'&amp;gt;'"/>
          <xsl:with-param name="to" select="'&gt;'"/>
        </xsl:call-template>
      </xsl:with-param>
      <xsl:with-param name="from" select="'&amp;amp;'"/>
      <xsl:with-param name="to" select="'&amp;'"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="replace">
    <xsl:param name="text"/>
    <xsl:param name="from"/>
    <xsl:param name="to"/>
    <xsl:choose>
      <xsl:when test="contains($text, $from)">
        <xsl:value-of select="substring-before($text, $from)"/>
        <xsl:value-of select="$to"/>
        <xsl:call-template name="replace">
          <xsl:with-param name="text" select="substring-after($text, $from)"/>
          <xsl:with-param name="from" select="$from"/>
          <xsl:with-param name="to" select="$to"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$text"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
"""


def render(site_name: str, home_path: str, subscribe_path: str) -> bytes:
    """The stylesheet for one site; paths are from the host's root ('/', '/dang-ky/')."""
    values = {
        "CSS": _text(_CSS.strip()),
        "SITE": _text(site_name),
        "HOME": _attr(home_path),
        "SUBSCRIBE": _attr(subscribe_path),
    }
    return re.sub(r"@([A-Z]+)@", lambda m: values[m.group(1)], _TEMPLATE).encode("utf-8")


def write(site_dir: Path, site_name: str, home_path: str, subscribe_path: str) -> None:
    target = Path(site_dir) / XSL_URI
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(render(site_name, home_path, subscribe_path))
