// The self-check page: only the chosen category's questions are shown (without script every question stays
// visible), and choosing another round reloads the form with that round's edition.
(function () {
    const radios = document.querySelectorAll('input[name="Input.TalentCategory"]');
    const show = () => {
        const chosen = document.querySelector('input[name="Input.TalentCategory"]:checked');
        document.querySelectorAll('[data-category]').forEach(el => { el.hidden = !!chosen && el.dataset.category !== chosen.value; });
    };
    radios.forEach(el => el.addEventListener('change', show));
    show();

    const round = document.getElementById('Input_RoundId');
    if (round) {
        round.addEventListener('change', () => { location.href = '/self-check?roundId=' + encodeURIComponent(round.value); });
    }
})();
