// A form being sent (quoting and booking take a while) says so and cannot be sent twice.
document.addEventListener("submit", (event) => {
  const form = event.target;
  const button = form.querySelector("button[type=submit]");
  if (!button || form.dataset.sent) return;
  form.dataset.sent = "1";
  if (form.dataset.busy) {
    const status = document.createElement("p");
    status.setAttribute("role", "status");
    status.className = "dim";
    status.textContent = form.dataset.busy;
    form.appendChild(status);
  }
  setTimeout(() => { button.disabled = true; }, 0);
});
