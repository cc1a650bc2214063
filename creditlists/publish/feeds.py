"""Atom feeds of the change log: all changes, per list, per department.

Items carry what the change log page shows and nothing more: a withdrawn or
expired entry appears by department, decision number, date and reason. Each
item's summary says in a sentence what happened (who put whom on which list,
for what and until when; which fields an 更新 changed; why an entry left).

Links are absolute under ``SITEURL`` (``--site-url`` or publishconf.py), as a
feed read anywhere needs. A local build without one gets links relative to the
feed file itself (``../subject/…/``), which a reader resolves against the
feed's own address, so a preview works under any sub-path too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
from collections import Counter

import feedgenerator

from creditlists import schema as s
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


def item_summary(change: View) -> str:
    """One sentence of what happened, never a withdrawn or expired subject's name (the views carry none).

    Plain text: the feed escapes it as HTML, since Atom's summary is ``type="html"``.
    """
    department, list_type, decision, name = change["department"], change["list_type"], change["decision"], change["name"]
    action = change["action"]
    if action == s.ADD:
        if name:
            return f"{department}将{name}列入{list_type}（{change['category']}），公示至 {change['end']}，决定文书号 {decision}。"
        return f"{department}以 {decision} 列入{list_type}的条目现已移出或到期，主体信息不再公示。"
    if action == s.UPDATE:
        fields = f"变更了{change['changed']}" if change["changed"] else "公示内容没有变化"
        if name:
            return f"{department}更新了{name}在{list_type}中的条目（{decision}），{fields}；现公示至 {change['end']}。"
        return f"{department}更新了{list_type}中的条目（{decision}），{fields}；该条目现已移出或到期，主体信息不再公示。"
    if action == s.WITHDRAW:
        return f"{department}将 {decision} 认定的条目移出{list_type}，原因：{change['reason'] or '未说明'}。"
    return f"{department}以 {decision} 认定的{list_type}条目公示期届满，自 {change['date']} 起不再公示。"


def site_link(path: str, feed_path: str, site_url: str) -> str:
    """The address of ``path`` (relative to the site root) in the feed at ``feed_path``: absolute, or relative to the feed."""
    if site_url:
        return f"{site_url}/{path}"
    return "../" * feed_path.count("/") + path


def render_feed(title: str, path: str, changes: list[View], site_url: str, site_name: str, as_of: dt.date) -> str:
    """One Atom document; the same changes always give the same bytes."""
    feed = StableAtomFeed(
        title=f"{site_name}：{title}", link=site_link("changes/", path, site_url), description=title, language="zh-CN",
        feed_url=f"{site_url}/{path}" if site_url else path.rsplit("/", 1)[-1], feed_guid=f"tag:credit-lists,2018:{path}",
    )
    feed.fallback_date = dt.datetime.combine(as_of, dt.time(), settings.TIMEZONE)
    seen: Counter[str] = Counter()
    for change in changes[:FEED_ITEMS]:
        identity = "|".join((change["date"], change["action"], change["department_code"], change["decision"], change["list_type"]))
        seen[identity] += 1
        digest = hashlib.sha256(f"{identity}|{seen[identity]}".encode()).hexdigest()[:24]
        when = dt.datetime.combine(dt.date.fromisoformat(change["date"]), dt.time(), settings.TIMEZONE)
        link = site_link(change["subject_url"] or "changes/", path, site_url)
        feed.add_item(title=item_title(change), link=link, description=html.escape(item_summary(change), quote=False),
                      unique_id=f"tag:credit-lists,2018:change/{digest}", pubdate=when, updateddate=when)
    document: str = feed.writeString("utf-8")
    return document
