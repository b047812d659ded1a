// Keelwatch UI behaviour. No inline scripts anywhere (CSP script-src 'self'): pages mark
// elements with data attributes and this file wires them up, also after htmx swaps.
(function () {
  'use strict';

  function renderChart(canvas) {
    if (canvas.dataset.chartRendered || typeof Chart === 'undefined') {
      return;
    }
    canvas.dataset.chartRendered = 'true';
    fetch(canvas.dataset.chartSrc, { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (config) {
        config.options = Object.assign({ responsive: true, maintainAspectRatio: false, animation: false }, config.options || {});
        // links[dataset][index]: where a click on that bar goes (same-site paths only)
        var links = config.links;
        delete config.links;
        if (links) {
          config.options.onClick = function (event, elements) {
            if (elements.length > 0) {
              var target = (links[elements[0].datasetIndex] || [])[elements[0].index];
              if (typeof target === 'string' && target.charAt(0) === '/' && target.charAt(1) !== '/') {
                window.location.assign(target);
              }
            }
          };
        }
        new Chart(canvas, config);
      })
      .catch(function (status) { canvas.replaceWith(document.createTextNode('Chart unavailable (' + status + ').')); });
  }

  function megabytes(bytes) {
    return (bytes / 1048576).toFixed(1) + ' MB';
  }

  // A large report takes a while to upload and longer to import: the bar follows the upload,
  // then stays striped while the server imports.
  function wireUpload(form) {
    if (form.dataset.uploadWired) {
      return;
    }
    form.dataset.uploadWired = 'true';
    var box = form.querySelector('[data-upload-progress]');
    var bar = box.querySelector('.progress-bar');
    var status = form.querySelector('[data-form-status]');
    var submit = form.querySelector('button[type=submit]');
    form.addEventListener('htmx:beforeRequest', function () {
      submit.disabled = true;
      box.classList.remove('d-none');
      status.textContent = 'Uploading…';
    });
    form.addEventListener('htmx:xhr:progress', function (event) {
      if (!event.detail.lengthComputable || event.detail.total === 0) {
        return;
      }
      var percent = Math.min(100, Math.round(100 * event.detail.loaded / event.detail.total));
      bar.style.width = percent + '%';
      box.setAttribute('aria-valuenow', String(percent));
      if (percent < 100) {
        status.textContent = 'Uploading: ' + percent + ' % of ' + megabytes(event.detail.total);
      } else {
        bar.classList.add('progress-bar-striped', 'progress-bar-animated');
        status.textContent = 'Uploaded ' + megabytes(event.detail.total) + '; importing the report…';
      }
    });
    form.addEventListener('htmx:sendError', function () {
      submit.disabled = false;
      status.textContent = 'The upload failed: the server could not be reached.';
    });
  }

  // A form marked data-shows-refusals is answered, when refused (400, 403, 409, 413, 415, 422 …),
  // with its page or panel showing the reason, under the real status: swap that in as htmx swaps a
  // success (it leaves error answers out by default). An answer without the form's swap target (a
  // proxy's error page) is reported in the form's [data-form-status] instead. htmx fires this event
  // on the swap target, so it is caught on the document and matched to the form that sent the request.
  function swapRefusals(event) {
    var form = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (!form || !form.matches || !form.matches('form[data-shows-refusals]') || event.detail.xhr.status < 400) {
      return;
    }
    var target = form.getAttribute('hx-target') || '';
    var answer = event.detail.xhr.responseText || '';
    if (target.charAt(0) === '#' && answer.indexOf('id="' + target.substring(1) + '"') >= 0) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
      return;
    }
    var submit = form.querySelector('button[type=submit]');
    var status = form.querySelector('[data-form-status]');
    if (submit) {
      submit.disabled = false;
    }
    if (status) {
      status.textContent = 'The request failed (HTTP ' + event.detail.xhr.status + ').';
    }
  }

  // Times arrive in UTC (what the server knows); people read them in their own zone, with the zone
  // shown, and where they scan a list as "3 days ago" with the exact time on hover. A zone chosen in
  // the person's settings comes as a meta tag; otherwise the browser's own.
  var RELATIVE_UNITS = [['year', 31536000], ['month', 2592000], ['week', 604800], ['day', 86400], ['hour', 3600], ['minute', 60]];

  function relativeTime(when) {
    var seconds = Math.round((when.getTime() - Date.now()) / 1000);
    var format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
    for (var i = 0; i < RELATIVE_UNITS.length; i++) {
      if (Math.abs(seconds) >= RELATIVE_UNITS[i][1]) {
        return format.format(Math.round(seconds / RELATIVE_UNITS[i][1]), RELATIVE_UNITS[i][0]);
      }
    }
    return 'just now';
  }

  function localTimes(root) {
    var chosen = document.querySelector('meta[name="keelwatch-time-zone"]');
    var absolute = new Intl.DateTimeFormat('sv-SE', {
      year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
      timeZone: chosen && chosen.content ? chosen.content : undefined, timeZoneName: 'short'
    });
    root.querySelectorAll('time[datetime]:not([data-last-day])').forEach(function (element) {
      var when = new Date(element.getAttribute('datetime'));
      if (element.dataset.localTime || isNaN(when.getTime())) {
        return;
      }
      element.dataset.localTime = 'true';
      if (element.hasAttribute('data-relative')) {
        element.title = absolute.format(when);
        element.textContent = relativeTime(when);
      } else {
        element.textContent = absolute.format(when);
        element.title = relativeTime(when);
      }
    });
  }

  function chosenZone() {
    var chosen = document.querySelector('meta[name="keelwatch-time-zone"]');
    return chosen && chosen.content ? chosen.content : Intl.DateTimeFormat().resolvedOptions().timeZone;
  }

  // An expiry is "valid through" a day: the day, in the reader's zone, of the instant's previous
  // millisecond (an exception valid through 4 March expires when 5 March starts). Forms that take
  // such a day send the zone along (input[data-time-zone]) and show the stored one as a day there.
  function expiryDays(root) {
    var zone = chosenZone();
    var day = new Intl.DateTimeFormat('sv-SE', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: zone });
    var exact = new Intl.DateTimeFormat('sv-SE', {
      year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
      timeZone: zone, timeZoneName: 'short'
    });
    root.querySelectorAll('input[data-time-zone]').forEach(function (input) {
      input.value = zone;
    });
    root.querySelectorAll('time[data-last-day]').forEach(function (element) {
      var when = new Date(element.getAttribute('datetime'));
      if (!isNaN(when.getTime())) {
        element.textContent = day.format(new Date(when.getTime() - 1));
        element.title = 'expires ' + exact.format(when);
      }
    });
    root.querySelectorAll('input[type=date][data-last-day-of]').forEach(function (input) {
      var when = new Date(input.dataset.lastDayOf);
      if (!isNaN(when.getTime())) {
        input.value = day.format(new Date(when.getTime() - 1));
      }
    });
  }

  function init(root) {
    expiryDays(root);
    localTimes(root);
    root.querySelectorAll('canvas[data-chart-src]').forEach(renderChart);
    root.querySelectorAll('form[data-upload-form]').forEach(wireUpload);
  }

  // Spring Security checks the CSRF token on every state-changing request; htmx sends it as the
  // header the layout's meta tags name.
  function addCsrfHeader(event) {
    var token = document.querySelector('meta[name="_csrf"]');
    var header = document.querySelector('meta[name="_csrf_header"]');
    if (token && header) {
      event.detail.headers[header.content] = token.content;
    }
  }

  document.addEventListener('DOMContentLoaded', function () {
    if (window.htmx) {
      htmx.on('htmx:configRequest', addCsrfHeader);
      htmx.on('htmx:beforeSwap', swapRefusals);
      htmx.onLoad(init);
    } else {
      init(document);
    }
  });
})();
