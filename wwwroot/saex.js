// Keyboard stepping on pages that offer it: ← / j for the element marked data-key-prev,
// → / k for data-key-next. Ignored while typing in a field.
document.addEventListener("keydown", (e) => {
  if (e.altKey || e.ctrlKey || e.metaKey) return;
  const t = e.target;
  if (t && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName))) return;
  const selector = (e.key === "ArrowLeft" || e.key === "j") ? "[data-key-prev]"
                 : (e.key === "ArrowRight" || e.key === "k") ? "[data-key-next]" : null;
  if (!selector) return;
  const link = document.querySelector(selector);
  if (link && link.getAttribute("href") && !link.hasAttribute("disabled")) { e.preventDefault(); link.click(); }
});

// The layout calls this once the circuit is live: until then clicks that need the server do nothing.
window.saex = { markInteractive: () => document.body.setAttribute("data-interactive", "") };
