// Behaviour every page shares, attached by data attributes (the Content-Security-Policy allows no inline script):
//   data-print          prints the page
//   data-confirm="…"    asks before the button's form is submitted
//   data-auto-submit    submits its form when the selection changes
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
