// Platforms on/off, badges on/off, history length.
import { localize, t } from './i18n.js';
import { CAPTURES } from './generated/captures.js';
import { getSettings, prune, setSettings } from './store.js';

localize();
let settings = await getSettings();

async function save(changes) {
  settings = await setSettings(changes);
  document.getElementById('saved').textContent = t('optSaved');
  document.body.dataset.saved = String(Number(document.body.dataset.saved ?? 0) + 1);
}

const body = document.querySelector('#platforms tbody');
for (const { platform } of CAPTURES) {
  const tr = document.createElement('tr');
  const name = document.createElement('td');
  name.textContent = t('platform_' + platform);
  const box = (checked, onChange, id) => {
    const td = document.createElement('td');
    const input = Object.assign(document.createElement('input'), { type: 'checkbox', checked, id });
    input.onchange = () => onChange(input.checked);
    td.append(input);
    return td;
  };
  tr.append(name,
    box(settings.platforms[platform] !== false, (on) => save({ platforms: { ...settings.platforms, [platform]: on } }), `capture-${platform}`),
    box(!settings.badgesOff[platform], (on) => save({ badgesOff: { ...settings.badgesOff, [platform]: !on } }), `badges-${platform}`));
  body.append(tr);
}

const badges = document.getElementById('badges');
badges.checked = settings.badges;
badges.onchange = () => save({ badges: badges.checked });

const history = document.getElementById('history');
history.value = settings.historyDays;
history.onchange = async () => {
  await save({ historyDays: history.value });
  history.value = settings.historyDays;
  await prune();
};
document.body.dataset.ready = '1';
