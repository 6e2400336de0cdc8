// An accessible autocomplete over a <select data-autocomplete> (the public-body questions).
// Progressive enhancement: without JavaScript the select works as it is. With it, the select is
// hidden and a text input with a list of matching options (the ARIA 1.2 combobox pattern) sets
// its value. Arrow keys move through the matches, Enter chooses, Escape closes; a polite live
// region says how many match.
let counter = 0;

export function initAutocompletes(root = document) {
  for (const select of root.querySelectorAll("select[data-autocomplete]")) enhance(select);
}

function enhance(select) {
  counter += 1;
  const id = `${select.id || "autocomplete"}-${counter}`;
  const options = [...select.options].filter((o) => o.value).map((o) => ({ value: o.value, text: o.text }));
  const wrapper = document.createElement("div");
  wrapper.className = "app-autocomplete";
  const input = document.createElement("input");
  input.type = "text";
  input.id = `${id}-input`;
  input.className = select.className.replace("govuk-select", "govuk-input");
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", `${id}-listbox`);
  input.setAttribute("autocomplete", "off");
  if (select.getAttribute("aria-describedby")) input.setAttribute("aria-describedby", select.getAttribute("aria-describedby"));
  const chosen = select.options[select.selectedIndex];
  input.value = chosen && chosen.value ? chosen.text : "";
  const list = document.createElement("ul");
  list.id = `${id}-listbox`;
  list.className = "app-autocomplete__list";
  list.setAttribute("role", "listbox");
  list.hidden = true;
  const status = document.createElement("div");
  status.className = "govuk-visually-hidden";
  status.setAttribute("aria-live", "polite");
  const label = document.querySelector(`label[for="${select.id}"]`);
  if (label) {
    label.htmlFor = input.id;
    list.setAttribute("aria-labelledby", label.id || (label.id = `${id}-label`));
  }
  select.hidden = true;
  select.setAttribute("aria-hidden", "true");
  select.tabIndex = -1;
  select.parentNode.insertBefore(wrapper, select);
  wrapper.append(input, list, status);

  let matches = [];
  let active = -1;
  const close = () => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };
  const choose = (match) => {
    select.value = match.value;
    input.value = match.text;
    close();
  };
  const show = () => {
    const query = input.value.trim().toLowerCase();
    matches = query ? options.filter((o) => o.text.toLowerCase().includes(query)).slice(0, 20) : [];
    list.replaceChildren(
      ...matches.map((match, index) => {
        const item = document.createElement("li");
        item.id = `${id}-option-${index}`;
        item.className = "app-autocomplete__option";
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.textContent = match.text;
        item.addEventListener("mousedown", (event) => {
          event.preventDefault();
          choose(match);
        });
        return item;
      }),
    );
    list.hidden = matches.length === 0;
    input.setAttribute("aria-expanded", String(matches.length > 0));
    status.textContent = query ? `${matches.length} ${matches.length === 1 ? "result" : "results"} available` : "";
    active = -1;
  };
  const move = (step) => {
    if (!matches.length) return;
    active = (active + step + matches.length) % matches.length;
    [...list.children].forEach((item, index) => item.setAttribute("aria-selected", String(index === active)));
    input.setAttribute("aria-activedescendant", `${id}-option-${active}`);
    list.children[active].scrollIntoView({ block: "nearest" });
  };
  input.addEventListener("input", () => {
    select.value = "";
    const exact = options.find((o) => o.text.toLowerCase() === input.value.trim().toLowerCase());
    if (exact) select.value = exact.value;
    show();
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown") move(1);
    else if (event.key === "ArrowUp") move(-1);
    else if (event.key === "Enter" && active >= 0) choose(matches[active]);
    else if (event.key === "Escape") close();
    else return;
    event.preventDefault();
  });
  input.addEventListener("blur", close);
}
