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
    if (!extension) return []
    return [typeof options === "object" ? extension.configure(options) : extension]
  })
  const disabled = textarea.hasAttribute("disabled")
  const wrapper = prose.crel("div", { className: `prose-editor ${disabled ? "disabled" : ""}` })
  textarea.before(wrapper)
  wrapper.append(textarea)
  return new prose.Editor({
    element: wrapper,
    editable: !disabled,
    extensions,
    content: textarea.value,
    injectNonce: nonce,
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
}

prose.initializeEditors(createEditor, `[${ATTRIBUTE}]`)
