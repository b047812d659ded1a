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
        new Chart(canvas, config);
      })
      .catch(function (status) { canvas.replaceWith(document.createTextNode('Chart unavailable (' + status + ').')); });
  }

  function init(root) {
    root.querySelectorAll('canvas[data-chart-src]').forEach(renderChart);
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
      htmx.onLoad(init);
    } else {
      init(document);
    }
  });
})();
