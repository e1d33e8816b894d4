// Wide screens show the header's menu, search and preferences open; phones keep them folded
// behind the "Menu" button so the page's own title is on the first screen.
document.addEventListener("DOMContentLoaded", () => {
  const tools = document.getElementById("header-tools");
  if (!tools) return;
  const wide = window.matchMedia("(min-width: 48rem)");
  const apply = () => { tools.open = wide.matches; };
  wide.addEventListener("change", apply);
  apply();
});
