"""Nasty text shared by every test that feeds user input through the app.

Each entry is something a real user, a pasted spreadsheet or a hostile file can put into a text
field: markup, quotes, very long text, right-to-left scripts, emoji sequences, combining marks,
control characters, spreadsheet-formula starters, path-like and SQL-like strings, zero-width
characters and a byte-order mark. Lone surrogates are left out: they cannot exist in UTF-8, so no
file or keyboard can deliver them.

Use ``HOSTILE_STRINGS`` (a tuple of strings) or ``HOSTILE_CASES`` (name -> string) for readable
pytest ids, e.g. ``@pytest.mark.parametrize("text", HOSTILE_CASES.values(), ids=HOSTILE_CASES)``.
``CONTROL_CHARACTERS`` lists the characters the field parser strips by design.
"""

from __future__ import annotations

# C0 controls except tab/newline/carriage return, plus DEL: they break XML (xlsx, PDF text),
# terminals and CSV readers, so the field parser strips exactly these. C1 controls (U+0080-U+009F)
# are kept by the parser and appear in the strings below on purpose.
CONTROL_CHARACTERS: str = (
    "".join(chr(code) for code in range(0x00, 0x20) if chr(code) not in "\t\n\r")
    + "\x7f"
    + "\ufffe\uffff"  # non-characters: an .xlsx holding them cannot be opened
)

HOSTILE_CASES: dict[str, str] = {
    "markup_bold_entity": "<b>&amp;</b>",
    "script_tag": "<script>alert(1)</script>",
    "reportlab_para_markup": '<para><font color="red">red</font><br/>&nbsp;&lt;</para>',
    "unclosed_tag": "<b>never closed & a bare ampersand < and >",
    "double_quote": 'He said "hello"',
    "single_quote": "It's O'Brien's",
    "mixed_quotes": "\"'`\u2018\u2019\u201c\u201d",
    "backslashes": "C:\\Users\\bob\\new\\table\\x00",
    "long_5000": ("Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 100)[:5000],
    "long_word_no_spaces": "Supercalifragilistic" * 50,
    "long_url": "https://example.org/" + "a/b-c_d" * 120,
    "arabic_rtl": "\u0645\u0631\u062d\u0628\u0627 \u0628\u0627\u0644\u0639\u0627\u0644\u0645 123",
    "hebrew_rtl": "\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd"
    " (\u05d1\u05d3\u05d9\u05e7\u05d4)",
    "rtl_override": "abc\u202edcba\u202c tail \u2066isolate\u2069",
    "emoji_simple": "Devices \U0001f4bb\U0001f4f1 for all \U0001f389",
    "emoji_zwj_family": "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466 family",
    "emoji_zwj_profession": "\U0001f469\U0001f3fd\u200d\U0001f4bb teacher",
    "emoji_flags": "\U0001f1fa\U0001f1f8\U0001f1e8\U0001f1e6\U0001f1f2\U0001f1fd flags",
    "emoji_keycap_and_variation": "1\ufe0f\u20e3 \u2764\ufe0f \u263a\ufe0e",
    "zalgo": "Z\u0351\u036b\u0343\u036a\u0302\u036b\u033d\u034f\u0334\u0319\u0324\u031e\u0349"
    "\u035a\u032f\u031e\u0320\u034da\u0300\u0310\u0351\u0303l\u0310g\u0352o\u0357",
    "combining_decomposed": "Cafe\u0301 na\u0131\u0308ve",
    "cjk": "\u6559\u80b2\u9884\u7b97 \u5b66\u6821\u30c7\u30d0\u30a4\u30b9 \ud55c\uad6d\uc5b4",
    "astral_math": "\U0001d400\U0001d401\U0001d402 \U00020000",
    "nul_inside": "before\x00after",
    "control_characters": "bell\x07 backspace\x08 escape\x1b[31m vt\x0b ff\x0c del\x7f c1\x85 end",
    "tabs_and_newlines": "line one\nline two\r\n\tindented\rend",
    "formula_equals": "=1+1",
    "formula_hyperlink": '=HYPERLINK("http://example.invalid/","click")',
    "formula_plus": "+41 22 555 0100",
    "formula_minus": "-2+3",
    "formula_at": "@SUM(A1:A9)",
    "formula_tab": "\t=cmd|' /C calc'!A0",
    "formula_cr": "\r=1+1",
    "dde_payload": "=cmd|'/C calc'!'A1'",
    "path_traversal": "../../etc/passwd",
    "windows_path": "..\\..\\Windows\\system32\\config",
    "file_url": "file:///etc/shadow",
    "sql_injection": "'); DROP TABLE item;--",
    "sql_like_wildcards": "100% of _all_ students; 1=1 OR ''='",
    "format_specifiers": "%s %d %n {0} {name} ${HOME} $(whoami) `id`",
    "zero_width": "zero\u200bwidth\u200cnon\u200djoiner\u2060word",
    "bom_prefix": "\ufeffstarts with a byte-order mark",
    "bom_inside": "mid\ufeffdle",
    "nbsp_and_odd_spaces": "non\u00a0breaking\u2003em\u3000ideographic",
    "only_spaces_inside": "a" + " " * 40 + "b",
    "line_separators": "para\u2028line\u2029para",
    "replacement_char": "\ufffd\ufffe\uffff",
    "private_use": "\ue000\uf8ff",
    "json_like": '{"name": "x", "items": [1, 2]}',
    "xml_cdata": "<![CDATA[ ]]> <?xml version='1.0'?> <!-- c -->",
    "csv_breakers": 'a,b;c\t"d""e"',
    "big_number_text": "9" * 400,
    "html_entities": "&lt;&gt;&quot;&#39;&#x1F600;",
}

HOSTILE_STRINGS: tuple[str, ...] = tuple(HOSTILE_CASES.values())

FORMULA_STARTERS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")


def without_control_characters(text: str) -> str:
    """The text with every character in ``CONTROL_CHARACTERS`` removed."""
    return "".join(ch for ch in text if ch not in CONTROL_CHARACTERS)
