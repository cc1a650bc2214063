"""Atom feeds of the change log: all changes, per list, per department.

Items carry what the change log page shows and nothing more: a withdrawn or
expired entry appears by department, decision number, date and reason.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter

import feedgenerator

from creditlists import settings
from creditlists.dataset import Dataset
from creditlists.publish.site import View

FEED_ITEMS = 200  # newest changes per feed; the full log is on /changes/


class StableAtomFeed(feedgenerator.Atom1Feed):  # type: ignore[misc]  # feedgenerator has no type information
    """An Atom feed whose <updated> never falls back to the clock."""

    fallback_date: dt.datetime

    def latest_post_date(self) -> dt.datetime:
        return super().latest_post_date() if self.items else self.fallback_date


def feed_paths(dataset: Dataset) -> dict[str, str]:
    """Feed file path -> title, for every feed the site offers."""
    paths = {"feeds/changes.atom.xml": "全部变更", "feeds/red.atom.xml": "红名单变更", "feeds/black.atom.xml": "黑名单变更"}
    for code, department in dataset.departments.items():
        paths[f"feeds/department/{code}.atom.xml"] = f"{department.name}的变更"
    return paths


def select(changes: list[View], path: str) -> list[View]:
    """The changes that belong in the feed at ``path``."""
    if path == "feeds/red.atom.xml":
        return [c for c in changes if c["list_slug"] == "red"]
    if path == "feeds/black.atom.xml":
        return [c for c in changes if c["list_slug"] == "black"]
    if path.startswith("feeds/department/"):
        code = path.rsplit("/", 1)[-1].removesuffix(".atom.xml")
        return [c for c in changes if c["department_code"] == code]
    return changes


def item_title(change: View) -> str:
    subject = f"：{change['name']}" if change["name"] else ""
    reason = f"（{change['reason']}）" if change["reason"] else ""
    return f"{change['list_type']}{change['action']}{subject} · {change['department']} {change['decision']}{reason}"


def render_feed(title: str, path: str, changes: list[View], site_url: str, site_name: str, as_of: dt.date) -> str:
    """One Atom document; the same changes always give the same bytes."""
    feed = StableAtomFeed(
        title=f"{site_name}：{title}", link=f"{site_url}/changes/", description=title,
        language="zh-CN", feed_url=f"{site_url}/{path}", feed_guid=f"tag:credit-lists,2018:{path}",
    )
    feed.fallback_date = dt.datetime.combine(as_of, dt.time(), settings.TIMEZONE)
    seen: Counter[str] = Counter()
    for change in changes[:FEED_ITEMS]:
        identity = "|".join((change["date"], change["action"], change["department_code"], change["decision"], change["list_type"]))
        seen[identity] += 1
        digest = hashlib.sha256(f"{identity}|{seen[identity]}".encode()).hexdigest()[:24]
        when = dt.datetime.combine(dt.date.fromisoformat(change["date"]), dt.time(), settings.TIMEZONE)
        link = f"{site_url}/{change['subject_url']}" if change["subject_url"] else f"{site_url}/changes/"
        feed.add_item(title=item_title(change), link=link, description=item_title(change),
                      unique_id=f"tag:credit-lists,2018:change/{digest}", pubdate=when, updateddate=when)
    document: str = feed.writeString("utf-8")
    return document
