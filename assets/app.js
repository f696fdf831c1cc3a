// app.js — Probity's only script. The Content-Security-Policy forbids inline
// scripts, so the classes GOV.UK Frontend's template adds inline are added
// here, then every GOV.UK component on the page is initialised.
import { initAll } from '/assets/govuk/govuk-frontend.min.js'

document.body.classList.add('js-enabled', 'govuk-frontend-supported')
initAll()
