// Start GOV.UK Frontend's components (error summary focus, header menu, ...) and our own.
import { initAll } from "../govuk/govuk-frontend.min.js";
import { initSessionTimeout } from "./session-timeout.js";

initAll();
initSessionTimeout(document.getElementById("session-timeout-dialog"));
