// The application form: shows only the chosen category's evidence, suggests the title name for a series and level,
// and checks an upload's size before sending it. Server data comes from the JSON block #level-titles and data attributes.
(function () {
    var category = document.getElementById('Form.TalentCategory');
    if (category) {
        var show = function () {
            document.querySelectorAll('fieldset.evidence').forEach(function (fs) { fs.hidden = fs.dataset.category !== category.value; });
        };
        category.addEventListener('change', show);
    }

    var data = document.getElementById('level-titles');
    var titles = data ? JSON.parse(data.textContent) : {};
    var series = document.getElementById('Form.SeriesCode'), level = document.getElementById('Form.AppliedLevel'), title = document.getElementById('Form.AppliedTitle');
    if (series && level && title) {
        // A title the person typed is kept; one that is the series' title of some level follows the level chosen.
        var isSuggested = function (value) {
            return Object.keys(titles).some(function (s) { return Object.keys(titles[s]).some(function (l) { return titles[s][l] === value; }); });
        };
        var suggest = function () {
            var t = (titles[series.value] || {})[level.value];
            if (t && (!title.value || isSuggested(title.value))) { title.value = t; }
        };
        series.addEventListener('change', suggest);
        level.addEventListener('change', suggest);
    }

    var upload = document.getElementById('upload-form');
    if (upload) {
        upload.addEventListener('submit', function (ev) {
            var file = upload.querySelector('input[type=file]').files[0];
            if (!file) {
                ev.preventDefault();
                alert(upload.dataset.emptyMessage);
            } else if (file.size > Number(upload.dataset.maxBytes)) {
                ev.preventDefault();
                alert(upload.dataset.tooBigMessage);
            }
        });
    }
})();
