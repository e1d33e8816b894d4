// Show the chosen country's address fields in its order, with its names and required marks.
// Hidden fields keep what was typed; the server folds their values into the street address.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form[data-address-layouts]");
  if (!form) return;
  const layouts = JSON.parse(form.dataset.addressLayouts);
  const fieldset = form.querySelector(".address-fields");
  const country = form.querySelector("#country");
  const parts = ["street_address", "city_area", "city", "country_area", "postal_code"];
  const apply = () => {
    const layout = layouts[country.value];
    if (!layout || !layout.length) {
      parts.forEach((name) => { fieldset.querySelector(`[data-field="${name}"]`).hidden = false; });
      return;
    }
    const shown = new Map(layout.map(([name, label, required]) => [name, { label, required }]));
    layout.forEach(([name]) => fieldset.appendChild(fieldset.querySelector(`[data-field="${name}"]`)));
    parts.forEach((name) => {
      const wrapper = fieldset.querySelector(`[data-field="${name}"]`);
      const input = wrapper.querySelector("input, textarea, select");
      const spec = shown.get(name);
      wrapper.hidden = !spec;
      if (!spec) return;
      wrapper.querySelector(".field-label").textContent = spec.label;
      let mark = wrapper.querySelector(".required-mark");
      if (spec.required && !mark) {
        mark = document.createElement("span");
        mark.className = "required-mark";
        mark.setAttribute("aria-hidden", "true");
        mark.textContent = " *";
        wrapper.querySelector("label").appendChild(mark);
      } else if (!spec.required && mark) {
        mark.remove();
      }
      input.toggleAttribute("required", spec.required);
      input.setAttribute("aria-required", spec.required ? "true" : "false");
    });
  };
  country.addEventListener("change", apply);
  apply();
});
