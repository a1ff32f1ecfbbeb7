// The inline style and script of the --html page: it must work from file://
// and as a CI artifact, so nothing is fetched. The page reads fully without
// the script (sections are <details>); the script adds the filter by
// exporter, cause, effect and case, expand/collapse all, and copy buttons.

export const CSS = `
:root { --fg:#1d2129; --muted:#5f6673; --bg:#fff; --panel:#f6f8fa; --line:#d8dee4; --red:#b3261e; --redbg:#ffebe9; --green:#1a7f37; --greenbg:#dafbe1; --yellow:#9a6700; --mark:#fff1a8; --inv:#8250df; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); margin: 0 auto; padding: 16px 24px 48px; max-width: 1400px; }
h1 { font-size: 22px; margin: 0 0 6px; }
h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 16px 0 6px; }
h4 { font-size: 13px; margin: 14px 0 6px; font-weight: 600; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
pre { margin: 0; white-space: pre-wrap; word-break: break-all; }
.verdict { display: inline-block; padding: 2px 10px; border-radius: 4px; font-weight: 700; color: #fff; margin-right: 8px; }
.verdict.pass { background: var(--green); } .verdict.fail { background: var(--red); }
.meta { color: var(--muted); margin: 2px 0; }
table { border-collapse: collapse; margin: 6px 0; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
thead th { background: var(--panel); font-weight: 600; }
table.summary td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.bad { color: var(--red); background: var(--redbg); font-weight: 600; } td.good { color: var(--green); }
.role { color: var(--muted); font-weight: 400; font-size: 12px; }
table.sbs { width: 100%; table-layout: fixed; } table.sbs.small { width: auto; min-width: 300px; }
table.fields { width: 100%; table-layout: fixed; } table.fields th.field { width: 22%; font-family: ui-monospace, monospace; font-size: 12.5px; font-weight: 600; }
table.tree { width: 100%; } table.tree td:first-child { word-break: break-all; }
mark { background: var(--mark); outline: 1px solid #e3c200; }
del { background: var(--redbg); color: var(--red); text-decoration: none; outline: 1px solid #f3a6a0; }
ins { background: var(--greenbg); color: var(--green); text-decoration: none; outline: 1px solid #8fd19e; }
.inv { color: var(--inv); background: #f3eefe; border-radius: 3px; padding: 0 1px; font-weight: 600; }
.absent, .cut { color: var(--muted); font-style: italic; }
pre.udiff { background: var(--panel); border: 1px solid var(--line); padding: 6px 8px; overflow-x: auto; }
pre.udiff .del { color: var(--red); background: var(--redbg); display: inline-block; width: 100%; }
pre.udiff .add { color: var(--green); background: var(--greenbg); display: inline-block; width: 100%; }
pre.udiff .hunk { color: #0550ae; } pre.udiff .dh { font-weight: 600; }
ul.notes { margin: 4px 0; padding-left: 18px; color: var(--muted); }
ol.causes li { margin: 6px 0; } .count { font-weight: 700; font-variant-numeric: tabular-nums; display: inline-block; min-width: 5.5em; }
button.pick { border: none; background: none; padding: 0; font: inherit; font-weight: 600; color: #0550ae; cursor: pointer; text-align: left; }
button.pick:hover { text-decoration: underline; background: none; }
ol.causes .why, ol.causes .means { margin-left: 5.5em; } .means { color: var(--muted); font-size: 12.5px; }
ul.rcauses { margin: 4px 0; padding-left: 18px; }
pre.input { background: var(--panel); border: 1px solid var(--line); padding: 6px 8px; }
.tag { display: inline-block; font-size: 11px; font-weight: 700; padding: 0 6px; border-radius: 3px; margin-right: 6px; color: #fff; vertical-align: 1px; }
.tag.divergent { background: var(--red); } .tag.known { background: var(--yellow); }
details.div { border: 1px solid var(--line); border-radius: 6px; margin: 6px 0; background: var(--bg); }
details.div > summary { cursor: pointer; padding: 6px 10px; background: var(--panel); border-radius: 6px; list-style-position: inside; }
details.div[open] > summary { border-bottom: 1px solid var(--line); border-radius: 6px 6px 0 0; }
details.div > .body { padding: 4px 12px 12px; }
.effect { margin-top: 10px; } .effect > h3 { color: var(--yellow); }
.why { color: var(--muted); }
.replay { display: flex; gap: 8px; align-items: flex-start; margin-top: 10px; background: var(--panel); border: 1px solid var(--line); border-radius: 4px; padding: 6px 8px; }
.replay code { flex: 1; word-break: break-all; }
button { font: inherit; font-size: 12px; padding: 2px 10px; border: 1px solid var(--line); border-radius: 4px; background: #fff; cursor: pointer; }
button:hover { background: var(--panel); }
.filters { position: sticky; top: 0; z-index: 2; background: var(--bg); border-bottom: 1px solid var(--line); padding: 8px 0; display: flex; flex-wrap: wrap; gap: 10px; align-items: center; }
.filters label { color: var(--muted); } .filters select, .filters input { font: inherit; font-size: 13px; padding: 2px 4px; max-width: 30em; }
#shown { color: var(--muted); margin-left: auto; }
ul.compact { columns: 3; font-family: ui-monospace, monospace; font-size: 12px; padding-left: 18px; }
.stale { color: var(--red); }
`;

export const SCRIPT = `
(function () {
  var $ = function (id) { return document.getElementById(id); };
  var all = function (sel, el) { return Array.prototype.slice.call((el || document).querySelectorAll(sel)); };
  var words = function (s) { return (s || '').split(' ').filter(Boolean); };
  function apply() {
    var ex = $('f-exporter') ? $('f-exporter').value : '';
    var cause = $('f-cause') ? $('f-cause').value : '';
    var effect = $('f-effect') ? $('f-effect').value : '';
    var text = $('f-case') ? $('f-case').value.trim() : '';
    var shown = 0, total = 0;
    all('.div').forEach(function (d) {
      total++;
      var ok = (!ex || d.dataset.exporter === ex) &&
        (!cause || words(d.dataset.causes).indexOf(cause) >= 0) &&
        (!effect || words(d.dataset.effects).indexOf(effect) >= 0) &&
        (!text || d.dataset.case.indexOf(text) >= 0);
      d.hidden = !ok;
      if (ok) shown++;
    });
    all('.group').forEach(function (g) {
      g.hidden = all('.div', g).every(function (d) { return d.hidden; }) && all('.div', g).length > 0;
    });
    if ($('shown')) $('shown').textContent = 'showing ' + shown + ' of ' + total + ' divergence(s)';
  }
  // The filter lives in the address too (#exporter=bad&effect=stdout), so a filtered view can be linked.
  var FILTERS = { exporter: 'f-exporter', cause: 'f-cause', effect: 'f-effect', 'case': 'f-case' };
  function fromHash() {
    var params = new URLSearchParams(location.hash.slice(1));
    Object.keys(FILTERS).forEach(function (k) { var el = $(FILTERS[k]); if (el && params.has(k)) el.value = params.get(k); });
  }
  function toHash() {
    var params = new URLSearchParams();
    Object.keys(FILTERS).forEach(function (k) { var el = $(FILTERS[k]); if (el && el.value) params.set(k, el.value); });
    var h = params.toString();
    history.replaceState(null, '', h ? '#' + h : location.pathname + location.search);
  }
  all('.filters select, .filters input').forEach(function (el) { el.addEventListener('input', function () { apply(); toHash(); }); });
  document.addEventListener('click', function (e) {
    var t = e.target;
    if (!(t instanceof Element)) return;
    var pick = t.closest('[data-pick-cause]');
    if (pick && $('f-cause')) {
      e.preventDefault();
      $('f-cause').value = pick.getAttribute('data-pick-cause');
      apply();
      toHash();
      var first = all('.div').filter(function (d) { return !d.hidden; })[0];
      if (first) { first.open = true; first.scrollIntoView({ block: 'start' }); }
      return;
    }
    if (t.id === 'expand' || t.id === 'collapse') {
      all('.div').forEach(function (d) { if (!d.hidden) d.open = t.id === 'expand'; });
      return;
    }
    var b = t.closest('button.copy');
    if (!b) return;
    var text = b.getAttribute('data-copy');
    var done = function () { var was = b.textContent; b.textContent = 'copied'; setTimeout(function () { b.textContent = was; }, 1200); };
    var fallback = function () {
      var ta = document.createElement('textarea');
      ta.value = text; ta.style.position = 'fixed'; ta.style.opacity = '0';
      document.body.appendChild(ta); ta.select();
      try { document.execCommand('copy'); done(); } finally { ta.remove(); }
    };
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).then(done, fallback);
    else fallback();
  });
  fromHash();
  apply();
  window.addEventListener('hashchange', function () { fromHash(); apply(); });
  document.documentElement.setAttribute('data-ready', '1');
})();
`;
