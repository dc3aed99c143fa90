"""/sitemap-news.xml (Google News sitemap format) and /robots.txt pointing at both sitemaps.

Google News takes only articles published in the last two days: the stories whose `date`
lies within two days before the build's "today" (`build_date`, SOURCE_DATE_EPOCH or the
clock; see content/clock.py). Withdrawn profiles are never listed (the catalog keeps them
apart). Written with lxml in a fixed order, so the same content and day give the same bytes.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urljoin

from lxml import etree

from ..content.catalog import Catalog

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
NEWS_URI = "sitemap-news.xml"
ROBOTS_URI = "robots.txt"
WINDOW = timedelta(days=2)


def recent(catalog: Catalog, now: datetime) -> list:
    """Published stories of the last two days before `now`, newest first."""
    return [p for p in catalog.profiles if now - WINDOW <= p.date <= now]


def news_sitemap(
    catalog: Catalog, site_url: str, site_name: str, now: datetime, directory_urls: bool = True
) -> bytes:
    urlset = etree.Element(f"{{{SITEMAP_NS}}}urlset", nsmap={None: SITEMAP_NS, "news": NEWS_NS})
    for p in recent(catalog, now):
        url = etree.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        path = p.url if directory_urls else p.url.rstrip("/") + ".html"
        etree.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = urljoin(site_url, path)
        news = etree.SubElement(url, f"{{{NEWS_NS}}}news")
        publication = etree.SubElement(news, f"{{{NEWS_NS}}}publication")
        etree.SubElement(publication, f"{{{NEWS_NS}}}name").text = site_name
        etree.SubElement(publication, f"{{{NEWS_NS}}}language").text = "vi"
        etree.SubElement(news, f"{{{NEWS_NS}}}publication_date").text = p.date.isoformat()
        etree.SubElement(news, f"{{{NEWS_NS}}}title").text = p.title
    return etree.tostring(urlset, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def robots_txt(site_url: str) -> str:
    """Everything may be crawled (withdrawn notices say noindex themselves); both sitemaps."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    return f"User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\nSitemap: {base}{NEWS_URI}\n"
