// Behaviour every page shares, attached by data attributes (the Content-Security-Policy allows no inline script):
//   data-print          prints the page
//   data-confirm="…"    asks before the button's form is submitted
//   data-auto-submit    submits its form when the selection changes
//   data-progress-url   a progress bar of long work: polls the URL (JSON state, progress, step) and reloads when done
document.addEventListener('click', function (ev) {
    var print = ev.target.closest('[data-print]');
    if (print) {
        ev.preventDefault();
        window.print();
        return;
    }

    var ask = ev.target.closest('[data-confirm]');
    if (ask && !window.confirm(ask.getAttribute('data-confirm'))) {
        ev.preventDefault();
    }
});

document.addEventListener('change', function (ev) {
    var auto = ev.target.closest('[data-auto-submit]');
    if (auto && auto.form) {
        auto.form.submit();
    }
});

document.querySelectorAll('[data-progress-url]').forEach(function (box) {
    var bar = box.querySelector('.progress-bar');
    var step = box.parentElement.querySelector('[data-progress-step]');
    var poll = function () {
        fetch(box.getAttribute('data-progress-url'), { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
            .then(function (r) { return r.ok ? r.json() : null; })
            .then(function (run) {
                if (!run) { return; }
                bar.style.width = run.progress + '%';
                bar.textContent = run.progress + '%';
                box.setAttribute('aria-valuenow', run.progress);
                if (step) { step.textContent = run.step; }
                if (run.state === 'running') { window.setTimeout(poll, 700); } else { window.location.reload(); }
            });
    };
    window.setTimeout(poll, 700);
});
