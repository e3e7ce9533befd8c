"""Where the browser broke lines inside words: per character, the line its client rect lies on.

`WORD_BREAKS` runs in the page and returns, for each element matching a selector, every place where
two letters of one word stand on different lines: the whole word (as the DOM text has it, so
without the generated hyphens) and the offset of the break in it.
"""

from __future__ import annotations

from typing import Any

# Headings and card titles: every element the theme hyphenates (themes/rvz/templates), and the
# headings of article bodies.
HYPHENATED = "main h1, .card-title, .kicker, .theme-tile h3, .theme-grid h3, main h2 a, .prose h2, .prose h3"

WORD_BREAKS = """(selector) => {
  const isLetter = c => /\\p{L}/u.test(c);
  const found = [];
  for (const element of document.querySelectorAll(selector)) {
    if (!element.getClientRects().length) continue;  // not shown at this width
    const chars = [];  // {c, top} for each character of the element's text, in order
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.data.length; i++) {
        const range = document.createRange();
        range.setStart(node, i); range.setEnd(node, i + 1);
        const rects = range.getClientRects();
        chars.push({c: node.data[i], top: rects.length ? rects[0].top : null});
      }
    }
    let start = 0;
    for (let i = 0; i <= chars.length; i++) {
      if (i < chars.length && isLetter(chars[i].c)) continue;
      const word = chars.slice(start, i);
      for (let j = 1; j < word.length; j++) {
        if (word[j].top !== null && word[j - 1].top !== null && word[j].top - word[j - 1].top > 2) {
          found.push({word: word.map(x => x.c).join(''), at: j, element: element.tagName + '.' + element.className,
                      text: element.textContent.trim()});
        }
      }
      start = i + 1;
    }
  }
  return found;
}"""


def word_breaks(page: Any, selector: str = HYPHENATED) -> list[dict[str, Any]]:
    return list(page.evaluate(WORD_BREAKS, selector))
