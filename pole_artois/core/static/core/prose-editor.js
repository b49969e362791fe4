// The rich text editor of the admin, under the site's Content-Security-Policy.
//
// django-prose-editor's "configurable" preset, except for one option: TipTap adds its base
// stylesheet as an inline <style>, which the policy refuses unless it carries the page's nonce.
// The nonce is read from the import map's <script>, which Django's admin prints with it.
import * as prose from "django-prose-editor/editor"

const ATTRIBUTE = "data-django-prose-editor-pole"
const nonce = document.querySelector("script[nonce]")?.nonce || undefined

function createEditor(textarea) {
  if (textarea.closest(".prose-editor")) return null
  const config = JSON.parse(textarea.getAttribute(ATTRIBUTE) || "{}")
  const extensions = Object.entries(config.extensions || {}).flatMap(([name, options]) => {
    const extension = prose[name]
    if (!extension || options === false) return []
    return [typeof options === "object" ? extension.configure(options) : extension]
  })
  const disabled = textarea.hasAttribute("disabled")
  const wrapper = prose.crel("div", { className: `prose-editor ${disabled ? "disabled" : ""}` })
  textarea.before(wrapper)
  wrapper.append(textarea)
  const editor = new prose.Editor({
    element: wrapper,
    editable: !disabled,
    extensions,
    content: textarea.value,
    injectNonce: nonce,
    editorProps: { attributes: editingAreaAttributes(textarea) },
    onUpdate({ editor }) {
      const html = editor.getHTML()
      // An empty editor still holds one empty paragraph: store an empty field instead.
      textarea.value = /^<(\w+)(\s[^>]*)?><\/\1>$/i.test(html) ? "" : html
      textarea.dispatchEvent(new Event("input", { bubbles: true }))
    },
    onDestroy() {
      wrapper.before(textarea)
      wrapper.remove()
    },
  })
  // The menu builds its buttons once the editor is in place.
  const labels = config.labels || {}
  new MutationObserver(() => labelToolbar(wrapper, labels)).observe(wrapper, {
    childList: true,
    subtree: true,
  })
  labelToolbar(wrapper, labels)
  return editor
}

// The editing area is named by the field's label, and spell-checked in the field's language:
// `body_fr` in French, `body_en` in English, any other in the page's.
function editingAreaAttributes(textarea) {
  const label = document.querySelector(`label[for="${textarea.id}"]`)
  const language = /_(fr|en)$/.exec(textarea.name)?.[1] || document.documentElement.lang
  const attributes = { spellcheck: "true", lang: language }
  if (label) attributes["aria-label"] = label.textContent.trim().replace(/\s*:$/, "")
  return attributes
}

// The editor titles its buttons in English ("bold"): the server sends them in the page's language.
function labelToolbar(wrapper, labels) {
  for (const button of wrapper.querySelectorAll("button[title]")) {
    const label = labels[button.title]
    if (!label) continue
    button.title = label
    button.setAttribute("aria-label", label)
  }
}

prose.initializeEditors(createEditor, `[${ATTRIBUTE}]`)
