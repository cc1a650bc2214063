"""What a file really is, and whether an xlsx may be opened, told before any parser reads it.

A workbook protected by a password to open, and an old Excel 97-2003 ``.xls``,
are OLE2 compound files (they start with D0 CF 11 E0 A1 B1 1A E1), not zips:
each gets a code of its own (``encrypted-workbook``, ``legacy-workbook``),
because "not a zip" does not tell a clerk what to do. An encrypted workbook is
told from an ``.xls`` by the ``EncryptionInfo`` stream it always has (its
name is stored in UTF-16 in the container's directory).

An ``.xlsx`` is a zip of XML parts, and a small zip can unpack to a great deal
(a 482 KB file whose shared strings unpack to 198 MB once took 69 s and
1.7 GB before it was found valid). ``xlsx_problem`` inflates every part once,
counting as it goes, and refuses the file (``xlsx-too-large``) as soon as it
unpacks to more than ``MAX_XLSX_UNCOMPRESSED_BYTES``, holds more than
``MAX_XLSX_SHARED_STRINGS`` shared strings, or a part inflates to more than
``MAX_XLSX_INFLATE_RATIO`` times its compressed size beyond
``XLSX_INFLATE_GRACE_BYTES``: Apache POI's zip-bomb rule with POI's own numbers
(``ZipSecureFile``: ratio 1 %, grace 100 KiB). Python's zipfile never yields
more than a part's declared size, so the declared sizes bound what openpyxl can
be given and refuse a file at once when they are already too large; the
counting does not trust them otherwise. The shared strings are counted, not
read from the part's ``uniqueCount``, and a part that could make the count
wrong (XML in another encoding than UTF-8, a DTD whose entities could expand)
is refused: Excel never writes either.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from creditlists import settings
from creditlists.intake.problems import Problem, problem

OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")

_CHUNK = 1 << 20
# The local name of a shared-string element (<si>, <x:si …/>) and the byte after it;
# a prefixed end tag (</x:si>) counts too, so the count can only come out high.
_SHARED_STRING = re.compile(rb"[<:]si(?=[\s/>])")
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)")
_TAIL = 16  # bytes of one chunk kept for the next: longer than any match above
_XML_ENCODING = re.compile(rb"""\A(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']*)["']""")
_UTF16_STARTS = (b"\xff\xfe", b"\xfe\xff", b"<\x00?\x00", b"\x00<\x00?")


def ole2_problem(path: Path) -> Problem | None:
    """``encrypted-workbook`` or ``legacy-workbook`` for an OLE2 compound file, else None."""
    with path.open("rb") as handle:
        if handle.read(len(OLE2_SIGNATURE)) != OLE2_SIGNATURE:
            return None
    if _ENCRYPTION_INFO in path.read_bytes():  # the file is at most MAX_FILE_BYTES
        return problem("encrypted-workbook")
    return problem("legacy-workbook")


def xlsx_problem(path: Path) -> Problem | None:
    """Why this zip is not an xlsx we are willing to hand to openpyxl, or None."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = [info for info in archive.infolist() if not info.is_dir()]
            if "xl/workbook.xml" not in {info.filename for info in infos}:
                return problem("format-error", detail="压缩包里没有 Excel 工作簿")
            return _declared_problem(infos) or _inflated_problem(archive, infos)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError, RuntimeError):
        return problem("format-error", detail="压缩结构已损坏")


def _too_large(detail: str) -> Problem:
    return problem("xlsx-too-large", detail=detail)


def _over_ratio(size: int, compressed: int) -> bool:
    return size > settings.XLSX_INFLATE_GRACE_BYTES and size > settings.MAX_XLSX_INFLATE_RATIO * max(compressed, 1)


def _ratio_detail(name: str, compressed: int) -> str:
    return (f"其中“{name}”解压后超过压缩前（{compressed} 字节）的 {settings.MAX_XLSX_INFLATE_RATIO} 倍，"
            "正常的 Excel 文件不会压缩得这么小，多半是恶意构造的“压缩炸弹”")


def _declared_problem(infos: list[zipfile.ZipInfo]) -> Problem | None:
    """What the sizes the zip declares already refuse (Python never inflates a part past its declared size)."""
    total = sum(info.file_size for info in infos)
    if total > settings.MAX_XLSX_UNCOMPRESSED_BYTES:
        return _too_large(f"解压后共 {total} 字节，超过上限 {settings.MAX_XLSX_UNCOMPRESSED_BYTES} 字节")
    for info in infos:
        if _over_ratio(info.file_size, info.compress_size):
            return _too_large(_ratio_detail(info.filename, info.compress_size))
    return None


def _inflated_problem(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> Problem | None:
    """Inflate every part once, counting bytes and shared strings; stop at the first limit passed."""
    total = strings = 0
    for info in infos:
        size = 0
        tail = b""
        with archive.open(info) as part:
            while chunk := part.read(_CHUNK):
                if not size and _foreign_xml(chunk):
                    return problem("format-error", detail=f"“{info.filename}”不是 UTF-8 编码的 XML，Excel 不会这样保存")
                size += len(chunk)
                total += len(chunk)
                if total > settings.MAX_XLSX_UNCOMPRESSED_BYTES:
                    return _too_large(f"解压后超过上限 {settings.MAX_XLSX_UNCOMPRESSED_BYTES} 字节")
                if _over_ratio(size, info.compress_size):
                    return _too_large(_ratio_detail(info.filename, info.compress_size))
                block = tail + chunk
                if _DTD.search(block):
                    return problem("format-error", detail=f"“{info.filename}”含有文档类型定义（<!DOCTYPE>），Excel 不会这样保存")
                strings += len(_SHARED_STRING.findall(block)) - len(_SHARED_STRING.findall(tail))
                if strings > settings.MAX_XLSX_SHARED_STRINGS:
                    return _too_large(f"共享字符串超过上限 {settings.MAX_XLSX_SHARED_STRINGS} 个")
                tail = block[-_TAIL:]
    return None


def _foreign_xml(start: bytes) -> bool:
    """True when a part starts as XML in another encoding than UTF-8 (UTF-16, or a declared one)."""
    if start.startswith(_UTF16_STARTS):
        return True
    declared = _XML_ENCODING.match(start[:512])
    return declared is not None and declared.group(1).strip().lower() not in (b"utf-8", b"utf8")
