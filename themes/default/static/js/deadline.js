/*! deadline.js: the portal's due-date calculator in working days (gongkai default theme).
 *
 * Implements exactly the rules of gongkai's src/calendar (docs/calendar.md), on the
 * calendar the build writes to /data/calendar.json, so the page always agrees with
 * `gongkai deadline`:
 *   - a day is a working day when it is in local_work, or it is not in local_off and
 *     either is in `work` (调休上班) or is Monday-Friday and not in `off`;
 *   - counting starts the day after the start date (the start day never counts); the
 *     N-th working day after it is the deadline; N = 0 gives the start date itself;
 *   - a start date outside `years` is an error; a count that walks past the last covered
 *     year goes on as an ESTIMATE (weekends only, no holidays), returned with
 *     `estimate: YEAR` (the first uncovered year) and shown marked as such on the page:
 *     「估算」, 未计入 YEAR 年节假日安排，仅供参考, and the item's 咨询电话 when the page has one.
 * Dates are whole days counted from 1970-01-01 in UTC, so no time zone or daylight
 * saving rule can shift them.
 *
 * Page wiring: every <form class="deadline-calc" data-calendar="…/data/calendar.json">
 * with an <input type="date" name="start"> and elements carrying data-days="N"
 * (optionally data-label="承诺时限") gets each deadline written into those elements
 * whenever the start date changes. An element may instead carry data-days-field="NAME":
 * N is then read from the form's field NAME (the standalone calculator at /tools/deadline/),
 * plus the value of the checkbox named by data-extend-field when it is checked; buttons
 * with data-preset="N" (and data-preset-extend="true") fill those fields. A form that is
 * `hidden` (useless without JavaScript) is shown once wired. No inline script or eval:
 * works under Content-Security-Policy script-src 'self'.
 *
 * API: window.GongkaiCalendar = { load(url) -> Promise<calendar>,
 *                                 addWorkingDays(calendar, 'YYYY-MM-DD', n) -> {date, error, estimate} }
 * where exactly one of date ('YYYY-MM-DD') and error (a Chinese message) is non-null, and
 * estimate is null for an exact date or the first uncovered year the count entered.
 */
(function () {
  'use strict';

  var MAX_WORKING_DAYS = 10000;
  var DAY_MS = 86400000;
  var WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];
  var hasOwn = Object.prototype.hasOwnProperty;

  /** 'YYYY-MM-DD' -> days since 1970-01-01 (UTC), or null when not a real date. */
  function parseDay(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(text));
    if (!m) return null;
    var ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    var day = Math.round(ms / DAY_MS);
    return formatDay(day) === m[0] ? day : null;
  }

  /** Days since 1970-01-01 -> 'YYYY-MM-DD'. */
  function formatDay(day) {
    var t = new Date(day * DAY_MS);
    return pad(t.getUTCFullYear(), 4) + '-' + pad(t.getUTCMonth() + 1, 2) + '-' + pad(t.getUTCDate(), 2);
  }

  function pad(n, width) {
    var s = String(n);
    while (s.length < width) s = '0' + s;
    return s;
  }

  function yearOf(day) {
    return new Date(day * DAY_MS).getUTCFullYear();
  }

  /** 0 = Sunday ... 6 = Saturday; 1970-01-01 was a Thursday. */
  function weekdayOf(day) {
    return (((day + 4) % 7) + 7) % 7;
  }

  function toSet(list) {
    var set = {};
    (Array.isArray(list) ? list : []).forEach(function (d) { set[d] = true; });
    return set;
  }

  /** Checks the JSON and adds lookup tables; idempotent. */
  function prepare(json) {
    if (json && json.__prepared) return json;
    if (!json || !Array.isArray(json.years) || json.years.length !== 2 ||
        typeof json.off !== 'object' || typeof json.work !== 'object') {
      throw new Error('calendar.json does not have the expected shape');
    }
    return {
      __prepared: true,
      source: json.source,
      years: json.years,
      first: Number(json.years[0]),
      last: Number(json.years[1]),
      off: json.off || {},
      work: json.work || {},
      local_off: json.local_off || [],
      local_work: json.local_work || [],
      localOff: toSet(json.local_off),
      localWork: toSet(json.local_work)
    };
  }

  function isWorking(cal, key, day) {
    if (cal.localWork[key]) return true;
    if (cal.localOff[key]) return false;
    if (hasOwn.call(cal.work, key)) return true;
    if (hasOwn.call(cal.off, key)) return false;
    var w = weekdayOf(day);
    return w !== 0 && w !== 6;
  }

  function covered(cal, day) {
    var y = yearOf(day);
    return y >= cal.first && y <= cal.last;
  }

  function failure(message) {
    return { date: null, error: message };
  }

  function addWorkingDays(calendar, start, n) {
    var cal = prepare(calendar);
    var day = parseDay(start);
    var range = '（' + cal.first + '–' + cal.last + ' 年）';
    if (day === null) return failure('起算日期无效，请按 YYYY-MM-DD 填写。');
    if (typeof n !== 'number' || !isFinite(n) || n < 0 || Math.floor(n) !== n) {
      return failure('工作日天数无效。');
    }
    if (n > MAX_WORKING_DAYS) return failure('工作日天数超过 ' + MAX_WORKING_DAYS + '，无法计算。');
    if (!covered(cal, day)) {
      return failure(formatDay(day) + ' 不在工作日历收录的年份' + range + '内，无法计算。');
    }
    var counted = 0;
    var estimate = null;
    while (counted < n) {
      day += 1;
      if (!covered(cal, day)) {
        // Past the last covered year: weekends only, marked as an estimate.
        if (estimate === null) estimate = yearOf(day);
        var w = weekdayOf(day);
        if (w !== 0 && w !== 6) counted += 1;
        continue;
      }
      if (isWorking(cal, formatDay(day), day)) counted += 1;
    }
    return { date: formatDay(day), error: null, estimate: estimate };
  }

  /** The item's 咨询电话: the paragraph after that heading in the page's guide, if any. */
  function phoneOf(form) {
    var scope = form.closest('article') || document;
    var heads = scope.querySelectorAll('h2, h3, dt');
    for (var i = 0; i < heads.length; i++) {
      if (heads[i].textContent.trim() === '咨询电话') {
        var next = heads[i].nextElementSibling;
        var text = next ? next.textContent.trim() : '';
        if (text) return text;
      }
    }
    return '';
  }

  var loads = {};

  function load(url) {
    if (!loads[url]) {
      loads[url] = fetch(url, { credentials: 'same-origin' })
        .then(function (response) {
          if (!response.ok) throw new Error(url + ': HTTP ' + response.status);
          return response.json();
        })
        .then(prepare);
      loads[url].catch(function () { delete loads[url]; });
    }
    return loads[url];
  }

  function show(el, text, note) {
    var label = el.getAttribute('data-label');
    el.textContent = text && label ? label + '：' + text : text;
    el.classList.toggle('estimate', Boolean(note));
    var holder = el.parentNode;
    var old = holder && holder.querySelector('.estimate-note');
    if (old) old.parentNode.removeChild(old);
    if (note && holder) {
      var p = document.createElement('span');
      p.className = 'estimate-note';
      p.setAttribute('role', 'note');
      p.textContent = note;
      holder.appendChild(p);
    }
  }

  /** The working days an output asks for: its data-days, or the form fields it names. */
  function daysOf(form, el) {
    var name = el.getAttribute('data-days-field');
    var raw = name ? (form.elements[name] ? form.elements[name].value.trim() : '') : el.getAttribute('data-days');
    var n = /^\d+$/.test(raw) ? Number(raw) : NaN;
    var extend = el.getAttribute('data-extend-field');
    var box = extend ? form.elements[extend] : null;
    if (box && box.checked) n += /^\d+$/.test(box.value) ? Number(box.value) : NaN;
    return n;
  }

  /** Preset buttons: fill the days field (and the extension checkbox) they belong to. */
  function wirePresets(form, update) {
    Array.prototype.forEach.call(form.querySelectorAll('[data-preset]'), function (button) {
      button.addEventListener('click', function () {
        var days = form.elements.days;
        var extend = form.elements.extend;
        if (days) days.value = button.getAttribute('data-preset');
        if (extend) extend.checked = button.getAttribute('data-preset-extend') === 'true';
        update();
      });
    });
  }

  function wire(form) {
    var input = form.querySelector('input[name="start"]');
    var outputs = form.querySelectorAll('[data-days], [data-days-field]');
    if (!input || outputs.length === 0) return;
    var state = { calendar: null, failed: false };

    function update() {
      var start = input.value;
      Array.prototype.forEach.call(outputs, function (el) {
        if (!start) return show(el, '');
        if (state.failed) return show(el, '工作日历载入失败，暂时无法计算，请稍后重试。');
        if (!state.calendar) return show(el, '正在载入工作日历…');
        var result = addWorkingDays(state.calendar, start, daysOf(form, el));
        if (result.error) return show(el, result.error);
        var shown = result.date + '（' + WEEKDAYS[weekdayOf(parseDay(result.date))] + '）';
        if (result.estimate === null) return show(el, shown);
        var phone = phoneOf(form);
        show(el, '估算 约' + shown, '估算：未计入 ' + result.estimate + ' 年节假日安排，仅供参考' +
          (phone ? '。请致电确认：' + phone : '。请向办理机构咨询确认。'));
      });
    }

    // The page names the calendar with the site's base path; never assume the domain root.
    load(form.getAttribute('data-calendar') || '../../data/calendar.json').then(
      function (cal) { state.calendar = cal; update(); },
      function () { state.failed = true; update(); }
    );
    // Every field of the form (start date, days, extension) recomputes; events bubble.
    form.addEventListener('input', update);
    form.addEventListener('change', update);
    wirePresets(form, update);
    form.hidden = false;
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      update();
    });
    update();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll('form.deadline-calc'), wire);
  }

  window.GongkaiCalendar = { load: load, addWorkingDays: addWorkingDays };

  if (typeof document !== 'undefined') {
    if (document.readyState === 'loading') {
      document.addEventListener('DOMContentLoaded', init);
    } else {
      init();
    }
  }
})();
