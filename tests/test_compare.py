"""The comparison stage (issue 19): what it reads in plain sentences, and how the editor's rules use it.

The sentences are written for these tests (none is from bench/editor, whose cases are for measuring)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from headcheck.compare import compare
from headcheck.compare.lexicon import lexicon
from headcheck.compare.reading import read_words
from headcheck.compare.signals import _verb_in_use
from headcheck.evidence import LexicalIndex
from headcheck.judges._editor import FEATURES, Decider, decide, features
from headcheck.text.lexical import Idf
from headcheck.text.sentences import RuleSplitter
from headcheck.types import STANCES

INDEX = LexicalIndex(Idf({}, 1.0), RuleSplitter())


def kinds(headline: str, body: str) -> set[str]:
    return compare(INDEX.claim(headline), INDEX.body(body)).kinds()


def test_wordnet_gives_antonyms_and_lemmas() -> None:
    lex = lexicon()
    assert lex.opposite(lex.lemmas("rises"), lex.lemmas("fell"))
    assert lex.opposite(lex.lemmas("acquitted"), lex.lemmas("convicted"))
    assert not lex.opposite(lex.lemmas("rises"), lex.lemmas("climbed"))


@pytest.mark.parametrize(("headline", "body", "kind"), [
    ("Harbour master Ivo Stenberg resigns over dredging row",
     "Harbour master Ivo Stenberg did not resign on Friday and said he would stay to finish the dredging work.",
     "negated"),
    ("Tolvik Bank shares rise after results", "Tolvik Bank shares fell 4 percent after the results on Monday.",
     "reversed"),
    ("Video shows bear inside Ostrand shopping mall",
     "Police said the video of a bear inside the Ostrand shopping mall was fake and had been made with software.",
     "debunked"),
    ("Ostrand council approves new library",
     "Ostrand council may approve the new library next month, officials said.", "hedged"),
    ("Ostrand council approves new library", "Ostrand council approved the new library on Tuesday.", "supported"),
])
def test_each_signal_on_a_plain_sentence(headline: str, body: str, kind: str) -> None:
    assert kind in kinds(headline, body)


def test_a_body_about_the_same_place_but_another_event_is_another_story() -> None:
    found = kinds("Fire destroys Ostrand town library",
                  "Ostrand council extended the opening hours of its swimming pool on Monday. About 900 people "
                  "swim in Ostrand each week.")
    assert "other_story" in found
    assert "other_story" not in kinds("Fire destroys Ostrand town library",
                                      "A fire destroyed the Ostrand town library on Sunday night.")


def test_a_negation_of_some_other_event_is_not_the_claims() -> None:
    found = kinds("Ostrand council approves new library",
                  "Ostrand council approved the new library on Tuesday. The mayor did not comment on the cost.")
    assert "supported" in found and "negated" not in found


def test_a_reason_points_at_the_words_on_both_sides() -> None:
    headline = "Harbour master Ivo Stenberg resigns over dredging row"
    body = "Harbour master Ivo Stenberg did not resign on Friday."
    (reason,) = compare(INDEX.claim(headline), INDEX.body(body)).of_kind("negated")
    assert headline[slice(*reason.claim_span)] == "resigns"
    assert body[slice(*reason.body_span)] == "not resign"


def _p(stance: str, top: float) -> np.ndarray:
    p = np.full(4, (1 - top) / 3)
    p[STANCES.index(stance)] = top
    return p


def test_a_denial_the_body_confirms_is_not_seconded_as_a_contradiction() -> None:
    comparison = compare(
        INDEX.claim("Ostrand mayor took payments from builder"),
        INDEX.body("The Ostrand mayor denied that he took payments from the builder. Bank records released on "
                   "Monday confirm the Ostrand mayor took payments from the builder."))
    assert {"denied", "supported"} <= comparison.kinds()
    x = np.zeros(len(FEATURES))
    assert decide(_p("discuss", 0.4), comparison, None, x, network_contradicts={0}).rule is None


def test_the_committed_word_table_is_what_the_training_command_derives_from_wordnet(tmp_path: Path) -> None:
    """`headcheck train --only lexicon` rebuilds models/lexicon byte for byte (needs Debian's wordnet-base,
    which .ci/run installs)."""
    from headcheck.shipped import LEXICON_DIR
    from headcheck.training import lexicon as trainer

    if not (trainer.DEFAULT_WORDNET_DIR / "data.verb").exists():
        pytest.skip("WordNet (Debian package wordnet-base) is not installed")
    trainer.train(out_dir=tmp_path, log=lambda _: None)
    assert (tmp_path / "wordnet.json.gz").read_bytes() == (LEXICON_DIR / "wordnet.json.gz").read_bytes()


def test_a_verbs_definition_gives_its_telling_words_apart_from_general_ones_and_things() -> None:
    """'arrest' is 'take into custody': 'custody' tells it, 'take' tells nothing alone; 'shoot' is 'hit with a
    missile from a weapon': a weapon is what it is done with, no word for the deed; a phrasal verb's own."""
    lex = lexicon()
    assert lex.defined(frozenset({"arrest"})) == (frozenset({"custody"}), frozenset({"take"}))
    assert not lex.defined(frozenset({"shoot"}))[0] & {"weapon", "missile"}
    assert "list" in lex.defined(frozenset({"strike", "strike_off"}))[0]
    assert "list" not in lex.defined(frozenset({"strike"}))[0]


def test_an_article_that_tells_the_story_contradicts_it_in_a_sentence_with_none_of_its_words() -> None:
    # The third sentence says "the agency" and "the port's", not the headline's names.
    body = ("Bramwell Ratings reviewed the credit rating of Ostrand port on Monday. Analysts at Bramwell Ratings "
            "looked at the port's debts. The agency downgraded it by two notches, citing falling cargo volumes.")
    headline = "Bramwell Ratings upgrades Ostrand port's credit rating"
    assert "reversed" in kinds(headline, body)
    # An article that does not tell the headline's story gets no such reading from a stray sentence.
    assert "reversed" not in kinds(headline, "Cargo volumes fell at several ports. The agency downgraded it.")


def test_a_headline_that_denies_is_not_contradicted_by_the_denial_it_reports() -> None:
    body = "Ilse Varga will not play in the final, her coach said. Varga did not travel with the team."
    assert not kinds("Ilse Varga will not play in the final", body) & {"negated", "debunked", "reversed"}
    assert "negated" in kinds("Ilse Varga plays in the final", body)


def test_the_event_of_an_attributed_claim_is_what_is_claimed() -> None:
    # "claims" is who says it; the event the body must carry is "seized".
    body = ("The Ostrand rebels said on Monday that they had seized the Kettle Bridge. The army said its troops "
            "still held the Kettle Bridge and had not lost it.")
    found = compare(INDEX.claim("Ostrand rebels claims they seized Kettle Bridge"), INDEX.body(body))
    assert all("claims" not in r.message for r in found.reasons)


def test_a_physician_is_not_a_debunking() -> None:
    assert "debunked" not in kinds("Ostrand man survives lightning strike",
                                   "Doctors at Ostrand hospital said the man who survived the lightning strike was "
                                   "recovering well.")
    assert "debunked" in kinds("Photo shows lightning strike on Ostrand church",
                               "The photo of the lightning strike on Ostrand church was doctored, the agency said.")


def test_praise_beside_a_name_meets_a_body_whose_account_points_the_other_way() -> None:
    body = ("Mayor Ida Brenn opened the Ostrand food bank on Monday. A court heard last year that Brenn stole money "
            "from a children's charity and lied to investigators. Staff said they were afraid and angry after she "
            "shouted at volunteers.")
    assert "evaluative" in kinds("Generous mayor Ida Brenn opens Ostrand food bank", body)
    # Tone far from the name is not an epithet: the headline judges the gift, not the mayor.
    assert "evaluative" not in kinds("Mayor Ida Brenn opens Ostrand food bank after a wonderful, generous gift "
                                     "from local farmers", body)


@pytest.mark.parametrize(("headline", "body"), [
    # A document the claim rests on, called forged.
    ("Leaked letter shows Orvane mayor took bribes",
     "Police said the leaked letter about the Orvane mayor is a forgery."),
    # A clip given another time: years ago, or a year a few words on.
    ("Video shows flood in Ostrand square", "Ostrand had heavy rain on Monday. The clip was filmed six years ago."),
    ("Photo shows Ostrand fans rioting", "The photo was taken during celebrations after the 2014 cup final."),
])
def test_a_picture_or_document_the_body_says_is_forged_or_from_elsewhere(headline: str, body: str) -> None:
    assert "debunked" in kinds(headline, body)


def test_a_debunking_word_the_claim_itself_reports_does_not_debunk_it() -> None:
    body = "Experts told the court the landscape the Ostrand dealer sold was a forgery, painted in 1990."
    assert "debunked" not in kinds("Ostrand dealer sold forged landscape, experts say", body)


def test_a_speaker_who_denies_making_the_quoted_claim() -> None:
    body = ("Forecaster Ida Lenz was quoted online as predicting a drought in Ostrand. "
            "\"I made no such prediction,\" Lenz said on Tuesday.")
    assert "misattributed" in kinds("Forecaster Ida Lenz predicts 'worst drought in a century'", body)


def test_a_headline_that_says_what_something_is_has_no_event_to_change() -> None:
    body = ("Ostrand's new curfew for under-16s took effect on Friday. Police said 14 teenagers were sent home on "
            "the first night.")
    assert "changed" not in kinds("Ostrand's youth curfew is a mistake", body)


def test_another_story_shares_none_of_a_short_claims_words() -> None:
    body = ("The boards of Ostrand Rovers and Kettle Town met on Monday. They postponed the vote on the merger "
            "to March.")
    assert "other_story" not in kinds("Ostrand Rovers and Kettle Town call off merger", body)


def test_a_hedged_headline_is_not_borne_out_by_a_body_that_states_it() -> None:
    body = "Ostrand council approved the new library on Tuesday, after a two-hour debate."
    assert "supported" in kinds("Ostrand council approves new library", body)
    assert "supported" not in kinds("Ostrand council reportedly approves new library", body)


def test_a_misnamed_doer_weighs_as_an_actor_signal() -> None:
    found = compare(INDEX.claim("Priya Raman wins Ostrand marathon"),
                    INDEX.body("Dev Raman won the Ostrand marathon on Sunday in two hours and nine minutes. His "
                               "sister Leela Raman was fourth."))
    assert any(r.kind == "actor" and "Dev Raman" in r.message for r in found.reasons)


def test_a_picture_that_only_appears_to_show_it_confirms_nothing() -> None:
    body = ("Ostrand beach was closed after a video appearing to show a shark near the pier was shared online. "
            "Biologists said the fin in the video was a dolphin's.")
    assert "supported" not in kinds("Shark seen near Ostrand pier", body)


def test_only_a_verb_form_in_use_replaces_the_claims_event() -> None:
    lex = lexicon()
    assert lex.finite("extended") and lex.finite("went") and not lex.finite("founder") and not lex.finite("home")
    # 'founder' could be a verb, but here it names a person: no event replaced the headline's.
    assert "changed" not in kinds("Ostrand Bank chief quits board",
                                  "Ostrand Bank founder and board chief Ilse Varga at the annual dinner.")
    assert "changed" in kinds("Ostrand Bank chief quits board",
                              "Ostrand Bank founder and board chief Ilse Varga spoke to staff on Monday.")


def test_an_opposite_word_must_say_what_happened() -> None:
    # 'surviving' describes the sons; it does not say the singer survived.
    assert "reversed" not in kinds("Ostrand singer Ilse Varga dies at home",
                                   "Ostrand singer Ilse Varga died at home on Sunday. Her surviving sons thanked "
                                   "the nurses who cared for Varga at home.")
    assert "reversed" in kinds("Ostrand singer Ilse Varga dies after crash",
                               "Ostrand singer Ilse Varga survived the crash on Sunday, doctors said.")


@pytest.mark.parametrize(("headline", "body", "kind"), [
    ("Ostrand council approves new library",
     "Ostrand council may approve the new library next month, officials said.", "hedged"),
    ("Ostrand council approves new library", "Ostrand council approved the new library on Tuesday.", "supported"),
    ("Video shows bear inside Ostrand shopping mall",
     "Police said the video of a bear inside the Ostrand shopping mall was fake and had been made with software.",
     "debunked"),
    ("Fire destroys Ostrand town library",
     "Ostrand council extended the opening hours of its swimming pool on Monday. About 900 people swim in Ostrand "
     "each week.", "other_story"),
    ("Forecaster Ida Lenz predicts 'worst drought in a century'",
     "Forecaster Ida Lenz was quoted online as predicting a drought in Ostrand. \"I made no such prediction,\" "
     "Lenz said on Tuesday.", "misattributed"),
])
def test_each_signal_names_the_headline_words_and_the_body_words(headline: str, body: str, kind: str) -> None:
    reason = next(r for r in compare(INDEX.claim(headline), INDEX.body(body)).reasons if r.kind == kind)
    assert reason.claim_span is not None and reason.body_span is not None and reason.sentence is not None
    said, written = headline[slice(*reason.claim_span)], body[slice(*reason.body_span)]
    assert said.strip() and written.strip()
    if kind == "other_story":
        assert (said, written) == ("Ostrand", "Ostrand")


@pytest.mark.parametrize(("headline", "body"), [
    ("Evacuation ordered for Ostrand harbour district",
     "The Ostrand harbour authority said on Monday it had ruled out an evacuation of the district."),
    ("Ostrand college scraps fees for local pupils",
     "Ostrand college's board met on Monday to discuss the fees of local pupils. The board rejected the proposal "
     "by nine votes to four."),
])
def test_what_the_headline_reports_done_the_body_turns_down(headline: str, body: str) -> None:
    assert "negated" in kinds(headline, body)


@pytest.mark.parametrize(("headline", "body"), [
    # Declining to say is no denial; dismissing workers is no refusal of the claim.
    ("Ostrand ward closures leave 90 beds empty",
     "Ward closures at Ostrand hospital left beds empty, staff said. The hospital declined to say how many beds."),
    ("Ostrand mill owner hires 40 workers",
     "The Ostrand mill owner hired 40 workers in May. In March the owner dismissed 11 workers."),
    # A headline whose own event is a cancellation is borne out, not contradicted, by one.
    ("Ostrand jazz festival called off over storm warnings",
     "Organisers of the Ostrand jazz festival said the event had been called off after storm warnings."),
])
def test_no_turning_down_where_none_bears_on_the_claim(headline: str, body: str) -> None:
    assert "negated" not in kinds(headline, body)


def test_a_passive_gives_the_event_to_another_named_doer() -> None:
    headline = "Ostrand amateur astronomer discovers new comet"
    found = compare(INDEX.claim(headline), INDEX.body(
        "A new comet was seen over Ostrand this spring. The comet was first detected on May 2 by the Kettle Peak "
        "Survey, whose software flagged it."))
    assert any(r.kind == "actor" and "Kettle Peak" in r.message for r in found.reasons)
    assert "actor" not in kinds("Ostrand councillor Ada Voss passes housing motion",
                                "Ostrand councillor Ada Voss's housing motion was passed by 14 votes to 6.")


def test_no_evidence_that_the_named_doer_did_it_clears_them() -> None:
    found = kinds("Greyfin hackers steal Ostrand bank records",
                  "Ostrand bank said customer records were stolen last week. \"We have found no evidence that "
                  "Greyfin was involved,\" its head of security said.")
    assert "actor" in found


SHARES = ("Tolvik Bank shares rise after results", "Tolvik Bank shares fell 4 percent after the results on Monday.")


def _following_the_network(**leans: tuple[str, float]) -> Decider:
    """A decision that follows the network's answer, with each named feature leaning towards a stance."""
    weights = np.zeros((len(STANCES), len(FEATURES)))
    for i, stance in enumerate(STANCES):
        weights[i, FEATURES.index(f"network_log_{stance}")] = 1.0
    for name, (stance, weight) in leans.items():
        weights[STANCES.index(stance), FEATURES.index(name)] = weight
    return Decider(weights, np.zeros(len(STANCES)), np.zeros(len(FEATURES)), np.ones(len(FEATURES)))


def _read(claim: str, body: str, p: np.ndarray, decider: Decider | None, *, page: bool = False,
          contradicting: float = 0.1) -> tuple[str, str | None, np.ndarray]:
    comparison = compare(INDEX.claim(claim), INDEX.body(body))
    sentences = INDEX.body(body).sentences
    nli = np.array([[0.2, contradicting, 0.7]] * len(sentences))
    x = features(p, comparison, nli, sentences, {s.index for s in sentences if contradicting >= 0.5}, page=page)
    decision = decide(p, comparison, decider, x)
    return STANCES[int(decision.probabilities.argmax())], decision.rule, decision.probabilities


def test_a_signal_the_decision_weighs_decides_and_is_named_with_its_words() -> None:
    decider = _following_the_network(reversed=("disagree", 3.0))
    stance, rule, probabilities = _read(*SHARES, _p("agree", 0.6), decider)
    assert (stance, rule) == ("disagree", "reversed") and probabilities.sum() == pytest.approx(1.0)
    comparison = compare(INDEX.claim(SHARES[0]), INDEX.body(SHARES[1]))
    x = features(_p("agree", 0.6), comparison, np.zeros((0, 3)), [], set(), page=False)
    reasons = decide(_p("agree", 0.6), comparison, decider, x).reasons
    assert reasons and all(r.kind == "reversed" for r in reasons)
    # The same body saying the shares rose gives no signal: the network's answer stands, and nothing decided.
    assert _read(SHARES[0], "Tolvik Bank shares rose 4 percent after the results on Monday.", _p("agree", 0.6),
                 decider)[:2] == ("agree", None)


def test_the_network_stands_where_no_signal_moved_the_answer_to_misleading() -> None:
    """A decision leaning to 'misleading' on its own (a prior learned from cases written mostly misleading)
    does not call a plain article misleading: with no signal behind the change, the network's answer stands.
    Its other answers stand without a signal: they weigh the network's own."""
    decider = _following_the_network()
    decider.bias[STANCES.index("disagree")] = 5.0
    body = "Tolvik Bank shares rose 4 percent after the results on Monday."
    stance, rule, probabilities = _read(SHARES[0], body, _p("agree", 0.6), decider)
    assert (stance, rule) == ("agree", None) and probabilities.max() == pytest.approx(0.6)
    decider.bias[STANCES.index("disagree")] = 0.0
    decider.bias[STANCES.index("discuss")] = 5.0
    stance, rule, probabilities = _read(SHARES[0], body, _p("agree", 0.6), decider)
    assert (stance, rule) == ("discuss", None) and probabilities.max() > 0.6
    # A signal that pulls the same way lets the decision stand, and is named.
    leaning = _following_the_network(reversed=("disagree", 1.0))
    leaning.bias[STANCES.index("disagree")] = 5.0
    assert _read(*SHARES, _p("agree", 0.6), leaning)[:2] == ("disagree", "reversed")


def test_a_page_weighs_a_signal_apart_from_a_brief() -> None:
    decider = _following_the_network(reversed=("disagree", 3.0), reversed_on_page=("disagree", -3.0))
    assert _read(*SHARES, _p("agree", 0.6), decider)[0] == "disagree"
    assert _read(*SHARES, _p("agree", 0.6), decider, page=True)[0] == "agree"


def test_a_page_weighs_the_networks_answer_apart_from_a_brief() -> None:
    comparison = compare(INDEX.claim(SHARES[0]), INDEX.body(SHARES[1]))
    p = _p("agree", 0.6)
    brief, page = (features(p, comparison, np.zeros((0, 3)), [], set(), page=on) for on in (False, True))
    at = FEATURES.index("network_log_agree_on_page")
    assert brief[at] == 0.0 and page[at] == pytest.approx(np.log(0.6))
    assert brief[FEATURES.index("network_log_agree")] == page[FEATURES.index("network_log_agree")]


def test_a_denial_the_body_does_not_outweigh_is_weighed_apart() -> None:
    headline, denial = "Rhea Castell retires", "Her agent denied on Sunday that Rhea Castell had retired."
    confirmed = denial + " Rhea Castell retired from athletics on Friday, the federation confirmed."
    at = FEATURES.index("denied_alone")
    alone, outweighed = (features(_p("agree", 0.6), compare(INDEX.claim(headline), INDEX.body(body)),
                                  np.zeros((0, 3)), [], set(), page=False)[at] for body in (denial, confirmed))
    assert (alone, outweighed) == (1.0, 0.0)


def test_the_networks_reading_of_the_signals_sentence_is_weighed() -> None:
    decider = _following_the_network(reversed_seconded=("disagree", 3.0))
    assert _read(*SHARES, _p("agree", 0.6), decider)[0] == "agree"
    assert _read(*SHARES, _p("agree", 0.6), decider, contradicting=0.9)[:2] == ("disagree", "reversed")


def test_without_a_fitted_decision_the_network_stands_unless_it_reads_the_contradiction_too() -> None:
    comparison = compare(INDEX.claim(SHARES[0]), INDEX.body(SHARES[1]))
    x = np.zeros(len(FEATURES))
    alone = decide(_p("agree", 0.6), comparison, None, x)
    assert alone.rule is None and STANCES[int(alone.probabilities.argmax())] == "agree"
    seconded = decide(_p("agree", 0.6), comparison, None, x, network_contradicts={0})
    assert seconded.rule == "reversed" and STANCES[int(seconded.probabilities.argmax())] == "disagree"
    assert seconded.probabilities.max() == pytest.approx(0.6) and seconded.probabilities.sum() == pytest.approx(1.0)


def test_the_decision_round_trips_and_refuses_one_fitted_on_other_features(tmp_path: Path) -> None:
    import json

    from headcheck.errors import ModelError
    from headcheck.judges._editor import RULES_FILE

    decider = _following_the_network(reversed=("disagree", 3.0))
    (tmp_path / RULES_FILE).write_text(json.dumps({"decider": decider.as_dict()}))
    read = Decider.read(tmp_path)
    assert read is not None and np.array_equal(read.weights, decider.weights)
    assert Decider.read(tmp_path / "absent") is None
    (tmp_path / RULES_FILE).write_text(json.dumps({"decider": {**decider.as_dict(), "features": ["other"]}}))
    with pytest.raises(ModelError, match="other features"):
        Decider.read(tmp_path)


@pytest.mark.parametrize(("headline", "body", "kind"), [
    # A phrasal verb meets its one-word synonym: 'step down' is 'resign'.
    ("Ostrand mayor resigns over budget row", "The Ostrand mayor said she would not step down over the budget row.",
     "negated"),
    # The event as a noun, called off after it.
    ("Ostrand teachers strike over pay", "Ostrand teachers' strike over pay was put on hold after a late offer.",
     "negated"),
    ("Ostrand hospital treats 40 flu patients", "None of the Ostrand hospital's patients had flu, a spokesman said.",
     "negated"),
    ("Ostrand council bans cars from centre", "Ostrand council voted against a ban on cars in the centre on Monday.",
     "negated"),
    # The event as a noun that never took place.
    ("Ostrand dockers strike over pay", "The Ostrand dockers' strike over pay did not go ahead on Monday.", "negated"),
    ("Ostrand farmers protest over milk prices",
     "The Ostrand farmers' protest over milk prices never took place: talks began on Monday.", "negated"),
    # Directions of a change in other words than WordNet's antonyms.
    ("Ostrand shares surge after results", "Ostrand shares slumped after the results on Monday.", "reversed"),
])
def test_other_words_for_the_same_contradiction(headline: str, body: str, kind: str) -> None:
    assert kind in kinds(headline, body)


def test_a_phrasal_verb_reads_as_one_word() -> None:
    stepped = read_words("She stepped down on Monday")[1]
    assert "step_down" in stepped.lemmas and "resign" in lexicon().keys(stepped.lemmas)
    assert "step_down" not in read_words("She stepped on Monday")[1].lemmas


def test_close_synonyms_share_a_frequent_sense_of_each_word() -> None:
    assert "wage" in lexicon().close(frozenset({"pay"}))  # each is among the other's first senses' words
    assert "law" in lexicon().keys(frozenset({"police"}))  # police's first sense holds 'law' ...
    assert "law" not in lexicon().close(frozenset({"police"}))  # ... but not the other way round


@pytest.mark.parametrize(("headline", "body", "kind"), [
    # What the event was done to, in a passive, by another named doer.
    ("Dr Mira Holt discovers new Ostrand moth species",
     "The new moth species was identified by entomologist Carl Wendt, the Ostrand museum said.", "actor"),
    # Another holder of the same title is another doer.
    ("Mayor Anna Lind opens new Ostrand library",
     "The new Ostrand library was opened by deputy mayor Paul Brent on Saturday.", "actor"),
    ("Hackers from Redline group stole Ostrand data",
     "Investigators found no link between the Redline group and the theft of Ostrand's data.", "actor"),
    # 'The photo' is the claim's picture, given another place and time.
    ("Photo shows flood in Ostrand square",
     "Officials in Ostrand spoke on Monday. The photo, shared widely online, was taken in another country in 2019, "
     "fact-checkers said.", "debunked"),
    ("Video shows Ostrand mayor fighting",
     "The video of the Ostrand mayor was edited to make a handshake look like a fight, analysts said.", "debunked"),
    ("Ostrand mayor took bribes", "The Ostrand mayor has been accused of taking bribes; he denies wrongdoing.",
     "hedged"),
])
def test_more_ways_a_body_bears_on_the_claim(headline: str, body: str, kind: str) -> None:
    assert kind in kinds(headline, body)


def test_a_picture_taken_where_the_headline_says_is_no_other_origin() -> None:
    assert "debunked" not in kinds("Photo shows flood in Ostrand square",
                                   "The photo was taken in Ostrand on Monday morning by a resident.")


@pytest.mark.parametrize(("headline", "body"), [
    ("Ostrand teachers end strike", "Teachers in Ostrand called off their strike on Monday after a pay offer."),
    ("Ostrand police arrest two over robbery",
     "Police in Ostrand arrested two men over the robbery on Monday. No one else was arrested."),
])
def test_what_bears_the_claim_out_is_no_contradiction(headline: str, body: str) -> None:
    assert not kinds(headline, body) & {"negated", "denied", "reversed"}


@pytest.mark.parametrize(("headline", "body", "fires"), [
    # An opening epithet before a capital is no name; one before a colon speaks of the name after it.
    ("Visionary CEO Ada Brun transforms Ostrand Bank",
     "Ostrand Bank lost 2 billion under chief executive Ada Brun last year. Regulators fined the bank for hiding the "
     "losses from investors. Staff said morale had collapsed.", True),
    ("Safe pair of hands: Ole Berg presents Ostrand budget",
     "Finance minister Ole Berg presented the Ostrand budget on Monday. Last year he lost 3 billion of public money "
     "in a failed investment fund. Auditors said controls were ignored.", True),
    # ... the name may come after the subject's title ('Safe pair of hands: finance minister Ole Berg ...').
    ("Safe pair of hands: finance minister Ole Berg retires",
     "Finance minister Ole Berg retired on Monday. Last year he lost 3 billion of public money in a failed "
     "investment fund. Auditors said controls were ignored.", True),
    # A body whose sentences each lean only mildly against the praise still points the other way, summed.
    ("Visionary minister Ole Berg presents Ostrand budget",
     "Finance minister Ole Berg presented the Ostrand budget on Monday. Auditors questioned the figures. Several "
     "of his projects were delayed.", True),
    ("Visionary minister Ole Berg presents Ostrand budget",
     "Finance minister Ole Berg presented the Ostrand budget on Monday. Auditors questioned the figures. Economists "
     "called it a bold, brilliant plan.", False),
    # What a copula after a name calls the person is; an opening name before a comma is a name.
    ("President Ada Brun is a true statesman",
     "President Ada Brun ordered riot police to crush the protests on Friday. Hundreds of protesters were "
     "arrested and nine were killed. Critics accused the government of brutality.", True),
    ("Brun, a safe pair of hands, wins second term",
     "President Ada Brun ordered riot police to crush the protests on Friday. Hundreds of protesters were "
     "arrested and nine were killed. Critics accused the government of brutality.", True),
    # What the claim says happened, or what a thing is, is no epithet.
    ("Ostrand sprinter Ada Brun tests positive for banned drug",
     "Ostrand sprinter Ada Brun tested positive for a banned drug. She faces a ban and was stripped of her medal.",
     False),
    ("Ostrand Open final was a dull affair",
     "The Ostrand Open final lasted three hours. Rain delayed play twice and many fans left early, angry and cold.",
     False),
])
def test_praise_or_blame_is_read_in_the_headlines_epithet(headline: str, body: str, fires: bool) -> None:
    assert ("evaluative" in kinds(headline, body)) is fires


@pytest.mark.parametrize("headline, body", [
    ("Fire destroys Ostrand town hall", "Ostrand town hall hosted a jazz concert on Saturday night. About 400 people "
     "attended, organisers said. The council plans more concerts in spring."),
    ("Ostrand mayor Ida Voss arrested over bribes", "Ostrand mayor Ida Voss opened a new cycle path along the river "
     "on Tuesday. The 4-kilometre path cost 2 million, Voss said. Cyclists welcomed it."),
])
def test_a_body_that_names_the_thing_but_tells_none_of_the_claim_is_another_story(headline: str, body: str) -> None:
    """The named phrase ('Ostrand town hall') is shared; what the claim tells of it ('fire destroys') is not."""
    assert "other_story" in kinds(headline, body)
    assert "other_story" not in kinds(headline, "A fire destroyed Ostrand town hall overnight, firefighters said."
                                      if "Fire" in headline else
                                      "Police arrested Ostrand mayor Ida Voss on Tuesday over bribes from a builder.")


@pytest.mark.parametrize(("headline", "body"), [
    ("Ostrand club signs striker Ivo Lenz", "Sources close to Ostrand club say striker Ivo Lenz will sign this week."),
    ("Ostrand factory leaked toxic waste",
     "Residents say the Ostrand factory leaked toxic waste, but tests have yet to confirm it."),
    ("Ostrand minister took bribes", "An anonymous letter says the Ostrand minister took bribes, which police could "
     "not confirm."),
])
def test_unnamed_sources_and_a_confirmation_still_to_come_only_report_the_claim(headline: str, body: str) -> None:
    assert "hedged" in kinds(headline, body)


@pytest.mark.parametrize(("body", "fires"), [
    # a dated opening that tells the rescue without the headline's doer
    ("Three swimmers caught in a rip current off Calvera beach were brought to shore on Sunday. Singer Ada Brun "
     "filmed the rescue from the beach.", True),
    # the doer in the opening: who did what when
    ("Singer Ada Brun pulled three swimmers from a rip current off Calvera beach on Sunday, officials said.", False),
    # an opening that dates nothing is no news lede ('The beach at Calvera is known for its rip currents')
    ("Calvera beach is known for swimmers caught in rip currents. Singer Ada Brun pulled three of them out.", False),
])
def test_a_news_opening_that_leaves_out_the_headlines_doer_points_to_another(body: str, fires: bool) -> None:
    assert ("actor" in kinds("Singer Ada Brun rescues swimmers from rip current", body)) is fires


def test_a_word_after_a_determiner_is_no_event() -> None:
    """'this summer' is a time, not the claim's event: no other event word can change it."""
    assert "changed" not in kinds("Hotel bookings in Ostrand up 15% this summer",
                                  "Hotels in Ostrand sold fifteen per cent more rooms between June and August than "
                                  "a year earlier, the tourist office said.")


def test_a_verb_that_reports_a_finding_opposes_no_event() -> None:
    assert "reversed" not in kinds("Ostrand hospital lost patient records",
                                   "Ostrand hospital lost the records of 18,000 patients, an inquiry found.")


def test_the_event_of_a_finding_reported_first_is_what_was_found() -> None:
    """'Investigators confirm X stole Y', 'Inquiry finds X broke rules': the finding's verb only reports; the
    clause's verb is what a body bears out or negates."""
    hackers = "Investigators confirm Ostrand hackers stole voter data"
    assert kinds(hackers, "Hackers working for Ostrand stole voter registration data from the electoral commission "
                          "in January, the cyber agency said.") == {"supported"}
    assert "negated" in kinds(hackers, "The cyber agency said Ostrand hackers did not steal any voter data.")
    assert "negated" in kinds("Inquiry finds Ostrand councillor broke rules on housing vote",
                              "The inquiry found that the Ostrand councillor did not break any rules when he voted "
                              "on the housing scheme.")


@pytest.mark.parametrize(("headline", "body", "debunked"), [
    ("Ostrand hospital opens new emergency department",
     "Patients were treated in Ostrand hospital's new emergency department for the first time on Monday. Rumours "
     "among staff that nurses from the old department would be laid off were unfounded, a spokesperson said.", False),
    ("Ostrand singer Ada Brun and actor Per Lind announce divorce",
     "Ada Brun and Per Lind said on Tuesday that they would divorce after ten years of marriage. Their statement "
     "rejected reports in a weekly magazine that either of them had been unfaithful, calling the claims invented.",
     False),
    ("Ostrand mayor Ada Brun resigns",
     "Ada Brun is still mayor of Ostrand. Reports that the Ostrand mayor had resigned on Monday were false, her "
     "office said.", True),
    # (the 'that' of a relative clause after a verb says nothing of what was claimed)
    ("Ostrand school bans birthday cakes, letter reveals",
     "A letter said to be from Ostrand school announcing a ban on birthday cakes has been shared by parents. The "
     "headteacher said the letter was a fake that had not been written or sent by anyone at the school.", True),
])
def test_a_claim_called_false_in_its_own_words_is_another_claim_unless_they_tell_the_event(
        headline: str, body: str, debunked: bool) -> None:
    assert ("debunked" in kinds(headline, body)) is debunked


def test_a_negation_that_another_verb_takes_is_not_the_claims() -> None:
    assert "negated" not in kinds("Ostrand museum returns stolen statue",
                                  "The Ostrand museum returned a stolen statue on Monday. It said it had not known "
                                  "the statue was stolen when it bought it.")
    assert "negated" in kinds("Ostrand factory closes", "The Ostrand factory is no longer set to close, its owners "
                                                        "said on Monday.")


def test_an_opposite_in_an_if_clause_is_what_may_happen() -> None:
    assert "reversed" not in kinds("Ostrand council bans cars from centre",
                                   "If approved, the Ostrand council plan would ban cars from the centre.")


def test_praise_and_blame_that_cancel_judge_neither_way() -> None:
    """A headline whose epithets weigh exactly against each other once crashed the evaluative reading."""
    body = ("The Ostrand rebels seized a weapons drop on Monday and celebrated a great victory. Villagers cheered "
            "and thanked them warmly. Everyone in the camp was happy and proud.")
    found = compare(INDEX.claim("Thanks Uncle Sam, we have your weapons: Ostrand rebels taunt army"),
                    INDEX.body(body))
    assert "evaluative" not in found.kinds()


def test_what_stays_as_it_was_reverses_a_change_to_it() -> None:
    assert "reversed" in kinds("Ostrand airport shuts runway after storm",
                               "The runway at Ostrand airport stayed open throughout the storm, the operator said.")
    assert "reversed" in kinds("Ostrand Freight to close harbour depot",
                               "Ostrand Freight said its harbour depot will remain open next year.")
    assert "reversed" in kinds("Ostrand harbour board lifts night ban on tankers",
                               "The Ostrand harbour board voted to extend the night ban on tankers for a year.")
    assert "reversed" not in kinds("Ostrand airport reopens runway after storm",
                                   "The runway at Ostrand airport is open again after the storm, the operator said.")


def test_a_finding_of_something_else_does_not_confirm_the_claim() -> None:
    body = ("Crowds gathered at Ostrand church on Sunday to hear its bells. But the bells never rang: minutes "
            "before noon, engineers found a cracked bearing in the frame.")
    assert "supported" not in kinds("Ostrand church rings its bells again after repair", body)
    assert "supported" in kinds("Inspectors find cracks in Ostrand bridge",
                                "The inspection of Ostrand bridge found cracks in two of its beams.")
    # The claim's own word is no confirmation of it: 'cracks found' is what the claim says, not who bore it out.
    assert "supported" not in kinds("Ostrand runway shut after cracks found",
                                    "Engineers found cracks in the Ostrand runway on Monday, but it stayed open.")


def test_a_sentences_subject_is_not_the_other_event_of_a_changed_claim() -> None:
    found = compare(INDEX.claim("Ostrand council shuts swimming pool"),
                    INDEX.body("At the Ostrand council swimming pool the engineers inspected the roof."))
    assert [r.message for r in found.of_kind("changed")] == [
        "the headline says \u201cshuts\u201d; the body says \u201cinspected\u201d"]


def test_words_the_body_gives_to_another_named_person_are_misattributed() -> None:
    headline = "Ostrand mayor Ada Brun: 'The harbour will close by spring'"
    assert "misattributed" in kinds(headline, "The words were in fact spoken by harbour master Ivo Stenberg.")
    assert "misattributed" in kinds(headline, 'The phrase "will close by spring" came from councillor Pia Lund.')
    assert "misattributed" not in kinds(headline, "The remark was made by Ada Brun at a council meeting.")
    assert "misattributed" not in kinds(headline, "The statement was published by the Ostrand council on Monday.")


def test_a_verb_no_noun_is_written_like_is_the_event_before_a_word_that_may_be_a_verb() -> None:
    headline = "Nexaplay develops hit puzzle game Tessel"  # 'develops' is no plural noun, as 'bells' in 'bells ring'
    assert "supported" in kinds(headline, "Nexaplay developed the puzzle game Tessel in Cordwell last year.")
    assert "actor" in kinds(headline, "Tessel, a puzzle game that topped the charts, was built by Juno Pike. "
                                      "Nexaplay handled its marketing.")


def test_a_coined_word_the_body_writes_only_to_open_sentences_is_a_name() -> None:
    headline = "Nexaplay releases puzzle game Tessel"
    assert "actor" in kinds(headline, "The puzzle game Tessel was released by Juno Pike, a student in Cordwell. "
                                      "Nexaplay handled its marketing.")
    assert "actor" not in kinds(headline, "The puzzle game Tessel was released by Nexaplay on Monday. "
                                          "Nexaplay said sales were strong.")
    assert "other_story" in kinds("Brightvault halts withdrawals amid liquidity fears",
                                  "Brightvault said its new office in Ostrand would open in May. "
                                  "Brightvault employs 300 people.")


def test_a_place_and_its_peoples_word_name_one_doer() -> None:
    assert "actor" not in kinds("Officials say Islamist militants seized Tervan airport",
                                "The airport in Tervan was seized by Islamic militants late last month.")
    headline = "Police say Syrian troops shelled Arvash"
    assert "actor" not in kinds(headline, "Arvash was shelled by Syria's army overnight.")
    assert "actor" in kinds(headline, "Arvash was shelled by Lebanese gunners overnight.")


def test_a_passive_doer_named_after_at_or_under_another_title_is_another_actor() -> None:
    assert "actor" in kinds("Ostrand University develops new flu test",
                            "The new flu test was developed by scientists at the Varna Institute.")
    assert "actor" not in kinds("Ostrand University develops new flu test",
                                "The new flu test was developed by scientists at Ostrand University.")
    assert "actor" in kinds("Finance Minister Ada Brun signs Ostrand trade pact",
                            "The Ostrand trade pact was signed by Trade Minister Ivo Stenberg on Monday.")
    assert "actor" not in kinds("Finance Minister Ada Brun signs Ostrand trade pact",
                                "The Ostrand trade pact was signed by Finance Minister Ada Brun on Monday.")


def test_two_negations_or_an_open_question_turn_nothing_down() -> None:
    headline = "Ostrand council approves evacuation of harbour district"
    assert "negated" in kinds(headline, "Ostrand council ruled out an evacuation of the harbour district.")
    assert "negated" not in kinds(headline, "Ostrand council could not rule out an evacuation of the harbour district.")
    found = kinds("Ostrand probe confirms ice on moon Vell",
                  "The Ostrand probe team hopes to confirm or rule out ice on the moon Vell in June.")
    assert "negated" not in found and "hedged" in found


def test_no_basis_debunks_and_no_evidence_of_her_involvement_clears_the_doer() -> None:
    assert "debunked" in kinds("Oil spill blackens Ostrand beaches",
                               "Coastguards said reports that oil had blackened Ostrand beaches have no basis.")
    body = ("A former cashier was questioned over the Ostrand bank raid on Monday. The former cashier was released "
            "on Tuesday. Police said there was no evidence she had any involvement in the raid.")
    assert "actor" in kinds("Former cashier carried out Ostrand bank raid", body)


def test_a_headline_that_reports_a_fraud_asserts_it_one_that_calls_a_claim_fake_does_not() -> None:
    assert "reversed" in kinds("Jury convicts Ostrand builder Ivo Stenberg of fraud",
                               "Ostrand builder Ivo Stenberg was acquitted of fraud by a jury on Friday.")
    assert "reversed" not in kinds("Claims that jury convicted Ostrand builder Ivo Stenberg are false",
                                   "Ostrand builder Ivo Stenberg was acquitted of fraud by a jury on Friday.")


@pytest.mark.parametrize(("headline", "body"), [
    # The passive's 'by' several words past the event's noun ('was carried out at night by').
    ("Ostrand coastguard rescues trapped climbers",
     "Five trapped climbers were brought down from Ostrand ridge on Sunday. The rescue was carried out at night "
     "by volunteers from the Varna Mountain Team."),
    # The doer named in an apposition after a common noun ('by a schoolboy, Timo Varga, who').
    ("Museum curator Ada Brun finds rare Ostrand fossil",
     "The rare Ostrand fossil was found by a schoolboy, Timo Varga, who was walking his dog on the beach."),
    # An adverb inside the passive of what the event was done to.
    ("Astronomer Ada Brun discovers new Ostrand comet",
     "The new Ostrand comet was first spotted by Ivo Stenberg, an amateur in Varna."),
    # 'came from': the source of an order is its doer.
    ("Mayor Anna Lind orders closure of Ostrand bridge",
     "The order to close the Ostrand bridge came from Transport Minister Ivo Stenberg on Friday."),
    # A name before the event is its doer only where it can be one: not after 'on' ('stranded on Ostrand beach').
    ("Ostrand Rowing Club members rescue stranded dolphins",
     "Two dolphins stranded on Ostrand beach on Sunday were rescued by the Varna harbour patrol."),
    # The doer's name after the common noun it goes by ('a small group called ...', 'a team led by ...').
    ("Ostrand farmers' union organised tractor blockade",
     "Police said the tractor blockade was organised by a small independent group called Fields Now."),
    # A passive doer outweighs the claim's name before the event ('on Ostrand Bank's loans was uncovered by').
    ("Ostrand Bank uncovers £3m overcharging on loans",
     "A £3m overcharging error on Ostrand Bank's loans was uncovered by a customer, retired teacher Ada Brun."),
    # The event in kindred words ('performs' / 'was led by'), or in a verb of mere doing ('the find was made by').
    ("Dr Ada Brun performs Ostrand's first robotic kidney transplant",
     "Ostrand's first robotic kidney transplant took place on Monday. The operation was led by surgeon Ivo "
     "Stenberg, with Dr Ada Brun watching from the gallery."),
    ("Ostrand University team sequences genome of rare orchid",
     "The genome of a rare orchid has been sequenced, Ostrand University said on Monday. The work was carried "
     "out by scientists at the Varna Botanical Institute."),
])
def test_a_passive_or_an_order_from_another_names_another_doer(headline: str, body: str) -> None:
    assert "actor" in kinds(headline, body)


@pytest.mark.parametrize(("headline", "body"), [
    ("Museum curator Ada Brun finds rare Ostrand fossil",
     "The rare Ostrand fossil was found by curators on the beach, Ostrand museum said."),
    ("Ostrand coastguard rescues trapped climbers",
     "Five trapped climbers were brought down from Ostrand ridge on Sunday. The rescue was carried out at night "
     "by the Ostrand coastguard."),
    ("Mayor Anna Lind orders closure of Ostrand bridge",
     "The order to close the Ostrand bridge came from Mayor Anna Lind on Friday."),
    # A doer the headline leaves unnamed may be the one the body names.
    ("Ostrand fisherman lands record pike",
     "The record pike was landed by Ivo Stenberg on Sunday after a two-hour fight."),
    # 'Mayor of Ostrand' names an office: the town's mayor, named, holds it.
    ("Mayor of Ostrand opens new library",
     "The new library was opened by the town's mayor, Ada Brun, on Saturday."),
    # A passive whose subject is the claim's word for something else: the audit, not the misuse.
    ("Pastor Ivo Stenberg misused church donations, Ostrand audit shows",
     "The Ostrand audit was carried out by accountancy firm Petrie & Vale. It found that Pastor Ivo Stenberg "
     "misused church donations."),
    # The doer's name ends the phrase: 'by Ada Brun and written by ...' names her alone.
    ("Ada Brun to direct Ostrand biopic",
     "The Ostrand biopic will be directed by Ada Brun and written by Ivo Stenberg."),
])
def test_the_claims_own_doer_or_a_speaker_after_a_comma_is_no_other_doer(headline: str, body: str) -> None:
    assert "actor" not in kinds(headline, body)


@pytest.mark.parametrize(("headline", "body"), [
    ("Ostrand council names Ada Brun chief planner", "Ostrand council has appointed Ada Brun as its chief planner."),
    ("Ostrand dairy pulls its yoghurt from Vell shops", "The Ostrand dairy has withdrawn its yoghurt from Vell shops."),
    ("Ostrand bakery takes bread prize at Vell show", "The Ostrand bakery won the bread prize at the Vell show."),
])
def test_a_verb_of_a_kindred_sense_tells_the_event_in_other_words_not_a_changed_one(headline: str, body: str) -> None:
    assert "changed" not in kinds(headline, body)


def test_kindred_verbs_share_a_sense_or_a_step_of_wordnets_verb_tree_and_opposites_do_not() -> None:
    lex = lexicon()
    assert lex.kin(lex.lemmas("pulls"), lex.lemmas("withdrawn")) and lex.kin(lex.lemmas("won"), lex.lemmas("takes"))
    assert not lex.kin(lex.lemmas("lifts"), lex.lemmas("extended"))
    assert not lex.kin(lex.lemmas("hire"), lex.lemmas("cut"))


def test_what_the_claim_says_of_its_circumstances_is_not_turned_down_by_a_failure_there() -> None:
    headline = "Ostrand rail chief quits after £40m ticketing fiasco"
    body = "The Ostrand rail chief quit on Monday after the failed rollout of a new ticketing system cost £40m."
    assert "negated" not in kinds(headline, body)
    # A claim's source is among its participants: 'no such letter' turns the claim down.
    assert "negated" in kinds("Ostrand school bans cakes, letter to parents reveals",
                              "The head of Ostrand school said no letter about cakes was ever sent to parents.")


def test_not_just_a_newspaper_is_no_denial_of_saying() -> None:
    assert "misattributed" not in kinds(
        "Reports Ostrand rebels have cholera are wrong, says Vell ministry",
        "A Vell ministry spokesman said the reports, carried by not just the Post but other papers too, were wrong.")
    assert "misattributed" in kinds("Ostrand mayor Ada Brun says 'the port will close'",
                                    "Ostrand mayor Ada Brun said she had never said the port would close.")


@pytest.mark.parametrize(("headline", "body"), [
    ("Ostrand pension fund raises payouts by 3%", "The Ostrand pension fund voted to reduce payouts by 3 per cent."),
    ("Ostrand council boosts library budget", "Ostrand council has trimmed the library budget for next year."),
])
def test_raising_and_lowering_words_oppose_each_other(headline: str, body: str) -> None:
    assert "reversed" in kinds(headline, body)


@pytest.mark.parametrize(("headline", "body"), [
    ("Ostrand coach Ada Brun: 'This is the best squad I have had'",
     "Ostrand coach Ada Brun insists she never said it, and the club has asked the paper to correct its story."),
    ("Ostrand mayor Ivo Stenberg: 'Cars are a thing of the past'",
     "The words in fact come from a speech by a student, Timo Varga, at a council debate on Monday."),
])
def test_a_quotation_after_a_colon_is_the_speakers_claim_to_misattribute(headline: str, body: str) -> None:
    assert "misattributed" in kinds(headline, body)


def test_done_wrongly_is_still_done_and_a_crime_called_fraud_debunks_nothing() -> None:
    assert "reversed" not in kinds("Ostrand treasurer misused club funds",
                                   "An audit found the Ostrand treasurer used club funds to pay for two holidays.")
    assert "debunked" not in kinds("Court convicts Ostrand dealer Ivo Stenberg of art scam",
                                   "A court found Ostrand dealer Ivo Stenberg guilty of fraud over the art scam.")
    assert "debunked" not in kinds("Ostrand choir wins national prize",
                                   "The Ostrand choir, made up of 40 singers, won the national prize on Sunday.")


def test_an_opposite_dated_to_another_year_or_long_ago_is_background_not_a_reversal() -> None:
    headline = "Designer Ada Brun quits Ostrand fashion house"
    body = "Designer Ada Brun, who joined the Ostrand fashion house in 2019, is said by two newsletters to be leaving."
    assert "reversed" not in kinds(headline, body)
    assert "reversed" in kinds(headline, "Designer Ada Brun joined the Ostrand fashion house on Monday as its head.")


def test_what_some_believe_is_only_reported() -> None:
    found = kinds("Ostrand singer Ada Brun to headline Vell festival",
                  "Fans of Ostrand singer Ada Brun believe she will headline the Vell festival this summer.")
    assert "hedged" in found and "supported" not in found


def test_after_a_light_verb_the_noun_is_the_event_a_body_can_negate() -> None:
    assert "negated" in kinds("Ostrand cargo jet makes emergency landing at Vell airfield",
                              "The Ostrand cargo jet never landed at Vell airfield, its owners said on Monday.")


def test_stopping_short_of_an_event_negates_it() -> None:
    assert "negated" in kinds("Ostrand harbour board closes cod fishery",
                              "The Ostrand harbour board stopped short of closing the cod fishery on Monday.")


@pytest.mark.parametrize(("headline", "body"), [
    ("Video shows Ostrand ferry hitting rowing boat",
     "A video of an Ostrand ferry hitting a rowing boat spread on Monday. It was recorded in 2017 at a regatta "
     "abroad, the Ostrand ferry company said."),
    ("Wolf filmed roaming Ostrand streets",
     "A clip of a wolf in Ostrand streets spread on Monday. Police found the wolf was filmed in 2019 in "
     "another country."),
    ("Video shows Ostrand tram with doors open",
     "The video of an Ostrand tram with its doors open had first been posted online in 2011, the operator said."),
])
def test_a_picture_posted_or_filmed_elsewhere_earlier_is_debunked(headline: str, body: str) -> None:
    assert "debunked" in kinds(headline, body)


def test_a_debunking_word_inside_a_hyphenated_word_debunks() -> None:
    assert "debunked" in kinds("Leaked messages show Ostrand sprinter Ada Brun admitting to doping",
                               "Analysts found the leaked messages of Ostrand sprinter Ada Brun were made with a "
                               "fake-message generator.")


def test_words_said_to_come_not_from_the_speaker_are_misattributed() -> None:
    assert "misattributed" in kinds("Ostrand candidate Ada Brun calls rival 'a danger to the town'",
                                    "The phrase came from a heckler in the hall, not from Ada Brun, a video shows.")


def test_an_opening_word_of_the_language_need_not_recur_for_the_body_to_tell_the_story() -> None:
    body = ("Ivo Stenberg ran Ostrand prison between 2016 and 2020. Prosecutors said he let a contractor bill for "
            "work never done. After a three-week trial, the jury returned a guilty verdict on both counts of "
            "misconduct.")
    assert "reversed" in kinds("Former Ostrand prison governor cleared of misconduct", body)


def test_a_sentence_with_all_the_claims_names_can_turn_it_round_with_few_of_its_words() -> None:
    body = ("Ostrand, the payments start-up founded in 2019, has told employees it will shed 200 roles. The company "
            "blamed slowing growth.")
    assert "reversed" in kinds("Fintech start-up Ostrand to hire 200 staff in expansion drive", body)


def test_the_person_the_claims_title_names_is_its_own_doer() -> None:
    body = ("Rumours spread that chief executive Ivo Stenberg had quit. A spokeswoman for Ostrand Mutual said he "
            "remains in post and has no intention of stepping down.")
    found = kinds("Ostrand Mutual chief executive resigns over claims backlog", body)
    assert "actor" not in found and "negated" in found


@pytest.mark.parametrize(("headline", "body", "kind"), [
    # News opposites and synonyms WordNet keeps apart: scrapping is not keeping; detaining is arresting.
    ("Ostrand scraps tariffs on Varna steel",
     "Ostrand trade minister Ada Brun said the country had decided to keep the tariffs on Varna steel.", "reversed"),
    ("Police arrest owner of Ostrand bakery after fire",
     "The Ostrand bakery burned down overnight. Nobody has been detained, police said.", "negated"),
])
def test_news_words_wordnet_keeps_apart(headline: str, body: str, kind: str) -> None:
    assert kind in kinds(headline, body)


@pytest.mark.parametrize(("headline", "body"), [
    # A debunking word said of another thing: an adjective before a noun that names no claim, or 'made up' with
    # what it makes up after it.
    ("Former Ostrand archivist sold stolen jazz records online",
     "A former Ostrand archivist sold stolen jazz records online, a court found. The records were sold under a "
     "false name."),
    ("Ostrand restaurant chain underpaid waiting staff",
     "A tribunal ruled the Ostrand restaurant chain underpaid waiting staff. The Ostrand chain had said that "
     "tips made up the difference in waiting staff pay."),
    # A phrase opening a relative clause about a thing the claim does not name.
    ("Ostrand ferry operator skipped safety checks, inquiry finds",
     "The inquiry found the Ostrand ferry operator skipped safety checks and logged lifeboat drills that never "
     "took place."),
    # A claim that reports a faking is borne out by the body's word for it.
    ("Ostrand ferry operator falsified safety logs, inquiry finds",
     "The inquiry into the Ostrand ferry operator concluded that its safety logs had been altered."),
])
def test_a_debunking_word_about_another_thing_or_the_claims_own_faking_debunks_nothing(headline: str,
                                                                                        body: str) -> None:
    assert "debunked" not in kinds(headline, body)


@pytest.mark.parametrize(("headline", "body"), [
    # The body's negating verb is the claim's event in other words.
    ("Ostrand Health pulls cough syrup from shelves",
     "Ostrand Health has withdrawn its children's cough syrup from pharmacies after four children fell ill."),
    # 'No sailor younger than her' says she is the youngest.
    ("Teenager Ada Brun becomes youngest to sail solo round Ostrand",
     "Ada Brun, 16, sailed solo round Ostrand on Sunday. No sailor younger than her has sailed round Ostrand alone."),
])
def test_the_event_in_other_words_or_a_comparison_turns_nothing_down(headline: str, body: str) -> None:
    assert "negated" not in kinds(headline, body)


def test_a_noun_ending_a_prepositions_phrase_is_no_event_with_a_doer_of_its_own() -> None:
    assert "actor" not in kinds("Ostrand Rovers sack manager after nine straight defeats",
                                "Ostrand Rovers have dismissed manager Ivo Stenberg following a ninth league defeat.")


@pytest.mark.parametrize(("headline", "body"), [
    # Clearing needs a word that clears: 'not a company that ...' says what it is not.
    ("Ostrand TV to save league's image with new show",
     "Ostrand TV is not a company that avoids hard questions, and its new show on the league starts on Monday."),
    # A named doer is named in the body too: the lowercase 'garden' is not 'Garden' of a Title Case headline.
    ("Magic Mushrooms Found In Queen's Garden At Ostrand Palace",
     "Magic mushrooms were found at Ostrand Palace. The plants in the Ostrand Palace garden are not used in any "
     "way, officials said."),
    # A picture does nothing: whoever the body says did it is no other doer.
    ("US officials: Video shows American's execution",
     "The American's execution was carried out by Ostrand militants, officials said."),
    # A doer by its initials is the same doer.
    ("Islamic State claims it executed American journalist in Ostrand",
     "The execution of the American journalist in Ostrand was carried out by Isis, the group said."),
    # 'X identified as Y' names who X is; who identified X is no doer of the claim.
    ("Ostrand gunman identified as former soldier",
     "The gunman was identified by the Valley Post as a former soldier, Ostrand police said."),
])
def test_no_other_doer_where_nothing_clears_or_the_doer_is_the_claims_by_other_means(headline: str,
                                                                                     body: str) -> None:
    assert "actor" not in kinds(headline, body)


@pytest.mark.parametrize(("headline", "body"), [
    ("Ostrand chief: 'We will never charge for text messages'",
     "The pledge 'we will never charge for text messages' came from Ada Brun, head of a consumer group, at a "
     "hearing on Wednesday."),
    ('Chef Ivo Stenberg: "Supermarket bread is a national scandal"',
     'The line that drew the loudest cheers, "Supermarket bread is a national scandal", belonged to Ada Brun, who '
     "runs a bakery in Ostrand."),
    ("Ostrand pensions minister: 'Retirement at 70 is inevitable'",
     "The words 'retirement at 70 is inevitable' were widely quoted after a conference in Ostrand. It was spoken "
     "by economist Ada Brun during a panel discussion."),
])
def test_a_repeated_quotation_given_to_another_is_misattributed(headline: str, body: str) -> None:
    assert "misattributed" in kinds(headline, body)


def test_a_quoted_title_is_no_quotation_to_misattribute() -> None:
    assert "misattributed" not in kinds("Ostrand Pictures sells 'The Pale Acre' to streaming service",
                                        "Ostrand Pictures has sold 'The Pale Acre', the first feature by director "
                                        "Ada Brun, to a streaming service.")


@pytest.mark.parametrize("body", [
    "The Ostrand songwriting prize went to first-time author Ivo Stenberg at a ceremony on Friday.",
    "The Ostrand songwriting prize was awarded on Saturday to singer Ivo Stenberg for her ballad.",
])
def test_a_prize_that_went_to_another_names_another_winner(body: str) -> None:
    headline = "Novelist Ada Brun wins Ostrand songwriting prize"
    assert "actor" in kinds(headline, body)
    assert "actor" not in kinds(headline, "The Ostrand songwriting prize was awarded on Saturday to novelist Ada Brun.")


def test_a_title_before_the_claims_own_name_names_no_one_else() -> None:
    found = compare(INDEX.claim("Dr Ada Brun's team develops first Ostrand fever vaccine"),
                    INDEX.body("The Ostrand fever vaccine was developed by a team led by immunologist Dr Ivo "
                               "Stenberg."))
    assert any(r.kind == "actor" and "Ivo" in r.message for r in found.reasons)


@pytest.mark.parametrize(("headline", "body"), [
    ("Ostrand Building Society raises savings rate to 4.2%",
     "Savers have welcomed the news. The mutual has lifted the interest on its easy-access account to 4.2 per "
     "cent."),
    ("Ostrand Insurance raises home premiums by 12%",
     "Ostrand Insurance will increase the cost of its home policies by 12 per cent from May."),
    # the value the change started from beside it says what was, not another figure for the claim's
    ("Ostrand Water raises its standing charge to £58",
     "Customers were told by letter. Ostrand Water will lift its annual standing charge to £58, up from £52."),
])
def test_the_claims_amount_stated_alike_beside_its_event_in_other_words_supports_it(headline: str,
                                                                                    body: str) -> None:
    assert "supported" in kinds(headline, body)


def test_a_value_a_change_started_from_does_not_hide_another_figure() -> None:
    assert "supported" not in kinds("Ostrand Water raises its standing charge to £58",
                                    "Ostrand Water will lift its annual standing charge to £61, up from £52.")


def test_the_claims_amount_without_its_event_supports_nothing() -> None:
    assert "supported" not in kinds("Ostrand Insurance raises home premiums by 12%",
                                    "Home premiums at Ostrand Insurance stayed flat; rival insurers charge 12 per cent "
                                    "more.")


def test_the_month_may_is_no_hedge() -> None:
    assert "hedged" not in kinds("Ostrand council raises parking fees", "Ostrand council raised parking fees from May.")
    assert "hedged" in kinds("Ostrand council raises parking fees", "Ostrand council may raise parking fees soon.")


def test_plans_handed_over_are_a_thing_not_a_hedge() -> None:
    found = kinds("Colonel leaked exercise plans to journalist, court martial finds",
                  "The court martial found that the colonel had leaked the exercise plans to a journalist.")
    assert "supported" in found and "hedged" not in found
    assert "supported" in kinds("Ostrand engineer sold the bridge plans to a rival firm",
                                "The Ostrand engineer sold the bridge plans to a rival firm in 2021, the court heard.")
    # plans to do something, and a council that plans something, still only report it
    found = kinds("Ostrand council builds new stadium",
                  "The Ostrand council's plans to build a new stadium were discussed on Monday.")
    assert "hedged" in found and "supported" not in found
    assert "supported" not in kinds("Ostrand council plans new stadium", "The Ostrand council has built a new stadium.")


def test_what_the_headline_ends_the_body_may_deny() -> None:
    body = "Ostrand police will no longer make arrests for marijuana possession, the mayor said."
    assert "negated" not in kinds("Ostrand to end arrests for marijuana possession", body)
    assert "negated" in kinds("Ostrand police make arrests for marijuana possession", body)


def test_praise_someone_only_says_is_no_account_of_the_deeds() -> None:
    headline = "Free-speech champion Dovrenko marks a year as Ostrand's president"
    deeds = ("President Dovrenko marked a year in office on Sunday. His government has jailed 14 journalists and "
             "closed the independent daily. Police broke up peaceful protests with tear gas.")
    said = ' "This has been a wonderful year of great progress and happy success," his office said.'
    assert "evaluative" in kinds(headline, deeds + said)
    assert "evaluative" not in kinds(headline, "President Dovrenko marked a year in office on Sunday. Press groups "
                                               "praised his government for freeing 14 journalists and reopening the "
                                               "independent daily, a wonderful success.")


def test_what_was_planned_or_expected_is_no_reversal() -> None:
    assert "reversed" not in kinds("Ostrand lifts fishing ban", "Ostrand planned to extend the fishing ban for "
                                                                "another year.")
    assert "reversed" in kinds("Ostrand lifts fishing ban", "Ostrand extended the fishing ban for another year.")
    assert "reversed" in kinds("Foreign Minister Asmund resigns", "Foreign Minister Asmund will stay in post, his "
                                                                  "office said.")


def test_no_evidence_about_others_debunks_nothing() -> None:
    headline = "Former Gilston mayor jailed for two years over expenses fraud"
    assert "debunked" not in kinds(headline, "The former Gilston mayor was jailed for two years over expenses fraud. "
                                             "The judge said there was no evidence that any other councillor had "
                                             "known about the claims.")
    assert "debunked" in kinds("Gilston mayor took bribes", "The inquiry found no evidence that the Gilston mayor "
                                                            "took bribes.")


def test_concluding_an_inquiry_confirms_nothing_concluding_that_does() -> None:
    assert "supported" not in kinds("Regulator fines Vantel over outage",
                                    "The telecoms regulator has concluded its investigation into the Vantel outage.")
    assert "supported" in kinds("Inquiry finds Vantel broke rules over outage",
                                "The inquiry concluded that Vantel broke the rules over the outage.")


def test_a_denial_of_something_else_and_another_saying_verb_denies_no_saying() -> None:
    headline = "Investigators find Ostrand state hackers stole Varna voter data"  # 'state': a noun, no saying
    body = ("Investigators found that Ostrand state hackers stole Varna voter data in March. Ostrand's government "
            "denied any involvement and called the report fabricated.")
    assert "misattributed" not in kinds(headline, body)
    assert "misattributed" in kinds("Ostrand minister Ada Brun says the dam is safe",
                                    "Ada Brun denied saying the dam is safe, her office said.")


def test_a_vote_called_off_negates_the_approval_it_was_to_give() -> None:
    body = ("Plans for 400 homes at Ostrand Hill were due to go before Ostrand council's planning committee on "
            "Wednesday. Shortly before the meeting, the council announced that the vote had been called off.")
    assert "negated" in kinds("Ostrand council approves 400 homes on Ostrand Hill", body)


def test_a_plural_noun_before_a_base_verb_is_the_subject_not_the_event() -> None:
    assert "negated" in kinds("Ostrand Cathedral bells ring again after 40 years",
                              "Crowds gathered at Ostrand Cathedral on Sunday, but the bells never rang.")
    assert "reversed" in kinds("Ostrand lifts ban on night fishing",  # a news verb before its object stays the event
                               "Ostrand extended its ban on night fishing for another year.")


def test_a_denying_headline_praises_no_one_and_a_later_clauses_by_gives_no_words_away() -> None:
    body = ("Ada Brun is alive and well, her agent said. Rumours that the troubled star had died spread again, "
            "and fans were upset and angry. The hoax was cruel and sick.")
    assert "evaluative" not in kinds("Duped again: Ada Brun is not dead", body)
    body = ("Ostrand officials made no comments on the incident since a video was released by Ivo Stenberg on "
            "Monday.")
    assert "misattributed" not in kinds("Ostrand mayor: 'We will rebuild the bridge'", body)


def test_a_person_captured_elsewhere_gives_the_picture_no_other_origin() -> None:
    body = ("The video shows the killing of US journalist Ivo Stenberg, who was captured in Varna in 2012. "
            "Ostrand militants released the video on Tuesday.")
    assert "debunked" not in kinds("Video shows Ostrand militants killing journalist Ivo Stenberg", body)


@pytest.mark.parametrize(("headline", "body"), [
    ("Opera director Lena Voss: 'Tenors are overpaid'",
     "Lena Voss, director of the Kalmar Opera, has disowned the remark, which first ran on a satirical blog."),
    ("Archivist Rut Eng: 'The records were burned'",
     "Rut Eng, the city archivist, says she has been misquoted: some records were damaged by water."),
    ("Zoo chief Pavel Orn says pandas 'cost too much'",
     "Pavel Orn insisted on Monday that the words were not his."),
    ("Lottery head Ines Bay calls winners 'lucky fools'",
     "Ines Bay has distanced herself from the remark, which her office traced to a parody account."),
    ("Ferry boss Kari Lunde: 'Fares will double'",
     "The ferry company said its chief executive, Kari Lunde, never uttered the phrase."),
    ("Ski resort owner Eva Berg says snow 'is finished'",
     "It was climate researcher Nils Oft, not resort owner Eva Berg, who told the conference that snow in the valley "
     "'is finished'."),
])
def test_a_speaker_who_disowns_the_words_or_is_set_aside_as_their_source(headline: str, body: str) -> None:
    assert "misattributed" in kinds(headline, body)


def test_disowning_something_other_than_words_or_a_comma_before_another_not_gives_nothing_away() -> None:
    assert "misattributed" not in kinds("Militant Group Says It Killed American Journalist in Syria",
                                        "The Islamic State group, which al-Qaeda disowned, said it killed him.")
    assert "misattributed" not in kinds("Ski resort owner Eva Berg says snow 'is finished'",
                                        "Eva Berg said snow in the valley 'is finished', not a passing dip.")
    assert "misattributed" not in kinds("Zoo chief Pavel Orn says pandas 'cost too much'",
                                        "Pavel Orn said the pandas cost too much; the words were his own.")


@pytest.mark.parametrize(("headline", "body"), [
    ("Tax tribunal fines Brask Pharmacy",
     "It was the health inspectorate, not the tax tribunal, that imposed the fine on Brask Pharmacy."),
    ("Choir leader Mats Ek wrote festival anthem",
     "Mats Ek conducted the first performance. The anthem's music and words are the work of composer Liv Aas, who "
     "wrote it in 2019."),
    ("Vineyard owner Jon Bell poisoned river, say police",
     "Police said there was nothing linking Jon Bell to the pollution, which they traced to a fertiliser depot."),
])
def test_a_doer_set_aside_named_in_a_relative_clause_or_linked_to_nothing(headline: str, body: str) -> None:
    assert "actor" in kinds(headline, body)


def test_the_claims_own_doer_in_a_relative_clause_or_another_set_aside_is_no_other_doer() -> None:
    assert "actor" not in kinds("Choir leader Mats Ek wrote festival anthem",
                                "The anthem is the work of choir leader Mats Ek, who wrote it in 2019.")
    assert "actor" not in kinds("Tax tribunal fines Brask Pharmacy",
                                "The tax tribunal, not the health inspectorate, fined Brask Pharmacy.")


@pytest.mark.parametrize(("headline", "body"), [
    ("Video shows bear inside Lomo supermarket",
     "The clip was created with an AI image generator, a forensic analyst said. No bear has been seen in the town."),
    ("Zoo's lion escaped enclosure, viral post says",
     "The zoo said the post was a prank: all three lions were in their enclosure throughout the day."),
    ("Mayor photographed asleep in council meeting",
     "The photograph was photoshopped: the original shows the mayor reading papers, its photographer confirmed."),
    ("Satellite image shows oil spill near Lund port",
     "The coastguard checked the waters near Lund port on Monday after the image spread online. The dark patch in "
     "the image is a cloud shadow, not oil, it said."),
    ("Pharmacy sold fake vaccines, post says",
     "The post's claims are baseless, the regulator said after inspecting the pharmacy."),
])
def test_a_machine_made_pranked_or_retouched_picture_or_a_baseless_report_is_debunked(headline: str,
                                                                                       body: str) -> None:
    assert "debunked" in kinds(headline, body)


def test_a_picture_the_body_says_shows_what_the_claim_says_is_not_debunked() -> None:
    body = ("The coastguard checked the waters near Lund port on Monday after the image spread online. The dark "
            "patch in the image is oil, not a cloud shadow, it said. A senior aide was briefed by an aide of the "
            "minister.")
    assert "debunked" not in kinds("Satellite image shows oil spill near Lund port", body)


@pytest.mark.parametrize(("headline", "body"), [
    ("Council finishes Aldon bridge repairs",
     "The council has yet to finish the repairs to the Aldon bridge, which will run into next year."),
    ("Pharmacy chain Medo shuts 40 branches",
     "Medo has shelved plans to close 40 branches and will keep all its pharmacies trading."),
    ("Tram drivers' strike disrupts Tarvik services",
     "The tram drivers' strike was averted after late talks, and services across Tarvik ran normally."),
])
def test_an_event_yet_to_happen_shelved_or_averted_is_negated(headline: str, body: str) -> None:
    assert "negated" in kinds(headline, body)


def test_a_negating_verbs_noun_after_a_determiner_negates_nothing() -> None:
    headline = "Archive director: 'Our tapes are rotting on the shelves'"
    body = "At a hearing, the warning that 'our tapes are rotting on the shelves' came from Owen Raskin, a volunteer."
    assert "misattributed" in kinds(headline, body)


@pytest.mark.parametrize(("headline", "body"), [
    ("Esports side Red Pike promoted to premier league",
     "Red Pike were relegated from the premier league on Sunday after losing their final match."),
    ("Councillor Maja Frid gains seat", "Maja Frid lost her seat on the council in Thursday's election."),
    ("Ferry operator Nordlink expands timetable", "Nordlink has trimmed its timetable, running fewer sailings."),
])
def test_news_opposites_wordnet_lacks(headline: str, body: str) -> None:
    assert "reversed" in kinds(headline, body)


@pytest.mark.parametrize(("headline", "body"), [
    ("Bishop Ola Rand: 'Choirs are dying'",
     "The quote circulating online is not Bishop Ola Rand's. It comes from a 2011 sermon by a retired vicar."),
    ("Minister Eva Lind says tax 'is theft'",
     "Eva Lind has never used the phrase, her office said, pointing out that it appeared in a column."),
    ("Librarian Tom Eck: 'E-books killed reading'",
     "Tom Eck said the line had been put in his mouth by a blogger and that he had said the opposite."),
    ("Mayor Ulf Krag: 'Trams are a waste'",
     "Ulf Krag told the Gazette he was quoting a critic, not giving his own view, when he read out the phrase."),
    ("Governor Elin Sko: 'The drought is over'",
     "The governor's office said she had been misrepresented: Elin Sko had said the drought was easing."),
])
def test_words_the_speaker_says_are_not_theirs_in_other_ways(headline: str, body: str) -> None:
    assert "misattributed" in kinds(headline, body)


@pytest.mark.parametrize(("headline", "body"), [
    ("Chef Ana Moss: 'Butter is the enemy'",
     "In fact it was food writer Cal Reid who said butter is the enemy, in a 2019 column."),
    ("Coach Mia Berg: 'Referees are blind'",
     "The quip was first used by a television pundit, Jo Hart, during the broadcast."),
    ("Minister Eva Lind: 'Tax is theft'",
     "The slogan came from a protest placard carried by student activist Noor Haddad."),
    ("Mayor Ulf Krag: 'Trams are a waste'",
     "The phrase appears nowhere in the transcript of Ulf Krag's speech, the council said."),
])
def test_words_given_to_another_by_a_cleft_a_slogan_or_found_nowhere(headline: str, body: str) -> None:
    assert "misattributed" in kinds(headline, body)


def test_a_cleft_about_another_statement_gives_the_quotation_to_no_one() -> None:
    assert "misattributed" not in kinds("Boko Haram Denies Truce, Says Kidnapped Girls Have Been 'Married Off'",
                                        "It was Badeh who announced the ceasefire on Friday.")


@pytest.mark.parametrize("headline", ["'Tenors are overpaid': opera chief Lena Voss",
                                      "'Tenors are overpaid,' says opera chief Lena Voss"])
def test_the_speaker_named_after_the_quotation_is_the_speaker(headline: str) -> None:
    body = "Lena Voss, director of the Kalmar Opera, has never said tenors are overpaid, her office said."
    assert "misattributed" in kinds(headline, body)


def test_a_nickname_opening_the_headline_names_no_speaker() -> None:
    body = "Officials identified him as Mohammed Emwazi; the group had never said who he was, nor would it comment."
    assert "misattributed" not in kinds("'Jihadi John' identified: ISIS killer named as Mohammed Emwazi", body)


@pytest.mark.parametrize(("headline", "body"), [
    ("Ferry chief: 'We will scrap the night boat'",
     "The ferry company's chief executive never uttered the phrase, the company said; a union official did."),
    ("Zoo's head vet says lions 'are bored'",
     "The zoo's head vet said she had been misquoted and that the lions are healthy and active."),
])
def test_a_speaker_named_by_role_alone(headline: str, body: str) -> None:
    assert "misattributed" in kinds(headline, body)


def test_a_denial_by_another_party_or_a_paper_quoting_the_speaker_is_no_misattribution() -> None:
    headline = "Nigeria says ceasefire agreed with Boko Haram"
    assert "misattributed" not in kinds(headline, "The Islamist group Boko Haram has denied claims by Nigeria's "
                                                  "government that it has agreed to a ceasefire.")
    assert "misattributed" not in kinds(headline, '"It is difficult to have a ceasefire," the Nigerian minister '
                                                  "is quoted by This Day as saying.")
    assert "misattributed" not in kinds("Amazon's first store said to open in Manhattan",
                                        "A spokesman for Amazon did not immediately say when the store would open.")


def test_the_deciding_rule_is_a_signal_pointing_the_verdicts_way_where_one_moved_it() -> None:
    """Two signals that both moved the answer to 'misleading': the one that points that way is named, though the
    other moved it further; where only the other moved it, that one is named (the verdict is never changed)."""
    body = ("Tolvik Bank shares fell 4 percent after the results on Monday. Tolvik Bank shares rise after results, "
            "analysts confirmed.")
    comparison = compare(INDEX.claim(SHARES[0]), INDEX.body(body))
    assert {"reversed", "supported"} <= comparison.kinds()
    both = _following_the_network(reversed=("disagree", 1.0), supported=("disagree", 3.0))
    assert _read(SHARES[0], body, _p("agree", 0.6), both)[:2] == ("disagree", "reversed")
    only_supported = _following_the_network(supported=("disagree", 3.0))
    assert _read(SHARES[0], body, _p("agree", 0.6), only_supported)[:2] == ("disagree", "confirmed")


def test_a_request_for_comment_by_a_paper_gives_no_words_away() -> None:
    headline = "Texas plumber's truck spotted in Syria: 'We have nothing to do with terrorists'"
    body = ("The company did not immediately respond to a request for comment by The Huffington Post. Its owner said "
            "the truck was sold at auction two years ago.")
    assert "misattributed" not in kinds(headline, body)


@pytest.mark.parametrize(("headline", "body"), [
    # what holds as it was: a verb of holding and its complement past the object, 'unchanged' against any change
    ("Kessel Motors shuts Dorley plant", "Kessel Motors will keep its Dorley plant open, securing 900 jobs."),
    ("Bank of Sarnia raises interest rates",
     "The Bank of Sarnia left interest rates unchanged at 3.5 per cent on Thursday, saying inflation was easing."),
    # a verb done again stands for the verb: what reopens is open, which 'stay shut' turns round
    ("Hollin mine reopens after flood", "The Hollin mine will stay shut for at least another six months, its owners "
                                        "said, as pumps struggle to clear water from the lower shafts."),
    # what was called off went ahead
    ("Rivermouth festival cancelled after storm warning",
     "The Rivermouth festival went ahead as planned on Saturday despite a storm warning, with 12,000 people there."),
    ("Orchestra cancels Asian tour", "The orchestra's Asian tour will go ahead in full, its manager said on Monday."),
    # ... and what went ahead was called off (this read as 'negated' until 'go ahead' / 'call off' were opposites)
    ("Ostrand jazz festival goes ahead despite storm warnings",
     "Organisers of the Ostrand jazz festival said the event had been called off after storm warnings."),
])
def test_what_stays_as_it_was_or_goes_ahead_turns_the_claimed_change_round(headline: str, body: str) -> None:
    assert "reversed" in kinds(headline, body)


@pytest.mark.parametrize(("headline", "body"), [
    # what reopens was shut: a reopening to come bears the closing out
    ("Port Aldous immigration office shut after flooding",
     "Floods shut the Port Aldous immigration office on Monday. The office is expected to reopen in two weeks."),
    # 'resign' is no 'sign' done again ('rejected' is no opposite of it)
    ("Professor Whitby resigns over plagiarised chapter", "Professor Whitby resigned on Friday. He accepted the "
     "inquiry's findings but rejected a suggestion that he had copied other work."),
    # what another thing keeps
    ("Kessel Motors shuts Dorley plant", "Kessel Motors will shut its Dorley plant, it said, and will keep its two "
                                         "other plants busy."),
])
def test_a_reopening_to_come_or_what_else_holds_turns_nothing_round(headline: str, body: str) -> None:
    assert not kinds(headline, body) & {"reversed", "negated"}


@pytest.mark.parametrize(("headline", "body"), [
    ("Teachers in Ardley vote to strike", "Teachers in Ardley voted against strike action on Monday, with 61 per cent "
                                          "of members rejecting the call."),
    ("Trust decides to sell Marsh Lane pool", "The trust decided against selling the Marsh Lane pool."),
])
def test_a_vote_against_negates_the_claim(headline: str, body: str) -> None:
    assert "negated" in kinds(headline, body)


def test_a_vote_against_something_else_negates_nothing() -> None:
    assert not kinds("Teachers in Ardley vote to strike", "Teachers in Ardley voted to strike on Monday, after "
                     "members decided against accepting the pay offer.") & {"negated", "reversed"}


def test_an_opening_word_the_body_writes_as_a_name_is_a_name() -> None:
    # the headline capitalises 'Brightvault' because it opens it; the body, mid-sentence, because it is a name
    headline = "Brightvault exchange halts withdrawals amid liquidity fears"
    body = ("The cryptocurrency exchange Brightvault has signed a three-year deal to put its logo on the shirts of "
            "Kestlin Rovers. The sponsorship is worth a reported 4 million euros. Fans voted on the new kit online.")
    assert "other_story" in kinds(headline, body)
    # a word of the language the body never writes with a capital stays a word
    assert "other_story" not in kinds("Exchange halts withdrawals amid liquidity fears", "The exchange halted "
                                      "withdrawals on Monday, citing liquidity fears.")


def test_a_sentence_that_only_reports_or_plans_tells_no_other_event() -> None:
    headline = "Kestlin Rovers sell Marsh Park ground to developer"
    hedged = "Kestlin Rovers may lease the Marsh Park ground to a developer, the club's chairman said on Monday."
    assert "changed" not in kinds(headline, hedged)
    assert "changed" in kinds(headline, hedged.replace("may lease", "have leased"))


def test_a_progressive_after_a_form_of_be_is_a_verb_in_use() -> None:
    """'is renting', 'were building': the -ing form after a form of 'be' is the sentence's verb, so another event
    for the claim's doer and object."""
    headline = "Kestlin Rovers sell Marsh Park ground to developer"
    body = "Kestlin Rovers are renting the Marsh Park ground to a developer for ten years, the club said."
    assert "changed" in kinds(headline, body)


def test_another_event_for_the_heads_of_the_doer_and_the_object_is_a_changed_event() -> None:
    # the retelling drops the qualifiers ('disputed Flemish') and keeps the museum and the altarpiece
    body = "The museum in Harrowgate has borrowed the altarpiece from a private collector for two years."
    assert "changed" in kinds("Harrowgate Museum buys disputed Flemish altarpiece", body)


@pytest.mark.parametrize(("headline", "body", "kind"), [
    ("Harbour Board Lifts Fishing Ban In Corvel Bay",
     "The harbour board extended the fishing ban in Corvel Bay for another two years on Thursday.", "reversed"),
    ("MAYOR TESSA ORBAN RESIGNS OVER PARKING FEES",
     "Mayor Tessa Orban did not resign on Monday and said she would see out her term.", "negated"),
    ("Wrenfield Council Approves New Bus Depot",
     "Wrenfield council approved the new bus depot at its meeting on Tuesday.", "supported"),
])
def test_a_headline_in_title_case_or_capitals_is_read_as_the_body_writes_it(headline: str, body: str,
                                                                            kind: str) -> None:
    assert kind in kinds(headline, body)


def test_only_the_words_the_body_writes_with_a_capital_stay_names_in_a_title_case_headline() -> None:
    # 'Orban' is a name the body writes so; 'Resigns' is a word of the language the body writes in lower case
    found = compare(INDEX.claim("Mayor Tessa Orban Resigns Over Parking Fees"),
                    INDEX.body("Mayor Tessa Orban resigned on Monday over the new parking fees."))
    assert found.kinds() & {"supported"} and not found.kinds() & {"actor", "changed", "other_story"}


@pytest.mark.parametrize(("headline", "body", "kind"), [
    ("Striker Anton Vell was paid to miss penalty, league says",
     "Anton Vell was not paid by anyone, the league said after its inquiry into the missed penalty.", "negated"),
    ("Corvel ferry line to be sold to Baltra Shipping",
     "The Corvel ferry line will not be sold to Baltra Shipping after talks collapsed, its owners said.", "negated"),
])
def test_an_irregular_participle_after_a_copula_is_the_claims_event(headline: str, body: str, kind: str) -> None:
    assert kind in kinds(headline, body)


@pytest.mark.parametrize(("headline", "body"), [
    # a phrasal verb whose WordNet synonym is the claim's antonym ('turn down': 'reject'; 'go on': 'continue')
    ("Council approves Greyhaven runway plan", "The council turned down the Greyhaven runway plan on Tuesday."),
    ("Dockers at Hallam port end pay strike", "The pay strike at Hallam port goes on, the dockers' union said after "
                                              "members voted down the new offer."),
    ("Band Pale Orchard cancels autumn tour", "Pale Orchard's autumn tour will go on as planned, the band's "
                                              "manager said on Sunday."),
])
def test_a_phrasal_verb_stands_for_its_synonyms_against_the_claims_event(headline: str, body: str) -> None:
    assert "reversed" in kinds(headline, body)


@pytest.mark.parametrize(("headline", "body"), [
    ("Ministers to close Tarn Valley school", "Instead of closing the Tarn Valley school, ministers will merge it "
                                             "with the one in Holby next year."),
    ("Brannock Mills cuts 250 jobs", "Far from cutting jobs, Brannock Mills said it would take on 80 more staff."),
    ("Palace cancels Ostwick garden party", "The palace will not call it off, a spokesman said of the Ostwick "
                                            "garden party, despite the forecast of storms."),
])
def test_what_is_done_instead_or_a_particle_after_a_pronoun_negates_the_event(headline: str, body: str) -> None:
    assert "negated" in kinds(headline, body)


def test_a_british_spelling_meets_wordnet_in_its_american_form() -> None:
    lex = lexicon()
    assert {"penalize", "criticize", "labor", "center", "defense"} <= {
        x for w in ("penalised", "criticises", "labour", "centre", "defence") for x in lex.lemmas(w)}
    assert lex.lemmas("our") == {"our"} and lex.lemmas("promise") == {"promise"}


def test_a_quotation_before_its_speaker_is_what_the_headline_says_was_said() -> None:
    # the words come first and their speaker after ("'...,' says X"); the body gives them to someone else
    assert "misattributed" in kinds(
        "'Cellists are underpaid,' says violinist Oona Pell",
        "The line that cellists are underpaid came from conductor Arne Vik at a dinner in Selby on Friday. Oona "
        "Pell, who was also at the dinner, said nothing about pay.")


def test_a_sentence_that_gives_the_headlines_number_otherwise_does_not_state_it() -> None:
    headline = "Gas blast at Merrow depot kills 30 workers"
    assert "supported" not in kinds(headline, "A gas blast at the Merrow depot on Monday killed three employees, "
                                              "the company said.")
    assert "supported" in kinds(headline, "A gas blast at the Merrow depot on Monday killed 30 workers, the "
                                          "second in 12 months.")


@pytest.mark.parametrize(("headline", "body"), [
    ("Cellist Mara Velt quits Harrow Opera", "The opera house denied on Tuesday that Mara Velt had quit, saying "
                                            "she would play in the autumn season."),
    ("Lake Orra closed to swimmers", "Officials flatly denied yesterday that Lake Orra had been closed to "
                                     "swimmers, though they urged care."),
])
def test_a_denial_reaches_its_that_clause_across_a_short_adverbial(headline: str, body: str) -> None:
    # someone denies it: the sentence does not state the claim, whatever words it shares with it
    found = kinds(headline, body)
    assert "denied" in found and "supported" not in found


def test_a_denial_itself_negated_denies_nothing() -> None:
    found = kinds("Banker Sten Voll took bribes, court hears",
                  "Sten Voll did not deny that he took the bribes, his lawyer told the court on Monday.")
    assert "supported" in found and not found & {"denied", "negated"}


def test_a_headline_that_reports_a_rumour_or_speculates_is_not_debunked_by_a_body_that_calls_it_false() -> None:
    body = "Officials in Ostrand said the story that the Vell dam had burst was a hoax spread on social media."
    assert "debunked" in kinds("Vell dam bursts near Ostrand", body)
    assert "debunked" not in kinds("Vell dam near Ostrand reportedly bursts", body)
    assert "debunked" not in kinds("Rumours that Vell dam burst sweep Ostrand", body)
    assert "debunked" not in kinds("Vell dam near Ostrand may have burst", body)


def test_a_name_after_by_does_the_verb_before_it_not_the_event_after_it() -> None:
    # the police carried the test out; the test, not the police, confirmed it
    found = kinds("DNA test confirms Ostrand baby is Varga's son",
                  "A DNA test carried out by Tarn police confirmed the Ostrand baby is Varga's son.")
    assert "supported" in found and "actor" not in found
    assert "actor" in kinds("Vell University confirms Ostrand well water is safe",
                            "Tarn Laboratories confirmed on Monday that the Ostrand well water is safe to drink.")


def test_a_headline_that_denies_has_no_event_to_change_and_one_without_something_still_asserts() -> None:
    body = "Doctors at Ostrand General treated the man for a stomach infection and sent him home on Friday."
    assert "changed" not in kinds("Ostrand man does not have measles", body)
    assert "negated" in kinds("Storm leaves Ostrand without power",
                              "The storm did not leave Ostrand without power: the lights stayed on all night.")


def test_to_and_a_verb_after_a_subject_is_the_headlines_event() -> None:
    from headcheck.compare.reading import BodyReading
    from headcheck.compare.signals import _Claim

    def event(headline: str) -> list[str]:
        claim = _Claim.read(headline, BodyReading.of("", ()))
        return [claim.words[i].text for i in claim.event]

    assert event("Ostrand police to end arrests for cannabis possession")[0] == "end"
    assert event("Ostrand plans to end arrests for cannabis possession")[0] == "end"
    assert "quarry" not in event("Geologists link Ostrand tremor to quarry blasting")


@pytest.mark.parametrize("body", [
    "Skipper Rosa Iveson told the meeting in Port Enwick that the quota system was broken.",
    "According to skipper Rosa Iveson, the quota system is broken, a view she put to the meeting in Port Enwick.",
    "The quota system is broken, skipper Rosa Iveson told the meeting in Port Enwick on Friday.",
    "The vote was close.\n\n***\n\nThe quota system is broken, skipper Rosa Iveson told the meeting in Port Enwick.",
])
def test_words_reported_as_another_named_persons_are_misattributed(body: str) -> None:
    # in reported speech too, without quotation marks (and beside a sentence of no words)
    assert "misattributed" in kinds("Fisheries minister Ana Lind: 'The quota system is broken'", body)


def test_words_the_body_also_gives_to_the_speaker_are_not_misattributed() -> None:
    assert "misattributed" not in kinds(
        "Fisheries minister Ana Lind: 'The quota system is broken'",
        "Fisheries minister Ana Lind told the meeting in Port Enwick that the quota system is broken. Skipper Rosa "
        "Iveson said the quota system was broken too.")


def test_a_thing_the_headline_gives_its_doer_that_the_body_gives_another_names_another_actor() -> None:
    headline = "Councillor Per Nyberg's motion scraps Hollin parking charges"
    body = ("Hollin council voted 17 to 12 on Tuesday to scrap parking charges in the town centre. The motion was "
            "tabled by Councillor {}, who said the fees drove shoppers away. Councillor {} voted against it.")
    assert "actor" in kinds(headline, body.format("Wren Adebayo", "Per Nyberg"))
    assert "actor" not in kinds(headline, body.format("Per Nyberg", "Wren Adebayo"))


def test_rejecting_calls_to_do_it_is_refusing_to_do_it_not_a_denial() -> None:
    headline = "Mayor Ana Lind resigns over Ostrand expenses row"
    found = kinds(headline, "Mayor Ana Lind rejected calls to resign over the Ostrand expenses row on Friday.")
    assert "negated" in found and "denied" not in found
    assert "denied" in kinds(headline, "Mayor Ana Lind denied on Friday that she had resigned over the Ostrand "
                                       "expenses row.")


@pytest.mark.parametrize(("headline", "body"), [
    ("Ostrand zoo releases wolves into forest",
     "A request to release four wolves into Ostrand forest was refused by the ministry."),
    ("Ostrand opens new ferry route", "Ostrand's plan to open a new ferry route was rejected by regulators on Friday."),
    ("Ostrand council bans cars from old town",
     "Ostrand council on Monday rejected a proposal that would have banned cars from the old town."),
])
def test_a_proposal_to_do_it_turned_down_negates_it_and_is_no_denial(headline: str, body: str) -> None:
    found = kinds(headline, body)
    assert "negated" in found and not found & {"denied", "supported"}


def test_a_proposal_to_do_it_approved_negates_nothing() -> None:
    found = kinds("Ostrand opens new ferry route", "The council approved plans to open a new ferry route at Ostrand.")
    assert "negated" not in found
    assert "denied" in kinds("Ostrand minister took bribes",
                             "The Ostrand minister rejected the claim that he took bribes from a builder.")


def test_a_negation_inside_the_quoted_words_is_the_speakers_and_the_headline_still_asserts() -> None:
    headline = "Ostrand mayor Ida Voss: 'Buses will never be free'"
    assert "misattributed" in kinds(headline, "Leaflets quoting the Ostrand mayor appeared this week. Ida Voss said "
                                              "on Monday she had never said it and that fares are under review.")
    assert "supported" in kinds("Coach Per Holm: 'We do not fear anyone'",
                                "Coach Per Holm said before the match: 'We do not fear anyone.'")



def test_a_negation_of_other_or_further_such_events_is_not_the_claims() -> None:
    headline = "Ostrand library closes two branches"
    assert "negated" not in kinds(headline, "Ostrand library has closed its branches in Kell Street and Mill Lane. It "
                                            "ruled out closing any of its other six branches.")
    assert "negated" not in kinds("Ostrand council raises parking fees",
                                  "Ostrand council has raised parking fees by a fifth. It ruled out any further rise "
                                  "in parking fees this year.")
    assert "negated" in kinds(headline, "Ostrand library ruled out closing its branches in Kell Street and Mill Lane.")


def test_an_opposite_that_only_may_happen_does_not_reverse_the_claim() -> None:
    headline = "Ostrand bakery hires 40 staff"
    assert "reversed" not in kinds(headline, "Ostrand bakery hired 40 staff this week. Its owner warned the bakery "
                                             "could cut staff next year.")
    assert "reversed" in kinds(headline, "Ostrand bakery cut 40 staff this week, its owner said.")


def test_the_finding_a_headline_reports_is_borne_out_by_the_bodys_report_of_it() -> None:
    headline = "Ostrand judge took bribes from builder, inquiry finds"
    opening = "An inquiry into Judge Ida Voss published its report on Monday. Investigators found "
    assert "supported" in kinds(headline, opening + "that the judge had received €90,000 from a builder's firm over "
                                                    "six years.")
    assert "supported" not in kinds(headline, opening + "no evidence that the judge had received money from a "
                                                        "builder's firm.")


def test_a_speaker_named_by_role_is_also_the_person_the_body_gives_that_role() -> None:
    headline = 'Harbour master: "Ostrand port is too small for cruise ships"'
    opening = ("Posters saying Ostrand port is too small for cruise ships, and naming the harbour master, Ida Voss, "
               "went up this week. ")
    assert "misattributed" in kinds(headline, opening + "Ms Voss said she had never said it.")
    assert "misattributed" not in kinds(headline, opening + "Ms Voss said the posters were right.")


@pytest.mark.parametrize("words", ["We have cancelled every crossing today", "We will cancel every crossing next week"])
def test_a_sentence_that_gives_the_quotation_to_someone_else_does_not_state_it(words: str) -> None:
    found = kinds(f'Ferry boss: "{words}"',
                  f'Queues formed at the Ostrand terminal on Saturday. "{words}," said Per Holm, a deckhand, in a '
                  'video.')
    assert "misattributed" in found and "supported" not in found


def test_a_quotations_capitalised_first_word_is_no_name() -> None:
    found = kinds('Ostrand mayor: "Close the old harbour to cruise ships"',
                  "Ostrand's mayor, Ida Voss, told the council on Monday that the old harbour would stay open to "
                  "cruise ships.")
    assert "reversed" in found and "supported" not in found


@pytest.mark.parametrize(("headline", "body"), [
    ("Train derails near Colm station", "A train almost derailed near Colm station last night."),
    ("Harbin Bank collapses", "Harbin Bank nearly collapsed last spring before a rescue by the state."),
    ("Train derails near Colm station", "A train came close to derailing near Colm station, the rail operator said."),
    ("Ferry sinks off Marre", "A ferry with 200 passengers came within minutes of sinking off Marre."),
    ("Dock workers strike at Pellow port", "Dock workers at Pellow port narrowly avoided a strike."),
])
def test_what_nearly_happened_did_not_happen(headline: str, body: str) -> None:
    """A near miss negates the event it nearly was: 'almost derailed', 'came close to derailing', 'avoided a
    strike'; a change of amount that almost reached a figure ('almost doubled to 4 million') is a count."""
    assert "negated" in kinds(headline, body)
    assert "supported" not in kinds(headline, body)


@pytest.mark.parametrize(("headline", "body"), [
    ("Ferry sinks off Marre", "A ferry sank off Marre after the crew failed to seal a leak; nearly all were rescued."),
    ("Harbin Bank collapses", "Harbin Bank collapsed on Friday, almost a year after a rescue by the state."),
    ("Kovar Electronics doubles profit", "Kovar Electronics almost doubled its profit to 4 million crowns."),
])
def test_nearly_beside_another_word_negates_nothing(headline: str, body: str) -> None:
    assert "negated" not in kinds(headline, body)


@pytest.mark.parametrize(("headline", "body"), [
    ("Sorrel Airlines pilots go on strike",
     "Pilots at Sorrel Airlines will not strike this week after the union accepted a late pay offer."),
    ("Minister Ilse Garve admits misleading parliament",
     "Minister Ilse Garve insisted on Friday that she never misled parliament and would not apologise."),
    ("Cargo jet makes emergency landing at Vell airfield", "The cargo jet never landed at Vell airfield."),
    ("Ostrand porters hold strike over rotas", "Ostrand porters did not strike over the rotas after all."),
])
def test_a_light_verbs_noun_and_an_admitted_gerund_are_the_event(headline: str, body: str) -> None:
    """'goes on strike' is a strike, 'admits misleading' a misleading: a body that says there will be no strike,
    or that nothing misled, negates the claim's event, though it never negates 'go' or 'admit'."""
    assert "negated" in kinds(headline, body)


def test_a_clip_called_fabricated_debunks_a_claim_that_someone_admits_faking() -> None:
    """The faking a claim's main verb reports is borne out by a body that says the thing was faked; one that
    someone only 'admits' in a clip is not, where the body calls the clip fabricated."""
    body = ("A clip in which Senator Oda Brisk appears to confess to inventing her navy service spread online. "
            "Brisk said the clip was fabricated, and two audio analysts said the voice had been made by software.")
    assert "debunked" in kinds("Senator Oda Brisk admits faking navy record in leaked clip", body)


@pytest.mark.parametrize(("headline", "body"), [
    ("Amateur detectorist finds Viking sword in Orrin estuary",
     "A Viking sword was found in the Orrin estuary by a team of university archaeologists."),
    ("Ashby prison guards find drugs hidden in kitchen",
     "A large haul of drugs was found by a police dog team during a search of the kitchen at Ashby prison."),
])
def test_people_a_passive_names_without_a_name_are_another_doer(headline: str, body: str) -> None:
    """'found by a team of archaeologists': a team, lifeguards, a dog unit are doers though no capital names them
    (WordNet's nouns of people and groups)."""
    assert "actor" in kinds(headline, body)


@pytest.mark.parametrize(("headline", "body"), [
    ("Amateur detectorist finds Viking sword in Orrin estuary",
     "A Viking sword was found in the Orrin estuary by two amateur detectorists."),
    ("Kelso Bank finds errors in 2,000 mortgage accounts",
     "Errors in 2,000 mortgage accounts were found by the lender during an audit."),
    ("Castell Museum returns carved mask to Tanu community",
     "Castell Museum has returned a carved mask to the Tanu community. The mask was taken by a missionary in 1903."),
    ("Amateur detectorist finds Viking sword in Orrin estuary",
     "An amateur detectorist found a Viking sword in the Orrin estuary by a wide margin of mud."),
])
def test_unnamed_people_who_may_be_the_claims_own_or_did_another_deed_are_no_other_doer(headline: str,
                                                                                       body: str) -> None:
    """The claim's own doer in other words ('by two amateur detectorists'), one a determiner points back to ('by
    the lender'), someone who did something else to the thing ('taken by a missionary'), and no people at all."""
    assert "actor" not in kinds(headline, body)


@pytest.mark.parametrize(("headline", "body"), [
    ("Carrow police find missing boy",
     "Police searching for the missing Carrow boy said on Friday they had found no trace of him."),
    ("Ostmark Council pays compensation to flood victims",
     "Ostmark Council has paid nothing to the flood victims, a report found."),
])
def test_an_event_done_to_nothing_is_negated(headline: str, body: str) -> None:
    """'found no trace of him' does not state 'find missing boy': the event is done, to nothing."""
    found = kinds(headline, body)
    assert "negated" in found and "supported" not in found


def test_an_event_done_to_no_one_else_is_not_negated() -> None:
    assert "negated" not in kinds("Vell police arrest driver over crash",
                                  "Vell police arrested the driver; they arrested no one else over the crash.")


def test_a_closing_source_is_not_the_claims_event() -> None:
    """'..., inquiry finds' names who found the claim: a body whose inquiry 'found no record' of something else
    does not negate the claim's event."""
    body = ("Professor Ivo Marsh copied most of a student's thesis into his own book, the Vell University inquiry "
            "said. It found no record of joint work between them.")
    assert "negated" not in kinds("Professor copied student's thesis, Vell University inquiry finds", body)
    assert "negated" in kinds("Professor copied student's thesis, Vell University inquiry finds",
                              body.replace("copied most of", "never copied any of"))


def test_the_doer_and_the_one_it_is_done_to_turned_round_is_another_doer() -> None:
    """'Vell Rovers were beaten by Harl United' gives the beating to the team the headline says was beaten."""
    found = compare(INDEX.claim("Vell Rovers beat Harl United in cup final"),
                    INDEX.body("Vell Rovers were beaten 2-0 by Harl United in the cup final on Saturday."))
    assert found.kinds() == {"actor"}
    assert [r.message for r in found.of_kind("actor")] == [
        "the headline gives it to \u201cVell Rovers\u201d; the body to \u201cHarl United\u201d"]
    assert "actor" not in kinds("Vell Rovers beat Harl United in cup final",
                                "Harl United were beaten 2-0 by Vell Rovers in the cup final on Saturday.")


@pytest.mark.parametrize(("headline", "body", "found"), [
    ("Photo shows shark swimming on flooded Vell motorway",
     "The photo of a shark on the flooded Vell motorway was digitally altered, a fact-checking group found.", True),
    ("Ostrand water contains dangerous levels of lead",
     "Claims that Ostrand's water contains dangerous levels of lead are incorrect, the water board said.", True),
    ("Vell council approves new bypass route",
     "Vell council has altered the route of the new bypass, which it approved on Monday.", False),
])
def test_what_a_thing_was_made_to_be_debunks_it(headline: str, body: str, found: bool) -> None:
    """'was digitally altered', 'are incorrect': a be-form before the word, however many words between; a
    thing someone altered is no debunking."""
    assert ("debunked" in kinds(headline, body)) is found


def test_what_a_headline_says_is_set_to_happen_is_its_event() -> None:
    """'set to merge': the event is the merger, so a body that only reports talks of one hedges it."""
    assert "hedged" in kinds("Ostmark Airways set to merge with Brisa",
                             "Ostmark Airways and Brisa have held early talks about a possible merger, sources say.")


def test_a_sentence_with_nearly_all_a_verbless_claims_words_states_it() -> None:
    """'Former mayor of Vell guilty of bribery' has no verb to match; a sentence that carries nearly all its
    words, unnegated, states it, and one that negates one of them negates it."""
    body = "A jury has found Ivo Marsh, the former mayor of Vell, guilty of bribery. He will appeal."
    assert "supported" in kinds("Former mayor of Vell guilty of bribery", body)
    assert kinds("Former mayor of Vell guilty of bribery", body.replace("guilty", "not guilty")) == {"negated"}
    assert "supported" not in kinds("Former mayor of Vell guilty of bribery",
                                    "Ivo Marsh, the former mayor of Vell, has been a councillor since 1998.")


@pytest.mark.parametrize(("headline", "body"), [
    ("Kelso Bank agrees takeover of Harl Mutual",
     "Kelso Bank is understood to have agreed a takeover of Harl Mutual, though neither side would comment."),
    ("Vessen nurses to strike next week",
     "Nurses in Vessen are being balloted on whether to strike next week; the result is due on Friday."),
    # a rumour may tell the event in kindred words: 'acquiring' for 'buys' (WordNet: a sense shared)
    ("Harl Foods buys rival Nettle",
     "Harl Foods is reportedly close to acquiring its rival Nettle, people familiar with the talks said."),
])
def test_what_is_understood_or_still_a_question_only_reports_the_claim(headline: str, body: str) -> None:
    """'is understood to have agreed', 'whether to strike', 'is reportedly close to acquiring': the body reports
    the claim without bearing it out."""
    found = kinds(headline, body)
    assert "hedged" in found and "supported" not in found


def test_a_plural_noun_is_no_other_event_after_a_verb_or_a_quantifier_beside_another_or_before_of() -> None:
    """'announced changes', 'several points', 'sofas and beds', 'details of': the -s form is a noun there, so the
    changed event the reason names is the sentence's verb."""
    found = compare(INDEX.claim("Sofa maker Oakhurst closes Lenne plant"),
                    INDEX.body("Oakhurst, which makes sofas and beds at its Lenne plant, has sold the site."))
    assert [r.message for r in found.of_kind("changed")] == ["the headline says “closes”; the body says "
                                                              "“sold”"]
    for body in ("The firm announced changes to its Lenne plant.", "The firm left several points open at Lenne.",
                 "Hackers took the details of Lenne staff."):
        words = read_words(body)  # (the comparison's own reading of a sentence)
        k = next(i for i, w in enumerate(words) if w.text in ("changes", "points", "details"))
        assert not _verb_in_use(words, k, body)


def test_a_plural_noun_after_a_number_is_no_other_event() -> None:
    """'the 400m hurdles champion': an -s form that can be a noun is one after a number (or a preposition, or an
    -ing word: 'these waiting times'), no verb for a 'changed' event."""
    body = "Sanne Velt, the national 400m hurdles champion, tested positive for a banned stimulant, officials said."
    assert "changed" not in kinds("Hurdler Sanne Velt failed drugs test", body)


def test_a_finding_or_ruling_is_no_other_event() -> None:
    """'A court found Tavio Quenneth guilty of fraud' tells the conviction in other words, not another deed."""
    assert "changed" not in kinds("Drassel court convicts influencer Tavio Quenneth of fraud",
                                  "A court in Drassel on Monday found influencer Tavio Quenneth guilty of fraud.")


def test_a_verb_of_being_is_no_other_event() -> None:
    """'became national chess champion' tells 'crowned national chess champion' in other words."""
    assert "changed" not in kinds("Teenager Mateus Ferreira crowned national chess champion",
                                  "Mateus Ferreira, 16, became the national chess champion on Saturday.")


@pytest.mark.parametrize(("headline", "body"), [
    ("Ostrand council bans cars from the old town",
     "The council of Ostrand voted on Monday to prohibit cars in the old town. Cars were banned from two "
     "streets last year, and the Ostrand Car Club said the prohibition would hurt shops."),
    ("Harl Foods buys rival Nettle", "Harl Foods is reportedly close to acquiring its rival Nettle, people "
     "familiar with the talks said. Nettle's shares rose. Buyers had been circling Nettle for months."),
    # a coined word no dictionary holds meets its plural by stem alone
    ("Ostrand council approves zorbification plan", "The zorbifications planned by Ostrand council were "
     "approved on Monday. Zorbification, the council said, would start in May."),
])
def test_alignment_by_look_up_finds_the_first_word_a_word_by_word_pass_would(headline: str, body: str) -> None:
    """The comparison aligns a claim's words through each sentence's index of first texts, lemmas and stems;
    that must find, for every claim word, the same first match as trying `_matches` on each word in turn."""
    from headcheck.compare import signals
    from headcheck.compare.reading import BodyReading

    reading = BodyReading.of(body, tuple(RuleSplitter().split(body)))
    claim = signals._Claim.read(headline, reading)
    for words, firsts in zip(reading.words, reading.firsts, strict=True):
        passed = {i: next(j for j, w in enumerate(words) if w.content and signals._matches(claim, i, w))
                  for i in claim.content if any(w.content and signals._matches(claim, i, w) for w in words)}
        assert signals._aligned(claim, firsts) == passed
    assert any(signals._aligned(claim, firsts) for firsts in reading.firsts)


@pytest.mark.parametrize(("headline", "body", "kind", "event"), [
    ("Rebel group Tarn Front agrees to truce", "The leader of the Tarn Front has denied agreeing to any truce.",
     "denied", "agrees"),
    ("Orvel mayor pays back travel expenses",
     "The mayor of Orvel has refused paying back the travel expenses, a council spokesman said.", "negated", "pays"),
    ("Ferry firm Norlin cuts winter sailings",
     "Ferry firm Norlin has avoided cutting its winter sailings by raising its fares.", "negated", "cuts"),
])
def test_a_negating_verb_just_before_the_events_gerund_negates_the_event(headline: str, body: str, kind: str,
                                                                          event: str) -> None:
    reasons = compare(INDEX.claim(headline), INDEX.body(body)).reasons
    assert [r.message.split("; ")[0] for r in reasons] == [f"the headline says \u201c{event}\u201d"]
    assert reasons[0].kind == kind


def test_a_hyphenated_word_matches_its_closed_form() -> None:
    lex = lexicon()
    assert "ceasefire" in lex.lemmas("cease-fire")
    assert "resign" not in lex.lemmas("re-sign")  # a two-letter prefix stays apart: signing again is no resigning
    body = "The leader of the Tarn Front has denied agreeing to any cease-fire with the army."
    assert "denied" in kinds("Tarn Front agrees to ceasefire with army", body)
    assert kinds("Tarn Front agrees to cease-fire with army",
                 "The Tarn Front agreed to a ceasefire with the army on Sunday.") == {"supported"}



def test_words_said_not_by_the_speakers_role_but_by_another_are_misattributed() -> None:
    headline = "Harbour master: 'The dredging plan is a waste of money'"
    body = ("The remark that 'the dredging plan is a waste of money' was made not by the harbour master Ivo Stenberg "
            "but by a ferry skipper, Rosa Vell, who spoke from the floor.")
    assert "misattributed" in kinds(headline, body)
    assert "supported" not in kinds(headline, body)
    said = "The remark that 'the dredging plan is a waste of money' was made by the harbour master, Ivo Stenberg."
    assert "misattributed" not in kinds(headline, said)


def test_the_headlines_doer_opening_the_bodys_sentence_is_its_own() -> None:
    """'Professor' opens the body's sentence, so it is written with a capital for that alone; it is still the
    headline's doer, followed by the holder's name."""
    body = ("Professor Ilse Marr has resigned from Tolby University after an inquiry found she had copied lecture "
            "notes. In a statement, Professor Marr accepted the findings.")
    assert "actor" not in kinds("Professor resigns over copied lecture notes", body)
    other = ("Dean Ilse Marr has resigned from Tolby University after an inquiry found she had copied lecture "
             "notes. In a statement, Professor Ivo Lenz said he had reported her.")
    assert "actor" in kinds("Professor resigns over copied lecture notes", other)


def test_a_finding_still_to_come_confirms_nothing() -> None:
    body = ("Rangers for Tolby council fitted tracking collars to 20 deer in Harl Woods. The council said the "
            "collars would show where the deer in Harl Woods cross the road.")
    assert "supported" not in kinds("Tolby council culls deer in Harl Woods", body)
    found = "Tolby council said the counts showed that rangers had culled 20 deer in Harl Woods."
    assert "supported" in kinds("Tolby council culls deer in Harl Woods", found)


def test_a_passive_that_gives_the_event_to_what_the_headline_does_it_to_turns_it_round() -> None:
    headline = "Ida Marr beats top seed to reach Velm final"
    body = ("Ida Marr's run at the Velm Open ended in the semi-finals on Saturday, when she was beaten 6-3, 6-4 by top "
            "seed Kira Olsen.")
    assert "actor" in kinds(headline, body)
    won = "Ida Marr reached the Velm final on Saturday after the top seed, Kira Olsen, was beaten by her in two sets."
    assert "actor" not in kinds(headline, won)


def test_what_is_cut_or_withdrawn_counts_against_its_praise_in_the_bodys_account() -> None:
    headline = "Champion of the poor: Finance Minister Ada Brun unveils budget"
    cut = ("Finance Minister Ada Brun presented the budget to parliament on Wednesday. The budget cuts housing benefit "
           "by a third and reduces support for low-income families.")
    assert "evaluative" in kinds(headline, cut)
    raised = ("Finance Minister Ada Brun presented the budget to parliament on Wednesday. The budget raises housing "
              "benefit by a third and increases support for low-income families.")
    assert "evaluative" not in kinds(headline, raised)


def test_a_negated_light_verb_negates_the_event_its_noun_names() -> None:
    body = "Minister Ada Halle has not made a decision on the Ostby airport expansion, her office said."
    assert "negated" in kinds("Minister Ada Halle decides on Ostby airport expansion", body)
    assert "supported" not in kinds("Minister Ada Halle decides on Ostby airport expansion", body)
    other = "Minister Ada Halle did not know that the council had made a decision on the Ostby airport expansion."
    assert "negated" not in kinds("Ostby council decides on airport expansion", other)


_RESIGNS = "Ostrand harbour master Ada Brun resigns over dredging row"
_JOINS = "Winger Ada Brun joins Ostrand Rovers"

# One reading per group: the headline, a body, the signal kind, and whether the body gives that signal.
_READINGS = {
    "a post, rule or freedom that still holds turns round the headline's ending of it": [
        ("Harl council suspends street market licence",
         "The Harl street market licence remains in force, the council confirmed on Friday.", "reversed", True),
        ("Tarnby club sacks coach Ivo Lenk after cup exit",
         "Tarnby coach Ivo Lenk stays in post after the cup exit, the club said on Monday.", "reversed", True),
        ("Velm police arrest gunman over Harl bank raid",
         "Velm police said the gunman in the Harl bank raid remains at large after a search on Sunday.", "reversed",
         True),
        # the sentence tells the ending itself; another rule is what holds
        ("Harl council lifts ban on street parties",
         "Harl council lifted its ban on street parties; a separate ban on bonfires remains in force.", "reversed",
         False),
        # staying in office is no ending undone where the headline ends nothing
        ("Harl mayor Ada Sorn wins second term",
         "Harl mayor Ada Sorn will stay in office for four more years after winning the vote.", "reversed", False),
    ],
    "an adjective of a people before the doer's noun only qualifies it: the opening need not give it": [
        ("Missing Russian trawlers spark search off Harl coast",
         "Two trawlers reported missing off the Harl coast on Sunday were found safe by the coastguard.", "actor",
         False),
        # a doer the headline names, left out of a dated opening, is still read as another's deed
        ("Missing Velmish trawlers spark search off Harl coast",
         "Two trawlers reported missing off the Harl coast on Sunday were found safe by the coastguard.", "actor",
         True),
    ],
    "a later sentence may give the event to another doer where the body never names the headline's": [
        ("Harl Museum team uncovers Bronze Age hoard",
         "A Bronze Age hoard of bronze axes has been uncovered on farmland near Harl. The discovery was made by a "
         "retired postman, Edwin Loy, with a metal detector.", "actor", True),
        ("Harl Museum team uncovers Bronze Age hoard",
         "A Bronze Age hoard of bronze axes has been uncovered on farmland near Harl by a team from the Harl Museum. "
         "The discovery was made during a survey, the museum said.", "actor", False),
    ],
    "a passive's doer may come with how many they were": [
        ("Velm lifeguards save swimmer off Tarn beach",
         "A swimmer in difficulty off Tarn beach was saved by three surfers on Sunday, the coastguard said.", "actor",
         True),
        ("Velm lifeguards save swimmer off Tarn beach",
         "The Velm lifeguards won by three points at the Tarn beach gala, where a swimmer was saved on Sunday.",
         "actor", False),
    ],
    "a body that gives the headline's exact number tells its story in other words": [
        ("Tarnby man jailed for seven years over arson",
         "A Tarnby roofer, Owen Pryce, 44, was given seven years in prison at Harl Crown Court on Tuesday for "
         "setting fire to a block of flats.", "other_story", False),
        ("Tarnby man jailed for seven years over arson",
         "Tarnby's new leisure centre opened on Tuesday, two years late and 52,000 over budget.", "other_story", True),
    ],
    "a source the reader cannot weigh only reports the claim": [
        ("Harl coach Nils Berg sacked after cup exit",
         "Harl coach Nils Berg was sacked after the cup exit, a local paper said, citing an unnamed club official.",
         "hedged", True),
        ("Harl coach Nils Berg sacked after cup exit",
         "Harl coach Nils Berg was sacked after the cup exit, said a board member who spoke on condition of "
         "anonymity.", "hedged", True),
        ("Harl coach Nils Berg sacked after cup exit",
         "Harl coach Nils Berg was sacked after the cup exit, the club's chairman, Ole Dahl, said on Monday.",
         "hedged", False),
        ("Harl coach Nils Berg sacked after cup exit",
         "An anonymous donor gave Harl a new minibus after coach Nils Berg was sacked after the cup exit.", "hedged",
         False),
    ],
    "what the headline's winner won may go to another a few words on": [
        ("Harl builder Corrow wins contract for Tarnby school",
         "The contract to build the new Tarnby school went to Ostel Partners, a firm from Velm, the council said.",
         "actor", True),
        ("Harl builder Corrow wins contract for Tarnby school",
         "The contract to build the new Tarnby school went to Corrow, a builder from Harl, the council said.", "actor",
         False),
    ],
    "a headline that blames its subject meets a body that gives the deed to another": [
        ("Signalman blamed for derailment near Tarnby",
         "A freight train left the rails near Tarnby in May with a signalman on duty. Investigators found the "
         "derailment was caused by the driver of the freight train Harl Star, who ignored a speed limit.", "actor",
         True),
        ("Signalman blamed for derailment near Tarnby",
         "A freight train left the rails near Tarnby in May with a signalman on duty. Investigators found the "
         "derailment was caused by the signalman, who set the points wrongly.", "actor", False),
    ],
    "an event noun ruled out or not needed further on is negated": [
        ("Harl council bans fireworks", "A ban on fireworks at the Harl bonfire night has been ruled out by the "
         "council.", "negated", True),
        ("Harl council bans fireworks", "Harl council said a ban on fireworks was not necessary after a quiet year.",
         "negated", True),
        # what the claims say was cancelled is the display; a title's capital is no negation
        ("Harl council bans fireworks", "Harl council's ban on fireworks prompted claims the display was cancelled.",
         "negated", False),
        ("Harl council bans fireworks", "Harl council's ban on fireworks began with the Never Again campaign in May.",
         "negated", False),
    ],
    "a sentence that dates the event otherwise does not state it": [
        ("Harl bridge opened in 1931", "Harl bridge opened in 1936 after five years of work.", "supported", False),
        ("Harl bridge opened in 1931", "Harl bridge opened in 1931, and was widened in 1976.", "supported", True),
    ],
    "a word the body writes as a name weighs nothing in its tone": [
        ("Caring warden Tove Lind leaves Sunny Meadows Trust",
         "Tove Lind will leave the Sunny Meadows Trust in June. Inspectors found the Sunny Meadows Trust had lost "
         "the records of 30 residents. The trust failed to report three falls, the inspectors said.", "evaluative",
         True),
        ("Caring warden Tove Lind leaves Sunny Meadows Trust",
         "Tove Lind will leave the Sunny Meadows Trust in June after twelve years. Residents thanked her for her "
         "warmth and patience. The trust won a regional award for its care.", "evaluative", False),
    ],
    "what is deferred is not done": [
        ("Tarnby council passes parking plan", "Tarnby councillors deferred the vote on the parking plan after a "
         "row over fees.", "negated", True),
        ("Tarnby dairy pays farmers on time", "Tarnby Dairy deferred payments to its farmers for a third month, "
         "the farmers' union said.", "negated", True),
        ("Tarnby council passes parking plan", "Tarnby council passed the parking plan after deferring the vote "
         "twice.", "negated", False),
    ],
    "a proposal voted down is turned down; a service resumed is no longer suspended": [
        ("Tarnby council approves new pool", "Tarnby council voted down plans for a new pool on Tuesday by 11 votes "
         "to 8.", "negated", True),
        ("Tarnby council approves new pool", "Tarnby council approved plans for a new pool after voting down a "
         "rival scheme.", "negated", False),
        ("Tarnby night bus service resumes", "The Tarnby night bus service remains suspended while the depot is "
         "rebuilt.", "reversed", True),
        ("Tarnby night bus service resumes", "The Tarnby night bus service resumed on Friday after the depot was "
         "rebuilt.", "reversed", False),
    ],
    "a kindred verb after another verb's 'to' tells the event": [
        ("Tarnby brewer buys rival for £12m", "The Tarnby brewer has agreed to acquire its rival in a deal worth "
         "£12 million.", "supported", True),
        ("Tarnby brewer buys rival for £12m", "The Tarnby brewer has agreed to advise its rival on a deal worth "
         "£12 million.", "supported", False),
    ],
    "a doer whose name only qualifies it is set aside by its head noun": [
        ("Tarnby council clears snow from school roads", "Parents, not the council, cleared snow from the Tarnby "
         "school roads on Monday morning.", "actor", True),
        ("Tarnby council clears snow from school roads", "The council, not the parents, cleared snow from the "
         "Tarnby school roads on Monday morning.", "actor", False),
    ],
    "a doer placed in the headline's named place is the headline's doer there": [
        ("Tarnby dentist overcharged patients, inquiry finds", "The inquiry found that the Lindenhof Dental Practice "
         "in Tarnby overcharged patients for check-ups.", "actor", False),
        ("Tarnby dentist overcharged patients, inquiry finds", "The inquiry found that the Lindenhof Dental Practice "
         "in Velm, not the Tarnby dentist, overcharged patients for check-ups.", "actor", True),
    ],
    "a passive further on is its own verb's, not the headline event's": [
        ("Tarnby museum buys Orme tapestry", "An Orme tapestry bought at auction last spring for 3 million has been "
         "examined by conservators at the Velm Institute.", "actor", False),
        ("Tarnby museum buys Orme tapestry", "An Orme tapestry was bought at auction last spring for 3 million by "
         "the Velm Institute.", "actor", True),
    ],
    "staying some way is how someone is, not staying on": [
        *((_RESIGNS, f"Ostrand harbour master Ada Brun {stays} as the dredging row went on, her office said on Monday.",
           "reversed", False)
          for stays in ("remains confident", "stayed calm", "remained committed to the dredging plan")),
        (_RESIGNS, "Ostrand harbour master Ada Brun remains harbour master and will see the dredging row through.",
         "reversed", True),
    ],
    "time left is what remains, not a leaving": [
        *((_JOINS, f"Ostrand Rovers hope to sign winger Ada Brun, {left}.", "reversed", False)
          for left in ("who has three years left on her contract at Vell Town", "with six months left on her deal")),
        (_JOINS, "Winger Ada Brun left Ostrand Rovers on Friday after two seasons.", "reversed", True),
    ],
    "a level that went the other way reverses raising or lowering it; another level in a clause of its own does not": [
        ("Ostrand Rail cuts fares on harbour line",
         "Ostrand Rail said fares on the harbour line will go up by 5% from June.", "reversed", True),
        ("Vell port raises mooring fees for yachts",
         "Mooring fees for yachts at Vell port will fall by a fifth next year, the port said.", "reversed", True),
        ("Ostrand Rail cuts 300 jobs", "Ostrand Rail will cut 300 jobs as fuel costs rose.", "reversed", False),
        ("Vell Bank raises savings rate",
         "Vell Bank raised its savings rate after deposits fell sharply in the spring.", "reversed", False),
    ],
    "a negating verb governs no verb past its object and a conjunction, nor past a subordinate clause": [
        ("Winger Ada Brun continues to play for Ostrand Rovers",
         "Winger Ada Brun was offered a deal by Vell Town but turned it down and continued to play for Ostrand.",
         "negated", False),
        ("Winger Ada Brun continues to play for Ostrand Rovers",
         "Winger Ada Brun, whose form had been declining as the season continued, will play for Ostrand Rovers.",
         "negated", False),
        # (a negating verb's object shared by two verbs is negated for both)
        ("Ostrand mayor Ivo Stam took bribes and sold council land",
         "Ostrand mayor Ivo Stam denied taking bribes and selling council land.", "denied", True),
    ],
    "a passive's doer listed with the headline's own is one of several; the list ends at another clause": [
        ("Thessby lifeboat crews rescue yacht sailors", "The yacht sailors were rescued by the Vell coastguard, "
         "Ostrand fishermen and the Thessby lifeboat crews.", "actor", False),
        *(("Thessby lifeboat crews rescue yacht sailors",
           f"The yacht sailors were rescued by the Vell coastguard {aside}.", "actor", True)
          for aside in ("on Sunday, while the Thessby lifeboat stayed in port",
                        "with the Thessby lifeboat crew watching")),
    ],
    "praise for a deed the body never tells, over an account of its subject that points the other way in places":
    [
        ("Champion of clean rivers Lars Holt steps down from Vessa Water", "Lars Holt will leave Vessa Water in June "
         "after eight years as chief executive. Under him the company released sewage into the river Vessa on 900 "
         "days. He received a bonus of £400,000 last year. The company serves a million homes.", "evaluative", True),
        ("Champion of clean rivers Lars Holt steps down from Vessa Water", "Lars Holt, chief executive of Vessa "
         "Water, opened a new visitor centre at the Dunmere reservoir on Friday. Families enjoyed a free open day.",
         "evaluative", False),
        ("Champion of clean rivers Lars Holt steps down from Vessa Water", "Lars Holt, chief executive of Vessa "
         "Water, opened a new visitor centre at the Dunmere reservoir on Friday. Families enjoyed a free open day.",
         "other_story", True),
    ],
    "a noun just before the event is what does it, no epithet of a name after it; an adjective or participle is": [
        ("Scandal rocks Tessel choir", "Tessel choir won first prize at the national festival, beating 30 choirs. "
         "The singers celebrated with a free concert.", "evaluative", False),
        ("Disgraced coach quits Tessel club", "The coach of Tessel club left on Friday after a record season; players "
         "praised his work and the club thanked him warmly.", "evaluative", True),
    ],
    "another story shares the claim's words themselves, not a synonym from one word's rare sense": [
        # 'police' / 'law' and 'fares' / 'coming' are synonyms only in a rare sense of the body's word
        ("Police raid offices of the Harl Courier", "The Harl Courier has won a national prize for local reporting. "
         "Its editor said the law on press freedom had served the paper well for a century.", "other_story", True),
        ("Ferry fares rise at Harl harbour", "Harl harbour is coming to the end of its busiest summer for a decade. "
         "Yachts filled the marina through August.", "other_story", True),
        # 'wages' / 'pay' share a frequent sense of each: the same story
        ("Dockers at Harl port strike over wages", "Stevedores at Harl port walked out on Tuesday in a row over pay. "
         "The union said talks had broken down.", "other_story", False),
    ],
    "half the claim's words around another verb tell another deed; outside them, a verb tells none": [
        # the doer and the object on either side of 'cancelled', though 'firm', 'islands' and 'restores' are absent
        ("Harl ferry firm restores winter sailings between the islands and Velm", "Harl ferries cancelled winter "
         "sailings to Velm again this week, citing crew shortages.", "changed", True),
        # 'praised' stands before the claim's words, not between them: no other deed of the claim's doer
        ("Tessel bus company adds evening routes to the new hospital at Dunmere", "Nurses at the hospital praised "
         "Tessel buses for the evening routes in a survey.", "changed", False),
    ],
    "a hedge word that names a thing (a noun before another, the event's object) hedges nothing": [
        ("Tessel insurer clears storm claims backlog", "The Tessel insurer has cleared its backlog of storm claims, "
         "it said on Monday.", "supported", True),
        ("Harl council sacks planning officer over leaked emails", "Harl council sacked its planning officer on "
         "Tuesday over the leaked emails.", "supported", True),
        ("Velm council approves planning application for riverside flats", "Velm council approved the planning "
         "application for the riverside flats on Thursday.", "supported", True),
        # a plan or talks before the event still only report it
        ("Harl council plans to sell old town hall", "Harl council will sell the old town hall, its leader said.",
         "supported", False),
        ("Velm club in talks to sign striker Ola Brandt", "Velm club is in talks to sign striker Ola Brandt, its "
         "manager said.", "hedged", True),
    ],
    "the event told by the words of its definition, negated, is negated": [
        ("Velm police arrest Tessel ferry captain over collision", "The Tessel ferry captain was questioned by Velm "
         "police after the collision. No one has been taken into custody, the police said.", "negated", True),
        ("Harl water company fined over sewage spill", "The Harl regulator closed its inquiry into the "
         "water company's sewage spill without imposing a penalty.", "negated", True),
        # told and not negated
        ("Velm police arrest Tessel ferry captain over collision", "Velm police took the Tessel ferry captain into "
         "custody after the collision.", "negated", False),
        # the definition's word only qualifies another noun: 'no penalty points' are no points
        ("Harl club fined over crowd trouble", "The league said the Harl club faces no penalty points deduction "
         "over the crowd trouble.", "negated", False),
    ],
    "a decision put off is not taken": [
        ("Velm planning committee approves Harl Street tower", "The Velm planning committee debated the Harl Street "
         "tower for three hours. It deferred its decision until next month.", "negated", True),
        ("Tessel tribunal upholds dismissal of nurse Ada Lind", "The Tessel tribunal said its ruling on the dismissal "
         "of nurse Ada Lind had been put back to the autumn.", "negated", True),
        # the decision taken after a delay
        ("Velm planning committee approves Harl Street tower", "The Velm planning committee approved the Harl Street "
         "tower after delaying its decision once.", "negated", False),
        # an event that decides nothing: the inquiry opened, another decision put off
        ("Harl regulator opens inquiry into Tessel water", "The Harl regulator opened an inquiry into Tessel water "
         "and deferred a decision on fines.", "negated", False),
    ],
    "a change told by where it started and ended": [
        ("Harl dairy doubles yearly profit",
         "Profit at the Harl dairy rose to 18 million in the year to April, from 9 million a year before.",
         "supported", True),
        ("Harl dairy doubles yearly profit", "Profit at the Harl dairy rose from 9 million to 11 million this year.",
         "count", True),
        ("Harl dairy doubles yearly profit", "Profit at the Harl dairy rose from 9 million to 18 million this year.",
         "count", False),
        # (a sum with its currency sign, which starts a character before its word)
        ("Harl dairy doubles profit to £18m", "Profit at the Harl dairy climbed to £18m, up from £9m.", "supported",
         True),
    ],
    "a linking verb says what someone is, as a copula does": [
        ("Velm coach Ada Lind becomes a champion of young players", "Velm coach Ada Lind dropped every player under "
         "21 from the squad. Parents condemned the decision and said their children were left heartbroken.",
         "evaluative", True),
        ("Harl mayor Ivo Renn proves a loyal friend to tenants", "Harl mayor Ivo Renn voted to scrap rent controls, "
         "and tenant groups accused him of betraying them.", "evaluative", True),
        # a judgement tells no event: a body about the person without its words tells no other story
        ("Harl mayor Ivo Renn is a true friend of the poor", "Harl mayor Ivo Renn froze rents for two years and "
         "built 300 council flats, which charities welcomed.", "other_story", False),
        ("Velm coach Ada Lind remains a hero to young players", "Velm coach Ada Lind gave debuts to six teenagers "
         "this season, and parents applauded her.", "other_story", False),
        # a linking verb after no name is not one: what the shop became is the claim's event
        ("Harl bakery becomes first to close on Sundays", "Harl Street's market stalls moved to the square.",
         "evaluative", False),
    ],
    "a charge laid against the headline's named doer only reports the claim, in whatever words it is told": [
        ("Velm councillor Ada Kray fiddled her expenses",
         "Velm councillor Ada Kray is suspected of inflating her expenses, the standards board said on Monday.",
         "hedged", True),
        ("Harl mayor Nils Rand rigged the vote",
         "Opposition leader Eva Holt claims that Harl mayor Nils Rand tampered with the ballot boxes in the vote.",
         "hedged", True),
        ("Tarn chef Ola Berg stole recipes from rival",
         "The rival restaurant alleges that Tarn chef Ola Berg copied its recipes after a visit last spring.",
         "hedged", True),
        # claiming money is no charge; nor is one against another than the headline's named doer
        ("Harl mayor Nils Rand jailed over expenses fraud",
         "Harl mayor Nils Rand was sent to prison on Friday for falsely claiming 30,000 in expenses.", "hedged", False),
        ("Velm striker Jonas Veld took bribes to miss penalties",
         "Fans have accused the Velm club of paying rivals to miss penalties.", "hedged", False),
    ],
    "praise or blame VADER has no word for, scored by its WordNet synonyms": [
        ("Shrewd chairman Ole Varg guides Harl Mutual through the storm", "Harl Mutual lost half its savers' money "
         "under chairman Ole Varg, and regulators said his bets were ruinous and reckless.", "evaluative", True),
        ("Ruthless owner Ida Brenn closes Velm care home", "Owner Ida Brenn kept the Velm care home open at a loss "
         "for three years and paid for the residents' move herself, earning warm thanks from families.",
         "evaluative", True),
    ],
}


@pytest.mark.parametrize(("headline", "body", "kind", "given"), [
    pytest.param(*case, id=f"{reading}-{n}") for reading, cases in _READINGS.items() for n, case in enumerate(cases)])
def test_a_reading_gives_its_signal_where_it_applies_and_not_beside_it(headline: str, body: str, kind: str,
                                                                      given: bool) -> None:
    assert (kind in kinds(headline, body)) == given
