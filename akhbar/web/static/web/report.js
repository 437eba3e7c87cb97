// Progressive enhancement of the report forms: post them in the background and
// show the thank-you message in place. Without JavaScript the forms post and
// the page comes back with the same message.
document.addEventListener("submit", async (event) => {
  const form = event.target.closest("form[data-report]");
  if (!form) return;
  event.preventDefault();
  const button = form.querySelector("button[type=submit]");
  if (button) button.disabled = true;
  let message;
  try {
    const response = await fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    const data = await response.json();
    message = data.message;
  } catch (error) {
    form.submit();
    return;
  }
  const note = document.createElement("p");
  note.className = "thanks";
  note.setAttribute("role", "status");
  note.textContent = message;
  form.replaceWith(note);
});
