/* Leaving an admin form with unsaved changes (another link, the browser's back) asks first.

   A form counts as unsaved when one of its fields differs from what the page was served with,
   or when the page came back with an error: what it shows has not been saved yet. Submitting
   the form is not leaving it. Without this script nothing changes but the warning. */
(function () {
  "use strict";

  // The list's selection boxes and action menu select, they do not edit.
  const NOT_EDITS = "[name=action], [name=_selected_action], [name=select_across], #action-toggle";
  let submitting = false;

  function fieldChanged(field) {
    if (field.matches(NOT_EDITS) || field.disabled) {
      return false;
    }
    if (field.type === "file") {
      return field.files.length > 0;
    }
    if (field.type === "checkbox" || field.type === "radio") {
      return field.checked !== field.defaultChecked;
    }
    if (field.tagName === "SELECT") {
      return Array.from(field.options).some((option) => option.selected !== option.defaultSelected);
    }
    // A hidden input's default value follows its value: it cannot tell a change.
    return field.type !== "hidden" && "defaultValue" in field && field.value !== field.defaultValue;
  }

  function unsaved(form) {
    return (
      form.querySelector(".errornote, .errorlist") !== null ||
      Array.from(form.elements).some(fieldChanged)
    );
  }

  document.addEventListener("submit", (event) => {
    submitting = !event.defaultPrevented;
  });
  // A page restored from the back-forward cache is being edited again.
  window.addEventListener("pageshow", () => {
    submitting = false;
  });
  window.addEventListener("beforeunload", (event) => {
    const forms = document.querySelectorAll("#content-main form[method=post]");
    if (!submitting && Array.from(forms).some(unsaved)) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
