// GOV.UK Frontend: mark the page as able to run its JavaScript, then start its components.
document.body.classList.add('js-enabled');
if ('noModule' in HTMLScriptElement.prototype) {
  document.body.classList.add('govuk-frontend-supported');
  import('/govuk/govuk-frontend.min.js').then((frontend) => frontend.initAll());
}
