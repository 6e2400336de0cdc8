// Tell GOV.UK Frontend's CSS that JavaScript runs (kept in a file: no inline scripts).
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
