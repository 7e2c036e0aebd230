"""The confidentiality guard's detector (保密审查辅助): what in a text must not go online unseen.

Pure functions over plain strings. `scan(text)` returns findings with character offsets into TEXT
(Python string indices, i.e. code points), the matched text, the kind and a severity:
`block` for classification marks, resident IDs and bank cards (they stop publication until removed
or overridden by the 公开主管 with a written reason), `warn` for the rest.

Full-width ASCII (０-９, Ｘ, ＠, （）, －) is read as its half-width form character for character,
so offsets into the original text stay exact (docs/decisions/0033).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import asdict, dataclass
from typing import Iterable

from .numbers import is_bank_card, is_resident_id

BLOCK, WARN = "block", "warn"

KINDS = ("secret_marking", "id_card", "bank_card", "mobile", "landline", "email", "passport", "sensitive_word")
SEVERITY = {"secret_marking": BLOCK, "id_card": BLOCK, "bank_card": BLOCK}
LABELS = {
    "secret_marking": "密级标志", "id_card": "身份证号码", "bank_card": "银行卡号", "mobile": "手机号码",
    "landline": "固定电话", "email": "电子邮箱", "passport": "护照号码", "sensitive_word": "敏感词",
}

# Secrecy phrases every installation starts with; administrators add their own (SensitiveWord).
DEFAULT_SENSITIVE_WORDS = ("内部资料", "内部文件", "注意保密", "不得外传", "严禁外传", "内部使用", "仅供内部参考", "涉密")

_HALF = str.maketrans({chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)} | {"\u3000": " "})
# The full-width forms that can be part of a finding: digits, letters, ＠ ． － ＋ ＿ （ ） and the
# ideographic space. Only their runs are translated (a whole-text translate costs 0.2 s per MB);
# ，and ； stay as they are: they separate findings either way.
_WIDE = re.compile("[\uff08\uff09\uff0b\uff0d\uff0e\uff10-\uff19\uff20-\uff3a\uff3f\uff41-\uff5a\u3000]+")


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int
    text: str
    severity: str

    def as_dict(self) -> dict:
        return asdict(self)

    @property
    def label(self) -> str:
        return LABELS.get(self.kind, self.kind)


def normalise(text: str) -> str:
    """Full-width digits, letters and the symbols of numbers and addresses as half-width, and the
    ideographic space as a space, one character for one (offsets are kept)."""
    return _WIDE.sub(lambda m: m.group(0).translate(_HALF), text)


# Boundaries. Each pattern starts with a literal or a character class and tests "not preceded by a
# digit" just after its first character (`(?<![0-9].)`): a pattern that starts with a lookbehind
# loses the regex engine's first-character scan and runs several times slower (bench/RESULTS-guard.md).
_NB = r"(?<![0-9][\s\S])"        # the character before the first one is not a digit
_NDA = r"(?![0-9])"             # not followed by a digit
_DATE8 = r"(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])"
_DATE6 = r"[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])"
_SEP = r"[ \-]"
_MOBILE = rf"[3-9][0-9](?:[0-9]{{8}}|{_SEP}[0-9]{{4}}{_SEP}[0-9]{{4}}){_NDA}"
_TERM = r"(?:[ ]*(?:长期|永久|[0-9]{1,3}[ ]*(?:年|个月|月|日|天)(?:[ ]*[0-9]{1,2}[ ]*(?:个月|月))?))?"

PATTERNS: dict[str, re.Pattern] = {
    # 18 characters (X may end it) or 15 digits; the check character and date are tested after.
    "id_card": re.compile(rf"[1-9]{_NB}[0-9]{{5}}(?:{_DATE8}[0-9]{{3}}[0-9Xx]|{_DATE6}[0-9]{{3}}){_NDA}"),
    # 16–19 digits in one run, or in groups of four (6222 0212 3456 7890 123); Luhn is tested after.
    # Letters around the digits make it a code, not a card (11520000009390012X is a credit code).
    "bank_card": re.compile(rf"[0-9](?<![0-9A-Za-z][\s\S])(?:[0-9]{{15,18}}|[0-9]{{3}}(?:{_SEP}[0-9]{{4}}){{3}}(?:{_SEP}?[0-9]{{1,3}})?)(?![0-9A-Za-z])"),
    # 11 digits 13–19, optionally +86, written whole or 3-4-4.
    "mobile": re.compile(rf"(?:\+{_NB}86{_SEP}?1|0{_NB}086{_SEP}?1|8{_NB}6{_SEP}?1|1{_NB}){_MOBILE}"),
    # Area code then a 7–8 digit number: 0851-85891234, (0851)85891234, 0851 8589 1234.
    "landline": re.compile(rf"(?:\({_NB}0[1-9][0-9]{{1,2}}\) ?|0{_NB}[1-9][0-9]{{1,2}}{_SEP})[2-9][0-9]{{2,3}}{_SEP}?[0-9]{{4}}(?:-[0-9]{{1,5}})?{_NDA}"),
    "email": re.compile(r"[A-Za-z0-9](?<![A-Za-z0-9._%+\-][\s\S])[A-Za-z0-9._%+\-]*@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,24}(?![A-Za-z0-9])"),
    # 普通护照 E+8 digits or E+letter+7 digits (since the E-series ran out), the older G+8 digits,
    # 外交/公务/公务普通护照 DE/SE/PE+7 digits; 港澳居民来往内地通行证 H/M+8 or 10 digits.
    "passport": re.compile(r"[EGDSPHM](?<![A-Za-z0-9][\s\S])(?:(?<=E)[0-9]{8}|(?<=E)[A-HJ-NP-Z][0-9]{7}|(?<=G)[0-9]{8}|(?<=[DSP])E[0-9]{7}|(?<=[HM])[0-9]{8}(?:[0-9]{2})?)(?![A-Za-z0-9])"),
    # A mark: 绝密/机密/秘密 followed by ★ and an optional term (机密★1年, 秘密★, 绝密★长期);
    # after a 密级 label (密级：机密); or alone on its own line, where documents print it.
    "secret_marking": re.compile(
        rf"(?:绝密|机密|秘密)[ ]*[★☆]{_TERM}"
        r"|密[ ]*级[ ]*[:：]?[ ]*[【\[(（〔]?[ ]*(?:绝密|机密|秘密)(?:[ ]*[★☆](?:[ ]*(?:长期|永久|[0-9]{1,3}[ ]*(?:年|个月|月)))?)?"
        r"|(?:绝密|机密|秘密)(?=[ \t]*(?:\n|$))"
    ),
}

# When two findings overlap, the earlier kind in this order keeps the text (an 18-digit ID that
# happens to pass Luhn is an ID, not a card).
PRIORITY = {kind: i for i, kind in enumerate(("secret_marking", "id_card", "bank_card", "passport", "email", "mobile", "landline", "sensitive_word"))}


def _confirmed(kind: str, matched: str, norm: str, start: int) -> bool:
    if kind == "secret_marking" and len(matched) == 2:
        # The bare word (no ★, no 密级 label) is a mark only alone on its line.
        line_start = norm.rfind("\n", 0, start) + 1
        return not norm[line_start:start].strip(" \t")
    if kind == "id_card":
        return is_resident_id(matched)
    if kind == "bank_card":
        return is_bank_card(re.sub(r"[ \-]", "", matched))
    return True


def words_pattern(words: Iterable[str]) -> re.Pattern | None:
    """One alternation of the sensitive words, longest first, matched on the normalised text."""
    cleaned = sorted({normalise(w).strip() for w in words if w and w.strip()}, key=lambda w: (-len(w), w))
    if not cleaned:
        return None
    return re.compile("|".join(re.escape(w) for w in cleaned), re.IGNORECASE)


_DEFAULT_WORDS = words_pattern(DEFAULT_SENSITIVE_WORDS)


def scan(text: str, *, words: Iterable[str] | None = None) -> list[Finding]:
    """Every finding in TEXT, in order of position. WORDS: the sensitive words to look for (the
    organisation's list and the global one); None means the shipped default list."""
    if not text:
        return []
    norm = normalise(text)
    found: list[Finding] = []
    for kind, pattern in PATTERNS.items():
        for m in pattern.finditer(norm):
            start, end = m.span()
            if _confirmed(kind, norm[start:end], norm, start):
                found.append(Finding(kind, start, end, text[start:end], SEVERITY.get(kind, WARN)))
    word_re = _DEFAULT_WORDS if words is None else words_pattern(words)
    if word_re is not None:
        found.extend(Finding("sensitive_word", m.start(), m.end(), text[m.start():m.end()], WARN) for m in word_re.finditer(norm))
    return _without_overlaps(found)


def _without_overlaps(found: list[Finding]) -> list[Finding]:
    """Kept findings never overlap; by PRIORITY, then position. Kept spans are disjoint, so a new
    span need only be compared with its neighbours in start order (bisect), not with all of them."""
    starts: list[int] = []
    kept: list[Finding] = []
    for f in sorted(found, key=lambda f: (PRIORITY[f.kind], f.start, -f.end)):
        i = bisect.bisect_left(starts, f.start)
        if (i < len(kept) and kept[i].start < f.end) or (i > 0 and kept[i - 1].end > f.start):
            continue
        starts.insert(i, f.start)
        kept.insert(i, f)
    return kept


def has_block(findings: Iterable[Finding]) -> bool:
    return any(f.severity == BLOCK for f in findings)
