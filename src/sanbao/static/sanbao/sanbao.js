// Sanbao's few lines of page behaviour (no inline scripts, so a strict CSP stays possible).
document.addEventListener("submit", (event) => {
  // htmx may have changed the address (search, filters): come back to where the user is.
  const form = event.target;
  if (form.classList.contains("language-switch") && form.elements.next) {
    form.elements.next.value = window.location.pathname + window.location.search;
  }
});
