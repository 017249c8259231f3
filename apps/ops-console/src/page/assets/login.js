// The login form: posts the key as JSON; the server answers with an HttpOnly session cookie.
'use strict';

document.getElementById('login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const error = document.querySelector('[data-testid="login-error"]');
  const input = document.getElementById('key');
  error.hidden = true;
  try {
    const response = await fetch('/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ key: input.value }),
      credentials: 'same-origin',
    });
    if (response.ok) {
      window.location.assign('/');
      return;
    }
    const problem = await response.json().catch(() => ({}));
    error.textContent = problem.detail || `login refused (${response.status})`;
  } catch (failure) {
    error.textContent = `the console cannot be reached: ${failure.message}`;
  }
  error.hidden = false;
  input.select();
});
