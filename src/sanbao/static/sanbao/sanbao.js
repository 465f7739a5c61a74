// Sanbao's few lines of page behaviour (no inline scripts, so a strict CSP stays possible).
document.addEventListener("submit", (event) => {
  // htmx may have changed the address (search, filters): come back to where the user is.
  const form = event.target;
  if (form.classList.contains("language-switch") && form.elements.next) {
    form.elements.next.value = window.location.pathname + window.location.search;
  }
});

// Signature boxes (signature_pad): the drawing goes into the form's hidden field on submit.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("form[data-signature-form]").forEach((form) => {
    const canvas = form.querySelector("canvas[data-signature-pad]");
    if (!canvas || !window.SignaturePad) return;
    const ratio = Math.max(window.devicePixelRatio || 1, 1);
    canvas.width = canvas.offsetWidth * ratio;
    canvas.height = canvas.offsetHeight * ratio;
    canvas.getContext("2d").scale(ratio, ratio);
    const pad = new window.SignaturePad(canvas);
    form.querySelector("[data-signature-clear]")?.addEventListener("click", () => pad.clear());
    form.addEventListener("submit", () => {
      const field = form.querySelector("input[name$='signature']");
      if (field) field.value = pad.isEmpty() ? "" : pad.toDataURL("image/png");
    });
  });
});

// Intake: the live decision assumes a proof of purchase once a file is chosen.
document.addEventListener("change", (event) => {
  const input = event.target;
  if (input.id !== "id_proof_of_purchase") return;
  const flag = input.form?.querySelector("[data-proof-flag]");
  if (flag) flag.value = input.files.length ? "1" : "";
});

// Countdowns to a deadline (damage declarations: 24 hours from signing for the goods).
// <span data-countdown="ISO time" data-passed="text when passed">fallback text</span>
document.addEventListener("DOMContentLoaded", () => {
  const boxes = document.querySelectorAll("[data-countdown]");
  if (!boxes.length) return;
  const two = (n) => String(n).padStart(2, "0");
  const tick = () => boxes.forEach((box) => {
    const left = Math.floor((Date.parse(box.dataset.countdown) - Date.now()) / 1000);
    if (left <= 0) {
      box.textContent = box.dataset.passed || "0:00:00";
      box.classList.add("text-danger");
      return;
    }
    box.textContent = `${Math.floor(left / 3600)}:${two(Math.floor(left / 60) % 60)}:${two(left % 60)}`;
  });
  tick();
  setInterval(tick, 1000);
});

// Dashboards (ECharts): <div data-chart="ID"> draws the option in <script id="ID" type="application/json">.
document.addEventListener("DOMContentLoaded", () => {
  if (!window.echarts) return;
  const charts = [];
  document.querySelectorAll("[data-chart]").forEach((box) => {
    const source = document.getElementById(box.dataset.chart);
    if (!source) return;
    const chart = window.echarts.init(box, null, { renderer: "svg" });
    chart.setOption(JSON.parse(source.textContent));
    charts.push(chart);
  });
  const resize = () => charts.forEach((chart) => chart.resize());
  window.addEventListener("resize", resize);
  document.addEventListener("shown.bs.tab", resize);
});
