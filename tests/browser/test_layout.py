"""What the eye checks on the home page: nothing cut, nothing sticking out."""

import pytest

from tests.browser.pages import DEVICES

pytestmark = pytest.mark.browser

# Each key figure's label whose text, kept on one line, is wider than the label itself.
CUT_LABELS = """() => [...document.querySelectorAll(".key-figures__list dt")].filter(label => {
  const line = document.createElement("span");
  line.style.whiteSpace = "nowrap";
  line.textContent = label.textContent.trim();
  label.append(line);
  const width = line.getBoundingClientRect().width;
  line.remove();
  return width > label.clientWidth + 1;
}).map(label => label.textContent.trim())"""


@pytest.mark.parametrize("device", DEVICES)
def test_no_key_figure_label_is_cut_in_the_middle_of_a_word(site_url, open_page, device):
    page = open_page("fr", device)
    page.goto(site_url + "/")
    assert page.locator(".key-figures__list dt").count() == 6
    assert page.evaluate(CUT_LABELS) == []
