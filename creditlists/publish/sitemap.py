"""sitemap.xml, split into parts with a sitemap index once the site has too many pages.

The sitemap protocol (sitemaps.org) lets one file list at most 50,000 URLs
(and 50 MB); search engines ignore the rest of a larger one. A district site
has a few thousand pages and keeps one ``sitemap.xml``, byte for byte as
before; a province-sized one (a page per subject: a million pages) gets
``sitemap/1.xml`` … ``sitemap/N.xml`` of at most ``settings.SITEMAP_MAX_URLS``
URLs each, in URL order, and ``sitemap.xml`` becomes the index of them, so
``robots.txt`` names the same file either way.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from creditlists import settings

HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def urlset(base: str, urls: list[str], lastmod: str) -> bytes:
    body = "".join(f"<url><loc>{escape(base + '/' + url)}</loc><lastmod>{lastmod}</lastmod></url>\n" for url in urls)
    return (f'{HEAD}<urlset xmlns="{NAMESPACE}">\n{body}</urlset>\n').encode()


def sitemap_files(base: str, urls: list[str], lastmod: str, max_urls: int | None = None) -> dict[str, bytes]:
    """Path -> bytes: ``sitemap.xml`` alone, or with its parts when ``urls`` (sorted, distinct) exceed ``max_urls``
    (default: ``settings.SITEMAP_MAX_URLS``, read at each call)."""
    max_urls = max_urls or settings.SITEMAP_MAX_URLS
    if len(urls) <= max_urls:
        return {"sitemap.xml": urlset(base, urls, lastmod)}
    parts = {f"sitemap/{number}.xml": urlset(base, urls[start:start + max_urls], lastmod)
             for number, start in enumerate(range(0, len(urls), max_urls), start=1)}
    listed = "".join(f"<sitemap><loc>{escape(base + '/' + path)}</loc><lastmod>{lastmod}</lastmod></sitemap>\n" for path in parts)
    return {"sitemap.xml": f'{HEAD}<sitemapindex xmlns="{NAMESPACE}">\n{listed}</sitemapindex>\n'.encode(), **parts}
