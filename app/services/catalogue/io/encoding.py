"""Which encoding a catalogue CSV is in: BOM → strict UTF-8 → GB18030 → ask, and refusing the encodings that
would otherwise slip through as GB18030 mojibake (no Qt).

UTF-8 is tried before GB18030 because UTF-8 bytes read as GB18030 don't fail, they become mojibake. The same
trap catches Big5 (Traditional Chinese, Taiwan/Hong Kong Excel), Shift-JIS (Japanese Excel) and EUC-KR
(Korean): their bytes are nearly always valid GB18030, so the strict decode alone would import them as
nonsense without a word (issue #18). A file that decodes as GB18030 is therefore also checked for looking
like Chinese text, and refused naming its real encoding when another one reads it better.

What "looks like" means, measured on catalogue text written with Python's own codecs (the demo's export,
product names in each script; `tests/reliability/test_attack_import.py` keeps these cases):
- GB18030's reading scores the share of its non-ASCII characters that are GB2312 (the 6,763 common
  simplified characters and punctuation) outside rows A4–A9 (kana, Greek, Cyrillic, box drawing), times
  0.3 when 20 or more distinct level-1 characters all sit before row C9 (real Chinese text spreads over
  the whole level: 40 % of the demo's distinct characters are from C9 on).
  Real GBK/GB18030 text: 0.96–1.00 (the demo 0.99; with 𠀀 and other rare characters 0.96). GBK with
  traditional characters in it (GBK holds those too): 0.64. Big5 read as GB18030: 0.30, and 0.09 after
  the spread rule (Big5's common characters are A440–C67E); Shift-JIS: 0.00 (its lead bytes 81–9F are
  GBK's rare extension area); EUC-KR: 1.00 before the spread rule, 0.30 after it (Hangul is B0–C8).
- Each rival reads the same bytes strictly in Excel's superset of it (cp950, cp932, cp949) and scores
  the share of its own script: Big5's common range A140–C67E; JIS X 0208 (kana, kanji, full-width
  punctuation — half-width katakana, which Big5 and GBK bytes turn into, don't count); KS X 1001 Hangul.
  Each scored 0.97–1.00 on its own samples and 0–0.5 on the others'.
- The file is refused naming the best rival when GB18030 scores under 0.75 and the rival 0.9 or more.
  GBK with traditional characters (0.64) has bytes no rival decodes, so it still imports. A file with
  fewer than two distinct non-ASCII characters gives nothing to go on and reads as GB18030.

A choice of encoding (`--encoding`, the preview's list) is obeyed without these checks.
"""

from __future__ import annotations

import codecs
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from app.models.bilingual import Bilingual
from app.services.catalogue.io.export import CatalogueFileError

ENCODINGS = ("auto", "utf-8", "gb18030")
#: How many bytes of the file are judged (a catalogue's header and first few thousand rows).
SAMPLE_BYTES = 1 << 20
#: Fewer distinct non-ASCII characters than this and no judgement is made (nothing to go on).
MIN_CHARACTERS = 2
#: GB18030's reading scores under this: suspicious.
GB_LOOKS_WRONG = 0.75
#: A rival's reading scores this or more: it is that rival.
RIVAL_LOOKS_RIGHT = 0.9


class ForeignEncoding(CatalogueFileError):
    """The CSV is in an encoding the app doesn't read (Big5, Shift-JIS, EUC-KR); nothing was imported."""


def detect_encoding(path: Path, choice: str = "auto") -> str:
    """The codec to read a CSV with: BOM → strict UTF-8 → GB18030 (when it looks like Chinese), or the
    user's choice. Raises CatalogueFileError naming the file (and its encoding, when known)."""
    if choice not in ENCODINGS:
        raise ValueError(f"encoding must be one of {ENCODINGS}")
    if choice != "auto":
        return "utf-8-sig" if choice == "utf-8" else "gb18030"
    with open(path, "rb") as handle:
        head = handle.read(4096)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head:
        return _utf16_without_bom(path, head)
    if decodes(path, "utf-8"):
        return "utf-8"
    if decodes(path, "gb18030"):
        _refuse_foreign(path)
        return "gb18030"
    raise CatalogueFileError(Bilingual(
        f"无法识别文件编码（既不是 UTF-8 也不是 GB18030/GBK）：{Path(path).name}。请在导入时选择编码。",
        f"Can't tell the file's encoding (neither UTF-8 nor GB18030/GBK): {Path(path).name}. "
        "Choose one when importing."))


def _utf16_without_bom(path: Path, head: bytes) -> str:
    """UTF-16 without a BOM: ASCII characters have a zero byte on one side; anything else is binary."""
    guess = "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"
    if decodes(path, guess):
        return guess
    raise CatalogueFileError(Bilingual(f"这不是 CSV 文本文件（含二进制内容）：{Path(path).name}",
                                       f"This is not a CSV text file (it holds binary data): {Path(path).name}"))


def decodes(path: Path, encoding: str) -> bool:
    """True when the whole file decodes strictly (read in 1 MB pieces, never as one string)."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    try:
        with open(path, "rb") as handle:
            while piece := handle.read(1 << 20):
                decoder.decode(piece)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


# --- does GB18030 read it as Chinese? ---------------------------------------------------------------------

#: The rivals: (codec, name in Chinese, name in English). Microsoft's supersets, as Excel writes them
#: (cp950 is Big5 with the euro sign, cp932 Shift-JIS with ①, cp949 EUC-KR with all of Hangul).
_RIVALS: tuple[tuple[str, str, str], ...] = (
    ("cp950", "Big5（繁体中文）", "Big5 (Traditional Chinese)"),
    ("cp932", "Shift-JIS（日文）", "Shift-JIS (Japanese)"),
    ("cp949", "EUC-KR（韩文）", "EUC-KR (Korean)"),
)


def _refuse_foreign(path: Path) -> None:
    """Raise ForeignEncoding when the file reads as nonsense in GB18030 and as sense in a rival encoding."""
    with open(path, "rb") as handle:
        sample = _whole_characters(handle.read(SAMPLE_BYTES))
    rival = foreign_encoding(sample)
    if rival is None:
        return
    _codec, zh, en = rival
    raise ForeignEncoding(Bilingual(
        f"文件 {Path(path).name} 看起来是 {zh} 编码，软件只读 UTF-8 和 GB18030/GBK，按 GBK 读会变成乱码，"
        "所以没有导入。请在 Excel 里另存为“CSV UTF-8”后再导入。",
        f"{Path(path).name} looks like {en} text; the app reads UTF-8 and GB18030/GBK only, and reading it as "
        "GBK would import gibberish, so nothing was imported. Save it as \"CSV UTF-8\" in Excel and import again."))


def _whole_characters(data: bytes) -> bytes:
    """`data` cut at its last line break, so a sample never ends in half a character."""
    end = data.rfind(b"\n")
    return data if end < 0 else data[:end + 1]


def foreign_encoding(data: bytes) -> tuple[str, str, str] | None:
    """(codec, Chinese name, English name) of the rival that reads `data` as its own script when GB18030
    reads it as nonsense; None when GB18030 looks right, or nothing reads it better."""
    try:
        as_gb = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    counts = Counter(char for char in as_gb if ord(char) > 0x7F)
    if len(counts) < MIN_CHARACTERS or gb18030_score(counts) >= GB_LOOKS_WRONG:
        return None
    scores = [(_rival_score(data, rival[0]), -order, rival) for order, rival in enumerate(_RIVALS)]
    best, _order, rival = max(scores)
    return rival if best >= RIVAL_LOOKS_RIGHT else None


def gb18030_score(counts: Counter[str]) -> float:
    """The share of non-ASCII characters that are common simplified Chinese (see the module docstring)."""
    total = sum(counts.values())
    good = 0
    level_one: list[int] = []
    for char, count in counts.items():
        lead = _lead(char, "gb2312")
        if lead is None or 0xA4 <= lead <= 0xA9:
            continue
        good += count
        if 0xB0 <= lead <= 0xD7:
            level_one.append(lead)
    score = good / total
    if len(level_one) >= 20 and max(level_one) < 0xC9:
        score *= 0.3
    return score


def _rival_score(data: bytes, codec: str) -> float:
    """How well `codec` reads `data` as its own script (0 when it can't decode it strictly)."""
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return 0.0
    counts = Counter(char for char in text if ord(char) > 0x7F)
    if not counts:
        return 0.0
    return _SCRIPT_SCORES[codec](counts)


def _big5_score(counts: Counter[str]) -> float:
    """Share of characters in Big5's punctuation and common-character range (A140–C67E)."""
    return _share(counts, lambda char: 0xA1 <= (_lead(char, "big5") or 0) <= 0xC6)


def _japanese_score(counts: Counter[str]) -> float:
    """Share of JIS X 0208 characters (kana, kanji, full-width punctuation); half-width katakana, which
    Big5 and GBK bytes turn into, don't count."""
    return _share(counts, lambda char: _lead(char, "shift_jis") is not None)


def _korean_score(counts: Counter[str]) -> float:
    """Share of KS X 1001 Hangul (the 2,350 syllables Korean text is written in; the extra syllables of
    cp949 are what other encodings' bytes turn into)."""
    return _share(counts, lambda char: 0xAC00 <= ord(char) <= 0xD7A3 and _lead(char, "euc_kr") is not None)


def _lead(char: str, codec: str) -> int | None:
    """The first byte of `char` in a two-byte `codec`, or None when it isn't a two-byte character there."""
    try:
        encoded = char.encode(codec)
    except UnicodeEncodeError:
        return None
    return encoded[0] if len(encoded) == 2 else None


def _share(counts: Counter[str], wanted: Callable[[str], bool]) -> float:
    return sum(count for char, count in counts.items() if wanted(char)) / sum(counts.values())


_SCRIPT_SCORES: dict[str, Callable[[Counter[str]], float]] = {
    "cp950": _big5_score, "cp932": _japanese_score, "cp949": _korean_score,
}
