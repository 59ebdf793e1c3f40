// gongkai site script: the care mode (关怀模式) toggle, remembered across pages. Pages are
// complete without it.
(function () {
  'use strict';
  var root = document.documentElement;
  var KEY = 'gongkai-care';
  root.classList.add('js');
  try { if (localStorage.getItem(KEY) === '1') root.classList.add('care'); } catch (e) { /* storage may be blocked */ }
  document.addEventListener('DOMContentLoaded', function () {
    var b = document.getElementById('care-toggle');
    if (!b) return;
    b.hidden = false;
    var sync = function () { b.setAttribute('aria-pressed', root.classList.contains('care') ? 'true' : 'false'); };
    sync();
    b.addEventListener('click', function () {
      var on = root.classList.toggle('care');
      try { localStorage.setItem(KEY, on ? '1' : '0'); } catch (e) { /* ignore */ }
      sync();
    });
  });
})();
