"""Character classes for Chinese typesetting (W3C clreq, the "basic" rule set)."""

from __future__ import annotations

# Never at the start of a line.
NO_LINE_START = frozenset(
    "，。、；：？！」』）》〉】〕〗’”…—"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
    "々〻ゝゞヽヾーｰ"
    "．｡､･～％℃°"
    ",.;:?!)]}%"
    "）］｝｠"
)
# Never at the end of a line.
NO_LINE_END = frozenset("「『（《〈【〔〖‘“([{（［｛｟@#")
# Brackets and quotes that open and close a span (a quotation, a title, an aside).
OPENING_MARKS = frozenset("「『（《〈【“‘(")
CLOSING_MARKS = frozenset("」』）》〉】”’)")
# Runs of these stay whole (—— and ……).
UNBREAKABLE_RUNS = frozenset("—…")

# ASCII punctuation that becomes full-width between Chinese characters.
FULL_WIDTH = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}


def is_cjk(char: str) -> bool:
    """Han, kana, CJK punctuation and full-width forms: text that breaks between characters."""
    cp = ord(char)
    return (
        0x2E80 <= cp <= 0x9FFF
        or 0xF900 <= cp <= 0xFAFF
        or 0xFE30 <= cp <= 0xFE4F
        or 0xFF00 <= cp <= 0xFFEF
        or 0x20000 <= cp <= 0x3FFFF
        or char in "“”‘’—…"
    )


def is_han(char: str) -> bool:
    """A Chinese character proper (not punctuation): what a Latin letter can fuse with (X光)."""
    cp = ord(char)
    return 0x3400 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF or 0x20000 <= cp <= 0x3FFFF


def fuses_with_han(before: str, letter: str, after: str) -> bool:
    """A single Latin letter written against a Chinese word (X光, B肝, A型) is one word with it."""
    return letter.isascii() and letter.isalpha() and not is_word_char(before) and is_han(after)


def is_word_char(char: str) -> bool:
    """Letters and digits of Latin-like scripts, which stay together as words."""
    return not is_cjk(char) and (char.isalnum() or char in "_")


# A web address stays one unit (cut only if it is wider than the line).
URL_PREFIXES = ("https://", "http://", "www.")

# Inside a Latin word these keep the word whole: L4/L5, 10-20, 2–9, 2～3, 3.5, don't, C++, 50%.
WORD_CONNECTORS = frozenset("-/.'’+&@#:~_·×–～")

# No break on either side of these: a no-break space and a word joiner.
GLUE = frozenset("\u00a0\u2060")

# Units that stay on the same line as the number before them.
UNITS = (
    "個月",
    "个月",
    "分鐘",
    "分钟",
    "小時",
    "小时",
    "公分",
    "公斤",
    "公里",
    "毫克",
    "毫升",
    "星期",
    "禮拜",
    "礼拜",
    "週",
    "周",
    "秒",
    "分",
    "次",
    "組",
    "组",
    "下",
    "天",
    "日",
    "月",
    "年",
    "歲",
    "岁",
    "遍",
    "層",
    "层",
    "度",
    "倍",
    "成",
    "項",
    "项",
    "點",
    "点",
    "cm",
    "mm",
    "kg",
    "mg",
    "ml",
    "mL",
    "km",
    "kcal",
    "%",
    "°C",
    "℃",
)
