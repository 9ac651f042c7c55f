// The menu button of narrow screens: opens and closes the site menu (aria-expanded); Escape closes it.
(() => {
  const button = document.querySelector(".menu-button");
  const menu = document.getElementById("site-menu");
  if (!button || !menu) return;
  const isOpen = () => button.getAttribute("aria-expanded") === "true";
  const set = (open) => {
    button.setAttribute("aria-expanded", String(open));
    menu.classList.toggle("open", open);
  };
  button.addEventListener("click", () => set(!isOpen()));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && isOpen()) {
      set(false);
      button.focus();
    }
  });
})();
