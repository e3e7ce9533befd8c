"""WordPress's paragraph rules (wpautop) for classic bodies, which hold blank lines instead of <p>.

A port of wp-includes/formatting.php wpautop() with $br = true, step by step, so a classic
post gets the same paragraphs and line breaks here as it had on the old site. The importer's
own stand-in elements (rvz-embed, rvz-callout, rvz-gallery) count as blocks. Pure.
"""

from __future__ import annotations

import re

_BLOCKS = ("(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area"
           "|blockquote|address|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer"
           "|nav|figure|figcaption|details|menu|summary|rvz-embed|rvz-callout|rvz-gallery)")
_DOUBLE_BR = re.compile(r"<br\s*/?>\s*<br\s*/?>")
_OPEN_BLOCK = re.compile(rf"(<{_BLOCKS}[\s/>])")
_CLOSE_BLOCK = re.compile(rf"(</{_BLOCKS}>)")
_HR = re.compile(r"(<hr\s*?/?>)")
# An HTML tag or comment, as wp_html_split() finds them, to protect the newlines inside.
_TAG_OR_COMMENT = re.compile(r"<!--.*?-->|<[^>]*>", re.DOTALL)
_OPTION = [(re.compile(r"\s*<option"), "<option"), (re.compile(r"</option>\s*"), "</option>")]
_PARAGRAPH_SPLIT = re.compile(r"\n\s*\n")
_EMPTY_P = re.compile(r"<p>\s*</p>")
_UNCLOSED_P = re.compile(r"<p>([^<]+)</(div|address|form)>")
_WRAPPED_BLOCK = re.compile(rf"<p>\s*(</?{_BLOCKS}[^>]*>)\s*</p>")
_WRAPPED_LI = re.compile(r"<p>(<li.+?)</p>")
_P_BLOCKQUOTE = re.compile(r"<p><blockquote([^>]*)>", re.IGNORECASE)
_P_BEFORE_BLOCK = re.compile(rf"<p>\s*(</?{_BLOCKS}[^>]*>)")
_P_AFTER_BLOCK = re.compile(rf"(</?{_BLOCKS}[^>]*>)\s*</p>")
_KEEP_NEWLINES = re.compile(r"<(script|style|svg|math).*?</\1>", re.DOTALL)
_NEWLINE_TO_BR = re.compile(r"(?<!<br />)\s*\n")
_BR_AFTER_BLOCK = re.compile(rf"(</?{_BLOCKS}[^>]*>)\s*<br />")
_BR_BEFORE_BLOCK = re.compile(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)")
_NL = " <!-- wpnl --> "


def _pre_out(text: str) -> tuple[str, dict[str, str]]:
    saved: dict[str, str] = {}
    if "<pre" not in text:
        return text, saved
    parts = text.split("</pre>")
    last = parts.pop()
    out = []
    for part in parts:
        start = part.find("<pre")
        if start < 0:
            out.append(part)
            continue
        name = f"<pre wp-pre-tag-{len(saved)}></pre>"
        saved[name] = part[start:] + "</pre>"
        out.append(part[:start] + name)
    return "".join(out) + last, saved


def wpautop(text: str) -> str:
    if not text.strip():
        return ""
    text, pre_tags = _pre_out(text + "\n")
    text = _DOUBLE_BR.sub("\n\n", text)
    text = _OPEN_BLOCK.sub(r"\n\n\1", text)
    text = _CLOSE_BLOCK.sub(r"\1\n\n", text)
    text = _HR.sub(r"\1\n\n", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _TAG_OR_COMMENT.sub(lambda m: m.group(0).replace("\n", _NL), text)
    if "<option" in text:
        for pattern, repl in _OPTION:
            text = pattern.sub(repl, text)
    text = re.sub(r"\n\n+", "\n\n", text)
    paragraphs = [p for p in _PARAGRAPH_SPLIT.split(text) if p]
    text = "".join(f"<p>{p.strip(chr(10))}</p>\n" for p in paragraphs)
    text = _EMPTY_P.sub("", text)
    text = _UNCLOSED_P.sub(r"<p>\1</p></\2>", text)
    text = _WRAPPED_BLOCK.sub(r"\1", text)
    text = _WRAPPED_LI.sub(r"\1", text)
    text = _P_BLOCKQUOTE.sub(r"<blockquote\1><p>", text)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = _P_BEFORE_BLOCK.sub(r"\1", text)
    text = _P_AFTER_BLOCK.sub(r"\1", text)
    text = _KEEP_NEWLINES.sub(lambda m: m.group(0).replace("\n", "<WPPreserveNewline />"), text)
    text = text.replace("<br>", "<br />").replace("<br/>", "<br />")
    text = _NEWLINE_TO_BR.sub("<br />\n", text)
    text = text.replace("<WPPreserveNewline />", "\n")
    text = _BR_AFTER_BLOCK.sub(r"\1", text)
    text = _BR_BEFORE_BLOCK.sub(r"\1", text)
    text = re.sub(r"\n</p>$", "</p>", text)
    for name, original in pre_tags.items():
        text = text.replace(name, original)
    return text.replace(_NL, "\n").replace("<!-- wpnl -->", "\n")

