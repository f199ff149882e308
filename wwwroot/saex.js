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
window.saex = {
  markInteractive: () => document.body.setAttribute("data-interactive", ""),
  // The steering panel keeps its state in the address without a navigation (which would rebuild the page mid-drag):
  // the address bar, a reload and a copied link all carry the current edits. Only app paths are accepted.
  replaceAddress: (url) => {
    if (typeof url === "string" && url.startsWith("/") && !url.startsWith("//")) history.replaceState(history.state, "", url);
  },
  // A chart whose points carry an app address as customdata: a click on a point goes there (a feature's page, another
  // k of the sweep). Plotly draws after Blazor renders, so this waits for the plot; binding twice is harmless.
  linkPlot: (containerId) => {
    let tries = 0;
    const bind = () => {
      const plot = document.querySelector(`#${CSS.escape(containerId)} .js-plotly-plot`);
      if (!plot || typeof plot.on !== "function") { if (tries++ < 100) setTimeout(bind, 100); return; }
      if (plot.dataset.saexLinked) return;
      plot.dataset.saexLinked = "1";
      plot.on("plotly_click", (e) => {
        const url = e && e.points && e.points[0] && e.points[0].customdata;
        if (typeof url === "string" && url.startsWith("/") && !url.startsWith("//")) Blazor.navigateTo(url);
      });
    };
    bind();
  },
};

// Image fallbacks, for every <img data-thumb>: when the server's thumbnail fails, try the image's
// web address (data-fallback) once, straight from the browser; when that fails too (or there is
// none), mark the image failed so CSS shows the placeholder that follows it. Only attributes are
// touched, never markup, and only http(s) addresses are ever loaded.
(() => {
  const isWeb = (text) => { try { return ["http:", "https:"].includes(new URL(text).protocol); } catch { return false; } };
  const fail = (img) => {
    const fallback = img.getAttribute("data-fallback");
    if (fallback && img.getAttribute("src") !== fallback && isWeb(fallback)) img.setAttribute("src", fallback);
    else img.setAttribute("data-failed", "");
  };
  // error does not bubble: listen in the capture phase.
  document.addEventListener("error", (e) => { if (e.target instanceof HTMLImageElement && e.target.hasAttribute("data-thumb")) fail(e.target); }, true);
  // Blazor may reuse a failed <img> for another image: a new src starts the chain again.
  new MutationObserver((changes) => changes.forEach((c) => c.target.removeAttribute("data-failed")))
    .observe(document.documentElement, { subtree: true, attributeFilter: ["src"] });
  // Images that failed before this script ran.
  document.querySelectorAll("img[data-thumb]").forEach((img) => { if (img.complete && img.naturalWidth === 0) fail(img); });
})();
