// The GOV.UK session-timeout warning: open a modal dialog shortly before the idle session
// ends; "Stay signed in" refreshes the session, doing nothing signs the person out.
function csrfToken(dialog) {
  const field = dialog.querySelector("input[name=csrfmiddlewaretoken]");
  return field ? field.value : "";
}

function describe(seconds) {
  if (seconds >= 60) {
    const minutes = Math.ceil(seconds / 60);
    return minutes + (minutes === 1 ? " minute" : " minutes");
  }
  return seconds + (seconds === 1 ? " second" : " seconds");
}

export function initSessionTimeout(dialog) {
  if (!dialog || typeof dialog.showModal !== "function") {
    return;
  }
  const idle = Number(dialog.dataset.idleSeconds);
  const warning = Number(dialog.dataset.warningSeconds);
  const countdown = dialog.querySelector(".app-timeout-dialog__countdown");
  const announce = dialog.querySelector(".app-timeout-dialog__announce");
  let warnTimer;
  let tick;
  let endsAt;

  function signOut() {
    const form = dialog.querySelector("form");
    window.clearInterval(tick);
    fetch(form.action, { method: "POST", headers: { "X-CSRFToken": csrfToken(dialog) }, credentials: "same-origin" })
      .finally(() => window.location.assign(dialog.dataset.timedOutUrl));
  }

  function update() {
    const left = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
    countdown.textContent = describe(left);
    if (left % 30 === 0 || left <= 10) {
      announce.textContent = "We will sign you out in " + describe(left) + ".";
    }
    if (left === 0) {
      signOut();
    }
  }

  function warn() {
    endsAt = Date.now() + warning * 1000;
    update();
    dialog.showModal();
    tick = window.setInterval(update, 1000);
  }

  function schedule() {
    window.clearTimeout(warnTimer);
    warnTimer = window.setTimeout(warn, Math.max(0, idle - warning) * 1000);
  }

  dialog.querySelector(".app-timeout-dialog__stay").addEventListener("click", () => {
    fetch(dialog.dataset.keepAliveUrl, {
      method: "POST",
      headers: { "X-CSRFToken": csrfToken(dialog) },
      credentials: "same-origin",
    }).then((response) => {
      if (!response.ok) {
        window.location.assign(dialog.dataset.timedOutUrl);
        return;
      }
      window.clearInterval(tick);
      dialog.close();
      schedule();
    });
  });
  // Escape would close the dialog without telling the server: treat it as "stay signed in".
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    dialog.querySelector(".app-timeout-dialog__stay").click();
  });
  schedule();
}
