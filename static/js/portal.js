// Start GOV.UK Frontend's components (error summary focus, header menu, ...) and our own.
import { initAll } from "../govuk/govuk-frontend.min.js";
import { initAutocompletes } from "./autocomplete.js";
import { initScrollRegions } from "./scroll-regions.js";
import { initSessionTimeout } from "./session-timeout.js";

initAll();
initScrollRegions();
initAutocompletes();
initSessionTimeout(document.getElementById("session-timeout-dialog"));
