// Fills every element that has a data-i18n attribute (its text) or
// data-i18n-title (its tooltip) from _locales.
export const t = (name, ...subs) => chrome.i18n.getMessage(name, subs.map(String)) || name;

export function localize(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle);
  document.documentElement.lang = chrome.i18n.getUILanguage();
}

/** A share 0..1 as a percentage for the user's language. */
export const pct = (x) => (Number.isFinite(x) ? new Intl.NumberFormat(chrome.i18n.getUILanguage(), { style: 'percent', maximumFractionDigits: 1 }).format(x) : '–');
