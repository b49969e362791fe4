"""Moving through a page with the keyboard only, as a test would describe it to a person."""

FOCUSED = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  return {
    tag: element.tagName.toLowerCase(),
    id: element.id,
    name: (element.getAttribute("aria-label") || element.labels?.[0]?.innerText
           || element.innerText || element.value || "").trim(),
    href: element.getAttribute("href"),
    outline: getComputedStyle(element).outlineStyle,
    outlineWidth: parseFloat(getComputedStyle(element).outlineWidth),
  };
}"""


def focused(page):
    """What has the keyboard focus: tag, id, accessible name (roughly), href, outline."""
    return page.evaluate(FOCUSED)


def tab_to(page, name=None, tag=None, limit=60):
    """Press Tab until an element named `name` (or of the given tag) has the focus."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = focused(page)
        if element and (element["name"] == name or element["tag"] == tag):
            return element
        seen.append(element and element["name"])
    raise AssertionError(f"{name or tag!r} never got the focus with Tab; went through {seen}")
