"""sitemap.xml: one file up to the protocol's 50,000 URLs, an index of parts beyond."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from creditlists import settings
from creditlists.publish.sitemap import sitemap_files

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
BASE = "https://credit.example.org"


def locations(content: bytes, kind: str) -> list[str]:
    return [loc.text or "" for loc in ET.fromstring(content).findall(f"s:{kind}/s:loc", NS)]


def test_a_district_site_keeps_one_sitemap():
    urls = [f"subject/{n:05d}/" for n in range(settings.SITEMAP_MAX_URLS)]
    files = sitemap_files(BASE, urls, "2026-11-29")
    assert list(files) == ["sitemap.xml"]
    assert locations(files["sitemap.xml"], "url") == [f"{BASE}/{url}" for url in urls]


def test_past_the_limit_the_sitemap_is_an_index_of_parts_holding_every_url_once():
    urls = sorted(f"subject/{n:04d}/?a=1&b=<2>" for n in range(2_501))
    files = sitemap_files(BASE, urls, "2026-11-29", max_urls=1_000)
    assert list(files) == ["sitemap.xml", "sitemap/1.xml", "sitemap/2.xml", "sitemap/3.xml"]
    assert locations(files["sitemap.xml"], "sitemap") == [f"{BASE}/sitemap/{n}.xml" for n in (1, 2, 3)]
    parts = [locations(files[f"sitemap/{n}.xml"], "url") for n in (1, 2, 3)]
    assert [len(part) for part in parts] == [1_000, 1_000, 501]
    assert [loc for part in parts for loc in part] == [f"{BASE}/{url}" for url in urls]  # & and < escaped, read back whole
    assert b"<lastmod>2026-11-29</lastmod>" in files["sitemap/3.xml"]
