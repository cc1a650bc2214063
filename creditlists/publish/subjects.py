"""Group current entries by subject, and name each subject with a URL-safe identifier.

An organisation is identified by its 统一社会信用代码, which is public anyway.
A natural person is identified by an HMAC of the ID number under a key kept
outside the repository: a plain hash could be reversed by trying every
region, birth date and sequence number (about 10^10 guesses, minutes on a GPU).
"""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass, field

from creditlists import schema as s
from creditlists import settings
from creditlists.intake.datafiles import DataFolderError
from creditlists.intake.identifiers import mask_id_number
from creditlists.merge import Entry

KEY_ENVIRONMENT_VARIABLE = "CREDIT_SUBJECT_KEY"
# Only for the bundled fictional data: a published key protects nothing.
SAMPLE_DATA_KEY = "sample-data-only-not-a-secret"


class MissingSubjectKey(DataFolderError):
    """Real data need a secret key to name natural persons' pages."""


def subject_key(sample_data: bool) -> bytes:
    """The HMAC key: from the environment, or the public one for the bundled sample only."""
    key = os.environ.get(KEY_ENVIRONMENT_VARIABLE, "").encode("utf-8")
    if sample_data:
        return key or SAMPLE_DATA_KEY.encode("utf-8")
    if len(key) < settings.SUBJECT_KEY_MIN_BYTES:
        state = "未设置" if not key else f"只有 {len(key)} 字节"
        raise MissingSubjectKey(
            f"这不是示例数据，环境变量 {KEY_ENVIRONMENT_VARIABLE} {state}：请设置至少 {settings.SUBJECT_KEY_MIN_BYTES} 字节的随机密钥"
            "（自然人页面标识的密钥，勿提交到代码库；之后每次构建都用同一个），再重新构建。本次未发布。")
    return key


def subject_slug(entry: Entry, key: bytes) -> str:
    """The identifier in the subject page's URL."""
    if entry.values[s.SUBJECT_TYPE] == s.PERSON:
        digest = hmac.new(key, entry.values[s.ID_NUMBER].encode("ascii"), hashlib.sha256).hexdigest()
        return "p-" + digest[:20]
    return entry.values[s.USCC]


def subject_path(slug: str) -> str:
    """The subject page's URL relative to the site root."""
    return f"subject/{slug}/"


def entry_id(entry: Entry, slug: str) -> str:
    """The entry's stable id (条目编号): ``e`` and 16 hexadecimal digits of the sha256 of
    department, decision number and subject slug (never an ID number).

    The merge key, with the person's ID number replaced by its page's HMAC: the
    same entry keeps its id across builds, whatever else the data hold. The
    leading letter keeps spreadsheets from reading it as a number.
    """
    text = "\x1f".join((entry.department, entry.values[s.DECISION], slug))
    return "e" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass
class Subject:
    """One company, sole trader or person, with all its current entries."""

    slug: str
    name: str
    subject_type: str
    uscc: str
    masked_id: str
    entries: list[Entry] = field(default_factory=list)

    @property
    def list_types(self) -> list[str]:
        present = {e.list_type for e in self.entries}
        return [t for t in s.LIST_TYPES if t in present]


def group_subjects(entries: list[Entry], key: bytes) -> dict[str, Subject]:
    """Subjects by slug; the name shown is that of the most recent entry."""
    subjects: dict[str, Subject] = {}
    for entry in sorted(entries, key=lambda e: (e.values[s.START], e.values[s.DECISION])):
        slug = subject_slug(entry, key)
        v = entry.values
        masked = mask_id_number(v[s.ID_NUMBER]) if v[s.ID_NUMBER] else ""
        subject = subjects.setdefault(slug, Subject(slug, v[s.NAME], v[s.SUBJECT_TYPE], v[s.USCC], masked))
        subject.name, subject.subject_type = v[s.NAME], v[s.SUBJECT_TYPE]
        subject.entries.append(entry)
    return dict(sorted(subjects.items()))
