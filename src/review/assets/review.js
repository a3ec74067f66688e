// Interaction of the review page. Built by xxgk, not taken from the document.
// Elements with data-key are values (right) and their boxes or cells (left);
// data-ref points at one key, data-terms at the keys of a check.
(function () {
  'use strict';
  var status = document.getElementById('status');
  var index = {};
  Array.prototype.forEach.call(document.querySelectorAll('[data-key]'), function (el) {
    var k = el.getAttribute('data-key');
    (index[k] = index[k] || []).push(el);
  });
  var marked = [];
  function clear() {
    marked.forEach(function (el) { el.classList.remove('sel', 'lit', 'on'); });
    marked = [];
  }
  function mark(el, cls) { el.classList.add(cls); marked.push(el); }
  function reveal(keys, from) {
    // scroll the first element of each side that is not where the click was
    ['source', 'extracted'].forEach(function (side) {
      var pane = document.getElementById(side);
      if (!pane || (from && pane.contains(from))) return;
      for (var i = 0; i < keys.length; i++) {
        var els = index[keys[i]] || [];
        for (var j = 0; j < els.length; j++) {
          if (pane.contains(els[j])) { els[j].scrollIntoView({ block: 'center', inline: 'nearest' }); return; }
        }
      }
    });
  }
  function describe(key) {
    var v = (index[key] || []).filter(function (el) { return el.hasAttribute('data-desc'); })[0];
    return key + (v ? '  ' + v.getAttribute('data-desc') : '') + ((index[key] || []).some(function (el) { return !!el.closest('#source'); }) ? '' : '  (no position in the source)');
  }
  // a key, or a row or table path (`applications.granted`): every key under it
  function expand(key) {
    if (index[key]) return [key];
    return Object.keys(index).filter(function (k) { return k.indexOf(key + '.') === 0; });
  }
  function select(key, from) {
    clear();
    var keys = expand(key);
    keys.forEach(function (k) { (index[k] || []).forEach(function (el) { mark(el, 'sel'); }); });
    status.textContent = keys.length === 1 ? describe(keys[0]) : key + ': ' + keys.length + ' cells';
    reveal(keys, from);
  }
  function light(item) {
    clear();
    var keys = (item.getAttribute('data-terms') || '').split(' ').filter(Boolean);
    keys.forEach(function (k) { (index[k] || []).forEach(function (el) { mark(el, 'lit'); }); });
    mark(item, 'on');
    status.textContent = item.getAttribute('data-id') + ': ' + keys.length + ' cells lit';
    reveal(keys, item);
  }
  document.addEventListener('click', function (ev) {
    var t = ev.target;
    if (!(t instanceof Element)) return;
    var check = t.closest('[data-terms]');
    if (check) { light(check); return; }
    var ref = t.closest('[data-ref]');
    if (ref) { select(ref.getAttribute('data-ref'), ref); mark(ref, 'on'); return; }
    var el = t.closest('[data-key]');
    if (el) select(el.getAttribute('data-key'), el);
  });
})();
