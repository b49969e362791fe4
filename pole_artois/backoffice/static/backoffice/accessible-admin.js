// Repairs, once their scripts have built them, of widgets the admin gets from libraries and
// that axe-core finds inaccessible. Without JavaScript none of these widgets exists.
"use strict";
(function () {
  function repair() {
    const words = document.getElementById("backoffice-words")?.dataset || {};
    // modeltranslation's tabs (jQuery UI): each tab (li role=tab, focusable, keyboard-driven)
    // holds a link, a control inside a control. The link is made inert (out of reach of focus
    // and of assistive technologies) and a click on its tab is handed to it, for jQuery UI.
    for (const link of document.querySelectorAll(".ui-tabs-nav [role=tab] > a:not([inert])")) {
      link.inert = true;
      link.parentElement.addEventListener("click", function () {
        window.jQuery(link).trigger("click");
      });
    }
    // The select switching every field to one language has no name.
    const languageSwitch = document.getElementById("modeltranslation-main-switch");
    if (languageSwitch && words.languageSwitch) {
      languageSwitch.setAttribute("aria-label", words.languageSwitch);
    }
    // Django's filter boxes of many-to-many fields: an icon with a name but no role.
    for (const icon of document.querySelectorAll(".search-label-icon[aria-label]:not([role])")) {
      icon.setAttribute("role", "img");
    }
    // Select2's search box of multiple choice fields: named after its field.
    for (const search of document.querySelectorAll(".select2-search__field:not([aria-label])")) {
      const row = search.closest(".form-row, .fieldBox");
      const label = row?.querySelector("label");
      if (label) search.setAttribute("aria-label", label.textContent.trim().replace(/\s*:$/, ""));
    }
  }

  window.addEventListener("load", function () {
    repair();
    // Inline rows added later get their own tabs and boxes.
    new MutationObserver(repair).observe(document.body, { childList: true, subtree: true });
  });
})();
