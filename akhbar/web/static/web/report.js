// Progressive enhancement of the forms that post (the report forms, the language switcher).
//
// The reader's pages are the same for every reader, so that a front proxy may share them:
// their forms carry no CSRF token. Without JavaScript, a form's GET leads to a small page of
// the reader's own that holds one (the report's confirmation, the language page). With
// JavaScript, this script fetches the reader's token once from /csrf/ and posts directly: a
// report in the background, with the thank-you message shown in place.

let token = null;

async function csrfToken(url) {
  if (token === null) {
    const response = await fetch(url, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    if (!response.ok) throw new Error(`csrf: ${response.status}`);
    token = (await response.json()).token;
  }
  return token;
}

async function postReport(form) {
  const button = form.querySelector("button[type=submit]");
  if (button) button.disabled = true;
  // Fields kept out of the form's GET (a comment in a URL ends in logs): posted only here.
  const body = new FormData(form);
  for (const field of form.querySelectorAll("[data-field]")) {
    body.append(field.dataset.field, field.value);
  }
  let message;
  try {
    const response = await fetch(form.action, {
      method: "POST",
      body,
      headers: { Accept: "application/json", "X-CSRFToken": await csrfToken(form.dataset.token) },
      credentials: "same-origin",
    });
    message = (await response.json()).message;
  } catch (error) {
    form.submit(); // the confirmation page, which works without this script
    return;
  }
  const note = document.createElement("p");
  note.className = "thanks";
  note.setAttribute("role", "status");
  note.textContent = message;
  form.replaceWith(note);
}

async function postForm(form) {
  try {
    const field = document.createElement("input");
    field.type = "hidden";
    field.name = "csrfmiddlewaretoken";
    field.value = await csrfToken(form.dataset.token);
    form.append(field);
    form.method = "post";
    form.action = form.dataset.post;
  } catch (error) {
    // keep the GET: the form's own page holds a token
  }
  form.submit();
}

// The parts of a form that only work with this script (the report's comment box).
for (const part of document.querySelectorAll("[data-comment]")) {
  part.hidden = false;
}

document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form.matches("form[data-report]")) {
    event.preventDefault();
    postReport(form);
  } else if (form.matches("form[data-post]")) {
    event.preventDefault();
    postForm(form);
  }
});
